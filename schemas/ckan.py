"""Moved: the CKAN mapping is catalog/formats/ckan.py, the loose values
catalog/formats/values.py. These names stay importable here until harvesters/dcat.py
imports them from there."""

from catalog.formats.values import parse_date_loose, split_spatial

__all__ = ["parse_date_loose", "split_spatial"]
