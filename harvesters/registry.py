"""Harvester types by name (the `type` of a HarvestSource): the one list of them.

The model's allowed types, the command line's choice, the API's enum and the web form's
options all read this registry, so adding a type is its module plus one `register` line
here (or `@register` on a class defined elsewhere, e.g. a plugin or a test).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from harvesters.base import Harvester
from harvesters.ckan import CkanHarvester
from harvesters.datajson import DataJsonHarvester
from harvesters.dcat import DcatHarvester
from harvesters.file import FileHarvester
from harvesters.spreadsheet import SpreadsheetHarvester

H = TypeVar("H", bound=type[Harvester])


class HarvesterRegistry:
    """Harvester classes by their `type`, in the order registered."""

    def __init__(self) -> None:
        self._types: dict[str, type[Harvester]] = {}

    def register(self, cls: H) -> H:
        """Add a type (usable as a class decorator); its name must be new."""
        if not cls.type or len(cls.type) > 20:
            raise ValueError(f"{cls.__name__}.type must be a name of 1 to 20 characters")
        if self._types.get(cls.type, cls) is not cls:
            raise ValueError(f"harvester type {cls.type!r} is registered already")
        self._types[cls.type] = cls
        return cls

    def unregister(self, name: str) -> None:
        self._types.pop(name, None)

    def __getitem__(self, name: str) -> type[Harvester]:
        return self._types[name]

    def get(self, name: str) -> type[Harvester] | None:
        return self._types.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._types))

    def __len__(self) -> int:
        return len(self._types)

    def names(self) -> tuple[str, ...]:
        """Every type, also those only the command line may create."""
        return tuple(self._types)

    def remote_names(self) -> tuple[str, ...]:
        """The types the API and the web form offer (not those reading the server's disk)."""
        return tuple(name for name, cls in self._types.items() if not cls.local)


HARVESTERS = HarvesterRegistry()
register = HARVESTERS.register

for _cls in (CkanHarvester, DcatHarvester, DataJsonHarvester, SpreadsheetHarvester, FileHarvester):
    register(_cls)
