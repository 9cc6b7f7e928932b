"""Harvest source secrets: told apart from the rest of a source, kept apart, shown masked.

Pure functions on a source's URL and config, read by the service that stores a source, the
schemas that show one, and the harvester that runs it (harvesters/secrets.py: SourceAuth).

A source's secrets are the userinfo of its URL (`https://user:pass@host/`) and every config
value whose key names a credential (api_key, token, password, secret, authorization, cookie,
...; also inside `headers`) or whose value is an HTTP credential (`Bearer ...`, `Basic ...`).
They are stored in `HarvestSource.secrets`, never in `url`/`config`, shown as MASK to
everyone, and handed back to the harvester only when it runs (SourceAuth sends the URL's
credentials and the configured headers to the source's own origin only).

Secrets are bound to the origin (scheme, host, port) they were given for: when a source's URL
moves to another origin, the stored ones that are not sent again are dropped, so whoever may
edit a source cannot send its stored credentials to a server of their choosing.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MASK = "••••"
USERINFO = "url_userinfo"
CONFIG = "config"

_SECRET_NAME = re.compile(
    r"token|passw|secret|credential|cookie|authoriz|signature|"
    r"(^|[_\-. ])auth($|[_\-. ])|key($|[_\-. ])",
    re.IGNORECASE,
)
_SECRET_VALUE = re.compile(r"^\s*(bearer|basic|token|apikey)\s+\S", re.IGNORECASE)


def is_secret(name: str, value: Any) -> bool:
    """Whether a config entry holds a credential (by its key, or by an HTTP auth value)."""
    if value is None or value == "" or value is False:
        return False
    if _SECRET_NAME.search(str(name)):
        return True
    return isinstance(value, str) and bool(_SECRET_VALUE.match(value))


# -- the URL ---------------------------------------------------------------------------------


def split_url(url: str) -> tuple[str, str | None]:
    """The URL without its userinfo, and the userinfo (`user:pass`, as written) or None."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=hostport)), userinfo


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port or default


def masked_url(url: str, secrets: dict[str, Any] | None) -> str:
    """The URL as shown: `https://••••@host/...` when it carries credentials."""
    if not (secrets or {}).get(USERINFO):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{MASK}@{parts.netloc}"))


# -- the config ------------------------------------------------------------------------------


def split_config(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(config without secrets, the secrets as a tree of the same shape)."""
    public: dict[str, Any] = {}
    hidden: dict[str, Any] = {}
    for key, value in config.items():
        if is_secret(key, value):
            hidden[key] = value
        elif isinstance(value, dict):
            inner_public, inner_hidden = split_config(value)
            public[key] = inner_public
            if inner_hidden:
                hidden[key] = inner_hidden
        else:
            public[key] = value
    return public, hidden


def masked_config(config: dict[str, Any] | None, secrets: dict[str, Any] | None) -> dict[str, Any]:
    """The config as shown: every stored secret replaced by MASK."""
    shown = copy.deepcopy(config or {})

    def mask(target: dict[str, Any], tree: dict[str, Any]) -> None:
        for key, value in tree.items():
            if isinstance(value, dict) and not is_secret(key, value):
                inner = target.get(key)
                if not isinstance(inner, dict):
                    inner = target[key] = {}
                mask(inner, value)
            else:
                target[key] = MASK

    mask(shown, (secrets or {}).get(CONFIG) or {})
    return shown


def merged_config(config: dict[str, Any] | None, secrets: dict[str, Any] | None) -> dict[str, Any]:
    """The config a harvester runs with: the stored one with its secrets put back."""
    merged = copy.deepcopy(config or {})

    def merge(target: dict[str, Any], tree: dict[str, Any]) -> None:
        for key, value in tree.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                merge(target[key], value)
            else:
                target[key] = copy.deepcopy(value)

    merge(merged, (secrets or {}).get(CONFIG) or {})
    return merged


def _resolve_masks(
    sent: dict[str, Any], stored: dict[str, Any], keep: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a sent config; MASK keeps the stored value, an empty one removes it."""
    public: dict[str, Any] = {}
    hidden: dict[str, Any] = copy.deepcopy(stored) if keep else {}
    for key, value in sent.items():
        old = stored.get(key)
        if value == MASK:
            hidden.pop(key, None)
            if keep and old is not None:
                hidden[key] = copy.deepcopy(old)
        elif (value is None or value == "") and key in stored:
            hidden.pop(key)  # removed on purpose
        elif is_secret(key, value):
            hidden[key] = value
        elif isinstance(value, dict):
            inner_public, inner_hidden = _resolve_masks(
                value, old if isinstance(old, dict) else {}, keep
            )
            public[key] = inner_public
            if inner_hidden:
                hidden[key] = inner_hidden
            else:
                hidden.pop(key, None)
        else:
            hidden.pop(key, None)
            public[key] = value
    return public, hidden


def store(
    url: str,
    config: dict[str, Any],
    stored_url: str | None = None,
    stored: dict[str, Any] | None = None,
    *,
    url_sent: bool = True,
    config_sent: bool = True,
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(url, config, secrets) to store from what was sent and what is stored.

    A secret sent as MASK, or not sent again, keeps its stored value while the origin stays
    the same; a config secret sent empty (null or "") is removed; a URL sent without userinfo
    has none. Everything is dropped that is not sent again when the origin changes.
    """
    stored = stored or {}
    clean_url, userinfo = split_url(url)
    keep = stored_url is None or origin(clean_url) == origin(stored_url)
    secrets: dict[str, Any] = {}
    if userinfo is not None:
        user, _, password = userinfo.partition(":")
        old = stored.get(USERINFO) if keep else None
        if userinfo == MASK:
            if old:
                secrets[USERINFO] = old
        elif password == MASK:
            # a new user name with the stored password
            if old and ":" in old:
                secrets[USERINFO] = f"{user}:{old.partition(':')[2]}"
        else:
            secrets[USERINFO] = userinfo
    elif not url_sent and keep and stored.get(USERINFO):
        secrets[USERINFO] = stored[USERINFO]
    stored_config = stored.get(CONFIG) or {}
    if config_sent:
        public, hidden = _resolve_masks(config, stored_config, keep)
    else:
        public, hidden = config, (copy.deepcopy(stored_config) if keep else {})
    if hidden:
        secrets[CONFIG] = hidden
    return clean_url, public, secrets
