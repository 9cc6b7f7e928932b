"""`python -m catalog.formats`: the formats' tables as docs/interop.md shows them."""

from catalog.formats import tables_markdown

print(tables_markdown(), end="")
