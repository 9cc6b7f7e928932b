"""The small interface every harvester type implements; the pipeline does everything else."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import requests
from marshmallow import Schema

from catalog import __version__
from catalog.config import Settings
from harvesters.http import HarvestError, HarvestSession
from harvesters.idset import IdSet
from harvesters.secrets import SourceAuth
from schemas.fields import BaseSchema, Bool, Dict, Str


@dataclass
class RawRecord:
    """One remote record as received, before mapping."""

    remote_id: str
    payload: Any
    remote_url: str | None = None
    # The source's own modification stamp (dct:modified, data.json `modified`): during an
    # incremental run a record whose stamp equals the one stored is skipped unread.
    modified: str | None = None
    # Set when the harvester already knows the record is unusable (text that does not
    # decode): the pipeline logs it as an error record and stores nothing.
    error: str | None = None
    errors: dict[str, Any] = field(default_factory=dict)


@dataclass
class Listing:
    """The ids a source holds now; `complete` only when every page was read."""

    ids: IdSet = field(default_factory=IdSet)  # 8 bytes an id: memory flat in the source's size
    complete: bool = False


class SourceConfig(BaseSchema):
    """The `config` keys every harvester type reads (docs/harvest.md); a type's own schema
    extends it. Checked when a source is saved: unknown keys are refused."""

    # sent to the source's own origin only (harvesters/secrets.py); null or "" removes one
    headers = Dict(keys=Str(), values=Str(allow_none=True))
    # false: read the whole source every run (no conditional requests, no skipping)
    incremental = Bool()
    # store each record under the agency it names (honoured only when an admin allowed it)
    remote_organization = Bool()


class Harvester:
    """Base: subclasses implement fetch() and map(); list_ids() when fetch() is incremental.

    A type declares its name, its label (English, translated through Babel) and the schema
    of its config, and registers itself in harvesters/registry.py: the model's allowed types,
    the command line, the API and the web form all read that registry.
    """

    type: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    config_schema: ClassVar[builtins.type[Schema]] = SourceConfig  # `type` is the name above
    # True: the source's address is a path on the server's own disk, so only the command
    # line may create or move such a source (never the API or the web form).
    local: ClassVar[bool] = False

    def __init__(
        self,
        url: str,
        config: dict[str, Any] | None = None,
        settings: Settings | None = None,
        since: datetime | None = None,
        userinfo: str | None = None,
    ) -> None:
        self.url = url
        # `user:pass` of the source URL, kept apart from `url` (which appears in messages).
        self.userinfo = userinfo
        self.config = dict(config or {})
        self.settings = settings or Settings()
        self.since = since
        # Set by the pipeline before fetch(): remote ids whose last record was an error (an
        # incremental run fetches them again), and the HTTP validators (ETag/Last-Modified)
        # of this source's last complete run.
        self.retry_ids: set[str] = set()
        self.validators: dict[str, Any] | None = None
        # Set by fetch(): the validators to store after this run, and whether the whole-file
        # source answered 304 Not Modified (then nothing was listed and nothing changes).
        self.new_validators: dict[str, Any] | None = None
        self.not_modified = False
        self.total: int | None = None  # set by fetch() once the source says how many
        self._session: HarvestSession | None = None

    @property
    def session(self) -> HarvestSession:
        """The HTTP session, sending the source's credentials to the source's origin only."""
        if self._session is None:
            self._session = self.new_session()
            headers = self.config.get("headers")
            self._session.auth = SourceAuth(
                self.url, self.userinfo, headers if isinstance(headers, dict) else None
            )
        return self._session

    def new_session(self) -> HarvestSession:
        return HarvestSession.from_settings(self.settings)

    def get_document(
        self, url: str, headers: dict[str, str] | None = None
    ) -> requests.Response | None:
        """GET a whole-file source conditionally; None when it answers 304 Not Modified.

        If-None-Match / If-Modified-Since come from the validators of this source's last
        complete run (for the same URL and catalog version; never with `incremental: false`).
        The answer's validators are kept in `new_validators` for the pipeline to store.
        """
        sent = dict(headers or {})
        old = self.validators or {}
        usable = (
            self.config.get("incremental") is not False
            and old.get("url") == url
            and old.get("version") == __version__
        )
        if usable and old.get("etag"):
            sent["If-None-Match"] = str(old["etag"])
        if usable and old.get("last_modified"):
            sent["If-Modified-Since"] = str(old["last_modified"])
        response = self.session.get(url, headers=sent)
        if response.status_code == 304 and usable and len(sent) > len(headers or {}):
            self.not_modified = True
            self.new_validators = dict(old)
            return None
        if response.status_code == 304:
            raise HarvestError(f"{url} menjawab 304 padahal tidak ditanya bersyarat.")
        etag, stamp = response.headers.get("ETag"), response.headers.get("Last-Modified")
        self.new_validators = (
            {"url": url, "etag": etag, "last_modified": stamp, "version": __version__}
            if etag or stamp
            else None
        )
        return response

    def fetch(self) -> Iterator[RawRecord]:
        """Yield the records to process (only changed ones when the source allows)."""
        raise NotImplementedError

    def is_private(self, record: RawRecord) -> bool:
        """Whether the source marks this record private (never published here)."""
        return False

    def list_ids(self) -> Listing | None:
        """A full id listing for deletions; None means fetch() itself yields every record."""
        return None

    def map(self, record: RawRecord) -> dict[str, Any]:
        """One raw payload as a profile dict (the input of schemas.profile.DatasetIn)."""
        raise NotImplementedError

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


__all__ = ["HarvestError", "Harvester", "Listing", "RawRecord", "SourceConfig"]
