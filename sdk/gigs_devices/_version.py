# The SDK's version (semantic versioning), independent of the API reference's date in openapi.yaml.
# The SDK, the server and the contract suite are released together under one number, which
# `make release` writes into each one's _version.py (tools/copies.py).
__version__ = "2.0.0"
