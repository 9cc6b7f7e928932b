"""`catalog serve`'s access-log line: the lean atoms (catalog.serving.AccessLogger) write the
same line as gunicorn's full set, for ACCESS_LOG_FORMAT; another format gets gunicorn's own."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms

from catalog.serving import ACCESS_LOG_FORMAT, AccessLogger


def _line(logger: Logger, resp: object, req: object, environ: dict[str, str]) -> str:
    atoms = logger.atoms(resp, req, environ, timedelta(seconds=1, microseconds=2345))
    return str(logger.cfg.access_log_format % SafeAtoms(atoms))


def test_the_access_line_is_gunicorns() -> None:
    cfg = Config()
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    environ = {
        "REMOTE_ADDR": "10.1.2.3",
        "REQUEST_METHOD": "GET",
        "RAW_URI": '/api/v1/datasets?q="penduduk miskin"',
        "PATH_INFO": "/api/v1/datasets",
        "QUERY_STRING": 'q="penduduk miskin"&per_page=5',
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": 'curl/8.5 "quoted"',
        "HTTP_HOST": "data.example.go.id",
    }
    req = SimpleNamespace(headers=[("HOST", "data.example.go.id"), ("USER-AGENT", "curl/8.5")])
    for resp in (
        SimpleNamespace(status="200 OK", sent=5120, headers=[("Content-Length", "5120")]),
        SimpleNamespace(status=404, sent=None, headers=[]),
    ):
        for env in (environ, {k: v for k, v in environ.items() if k != "HTTP_USER_AGENT"}):
            lean = _line(AccessLogger(cfg), resp, req, env)
            assert lean == _line(Logger(cfg), resp, req, env)
            assert "duration_us=1002345" in lean and 'path="/api/v1/datasets"' in lean
    # another format: every atom, as gunicorn makes them
    cfg.set("access_log_format", "%(r)s %({host}i)s %({content-length}o)s %(t)s")
    resp = SimpleNamespace(status="200 OK", sent=1, headers=[("Content-Length", "1")])
    assert (
        AccessLogger(cfg).atoms(resp, req, environ, timedelta(0)).keys()
        == Logger(cfg).atoms(resp, req, environ, timedelta(0)).keys()
    )
