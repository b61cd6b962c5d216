"""Public portal for a Vietnamese government resolution (first document: Bắc Ninh 02-NQ/ĐH)."""

__version__ = "0.1.0"
