"""Search: a backend-neutral query and result, an embedded SQLite FTS5 backend and Elasticsearch."""
