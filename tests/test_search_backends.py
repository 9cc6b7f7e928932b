"""Search backends are registered by name: the setting, the private data files and the
backend the application builds all come from the registry (catalog/search/backends.py)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalog.config import ConfigError, Settings
from catalog.search import backend_of
from catalog.search.backends import BACKENDS, BackendType, register_backend
from catalog.search.query import SearchQuery
from catalog.search.sqlite_fts import SqliteBackend
from tests import factories
from tests.conftest import build_app


class CountingBackend(SqliteBackend):
    """The embedded index under another name, counting the batches the outbox drain applies."""

    name = "hitung"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.batches: list[tuple[int, int]] = []

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        self.batches.append((len(upserts), len(deletes)))
        super().apply(upserts, deletes)


@pytest.fixture
def counting(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "instance" / "hitung.db"
    register_backend(
        BackendType("hitung", lambda s: CountingBackend(str(path)), files=lambda s: [path])
    )
    yield path
    BACKENDS.pop("hitung")


def test_a_registered_backend_is_chosen_by_name(
    db_url: str, tmp_path: Path, counting: Path
) -> None:
    assert Settings.from_env({"CATALOG_SEARCH_BACKEND": "hitung"}).search_backend == "hitung"
    app = build_app(db_url, tmp_path, search_backend="hitung")
    backend = backend_of(app)
    assert isinstance(backend, CountingBackend)
    # its data file is one of ours: created before it is opened, readable by us only
    assert stat.S_IMODE(counting.stat().st_mode) == 0o600
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
        factories.make_dataset(session, "dinkes", title="Jumlah Puskesmas per Kecamatan")
    # the drain writes through the protocol's apply (no getattr fallback)
    assert backend.batches and backend.batches[-1] == (1, 0)
    assert backend.search(SearchQuery("puskesmas")).total == 1


def test_an_unregistered_backend_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match="must be 'sqlite' or 'elasticsearch'"):
        Settings.from_env({"CATALOG_SEARCH_BACKEND": "hitung"})
