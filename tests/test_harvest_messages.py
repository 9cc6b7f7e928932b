"""A failed job's message is read by an agency's clerk: the reason in plain words, not the
HTTP library's exception text (which goes to the log)."""

from __future__ import annotations

import socket
from pathlib import Path

import requests

from catalog.context import Catalog
from harvesters.http import connection_reason
from tests import factories
from tests.conftest import build_app
from tests.harvest_helpers import make_source, run


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_explained_in_plain_words(sqlite_url: str, tmp_path: Path) -> None:
    app = build_app(sqlite_url, tmp_path, harvest_allow_private=True)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
    url = f"http://127.0.0.1:{_closed_port()}/"
    job = run(ctx, make_source(ctx, "ckan", url))
    assert job.status == "failed"
    assert f"Tidak dapat terhubung ke {url}" in job.message
    assert "server menolak sambungan" in job.message
    for technical in ("NewConnectionError", "HTTPConnectionPool", "Max retries", "Errno"):
        assert technical not in job.message, job.message


def test_connection_reasons_name_the_usual_failures() -> None:
    def failed(text: str, cause: BaseException | None = None) -> BaseException:
        exc = requests.ConnectionError(text)
        exc.__cause__ = cause
        return exc

    assert connection_reason(failed("x", OSError("[Errno -2] Name or service not known"))) == (
        "nama server tidak ditemukan"
    )
    assert connection_reason(
        failed("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    ) == ("sertifikat TLS server tidak sah")
    assert connection_reason(requests.ConnectTimeout("Connection to x timed out")) == (
        "server tidak menjawab dalam batas waktu"
    )
    assert connection_reason(failed("('Connection aborted.', RemoteDisconnected())")) == (
        "server memutus sambungan"
    )
    assert connection_reason(failed("something else")) == "sambungan gagal"
