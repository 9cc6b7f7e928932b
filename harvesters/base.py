"""The small interface every harvester type implements; the pipeline does everything else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from catalog.config import Settings
from harvesters.http import HarvestError, HarvestSession


@dataclass
class RawRecord:
    """One remote record as received, before mapping."""

    remote_id: str
    payload: Any
    remote_url: str | None = None


@dataclass
class Listing:
    """The ids a source holds now; `complete` only when every page was read."""

    ids: set[str] = field(default_factory=set)
    complete: bool = False


class Harvester:
    """Base: subclasses implement fetch() and map(); list_ids() when fetch() is incremental."""

    type: ClassVar[str] = ""

    def __init__(
        self,
        url: str,
        config: dict[str, Any] | None = None,
        settings: Settings | None = None,
        since: datetime | None = None,
    ) -> None:
        self.url = url
        self.config = dict(config or {})
        self.settings = settings or Settings()
        self.since = since
        self.total: int | None = None  # set by fetch() once the source says how many
        self._session: HarvestSession | None = None

    @property
    def session(self) -> HarvestSession:
        if self._session is None:
            self._session = HarvestSession.from_settings(self.settings)
        return self._session

    def fetch(self) -> Iterator[RawRecord]:
        """Yield the records to process (only changed ones when the source allows)."""
        raise NotImplementedError

    def list_ids(self) -> Listing | None:
        """A full id listing for deletions; None means fetch() itself yields every record."""
        return None

    def map(self, record: RawRecord) -> dict[str, Any]:
        """One raw payload as a profile dict (the input of schemas.profile.DatasetIn)."""
        raise NotImplementedError

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


__all__ = ["HarvestError", "Harvester", "Listing", "RawRecord"]
