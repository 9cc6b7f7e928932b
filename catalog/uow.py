"""The unit of work: one transaction that owns its commit, rollback, error mapping and the
operations that must run after its commit.

Every caller that changes or reads the catalog (web pages, API, CLI, harvest worker) opens
one with `Catalog.unit_of_work()` (catalog/context.py) and passes the session it yields to
services, which take `(session, actor, plain arguments)`:

    with ctx.unit_of_work() as session:
        datasets.update_dataset(session, actor, slug, data)

On leaving the block the unit of work commits (or rolls back on an error), turns concurrent
update and constraint races into a 409 `Conflict`, and then, only after a successful commit,
runs the operations registered on it: those a service registered while it worked (a dataset
change registers the search index drain, `register(session, DrainOutbox())`) and the standing
ones of its catalog (looking for leftover index work). An operation that fails is logged and
never fails the unit of work: what it was to do is kept where it can be found again (the
outbox). If the commit fails, no operation runs.

`Database.session()` (catalog/db.py) is the low-level transaction without any of this, for the
search indexer's own bookkeeping, migrations and tests.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from types import TracebackType
from typing import Any, NoReturn, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalog.clock import Clock
from catalog.errors import Conflict, ServiceError

log = logging.getLogger("catalog")

# Session.info key: the unit of work the session currently works for.
_UOW = "catalog.unit_of_work"

M_STALE = "Data telah diubah oleh permintaan lain pada saat yang sama. Muat ulang lalu ulangi."
M_INTEGRITY = "Perubahan bertentangan dengan data yang sudah ada."


class Operation(Protocol):
    """Something to do once the unit of work has committed (equal operations run once)."""

    def on_commit(self, uow: UnitOfWork) -> None: ...


class PreCommit(Protocol):
    """Something to do inside the transaction just before it commits (derived data that must
    commit with the change: a dataset's quality score). Equal ones are registered once."""

    def before_commit(self, uow: UnitOfWork) -> None: ...


class UnitOfWork:
    """One transaction of `session` (see the module documentation).

    `context` is what opened it (the Catalog), for operations that need the application's
    parts; `close` is False for a session shared by several units of work (one web request),
    which its owner closes; `clock` is applied while the unit of work and its operations run.
    """

    def __init__(
        self,
        session: Session,
        *,
        context: Any = None,
        close: bool = True,
        clock: Clock | None = None,
        standing: Iterable[Operation] = (),
    ) -> None:
        self.session = session
        self.context = context
        self._close = close
        self._clock = clock
        self._standing = list(standing)
        self._operations: list[Operation] = []
        self._pre_commit: list[PreCommit] = []
        self._outer: UnitOfWork | None = None
        self._clock_token: Any = None

    def register(self, operation: Operation) -> None:
        """Run `operation` after this unit of work commits (once, however often registered)."""
        if operation not in self._operations:
            self._operations.append(operation)

    def register_before_commit(self, operation: PreCommit) -> PreCommit:
        """Run `operation` inside the transaction just before it commits; returns the equal
        one already registered (so callers can add to it) or `operation`."""
        for existing in self._pre_commit:
            if existing == operation:
                return existing
        self._pre_commit.append(operation)
        return operation

    def registered(self, kind: type) -> bool:
        """Whether an operation of this kind was registered."""
        return any(isinstance(op, kind) for op in self._operations)

    @staticmethod
    def of(session: Session) -> UnitOfWork | None:
        """The unit of work `session` works for (None for a bare `Database.session()`)."""
        uow: UnitOfWork | None = session.info.get(_UOW)
        return uow

    def __enter__(self) -> Session:
        self._outer = self.session.info.get(_UOW)
        self.session.info[_UOW] = self
        if self._clock is not None:
            self._clock_token = self._clock.apply()
        return self.session

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            try:
                if exc is not None:
                    self._fail(exc)
                try:
                    for pending in self._pre_commit:  # may register more while it runs
                        pending.before_commit(self)
                    self.session.commit()
                except BaseException as error:
                    self._fail(error)
            finally:
                if self._outer is None:
                    self.session.info.pop(_UOW, None)
                else:
                    self.session.info[_UOW] = self._outer
                if self._close:
                    self.session.close()
            self._after_commit()
        finally:
            if self._clock_token is not None:
                Clock.reset(self._clock_token)

    def _fail(self, error: BaseException) -> NoReturn:
        """Roll back (or keep what a ServiceError asks to keep) and raise the mapped error."""
        session = self.session
        if isinstance(error, StaleDataError):
            session.rollback()
            raise Conflict(M_STALE) from error
        if isinstance(error, IntegrityError):
            session.rollback()
            raise Conflict(M_INTEGRITY) from error
        if isinstance(error, ServiceError) and error.keeps_changes:
            try:
                session.commit()
            except BaseException:
                session.rollback()
                raise
            raise error
        session.rollback()
        raise error

    def _after_commit(self) -> None:
        for operation in [*self._operations, *self._standing]:
            try:
                operation.on_commit(self)
            except Exception:  # the outbox keeps the work; an operation never fails a write
                log.exception("after-commit operation %r failed", operation)


def register_before_commit(session: Session, operation: PreCommit) -> PreCommit | None:
    """Register `operation` to run just before the commit of the unit of work `session`
    works for; returns the registered (equal) one, or None for a bare session (tests, the
    indexer), where nothing runs: a rebuild (`catalog quality recompute`) catches up."""
    uow = UnitOfWork.of(session)
    return uow.register_before_commit(operation) if uow is not None else None


def settle(session: Session) -> None:
    """Run the before-commit operations registered so far, now (an answer built inside the
    unit of work that shows what they derive: the API's dataset with its quality score).
    They run again at the commit, with only what was registered since."""
    uow = UnitOfWork.of(session)
    if uow is not None:
        for pending in uow._pre_commit:
            pending.before_commit(uow)


def register(session: Session, operation: Operation) -> None:
    """Register `operation` on the unit of work `session` works for; a bare session (tests,
    the indexer's own transactions) has none: the work waits where it was recorded."""
    uow = UnitOfWork.of(session)
    if uow is not None:
        uow.register(operation)
