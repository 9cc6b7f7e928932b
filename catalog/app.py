"""The application factory: builds the Flask application around a Catalog (catalog/context.py)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from catalog import context
from catalog.config import Settings
from catalog.context import Catalog, catalog
from catalog.errors import Forbidden, NotAuthenticated, ServiceError
from catalog.jsonweb import OrjsonProvider, guard_request_depth
from catalog.services.auth import ANONYMOUS, Actor

log = logging.getLogger("catalog")

DATABASE_DOWN = "Basis data sedang tidak dapat dihubungi. Coba lagi sebentar."


def _load_actor() -> None:
    """Resolve the caller from a bearer token (API) or the signed-in session (web pages).

    A session cookie counts only while its generation matches the account's (sign-out, a new
    password, a role or membership change end older sessions). On the API a cookie alone never
    authorizes an unsafe request: it needs the page's CSRF token in `X-CSRF-Token` (API clients
    send a bearer token). An anonymous unsafe request to /api/v1 answers 401 before its body is
    validated.
    """
    from flask import session as web_session

    from catalog.models import User
    from catalog.services.users import user_for_token
    from catalog.web.security import SAFE_METHODS, csrf_header_ok

    g.actor = ANONYMOUS
    if request.endpoint == "metrics":  # its own bearer secret (CATALOG_METRICS_TOKEN)
        return
    header = request.environ.get("HTTP_AUTHORIZATION", "")  # the header, without its wrapper
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise NotAuthenticated("Header Authorization harus 'Bearer <token>'.")
        with catalog().unit_of_work() as session:
            g.actor = Actor.for_user(user_for_token(session, secret.strip()))
        g.auth_via = "token"
        return
    unsafe_api = request.path.startswith("/api/") and request.method not in SAFE_METHODS
    user_id = web_session.get("user_id")
    if user_id:
        with catalog().unit_of_work() as session:
            user = session.get(User, user_id)
            if (
                user is None
                or not user.active
                or web_session.get("session_generation") != user.session_generation
            ):
                web_session.clear()
            else:
                g.actor = Actor.for_user(user)
                g.auth_via = "session"
        if g.actor.authenticated and unsafe_api and not csrf_header_ok():
            raise Forbidden(
                "Permintaan API yang mengubah data dengan sesi peramban memerlukan header "
                "X-CSRF-Token dari halaman; klien API memakai token Bearer."
            )
    if (
        unsafe_api
        and not g.actor.authenticated
        and request.path.startswith("/api/v1/")
        and request.routing_exception is None
    ):
        raise NotAuthenticated("Perlu masuk: kirim header 'Authorization: Bearer <token>'.")


def _register_errors(app: Flask) -> None:
    from catalog.api import errors

    def _page(status: int, message: str, headers: Any, otherwise: Any) -> Any:
        """The web's error page (when the web is installed) with `headers`, else `otherwise`."""
        handler = app.extensions.get("catalog.html_error")
        if handler is None:
            return otherwise
        body, code = handler(status, message)
        return body, code, headers

    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError) -> Any:
        if errors.wants_json():
            return errors.from_service_error(error)
        plain = Response(error.message, status=error.status, mimetype="text/plain")
        return _page(error.status, error.message, {}, plain)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        if errors.wants_json():
            return errors.from_http_exception(error)
        headers = errors.exception_headers(error)  # e.g. Allow on 405
        return _page(error.code or 500, error.description or "", headers, error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _http_error(InternalServerError())

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def _database_down(error: Exception) -> Any:
        """The database cannot be reached (down, restarting, out of connections, refusing
        writes): 503 with Retry-After on pages and API alike, so clients and proxies try
        again, instead of a 500 that says something is broken for good."""
        unreachable = isinstance(error, OperationalError | PoolTimeout) or getattr(
            error, "connection_invalidated", False
        )
        if not unreachable:
            return _unexpected(error)
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        down = ServiceUnavailable(retry_after=catalog().settings.db_retry_after_s)
        if errors.wants_json():
            response = errors.error_response(503, DATABASE_DOWN, code="database_unavailable")
            response.headers.extend(errors.exception_headers(down))
            return response
        return _http_error(down)


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config_overrides` win over CATALOG_* environment variables."""
    settings = Settings.from_env(overrides=config_overrides)
    _private_data(settings)
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
    from catalog import logs

    logs.install(app, settings.log_format)  # the request id first, for every later hook

    from catalog import hardening
    from catalog.api import health
    from catalog.api.metrics import init_metrics
    from catalog.api.v1 import init_api

    # First of all: loading the caller commits, and the after-commit indexer builds search
    # documents, which must already see the application's clock.
    app.before_request(context.apply_request_clock)
    app.teardown_request(context.reset_request_clock)
    ctx.shared_session = context.request_session  # one session per request, closed at its end
    app.teardown_appcontext(context.close_request_session)
    hardening.install(app, settings)  # before _load_actor: its session expiry runs first
    app.before_request(guard_request_depth)
    app.before_request(_load_actor)
    init_api(app)
    app.register_blueprint(health.blp)
    init_metrics(app)
    from catalog import search
    from catalog.api import ckan

    search.install(app, ctx)
    from catalog.api.metrics import instrument_search

    instrument_search(app)  # search latency by backend on /metrics
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
    if path.exists():
        _private_file(path)  # tightens one written by an earlier version
    else:
        # Written in full under a temporary name, then linked into place: a process starting
        # at the same time never reads a half-written key, and the first one wins.
        temporary = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode())
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


def _private_data(settings: Settings) -> None:
    """The data directory (created 0700) and the SQLite files in it (0600, owner only).

    The database and search files are created empty with mode 0600 before SQLite opens them,
    and SQLite gives its -wal and -shm files the database file's mode. Files of ours found
    readable by others (from earlier versions) are tightened; an existing directory is left
    as the operator made it.
    """
    _private_dir(Path(settings.data_dir))
    files = []
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        files.append(Path(url.database))
    from catalog.search.backends import backend_type

    files.extend(backend_type(settings.search_backend).files(settings))
    for path in files:
        _private_file(path)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                _private_file(companion)


def _private_dir(path: Path) -> None:
    if not path.exists():
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
        path.chmod(0o700)


def _private_file(path: Path) -> bool:
    """Make sure `path` exists with mode 0600; True when it was created (empty) just now."""
    _private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            info = path.stat()
            if info.st_uid == os.geteuid() and info.st_mode & 0o077:
                path.chmod(info.st_mode & 0o700)
        except OSError:  # not ours to change: the operator's choice
            pass
        return False
    os.close(fd)
    return True
