"""What one running application holds (the Catalog), and who is asking in the current request.

Blueprints, the harvest worker, the pipeline and the CLI import from here, never from
`catalog/app.py` (which only builds the Flask application): this module imports no blueprint
and no application factory. It uses Flask's `current_app`, `g` and `request` only to find the
current application's Catalog and the current caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, has_request_context, request
from flask import session as web_session
from sqlalchemy.orm import Session

from catalog.clock import Clock, parse_today
from catalog.config import Settings
from catalog.db import Database
from catalog.services.auth import ANONYMOUS, Actor
from catalog.services.throttle import Attempt, SigninLimits
from catalog.uow import Operation, UnitOfWork


class Catalog:
    """One application's parts: settings, the database, the clock, after-commit operations."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url)
        self.clock = Clock(parse_today(settings.clock_today))
        # Operations every unit of work runs after its commit (the search installation adds
        # the look for leftover index work); services register their own on the unit of work.
        self.after_commit: list[Operation] = []
        # The search index drain (installed with the search backend; run by DrainOutbox).
        self.index_drain: Callable[[bool], None] | None = None
        # Where units of work find a session to share (the web: one per request); None: each
        # unit of work has a session of its own, closed when it ends.
        self.shared_session: Callable[[], Session | None] | None = None
        # Extra /readyz checks by name (the search backend adds its own).
        self.readiness: dict[str, Callable[[], dict[str, Any]]] = {}
        self.signin_limits = SigninLimits(
            free_failures=settings.signin_failures,
            max_per_address=settings.signin_address_failures,
            window_s=settings.signin_window_s,
            max_delay_s=settings.signin_max_delay_s,
        )

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work (catalog/uow.py): `with ctx.unit_of_work() as session: ...`."""
        shared = self.shared_session() if self.shared_session is not None else None
        return UnitOfWork(
            self.db.sessionmaker() if shared is None else shared,
            context=self,
            close=shared is None,
            clock=self.clock,
            standing=self.after_commit,
        )


# ------------------------------------------------------------------ the current request


def catalog() -> Catalog:
    """The Catalog of the current Flask application."""
    ctx: Catalog = current_app.extensions["catalog"]
    return ctx


def current_actor() -> Actor:
    actor: Actor = g.get("actor", ANONYMOUS)
    return actor


def client_address() -> str:
    """The caller's address (the real client's when CATALOG_TRUSTED_PROXIES is set)."""
    return request.remote_addr or ""


def signin_attempt() -> Attempt:
    """A password tried by the current caller: its address, under the application's limits."""
    return Attempt(client_address(), catalog().signin_limits)


def signed_in_by_session() -> bool:
    """Whether the current caller was recognised by the web session cookie (not a token)."""
    return g.get("auth_via") == "session"


def start_web_session(user_id: str, generation: int) -> None:
    """Fill a fresh web session for a user (the caller clears the old one first)."""
    web_session["user_id"] = user_id
    web_session["session_generation"] = generation


def request_session() -> Session | None:
    """The session shared by the units of work of the current web request (Catalog.
    shared_session of a web application): it stays open until the request ends, so an answer
    can still load what it serializes after a commit. None outside a request."""
    if not has_request_context():
        return None
    if "db_session" not in g:
        g.db_session = catalog().db.sessionmaker()
    session: Session = g.db_session
    return session


def close_request_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def apply_request_clock() -> None:
    """The application's clock for everything the request runs (serializers included)."""
    g.clock_token = catalog().clock.apply()


def reset_request_clock(_exc: BaseException | None) -> None:
    token = g.pop("clock_token", None)
    if token is not None:
        Clock.reset(token)
