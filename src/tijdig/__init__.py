"""Tijdig: receivables and collections for businesses in the Netherlands and Belgium."""

__version__ = "0.1.0"
