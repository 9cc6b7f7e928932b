"""Search: a backend-neutral query and result, an embedded SQLite FTS5 backend and Elasticsearch."""

from __future__ import annotations

from typing import Any

from catalog.search.backends import make_backend
from catalog.search.query import SearchBackend


def install(app: Any, ctx: Any) -> SearchBackend:
    """Create the backend, drain the outbox after each commit, report in /readyz."""
    from catalog.search import outbox

    backend = make_backend(ctx.settings)
    app.extensions["catalog.search"] = backend
    # Units of work that queue index work register outbox.DrainOutbox, which runs this drain;
    # every other one looks for leftovers. Documents are built with the catalog's clock, in
    # whichever process (web, worker, CLI) the unit of work ran.
    drain = outbox.AfterCommitDrain(ctx.db, backend, today=ctx.clock.today)
    ctx.index_drain = drain
    ctx.after_commit.append(outbox.LeftoverProbe(drain))
    max_age = float(ctx.settings.ready_max_outbox_age_s)

    def readiness() -> dict[str, Any]:
        """The backend answers, and changes reach it: the oldest change still waiting in the
        outbox is younger than ready_max_outbox_age_s (a backend that cannot be written, an
        Elasticsearch alias that is gone, a full disk: the rows stay and age)."""
        state = backend.health()
        try:
            state["pending"] = outbox.pending(ctx.db)
            age = outbox.oldest_pending_age(ctx.db)
        except Exception as exc:  # readiness reports, it does not raise
            state["pending_error"] = type(exc).__name__
            return state
        state["oldest_pending_age_s"] = None if age is None else round(age, 1)
        state["max_pending_age_s"] = max_age
        if age is not None and age > max_age:
            state["ok"] = False
            state.setdefault(
                "error",
                f"perubahan menunggu di outbox selama {age:.0f} detik (batas {max_age:.0f})",
            )
        return state

    ctx.readiness["search"] = readiness
    return backend


def backend_of(app: Any) -> SearchBackend:
    backend: SearchBackend = app.extensions["catalog.search"]
    return backend
