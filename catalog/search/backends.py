"""Search backends by name (CATALOG_SEARCH_BACKEND): the one list of them.

The settings check, the application's private data files and `make_backend` read this
registry, so adding a backend is its module (a class implementing query.SearchBackend) plus
one `register_backend` call here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalog.config import ConfigError, Settings
from catalog.search.query import SearchBackend


def _no_files(settings: Settings) -> list[Path]:
    return []


@dataclass(frozen=True)
class BackendType:
    """A backend's name, how to make it from the settings, and the data files of ours it
    keeps on this machine (created and kept private, 0600, with the database's)."""

    name: str
    make: Callable[[Settings], SearchBackend]
    files: Callable[[Settings], list[Path]] = _no_files


BACKENDS: dict[str, BackendType] = {}


def register_backend(kind: BackendType) -> BackendType:
    BACKENDS[kind.name] = kind
    return kind


def backend_type(name: str) -> BackendType:
    """The registered backend `name`; ConfigError naming the choices when there is none."""
    kind = BACKENDS.get(name)
    if kind is None:
        choices = " or ".join(repr(n) for n in BACKENDS)
        raise ConfigError(f"CATALOG_SEARCH_BACKEND must be {choices}")
    return kind


def make_backend(settings: Settings) -> SearchBackend:
    """The backend the settings ask for (CATALOG_SEARCH_BACKEND)."""
    return backend_type(settings.search_backend).make(settings)


def _sqlite(settings: Settings) -> SearchBackend:
    from catalog.search.sqlite_fts import SqliteBackend

    return SqliteBackend(settings.resolved_search_path)


def _elasticsearch(settings: Settings) -> SearchBackend:
    from catalog.search.elastic import ElasticBackend

    return ElasticBackend(settings.elasticsearch_url, settings.elasticsearch_index)


register_backend(
    BackendType("sqlite", _sqlite, files=lambda settings: [Path(settings.resolved_search_path)])
)
register_backend(BackendType("elasticsearch", _elasticsearch))
