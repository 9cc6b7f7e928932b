"""Deterministic demo data: agencies and datasets of Kabupaten Tangerang."""
