"""The external formats of a dataset, one module each, both ways.

Each module (`ckan`, `datajson`, `schemaorg`, `spreadsheet`) holds a `TABLE` of rows
(profile field, the format's term, converter out, converter back), `to_profile(payload)`
(what that format's harvester calls) and `from_dataset(dataset, ...)` (what the export or
API calls), and `NOT_CARRIED`: the profile fields the format loses, with why. The
round-trip tests (tests/test_formats_roundtrip.py) read the tables. DCAT is
catalog/exports/dcat.py with harvesters/dcat.py. How to add a field or a format:
docs/architecture.md.
"""
