"""Tooling of this repository (not shipped): the SDK's generation."""
