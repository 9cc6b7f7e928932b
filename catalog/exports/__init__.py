"""Metadata exports in other vocabularies (schema.org JSON-LD, ...)."""
