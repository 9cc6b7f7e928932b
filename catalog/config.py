"""Settings read from CATALOG_* environment variables into one typed object."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def cpu_count() -> int:
    """CPUs this process may use: its CPU set and its cgroup CPU quota (catalog/cpus.py), not
    the host's count."""
    from catalog import cpus

    return cpus.cpu_count()


# The interface languages (web pages): Indonesian first, English through Babel.
LOCALES = ("id", "en")


class ConfigError(ValueError):
    """A setting has a value the service cannot use."""


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"not a boolean: {value!r}")


@dataclass
class Settings:
    """Every setting of the service; the field name in upper case with CATALOG_ is its variable."""

    data_dir: str = "instance"
    database_url: str = ""
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 5000
    # `catalog serve`: processes (more than one: gunicorn, each with its own application;
    # one: waitress in the serving process) and threads per process (0: 8 for a single
    # process, 4 per process otherwise).
    web_processes: int = field(default_factory=cpu_count)
    web_threads: int = 0
    # gunicorn (more than one process): a worker is replaced after web_max_requests requests
    # plus up to web_max_requests_jitter more (so they are not all replaced at once; 0: never),
    # in-flight requests get web_graceful_timeout seconds after SIGTERM, and each request is
    # one access-log line on stdout (web_access_log).
    web_max_requests: int = 2000
    web_max_requests_jitter: int = 200
    web_graceful_timeout: int = 30
    web_access_log: bool = True
    # Logs: "text" (readable) or "json" (one object per line, with the request id;
    # catalog/logs.py).
    log_format: str = "text"
    # Request bodies above this are refused with 413 (1 MiB holds a dataset with
    # hundreds of resources and variables; bulk loads go through harvesting).
    max_body_bytes: int = 1024 * 1024
    default_locale: str = "id"  # of the web pages: one of LOCALES
    search_backend: str = "sqlite"
    search_path: str = ""
    elasticsearch_url: str = "http://127.0.0.1:9200"
    elasticsearch_index: str = "catalog-datasets"
    # /readyz: not ready while a search-index change has waited longer than this in the
    # outbox (the index cannot be written: backend down, alias missing, disk full), or while
    # the data directory has less free space than ready_min_free_mb.
    ready_max_outbox_age_s: float = 300.0
    ready_min_free_mb: float = 16.0
    # A request the database cannot answer (down, unreachable) gets 503 with this Retry-After.
    db_retry_after_s: int = 30
    harvest_allow_private: bool = False
    # Private networks harvests may reach all the same (comma-separated, e.g. an agency portal
    # on the regency's own network: "10.20.0.0/16"); everything else private stays refused.
    harvest_allowed_networks: str = ""
    harvest_timeout_s: float = 30.0
    # Every harvest request ends within this many seconds: connect, redirects, retries and the
    # whole body (a server sending one byte a second cannot hold a job).
    harvest_deadline_s: float = 120.0
    # A harvest job still running after this many seconds (from its first start) ends failed.
    harvest_max_job_s: float = 3600.0
    harvest_max_response_bytes: int = 20 * 1024 * 1024
    harvest_record_retention_days: int = 90
    # The link checker (catalog/linkcheck.py, docs/quality.md; the harvest worker runs it
    # through the harvest client): URLs one run checks at most, seconds between two requests
    # to one host, hosts checked at once, seconds one request may take in all, and whether
    # the scheduler queues a run every day.
    link_check_max_urls: int = 500
    link_check_delay_s: float = 1.0
    link_check_hosts: int = 4
    link_check_deadline_s: float = 20.0
    link_check_daily: bool = True
    run_worker: bool = True
    public_url: str = "http://127.0.0.1:5000"
    # The session cookie's Secure flag: empty = on when public_url is https; true/false force it.
    session_cookie_secure: str = ""
    # A web sign-in lasts this long (from the sign-in, however active the session is).
    session_lifetime_h: float = 12.0
    # Reverse proxies in front of the service whose X-Forwarded-For/-Proto/-Host are trusted
    # (0: none, the headers are ignored; 1: one proxy such as nginx).
    trusted_proxies: int = 0
    # YYYY-MM-DD: the date the recommendation workflow treats as today (tests, demos); empty =
    # the real date. Expiry is derived from it at read time.
    clock_today: str = ""
    # Sign-in throttle (counted in the database, shared by every process): failures of one
    # username before each further check waits (30 s, doubling up to signin_max_delay_s),
    # failures from one client address that throttle usernames with failures of their own,
    # and the window both are counted in.
    signin_failures: int = 5
    signin_address_failures: int = 20
    signin_window_s: float = 3600.0
    signin_max_delay_s: float = 900.0
    # /metrics: empty = only from loopback (the real client address when trusted_proxies is
    # set); set = only with `Authorization: Bearer <metrics_token>`, from anywhere.
    metrics_token: str = ""
    # Mail of the consultation desk (issue 18): off while smtp_host is empty.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = "Pojok Romantik <pojok-romantik@localhost>"
    smtp_starttls: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return "sqlite:///" + str(Path(self.data_dir).resolve() / "catalog.db")

    @property
    def resolved_search_path(self) -> str:
        if self.search_path:
            return self.search_path
        return str(Path(self.data_dir).resolve() / "search.db")

    @property
    def public_root(self) -> str:
        """The public URL without a trailing slash, to put paths after (links in mails)."""
        return self.public_url.rstrip("/")

    @property
    def cookie_secure(self) -> bool:
        """Whether cookies carry Secure: as set, else whether the public URL is https."""
        if str(self.session_cookie_secure).strip():
            return _bool(str(self.session_cookie_secure))
        return self.public_url.lower().startswith("https://")

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """Read CATALOG_<NAME> variables, then apply overrides (used by tests and the CLI)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "extra":
                continue
            raw = env.get("CATALOG_" + f.name.upper())
            if raw is None:
                continue
            kind = type(getattr(cls(), f.name))
            try:
                if kind is bool:
                    values[f.name] = _bool(raw)
                elif kind is int:
                    values[f.name] = int(raw)
                elif kind is float:
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ConfigError(f"CATALOG_{f.name.upper()}: {exc}") from exc
        known = {f.name for f in dataclasses.fields(cls)}
        extra: dict[str, Any] = {}
        for key, value in (overrides or {}).items():
            if key in known:
                values[key] = value
            else:
                extra[key] = value
        settings = cls(**values)
        settings.extra.update(extra)
        if settings.web_processes < 1 or settings.web_threads < 0:
            raise ConfigError("CATALOG_WEB_PROCESSES must be ≥ 1 and CATALOG_WEB_THREADS ≥ 0")
        if (
            min(settings.web_max_requests, settings.web_max_requests_jitter) < 0
            or settings.web_graceful_timeout <= 0
        ):
            raise ConfigError(
                "CATALOG_WEB_MAX_REQUESTS and CATALOG_WEB_MAX_REQUESTS_JITTER must be ≥ 0 "
                "and CATALOG_WEB_GRACEFUL_TIMEOUT > 0"
            )
        if settings.log_format not in ("text", "json"):
            raise ConfigError("CATALOG_LOG_FORMAT must be text or json")
        if settings.default_locale not in LOCALES:
            raise ConfigError("CATALOG_DEFAULT_LOCALE must be " + " or ".join(LOCALES))
        from catalog.search.backends import backend_type

        backend_type(settings.search_backend)  # a registered backend (ConfigError otherwise)
        if settings.harvest_deadline_s <= 0 or settings.harvest_max_job_s <= 0:
            raise ConfigError(
                "CATALOG_HARVEST_DEADLINE_S and CATALOG_HARVEST_MAX_JOB_S must be > 0"
            )
        try:
            for item in settings.harvest_allowed_networks.split(","):
                if item.strip():
                    ipaddress.ip_network(item.strip(), strict=False)
        except ValueError as exc:
            raise ConfigError(f"CATALOG_HARVEST_ALLOWED_NETWORKS: {exc}") from exc
        if settings.trusted_proxies < 0 or settings.session_lifetime_h <= 0:
            raise ConfigError(
                "CATALOG_TRUSTED_PROXIES must be ≥ 0 and CATALOG_SESSION_LIFETIME_H > 0"
            )
        try:
            settings.cookie_secure  # noqa: B018 (a bad value fails at start, not per request)
        except ConfigError as exc:
            raise ConfigError(f"CATALOG_SESSION_COOKIE_SECURE: {exc}") from exc
        return settings
