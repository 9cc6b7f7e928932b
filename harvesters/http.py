"""The one HTTP client of all harvesters.

Every request of a harvest goes through HarvestSession, which:

- checks every URL with the address guard (UrlGuard): http(s) only, and the host's addresses
  must be public internet addresses (unless the deployment allows private ones or names
  networks it trusts); the host is resolved once per hop and the connection goes to exactly
  the address that was checked (no second DNS answer can point it elsewhere), with the Host
  header, TLS server name and certificate check still on the original name;
- follows redirects itself (at most MAX_REDIRECTS), checking each Location the same way;
- bounds each request by a total deadline (connect, redirects, retries and the whole body),
  enforced while bytes trickle in, and stops at once when the job is cancelled;
- retries 5xx answers and connection errors with back-off, refuses answers over a size limit.

`guard_url(url, settings)` is the guard on its own, for checking a source URL when it is saved.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from catalog import __version__
from catalog.config import ConfigError, Settings
from catalog.jsonio import json_depth

USER_AGENT = f"KatalogStatistikSektoral-Harvester/{__version__} (+https://github.com/)"
log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_REDIRECTS = 5
# Headers that carry credentials: never sent on to another origin by a redirect.
CREDENTIAL_HEADERS = ("Authorization", "Proxy-Authorization", "Cookie", "X-CKAN-API-Key")
# How often the watchdog looks at running requests (deadline passed, job cancelled).
WATCH_INTERVAL_S = 0.1

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]


# What urllib3/requests put in their messages, in the words an agency's clerk reads on the
# job page (the full text goes to the log); first match wins.
_CONNECTION_REASONS = (
    (("CERTIFICATE_VERIFY_FAILED", "SSLError", "SSL:", "certificate"),
     "sertifikat TLS server tidak sah"),
    (("Name or service not known", "nodename nor servname", "getaddrinfo", "NameResolution",
      "Temporary failure in name resolution"), "nama server tidak ditemukan"),
    (("Connection refused",), "server menolak sambungan (layanan tidak berjalan di alamat itu)"),
    (("Connection reset", "RemoteDisconnected", "Connection aborted"), "server memutus sambungan"),
    (("No route to host", "Network is unreachable"), "jaringan ke server tidak dapat dijangkau"),
    (("timed out", "Timeout"), "server tidak menjawab dalam batas waktu"),
)  # fmt: skip


def connection_reason(exc: BaseException) -> str:
    """A plain Indonesian reason for a failed connection (requests/urllib3 exception)."""
    text = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__ or exc.__context__
    while cause is not None:
        text += f" {type(cause).__name__}: {cause}"
        cause = cause.__cause__ or cause.__context__
    for needles, reason in _CONNECTION_REASONS:
        if any(needle in text for needle in needles):
            return reason
    return "sambungan gagal"


class HarvestError(Exception):
    """A source could not be read; the message says why in words a data steward understands."""


class UrlError(HarvestError, ValueError):
    """A URL the harvester will not fetch; the message is plain Indonesian for a field error."""


class UrlRefused(UrlError):
    """The URL is not http(s), or its host is on an address the guard refuses."""


class HostNotFound(UrlError):
    """The URL's host name does not resolve (now): not a refusal, the portal may come back."""


class HttpStatusError(HarvestError):
    """The server answered with an error status (4xx/5xx after retries): `status`, and the
    address that answered it after redirects (`final_url`)."""

    def __init__(self, message: str, *, status: int, final_url: str) -> None:
        super().__init__(message)
        self.status = status
        self.final_url = final_url


class Cancelled(Exception):
    """The job this request belongs to was cancelled, taken over, or ran out of time."""


# -- the address guard ------------------------------------------------------------------------

