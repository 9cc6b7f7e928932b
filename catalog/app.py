"""Application factory and the per-application context (settings, database, indexer)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, has_app_context, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from catalog.config import Settings
from catalog.db import INDEX_QUEUED, Database
from catalog.errors import Conflict, NotAuthenticated, ServiceError
from catalog.jsonio import OrjsonProvider, guard_request_depth
from catalog.services.auth import ANONYMOUS, Actor

log = logging.getLogger("catalog")


class Catalog:
    """What one running application holds: settings, the database, and after-commit work."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url)
        # Called after every committed unit of work with whether it queued index work
        # (the search indexer drains the outbox).
        self.after_commit: list[Callable[[bool], None]] = []
        # Extra /readyz checks by name (the search backend adds its own).
        self.readiness: dict[str, Callable[[], dict[str, Any]]] = {}

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A transaction, committed on success; concurrent-update and constraint races become 409.

        Inside a request the session stays open until the request ends, so the response can
        still load what it serializes after the commit.
        """
        in_request = has_app_context()
        if in_request and "db_session" in g:
            session = g.db_session
        else:
            session = self.db.sessionmaker()
            if in_request:
                g.db_session = session
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise Conflict(
                "Data telah diubah oleh permintaan lain pada saat yang sama. "
                "Muat ulang lalu ulangi."
            ) from exc
        except IntegrityError as exc:
            session.rollback()
            raise Conflict("Perubahan bertentangan dengan data yang sudah ada.") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            queued = session.info.pop(INDEX_QUEUED, False)
            if not in_request:
                session.close()
        for hook in self.after_commit:
            try:
                hook(queued)
            except Exception:  # the outbox keeps the work; a failing hook never fails a write
                log.exception("after-commit hook failed")


def _close_request_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def catalog() -> Catalog:
    """The Catalog of the current Flask application."""
    ctx: Catalog = current_app.extensions["catalog"]
    return ctx


def current_actor() -> Actor:
    actor: Actor = g.get("actor", ANONYMOUS)
    return actor


def _load_actor() -> None:
    """Resolve the caller from a bearer token (API) or the signed-in session (web pages)."""
    from flask import session as web_session

    from catalog.services.users import get_user, user_for_token

    g.actor = ANONYMOUS
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise NotAuthenticated("Header Authorization harus 'Bearer <token>'.")
        with catalog().unit_of_work() as session:
            g.actor = Actor.for_user(user_for_token(session, secret.strip()))
        return
    user_id = web_session.get("user_id")
    if user_id:
        with catalog().unit_of_work() as session:
            try:
                user = get_user(session, user_id)
            except ServiceError:
                web_session.clear()
                return
            if user.active:
                g.actor = Actor.for_user(user)


def _register_errors(app: Flask) -> None:
    from catalog.api import errors

    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError) -> Any:
        if errors.wants_json():
            return errors.from_service_error(error)
        handler = app.extensions.get("catalog.html_error")
        if handler:
            return handler(error.status, error.message)
        return Response(error.message, status=error.status, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        if errors.wants_json():
            return errors.from_http_exception(error)
        handler = app.extensions.get("catalog.html_error")
        if handler:
            body, status = handler(error.code or 500, error.description or "")
            return body, status, errors.exception_headers(error)  # e.g. Allow on 405
        return error

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _http_error(InternalServerError())


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config_overrides` win over CATALOG_* environment variables."""
    settings = Settings.from_env(overrides=config_overrides)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.config.update(
        SECRET_KEY=settings.secret_key or _instance_secret(settings),
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.update(settings.extra)
    ctx = Catalog(settings)
    app.extensions["catalog"] = ctx

    from catalog import hardening
    from catalog.api import health
    from catalog.api.metrics import init_metrics
    from catalog.api.v1 import init_api

    app.before_request(guard_request_depth)
    hardening.install(app, settings)  # first: its session expiry runs before _load_actor
    app.before_request(_load_actor)
    app.teardown_appcontext(_close_request_session)
    init_api(app)
    app.register_blueprint(health.blp)
    init_metrics(app)
    from catalog import search
    from catalog.api import ckan

    search.install(app, ctx)
    app.register_blueprint(ckan.blp)
    _register_errors(app)
    from catalog.web import init_web

    init_web(app)
    from catalog.worker import start_background

    app.extensions.setdefault("catalog.background", []).append(lambda: start_background(ctx))
    return app


def _instance_secret(settings: Settings) -> str:
    """A per-installation secret kept in the data directory, so sessions survive restarts."""
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
