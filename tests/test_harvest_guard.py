"""The harvest HTTP client's guard: address ranges, redirects, DNS answers that change, TLS on
the checked address, total deadlines, cancellation, and RDF parsed without fetching anything.

Loopback servers are reached through the guard's own settings (a resolver for test names,
trusted networks), never by switching the guard off.
"""

from __future__ import annotations

import ipaddress
import json
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCAT, DCTERMS, RDF

from catalog.config import Settings
from harvesters.dcat import DcatHarvester
from harvesters.http import (
    Cancelled,
    HarvestError,
    HarvestSession,
    HostNotFound,
    UrlGuard,
    UrlRefused,
    guard_url,
    parse_networks,
)
from harvesters.rdf import RemoteContextRefused, offline_jsonld, parse_rdf
from tests.net_servers import Body, Drip, Redirect, ScriptedServer

LOOPBACK = parse_networks("127.0.0.1/32")


def names(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """A resolver for test host names (the system resolver for nothing else)."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unknown test name {host}")
        return table[host]

    return resolve


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer("127.0.0.1")
    yield srv
    srv.stop()


@pytest.fixture
def inside() -> Iterator[ScriptedServer]:
    """A server on 127.0.0.2: reachable from here, but not in the trusted 127.0.0.1/32."""
    srv = ScriptedServer("127.0.0.2")
    yield srv
    srv.stop()


# -- address ranges (pure functions) ----------------------------------------------------------

REFUSED = [
    ("100.64.0.1", "CGNAT"),
    ("100.100.100.200", "metadata"),
    ("0.0.0.0", "jaringan ini"),
    ("0.1.2.3", "jaringan ini"),
    ("192.0.0.8", "IETF"),
    ("198.18.0.1", "198.18.0.0/15"),
    ("198.19.255.254", "198.18.0.0/15"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "cadangan"),
    ("255.255.255.255", "cadangan"),
    ("10.1.2.3", "privat"),
    ("172.16.5.4", "privat"),
    ("192.168.1.1", "privat"),
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("169.254.169.254", "link-local"),
    ("fec0::1", "site-local"),
    ("fc00::1", "unique-local"),
    ("fd12:3456::1", "unique-local"),
    ("fe80::1", "link-local"),
    ("::1", "loopback"),
    ("::", "tak tertentu"),
    ("ff02::1", "multicast"),
    ("2002:0a00:0001::1", "6to4"),  # 6to4 of 10.0.0.1
    ("2002:7f00:0001::1", "6to4"),  # 6to4 of 127.0.0.1
    ("64:ff9b::a00:1", "NAT64"),  # 10.0.0.1
    ("64:ff9b::a9fe:a9fe", "NAT64"),  # 169.254.169.254
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:169.254.169.254", "IPv4-mapped"),
    ("::ffff:100.64.0.1", "IPv4-mapped"),
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
          "2002:808:808::1", "36.95.1.2"]  # fmt: skip


@pytest.mark.parametrize(("address", "rule"), REFUSED)
def test_guard_refuses_range(address: str, rule: str) -> None:
    guard = UrlGuard(resolver=names({"portal.example": [address]}))
    with pytest.raises(UrlRefused) as refused:
        guard_url("https://portal.example/api/3/action/package_search", guard)
    message = str(refused.value)
    assert isinstance(refused.value, ValueError)
    assert rule in message and str(ipaddress.ip_address(address)) in message
    assert "ditolak" in message and "CATALOG_" not in message
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(UrlRefused):
        guard_url(f"http://{literal}:8080/data.json", guard)  # also written as an address


@pytest.mark.parametrize("address", PUBLIC)
def test_guard_accepts_public_addresses(address: str) -> None:
    guard = UrlGuard(resolver=names({"portal.example": [address]}))
    assert guard.check("https://portal.example/").addresses == (str(ipaddress.ip_address(address)),)


def test_guard_refuses_when_any_address_is_private() -> None:
    guard = UrlGuard(resolver=names({"portal.example": ["8.8.8.8", "10.0.0.7"]}))
    with pytest.raises(UrlRefused, match=r"10\.0\.0\.7"):
        guard_url("https://portal.example/", guard)


@pytest.mark.parametrize(
    "url", ["ftp://portal.example/x", "file:///etc/passwd", "javascript:alert(1)", "http:///x"]
)
def test_guard_refuses_other_schemes(url: str) -> None:
    with pytest.raises(UrlRefused, match="http"):
        guard_url(url, UrlGuard(resolver=names({})))


def test_guard_trusted_networks_and_settings() -> None:
    trusted = Settings(harvest_allowed_networks="10.20.0.0/16, 127.0.0.1")
    guard = UrlGuard.from_settings(trusted, resolver=names({"opd.lan": ["10.20.3.4"]}))
    guard_url("http://opd.lan/data.json", guard)
    guard_url("http://127.0.0.1:5000/", trusted)
    guard_url("http://[::ffff:127.0.0.1]:5000/", trusted)
    with pytest.raises(UrlRefused):
        guard_url("http://127.0.0.2:5000/", trusted)  # the rest of loopback stays refused
    with pytest.raises(UrlRefused):
        guard_url("http://10.21.0.1/", trusted)
    guard_url("http://10.21.0.1/", Settings(harvest_allow_private=True))
    with pytest.raises(HostNotFound) as missing:
        guard_url("http://nowhere.example/", UrlGuard(resolver=names({})))
    assert isinstance(missing.value, ValueError) and not isinstance(missing.value, UrlRefused)


def test_bad_trusted_network_setting_fails_at_start() -> None:
    from catalog.config import ConfigError

    with pytest.raises(ConfigError, match="ALLOWED_NETWORKS"):
        Settings.from_env({"CATALOG_HARVEST_ALLOWED_NETWORKS": "10.0.0.0/33"})
    assert Settings.from_env({}).harvest_deadline_s == 120.0
    assert Settings.from_env({}).harvest_max_job_s == 3600.0


# -- redirects and DNS answers ----------------------------------------------------------------


def session_for(**table: list[str]) -> HarvestSession:
    resolver = names({name.replace("_", "."): addrs for name, addrs in table.items()})
    return HarvestSession(
        guard=UrlGuard(allowed_networks=LOOPBACK, resolver=resolver),
        timeout_s=5.0,
        deadline_s=30.0,
        retries=0,
    )


@pytest.mark.parametrize("location", ["address", "name"])
def test_redirect_to_refused_address_is_not_followed(
    server: ScriptedServer, inside: ScriptedServer, location: str
) -> None:
    inside.routes["/latest/meta-data/"] = Body(b'{"secret": "instance credentials"}')
    target = {
        "address": f"http://127.0.0.2:{inside.port}/latest/meta-data/",
        "name": f"http://metadata.test:{inside.port}/latest/meta-data/",
    }[location]
    server.routes["/data.json"] = Redirect(target)
    session = session_for(portal_test=["127.0.0.1"], metadata_test=["127.0.0.2"])
    with pytest.raises(UrlRefused, match=r"127\.0\.0\.2.*loopback"):
        session.get(f"http://portal.test:{server.port}/data.json")
    assert server.hits("/data.json") == 1
    assert inside.hits() == 0


def test_redirects_are_followed_and_bounded(server: ScriptedServer) -> None:
    server.routes["/old"] = Redirect(f"http://portal.test:{server.port}/new", 301)
    server.routes["/new"] = Body(b'{"ok": true}')
    session = session_for(portal_test=["127.0.0.1"])
    response = session.get(f"http://portal.test:{server.port}/old")
    assert response.json() == {"ok": True} and response.url.endswith("/new")
    for n in range(10):
        server.routes[f"/loop{n}"] = Redirect(f"/loop{n + 1}")
    with pytest.raises(HarvestError, match="Terlalu banyak pengalihan"):
        session.get(f"http://portal.test:{server.port}/loop0")
    assert server.hits("/loop6") == 0  # the first request and 5 redirects, no more


def test_connection_goes_to_the_checked_address(
    server: ScriptedServer, inside: ScriptedServer
) -> None:
    """A name that answers a trusted address first and a refused one next (DNS rebinding):
    the request goes to the first answer with the name as Host; the next check refuses."""
    rebinding = ScriptedServer("127.0.0.2", server.port)  # same port, other address
    try:
        server.routes["/catalog.ttl"] = Body(b"", "text/turtle")
        rebinding.routes["/catalog.ttl"] = Body(b"", "text/turtle")
        answers = [["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]]
        asked: list[str] = []

        def resolver(host: str, port: int) -> list[str]:
            asked.append(host)
            return answers[min(len(asked) - 1, len(answers) - 1)]

        session = HarvestSession(
            guard=UrlGuard(allowed_networks=LOOPBACK, resolver=resolver), retries=0
        )
        url = f"http://rebind.test:{server.port}/catalog.ttl"
        assert session.get(url).status_code == 200
        assert asked == ["rebind.test"]  # resolved once for the request
        assert server.requests == [("/catalog.ttl", f"rebind.test:{server.port}")]
        with pytest.raises(UrlRefused, match=r"127\.0\.0\.2"):
            session.get(url)  # the second answer is checked too, and refused
        assert rebinding.hits() == 0
    finally:
        rebinding.stop()


def test_tls_uses_the_name_on_the_checked_address(tmp_path: Path) -> None:
    """HTTPS to a name pinned to 127.0.0.1: SNI and the certificate check use the name."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=portal.test",
         "-addext", "subjectAltName=DNS:portal.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    seen: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: seen.append(name)  # type: ignore[assignment,misc,return-value]
    srv = ScriptedServer("127.0.0.1", tls=context)
    try:
        srv.routes["/data.json"] = Body(b'{"dataset": []}')
        session = session_for(portal_test=["127.0.0.1"])
        session.verify = str(cert)
        assert session.get(f"https://portal.test:{srv.port}/data.json").json() == {"dataset": []}
        assert seen == ["portal.test"]
        assert srv.requests == [("/data.json", f"portal.test:{srv.port}")]
    finally:
        srv.stop()


def test_unchecked_request_is_never_sent(server: ScriptedServer) -> None:
    import requests

    session = session_for()
    prepared = requests.Request("GET", f"{server.url}/x").prepare()
    with pytest.raises(UrlRefused, match="belum diperiksa"):
        session.send(prepared)
    assert server.hits() == 0


# -- deadlines and cancellation ---------------------------------------------------------------


@pytest.mark.parametrize("where", ["body", "status line"])
def test_dripping_server_ends_at_the_deadline(server: ScriptedServer, where: str) -> None:
    server.routes["/slow"] = Drip(where, interval_s=0.1)  # each read well within the timeout
    session = HarvestSession(
        guard=UrlGuard(allowed_networks=LOOPBACK), timeout_s=5.0, deadline_s=1.5, retries=2
    )
    started = time.monotonic()
    with pytest.raises(HarvestError, match=r"Waktu habis.*1\.5 detik"):
        session.get(f"{server.url}/slow")
    elapsed = time.monotonic() - started
    assert 1.5 <= elapsed < 30
    assert server.hits("/slow") == 1  # a spent deadline is not retried


def test_cancel_ends_a_blocked_read(server: ScriptedServer) -> None:
    server.routes["/slow"] = Drip("body", interval_s=0.5)
    stop = threading.Event()
    session = HarvestSession(
        guard=UrlGuard(allowed_networks=LOOPBACK), deadline_s=600.0, should_stop=stop.is_set
    )
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            session.get(f"{server.url}/slow")
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    assert server.drip_started.wait(30)
    stop.set()
    thread.join(30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)


# -- RDF parsed offline -----------------------------------------------------------------------


def dataset_jsonld(context: object) -> bytes:
    return json.dumps(
        {
            "@context": context,
            "@id": "https://data.tangerangkab.go.id/dataset/padi",
            "@type": "Dataset",
            "title": "Produksi Padi per Kecamatan",
        }
    ).encode()


def test_harvested_rdf_fetches_nothing(server: ScriptedServer, tmp_path: Path) -> None:
    """A hostile remote @context (also nested, scoped, in a list, by @import, as a file),
    and RDF/XML entities naming a URL or a file: nothing is requested or read."""
    context = {"@context": {"Dataset": "http://www.w3.org/ns/dcat#Dataset",
                            "title": "http://purl.org/dc/terms/title"}}  # fmt: skip
    server.routes["/ctx.jsonld"] = Body(json.dumps(context).encode(), "application/ld+json")
    hostile = f"http://127.0.0.1:{server.port}/ctx.jsonld"
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-SERVER")
    documents = [
        dataset_jsonld(hostile),
        dataset_jsonld([{"dct": "http://purl.org/dc/terms/"}, hostile]),
        dataset_jsonld({"@import": hostile}),
        dataset_jsonld(
            {"Dataset": {"@id": "http://www.w3.org/ns/dcat#Dataset", "@context": hostile}}
        ),
        json.dumps({"@graph": [{"@context": hostile, "title": "x"}]}).encode(),
        dataset_jsonld(secret.as_uri()),
        dataset_jsonld("ctx.jsonld"),  # relative to the document: the same server
    ]
    for body in documents:
        with pytest.raises(RemoteContextRefused) as refused:
            parse_rdf(body, "json-ld", f"http://127.0.0.1:{server.port}/catalog.jsonld")
        assert "konteks jarak jauh" in str(refused.value)
    rdfxml = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY remote SYSTEM "http://127.0.0.1:{server.port}/entity">
  <!ENTITY local SYSTEM "{secret.as_uri()}">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://data.tangerangkab.go.id/dataset/jagung">
    <dct:title>Jagung &remote; &local;</dct:title>
  </dcat:Dataset>
</rdf:RDF>""".encode()
    try:
        graph = parse_rdf(rdfxml, "xml", "http://portal.test/catalog.rdf")
        assert "RAHASIA" not in " ".join(str(o) for o in graph.objects())
    except HarvestError:
        pass  # refusing the document is as good as ignoring the entities
    assert server.requests == []


@pytest.mark.parametrize(
    ("context", "dataset_type", "title_key"),
    [
        ("https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld",
         "Dataset", "title"),
        ("https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld", "dcat:Dataset",
         "title"),
        ("http://schema.org/", "http://www.w3.org/ns/dcat#Dataset",
         "http://purl.org/dc/terms/title"),
    ],
)  # fmt: skip
def test_known_contexts_are_read_locally(context: str, dataset_type: str, title_key: str) -> None:
    doc = {
        "@context": context,
        "@id": "https://data.tangerangkab.go.id/dataset/padi",
        "@type": dataset_type,
        title_key: "Produksi Padi",
    }
    graph = parse_rdf(json.dumps(doc).encode(), "json-ld", "https://portal.example/c.jsonld")
    [subject] = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert graph.value(subject, DCTERMS.title) == Literal("Produksi Padi")
    assert "@context" in json.dumps(offline_jsonld(doc, "https://portal.example/"))


def test_dcat_harvest_with_hostile_context_reports_and_fetches_nothing(
    server: ScriptedServer,
) -> None:
    hostile = f"http://127.0.0.1:{server.port}/ctx.jsonld"
    server.routes["/catalog.jsonld"] = Body(dataset_jsonld(hostile), "application/ld+json")
    settings = Settings(harvest_allowed_networks="127.0.0.1/32")
    harvester = DcatHarvester(f"{server.url}/catalog.jsonld", settings=settings)
    with pytest.raises(HarvestError, match=f"konteks jarak jauh {hostile}"):
        list(harvester.fetch())
    assert server.hits("/catalog.jsonld") == 1 and server.hits("/ctx.jsonld") == 0
