"""Thrive: the workforce system for English councils' children's services."""

__version__ = "0.1.0"
