"""Public portal for Vietnamese government resolutions: each document is content (see content/)."""

__version__ = "0.1.0"
