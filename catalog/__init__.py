"""Katalog Statistik Sektoral: catalog and metadata service for sectoral statistics."""

__version__ = "0.1.0"
