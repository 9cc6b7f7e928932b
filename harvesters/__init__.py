"""Harvesters: one module per source type; the shared pipeline stores what they yield."""
