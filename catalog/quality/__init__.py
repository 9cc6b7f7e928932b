"""Metadata quality: the rules as data and pure functions (rules.py), the link checker's
pure parts (links.py). What stores scores and answers the pages: catalog/services/quality.py."""
