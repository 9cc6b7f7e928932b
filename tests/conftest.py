"""Shared fixtures: real SQLite files and a real PostgreSQL server started for the session."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from catalog import migrate
from catalog.app import create_app
from catalog.context import Catalog
from catalog.db import make_engine
from catalog.search import backend_of, rebuild
from tests import factories
from tests.ckan_fake import FakeCkan, make_package
from tests.pg import PostgresServer
from tests.servers import elasticsearch_imitation, noida_binary, serving
from tests.static_server import StaticServer


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | str]:
    """A PostgreSQL server: CATALOG_TEST_PG_URL if set, else one started for this session."""
    external = os.environ.get("CATALOG_TEST_PG_URL")
    if external:
        yield external
        return
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _pg_admin_url(pg: PostgresServer | str) -> str:
    return pg if isinstance(pg, str) else pg.url("postgres")


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer | str) -> str:
    """A migrated template database; each test gets a copy (CREATE DATABASE ... TEMPLATE)."""
    # One template per pytest-xdist worker: workers may share an external server.
    name = "catalog_template_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    admin = create_engine(_pg_admin_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(_pg_url(pg_server, name))
    migrate.upgrade(engine)
    engine.dispose()
    return name


def _pg_url(pg: PostgresServer | str, database: str) -> str:
    base = _pg_admin_url(pg)
    return base.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "catalog.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


def fresh_database(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, migrated database of `kind` (sqlite or postgres) for one test."""
    if kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "catalog.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    pg = request.getfixturevalue("pg_server")
    template_name = request.getfixturevalue("pg_template")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(_pg_admin_url(pg), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    admin.dispose()
    return _pg_url(pg, name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    return fresh_database(request.param, request, tmp_path)


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database("sqlite", request, tmp_path)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database("postgres", request, tmp_path)


_built: list[Flask] = []


def dispose_when_idle(application: Flask, seconds: float = 10.0) -> None:
    """Close the app's connection pool once no connection is checked out (up to `seconds`).

    A live server's request thread can still be finishing when a test ends; a connection it
    gives back to a pool already disposed is never closed, and the driver's ResourceWarning
    then fails whichever later test the garbage collector happens to run in.
    """
    engine = application.extensions["catalog"].db.engine
    deadline = time.monotonic() + seconds
    while getattr(engine.pool, "checkedout", lambda: 0)() and time.monotonic() < deadline:
        time.sleep(0.01)
    engine.dispose()


@pytest.fixture(autouse=True)
def _dispose_built_apps() -> Iterator[None]:
    """Close the connection pools of every app a test built, so none leaks into later tests."""
    yield
    while _built:
        dispose_when_idle(_built.pop())


def build_app(db_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    settings = {
        "database_url": db_url,
        "data_dir": str(tmp_path / "instance"),
        "secret_key": "test-secret",
        "run_worker": False,
        # no daily link check of sample records' internet addresses (catalog/linkcheck.py)
        "link_check_daily": False,
        **overrides,
    }
    application = create_app(settings)
    _built.append(application)
    return application


def app_with_agencies(
    db_url: str, tmp_path: Path, agencies: dict[str, str], **overrides: Any
) -> tuple[Flask, Catalog]:
    """build_app with the agencies `agencies` (slug -> title) made; the application and its
    catalog."""
    application = build_app(db_url, tmp_path, **overrides)
    ctx: Catalog = application.extensions["catalog"]
    with ctx.unit_of_work() as session:
        for slug, title in agencies.items():
            factories.make_org(session, slug, title=title)
    return application, ctx


@pytest.fixture
def app(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The application on a fresh database; a test module may set APP_SETTINGS overrides."""
    application = build_app(db_url, tmp_path, **getattr(request.module, "APP_SETTINGS", {}))
    yield application
    dispose_when_idle(application)


@pytest.fixture
def portal(request: pytest.FixtureRequest) -> Iterator[FakeCkan]:
    """A fake CKAN portal of packages 1..25; a test module may set PORTAL_PACKAGES, the count."""
    count = getattr(request.module, "PORTAL_PACKAGES", 25)
    yield from serving(FakeCkan([make_package(n) for n in range(1, count + 1)]).start())


@pytest.fixture
def web() -> Iterator[StaticServer]:
    """A static web server on 127.0.0.1 serving what a test puts in it."""
    yield from serving(StaticServer())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ctx(app: Flask) -> Catalog:
    catalog: Catalog = app.extensions["catalog"]
    return catalog


@dataclass
class World:
    """Two agencies and one account of each role, with bearer tokens."""

    admin: str
    reviewer: str
    editor: str  # editor of dinkes
    other_editor: str  # editor of dindik
    org: str = "dinas-kesehatan"
    other_org: str = "dinas-pendidikan"

    def auth(self, who: str | None) -> dict[str, str]:
        if who is None:
            return {}
        return {"Authorization": "Bearer " + getattr(self, who)}

    def post_dataset(self, client: FlaskClient, **overrides: Any) -> TestResponse:
        """The agency's editor creates a dataset through the API (the factory payload, changed)."""
        return client.post(
            "/api/v1/datasets",
            json=factories.dataset_payload(self.org, **overrides),
            headers=self.auth("editor"),
        )

    def assert_dataset_refused(
        self, client: FlaskClient, field: str, message: str, **overrides: Any
    ) -> None:
        """post_dataset with `overrides` is refused (422) with `message` on `field`."""
        response = self.post_dataset(client, **overrides)
        assert response.status_code == 422, response.json
        assert response.json["errors"][field] == [message]

    def create_dataset_over_http(self, base: str) -> str:
        """The agency's editor creates a dataset on a served app at `base`; its id."""
        created = requests.post(
            f"{base}/api/v1/datasets",
            json=factories.dataset_payload(self.org),
            headers=self.auth("editor"),
            timeout=30,
        )
        assert created.status_code == 201
        return str(created.json()["id"])


@pytest.fixture
def world(ctx: Catalog) -> World:
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan dan Kebudayaan")
        tokens = {
            "admin": factories.make_token(
                session, factories.make_user(session, "admin", roles=("admin",))
            ),
            "reviewer": factories.make_token(
                session, factories.make_user(session, "reviewer", roles=("bps_reviewer",))
            ),
            "editor": factories.make_token(
                session, factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
            ),
            "other_editor": factories.make_token(
                session, factories.make_user(session, "editor2", orgs=("dinas-pendidikan",))
            ),
        }
    return World(**tokens)


@pytest.fixture(scope="session")
def es_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bool]]:
    """(url, is_real_elasticsearch): CATALOG_TEST_ES_URL, else a noida-db imitation."""
    url = os.environ.get("CATALOG_TEST_ES_URL")
    if url:
        info = requests.get(url, timeout=10).json()
        yield url, info.get("version", {}).get("build_hash") != "noida"
        return
    if noida_binary() is None:
        pytest.skip("CATALOG_TEST_ES_URL is not set and noida-db is not installed")
    with elasticsearch_imitation(tmp_path_factory.mktemp("noida")) as url:
        yield url, False


@pytest.fixture(params=["sqlite", "elasticsearch"])
def search_app(request: pytest.FixtureRequest, sqlite_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on SQLite whose search backend is each of the two in turn, its index built."""
    overrides: dict[str, Any] = {}
    if request.param == "elasticsearch":
        url, _real = request.getfixturevalue("es_server")
        overrides = {
            "search_backend": "elasticsearch",
            "elasticsearch_url": url,
            "elasticsearch_index": "catalog-test-" + uuid.uuid4().hex[:8],
        }
    app = build_app(sqlite_url, tmp_path, **overrides)
    # as `catalog init` does: a new Elasticsearch gets its index and alias (nothing else
    # creates them)
    rebuild.rebuild_if_needed(app.extensions["catalog"].db, backend_of(app))
    yield app
    app.extensions["catalog"].db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
