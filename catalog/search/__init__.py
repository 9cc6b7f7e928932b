"""Search: a backend-neutral query and result, an embedded SQLite FTS5 backend and Elasticsearch."""

from __future__ import annotations

from typing import Any

from catalog.search.query import SearchBackend


def make_backend(settings: Any) -> SearchBackend:
    """The backend the settings ask for (CATALOG_SEARCH_BACKEND)."""
    if settings.search_backend == "elasticsearch":
        from catalog.search.elastic import ElasticBackend

        return ElasticBackend(settings.elasticsearch_url, settings.elasticsearch_index)
    from catalog.search.sqlite_fts import SqliteBackend

    return SqliteBackend(settings.resolved_search_path)


def install(app: Any, ctx: Any) -> SearchBackend:
    """Create the backend, drain the outbox after each commit, report in /readyz."""
    from catalog.search import indexer

    backend = make_backend(ctx.settings)
    app.extensions["catalog.search"] = backend
    ctx.after_commit.append(indexer.AfterCommitDrain(ctx.db, backend))

    def readiness() -> dict[str, Any]:
        state = backend.health()
        try:
            state["pending"] = indexer.pending(ctx.db)
        except Exception as exc:  # readiness reports, it does not raise
            state["pending_error"] = type(exc).__name__
        return state

    ctx.readiness["search"] = readiness
    return backend


def backend_of(app: Any) -> SearchBackend:
    backend: SearchBackend = app.extensions["catalog.search"]
    return backend
