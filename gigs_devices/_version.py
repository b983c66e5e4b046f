# The SDK's version (semantic versioning), independent of the API reference's date in openapi.yaml.
__version__ = "2.0.0"
