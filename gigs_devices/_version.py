# The SDK's version (semantic versioning), independent of the API reference's date in openapi.yaml.
__version__ = "0.2.0"