_RULES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "alamat 'jaringan ini' (0.0.0.0/8)"),
    ("10.0.0.0/8", "jaringan privat (10.0.0.0/8)"),
    (
        "100.64.0.0/10",
        "jaringan bersama operator/CGNAT (100.64.0.0/10), di sebagian penyedia "
        "cloud juga alamat layanan metadata",
    ),
    ("127.0.0.0/8", "alamat loopback, yaitu server katalog ini sendiri (127.0.0.0/8)"),
    ("169.254.0.0/16", "alamat link-local (169.254.0.0/16), termasuk layanan metadata cloud"),
    ("172.16.0.0/12", "jaringan privat (172.16.0.0/12)"),
    ("192.0.0.0/24", "blok protokol IETF (192.0.0.0/24)"),
    ("192.0.2.0/24", "alamat contoh untuk dokumentasi (192.0.2.0/24)"),
    ("192.168.0.0/16", "jaringan privat (192.168.0.0/16)"),
    ("198.18.0.0/15", "jaringan uji perangkat jaringan (198.18.0.0/15)"),
    ("198.51.100.0/24", "alamat contoh untuk dokumentasi (198.51.100.0/24)"),
    ("203.0.113.0/24", "alamat contoh untuk dokumentasi (203.0.113.0/24)"),
    ("224.0.0.0/4", "alamat multicast (224.0.0.0/4)"),
    ("240.0.0.0/4", "alamat cadangan/broadcast (240.0.0.0/4)"),
    ("::/128", "alamat IPv6 tak tertentu (::)"),
    ("::1/128", "alamat loopback IPv6, yaitu server katalog ini sendiri (::1)"),
    ("64:ff9b:1::/48", "jaringan NAT64 lokal (64:ff9b:1::/48)"),
    ("100::/64", "blok buangan IPv6 (100::/64)"),
    ("2001:db8::/32", "alamat contoh IPv6 untuk dokumentasi (2001:db8::/32)"),
    ("fc00::/7", "jaringan privat IPv6 unique-local (fc00::/7)"),
    ("fe80::/10", "alamat link-local IPv6 (fe80::/10)"),
    ("fec0::/10", "alamat site-local IPv6 (fec0::/10)"),
    ("ff00::/8", "alamat multicast IPv6 (ff00::/8)"),
)
REFUSED_NETWORKS: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ipaddress.ip_network(net), rule) for net, rule in _RULES
)
# IPv6 ranges that carry an IPv4 address: judged by the IPv4 address they lead to.
_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIXTOFOUR = ipaddress.ip_network("2002::/16")


def refusal(addr: IPAddress) -> str | None:
    """Why `addr` is not a public internet address (the rule, in Indonesian), or None if it is.

    The explicit list names the rule; the `ipaddress` properties catch whatever the list
    misses. An IPv6 address that carries an IPv4 one (IPv4-mapped, NAT64 64:ff9b::/96,
    6to4 2002::/16) is judged by the IPv4 address it leads to.
    """
    if isinstance(addr, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = None
        kind = ""
        if addr in _MAPPED:
            embedded, kind = addr.ipv4_mapped, "IPv4-mapped"
        elif addr in _NAT64:
            embedded, kind = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF), "NAT64"
        elif addr in _SIXTOFOUR:
            embedded, kind = addr.sixtofour, "6to4"
        if embedded is not None:
            inner = refusal(embedded)
            if inner is None:
                return None
            return f"alamat IPv6 {kind} yang menuju {embedded}: {inner}"
    for network, rule in REFUSED_NETWORKS:
        if addr.version == network.version and addr in network:
            return rule
    if addr.is_loopback:
        return "alamat loopback"
    if addr.is_link_local:
        return "alamat link-local"
    if addr.is_multicast:
        return "alamat multicast"
    if addr.is_unspecified:
        return "alamat tak tertentu"
    if addr.is_private:
        return "jaringan privat atau khusus"
    if addr.is_reserved:
        return "alamat cadangan"
    if not addr.is_global:
        return "bukan alamat internet publik"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in out:
            out.append(addr)
    return out


def parse_networks(text: str | Sequence[str]) -> tuple[IPNetwork, ...]:
    """`10.1.2.0/24, 127.0.0.1` (or a list of such) as networks; ConfigError when malformed."""
    items = text.split(",") if isinstance(text, str) else list(text)
    try:
        return tuple(
            ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip()
        )
    except ValueError as exc:
        raise ConfigError(f"not a network: {exc}") from exc


@dataclass(frozen=True)
class Target:
    """One checked hop: where the URL points and the addresses a connection may go to."""

    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class UrlGuard:
    """Which addresses harvest requests may reach.

    `allow_private` (CATALOG_HARVEST_ALLOW_PRIVATE) lets everything through;
    `allowed_networks` (CATALOG_HARVEST_ALLOWED_NETWORKS) are trusted exceptions, e.g. an
    agency portal on the regency's own network, or 127.0.0.1 for tests; `resolver` turns a
    host name into addresses (the system's by default).
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = system_resolver

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> UrlGuard:
        return cls(
            allow_private=settings.harvest_allow_private,
            allowed_networks=parse_networks(settings.harvest_allowed_networks),
            **kwargs,
        )

    def refusal(self, addr: IPAddress) -> str | None:
        if self.allow_private:
            return None
        for network in self.allowed_networks:
            if addr.version == network.version and addr in network:
                return None
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            inner = self.refusal(addr.ipv4_mapped)  # a trusted IPv4 network, reached as ::ffff:
            if inner is None:
                return None
        return refusal(addr)

    def check(self, url: str) -> Target:
        """Resolve the URL's host once and check every address; the Target to connect to."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise UrlRefused(f"URL tidak sah: {url} ({exc}).") from exc
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise UrlRefused(f"Alamat sumber harus berawalan http:// atau https://: {url}")
        host = parts.hostname
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            found: Sequence[str] = [str(literal)]
        else:
            try:
                found = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise HostNotFound(f"Nama host {host} tidak dapat di-resolve: {exc}") from exc
            if not found:
                raise HostNotFound(f"Nama host {host} tidak mempunyai alamat.")
        addresses: list[str] = []
        for text in found:
            addr = ipaddress.ip_address(text)
            why = self.refusal(addr)
            if why is not None:
                shown = str(addr) if literal is not None else f"{addr} ({host})"
                raise UrlRefused(
                    f"Alamat {shown} ditolak: {why}. Sumber data harus berada di alamat "
                    "internet publik."
                )
            addresses.append(str(addr))
        return Target(parts.scheme, host, port, tuple(addresses))


def guard_url(url: str, settings: Settings | UrlGuard) -> None:
    """Check a harvest URL as a harvest will: raises UrlRefused (a ValueError) with a message
    in plain Indonesian naming the rule, or HostNotFound when the name does not resolve now.

    For the moment a source is saved; every request of a harvest checks again, per hop.
    """
    guard = settings if isinstance(settings, UrlGuard) else UrlGuard.from_settings(settings)
    guard.check(url)


# -- deadlines and cancellation ---------------------------------------------------------------


class Deadline:
    """The time budget of one request (all hops, retries and the whole body) and the job's
    stop signal. While registered with the watchdog, the connections it uses are shut down
    when the budget runs out or the job stops, which ends any read blocked on them."""

    def __init__(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.should_stop = should_stop
        self.fired: str | None = None  # "deadline" or "stop"
        self._connections: list[HTTPConnection] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def attach(self, conn: HTTPConnection) -> None:
        with self._lock:
            self._connections.append(conn)
            fired = self.fired
        if fired:
            _shutdown(conn)

    def poll(self) -> None:
        """Called by the watchdog: fire when the budget is spent or the job stops."""
        if self.fired:
            return
        if self.remaining() <= 0:
            reason = "deadline"
        elif self.should_stop():
            reason = "stop"
        else:
            return
        with self._lock:
            self.fired = reason
            connections = list(self._connections)
        for conn in connections:
            _shutdown(conn)

    def check(self, url: str) -> None:
        """Raise when the request must end: the job stopped, or the budget is spent."""
        self.poll()
        if self.fired == "stop":
            raise Cancelled(url)
        if self.fired == "deadline":
            raise HarvestError(
                f"Waktu habis: {url} tidak selesai menjawab dalam {self.seconds:g} detik "
                "(batas waktu total satu permintaan)."
            )

    def wait(self, seconds: float, url: str) -> None:
        """Sleep up to `seconds` (never past the deadline), waking early when the job stops."""
        until = time.monotonic() + min(seconds, max(self.remaining(), 0.0))
        while (left := until - time.monotonic()) > 0:
            self.check(url)
            time.sleep(min(left, WATCH_INTERVAL_S))
        self.check(url)


def _shutdown(conn: HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        # socket.socket's own shutdown, also for an SSLSocket: it ends a blocked read
        # without touching the TLS state another thread is using.
        with suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """One thread that polls the deadlines of running requests; it ends when none are left."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: set[Deadline] = set()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline) -> None:
        with self._lock:
            self._deadlines.add(deadline)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="harvest-http-watchdog", daemon=True
                )
                self._thread.start()

    def remove(self, deadline: Deadline) -> None:
        with self._lock:
            self._deadlines.discard(deadline)

    def _run(self) -> None:
        while True:
            time.sleep(WATCH_INTERVAL_S)
            with self._lock:
                if not self._deadlines:
                    self._thread = None
                    return
                deadlines = list(self._deadlines)
            for deadline in deadlines:
                try:
                    deadline.poll()
                except Exception:  # a failing stop check must not end the watchdog
                    deadline.fired = deadline.fired or "stop"


_watchdog = _Watchdog()
_current = threading.local()  # the Deadline of the request running in this thread


@contextmanager
def _watched(deadline: Deadline) -> Iterator[None]:
    _current.deadline = deadline
    _watchdog.add(deadline)
    try:
        yield
    finally:
        _watchdog.remove(deadline)
        _current.deadline = None


def _attach_current(conn: HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.attach(conn)


# -- connections to the checked address ------------------------------------------------------


class _PinnedMixin:
    """Connects to the checked addresses instead of resolving the host name again; the host
    name stays what http.client and TLS use (Host header, server name, certificate check)."""

    addresses: tuple[str, ...]
    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any

    def __init__(self, *args: Any, addresses: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.addresses = addresses
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        conn = cast(HTTPConnection, self)
        if not self.addresses:
            raise NewConnectionError(conn, "no checked address to connect to")
        error: Exception | None = None
        for addr in self.addresses:
            try:
                sock = urllib3_connection.create_connection(
                    (addr, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                error = ConnectTimeoutError(
                    conn, f"Connection to {self.host} ({addr}) timed out. ({exc})"
                )
            except OSError as exc:
                error = NewConnectionError(
                    conn, f"Failed to establish a new connection to {addr}: {exc}"
                )
            else:
                sys.audit("http.client.connect", self, self.host, self.port)
                return sock
        assert error is not None
        raise error

    def connect(self) -> None:
        _attach_current(self)  # type: ignore[arg-type]
        super().connect()  # type: ignore[misc]

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach_current(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    pass


class PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    pass


class PinnedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class PinnedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """A transport that only sends requests carrying a checked Target, to its addresses.

    Proxies are never used: a proxy would resolve the name itself, out of the guard's reach.
    """

    MAX_POOLS = 32
    POOL_SIZE = 4

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self._pools: dict[tuple[Any, ...], HTTPConnectionPool] = {}
        self._pools_lock = threading.Lock()

    def get_connection_with_tls_context(
        self, request: requests.PreparedRequest, verify: Any, proxies: Any = None, cert: Any = None
    ) -> HTTPConnectionPool:
        target: Target | None = getattr(request, "harvest_target", None)
        if target is None or urlsplit(str(request.url)).hostname != target.host:
            raise UrlRefused(f"Permintaan ke {request.url} belum diperiksa; tidak dikirim.")
        _, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        key = (target, tuple(sorted(pool_kwargs.items())))
        with self._pools_lock:
            pool = self._pools.get(key)
            if pool is None:
                if len(self._pools) >= self.MAX_POOLS:
                    self._close_pools()
                if target.scheme == "https":
                    pool = PinnedHTTPSConnectionPool(
                        target.host,
                        target.port,
                        maxsize=self.POOL_SIZE,
                        addresses=target.addresses,
                        **pool_kwargs,
                    )
                else:
                    pool = PinnedHTTPConnectionPool(
                        target.host, target.port, maxsize=self.POOL_SIZE, addresses=target.addresses
                    )
                self._pools[key] = pool
        return pool

    def _close_pools(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    def close(self) -> None:
        super().close()
        with self._pools_lock:
            self._close_pools()


# -- the session ------------------------------------------------------------------------------


class HarvestSession(requests.Session):
    """requests.Session with the harvest rules; also handed to ckanapi.RemoteCKAN.

    `request()` returns the final response (after redirects, unless allow_redirects=False)
    with its body read, and keeps its status: a caller sending conditional headers
    (If-None-Match, If-Modified-Since) gets the 304 back as a response, not an error.
    """

    def __init__(
        self,
        *,
        timeout_s: float = 30.0,
        connect_timeout_s: float = 10.0,
        deadline_s: float = 120.0,
        max_bytes: int = 20 * 1024 * 1024,
        guard: UrlGuard | None = None,
        allow_private: bool = False,
        retries: int = 3,
        backoff_s: float = 0.25,
        rewrite: Callable[[bytes], bytes] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        self.timeout = (connect_timeout_s, timeout_s)
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes
        self.guard = guard or UrlGuard(allow_private=allow_private)
        self.retries = retries
        self.backoff_s = backoff_s
        self.rewrite = rewrite
        # Polled while a request runs: the job was cancelled, taken over or ran out of time.
        self.should_stop: Callable[[], bool] = should_stop or (lambda: False)
        self.headers["User-Agent"] = USER_AGENT
        self.trust_env = False  # no proxies or .netrc from the environment
        self.max_redirects = MAX_REDIRECTS
        adapter = PinnedAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> HarvestSession:
        kwargs.setdefault("guard", UrlGuard.from_settings(settings))
        return cls(
            timeout_s=settings.harvest_timeout_s,
            deadline_s=settings.harvest_deadline_s,
            max_bytes=settings.harvest_max_response_bytes,
            **kwargs,
        )

    def resolve_redirects(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Redirects are followed (and checked) by request(), never by requests itself."""
        return iter(())

    def request(
        self,
        method: str | bytes,
        url: str | bytes,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        cookies: Any = None,
        files: Any = None,
        auth: Any = None,
        timeout: Any = None,
        allow_redirects: bool = True,
        proxies: Any = None,
        hooks: Any = None,
        stream: Any = None,
        verify: Any = None,
        cert: Any = None,
        json: Any = None,
    ) -> requests.Response:
        method = method.decode() if isinstance(method, bytes) else str(method)
        url = url.decode() if isinstance(url, bytes) else str(url)
        deadline = Deadline(self.deadline_s, self.should_stop)
        first = dict(
            params=params,
            data=data,
            headers=headers,
            cookies=cookies,
            files=files,
            auth=auth,
            hooks=hooks,
            json=json,
        )
        with _watched(deadline):
            attempt = 0
            while True:
                attempt += 1
                deadline.check(url)
                try:
                    response = self._follow(method.upper(), url, first, allow_redirects, deadline)
                except (requests.Timeout, requests.ConnectionError) as exc:
                    deadline.check(url)
                    if attempt > self.retries:
                        log.info("no answer from %s: %r", url, exc)
                        reason = connection_reason(exc)
                        # a connect timeout is both kinds: it reads as a timeout
                        if isinstance(exc, requests.Timeout):
                            raise HarvestError(
                                f"Waktu habis menunggu jawaban {url} ({reason})."
                            ) from exc
                        raise HarvestError(f"Tidak dapat terhubung ke {url}: {reason}.") from exc
                else:
                    if response.status_code in RETRY_STATUSES and attempt <= self.retries:
                        response.close()
                    else:
                        self._read_limited(response, str(response.url or url), deadline)
                        if response.status_code >= 400:
                            raise HttpStatusError(
                                f"{url} menjawab HTTP {response.status_code}: "
                                f"{response.text[:200].strip()}",
                                status=response.status_code,
                                final_url=str(response.url or url),
                            )
                        return response
                deadline.wait(self.backoff_s * 2 ** (attempt - 1), url)

    def _follow(
        self,
        method: str,
        url: str,
        first: dict[str, Any],
        allow_redirects: bool,
        deadline: Deadline,
    ) -> requests.Response:
        """Send the request; follow redirects, each hop checked by the guard and pinned."""
        kwargs = dict(first)
        for _hop in range(MAX_REDIRECTS + 1):
            prepared = self.prepare_request(requests.Request(method=method, url=url, **kwargs))
            prepared.harvest_target = self.guard.check(str(prepared.url))  # type: ignore[attr-defined]
            left = max(deadline.remaining(), 0.001)
            response = self.send(
                prepared,
                stream=True,
                allow_redirects=False,
                timeout=(min(self.timeout[0], left), min(self.timeout[1], left)),
                proxies={},
            )
            location = self.get_redirect_target(response)
            if not allow_redirects or not location:
                return response
            self._drain(response, deadline, url)
            next_url = urljoin(str(response.url), location)
            method, kwargs = self._redirected(method, kwargs, response.status_code, url, next_url)
            url = next_url
        raise HarvestError(
            f"Terlalu banyak pengalihan (lebih dari {MAX_REDIRECTS}) dari {url}; berhenti."
        )

    def _redirected(
        self, method: str, kwargs: dict[str, Any], status: int, old: str, new: str
    ) -> tuple[str, dict[str, Any]]:
        """The next hop's method and arguments, the way requests and browsers do it."""
        kwargs = dict(kwargs, params=None)
        if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
            method = "GET"
            kwargs.update(data=None, files=None, json=None)
        headers = dict(kwargs.get("headers") or {})
        if method == "GET":
            headers = {
                k: v
                for k, v in headers.items()
                if k.lower() not in ("content-type", "content-length", "transfer-encoding")
            }
        if self.should_strip_auth(old, new):
            headers = {
                k: v
                for k, v in headers.items()
                if k.lower() not in {h.lower() for h in CREDENTIAL_HEADERS}
            }
            if not isinstance(kwargs.get("auth"), AuthBase):
                kwargs["auth"] = None  # a (user, password) pair belongs to the first host
        kwargs["headers"] = headers
        return method, kwargs

    def _drain(self, response: requests.Response, deadline: Deadline, url: str) -> None:
        """Read (a bounded amount of) a redirect's body so its connection can be reused."""
        try:
            for _chunk in response.iter_content(64 * 1024):
                deadline.check(url)
                break  # one chunk at most; otherwise just drop the connection
        except requests.RequestException:
            pass
        finally:
            response.close()

    def _read_limited(self, response: requests.Response, url: str, deadline: Deadline) -> None:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise HarvestError(
                f"Jawaban {url} terlalu besar ({int(declared)} byte; batas {self.max_bytes})."
            )
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    response.close()
                    raise HarvestError(
                        f"Jawaban {url} melebihi batas ukuran {self.max_bytes} byte."
                    )
                chunks.append(chunk)
                deadline.check(url)
        except requests.RequestException as exc:
            response.close()
            deadline.check(url)  # a read ended by the watchdog says why
            raise HarvestError(f"Jawaban {url} terputus: {exc}") from exc
        # A body cut short by the watchdog may look complete (no Content-Length): ask it.
        deadline.check(url)
        body = b"".join(chunks)
        if self.rewrite is not None and response.status_code < 400:
            body = self.rewrite(body)
        response._content = body
        response._content_consumed = True  # type: ignore[attr-defined]


def looks_like_html(body: bytes) -> bool:
    head = body[:500].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def parse_json(body: bytes, url: str) -> Any:
    """JSON from a response body, or a HarvestError that says what came instead."""
    if looks_like_html(body):
        raise HarvestError(
            f"{url} mengirim halaman HTML, bukan JSON (alamat API salah atau portal sedang "
            "gangguan/login)."
        )
    check_harvested_depth(body, url)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise HarvestError(f"JSON dari {url} tidak valid atau terpotong: {exc}") from exc


# Metadata nests a few levels (a package, its resources, their extras); a document nested
# deeper than this is refused before a parser (ours or ckanapi's) recurses into it.
MAX_HARVESTED_JSON_DEPTH = 100


def check_harvested_depth(body: bytes, url: str) -> None:
    """Refuse a harvested JSON document nested deeper than any metadata needs (a parser would
    otherwise fail with a RecursionError and no reason a data steward understands)."""
    if json_depth(body) > MAX_HARVESTED_JSON_DEPTH:
        raise HarvestError(
            f"JSON dari {url} bersarang lebih dari {MAX_HARVESTED_JSON_DEPTH} tingkat; "
            "bukan metadata yang dapat dibaca."
        )


def get_bytes(session: HarvestSession, url: str, **kwargs: Any) -> bytes:
    body: bytes = session.get(url, **kwargs).content
    return body
