"""MS-Var variables marked not public ("Ditampilkan untuk umum" unticked, public=false) are
shown only to the owning agency and BPS staff (catalog/services/auth.py visible_variables):
not on the public dataset page, in API v1 for others, in the CKAN API, schema.org, DCAT-AP
or the search index; the editor keeps them on save."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.models import Dataset
from catalog.services.auth import ANONYMOUS, Actor, visible_variables
from tests.conftest import World
from tests.web_helpers import csrf_from, found_in, sign_in

PUBLIC = "jumlah_kunjungan_balita"
HIDDEN = "nik_pasien_rahasia"
HIDDEN_WORD = "Rahasiakependudukan"  # a word only the hidden variable's definition has

VARIABLES = [
    {
        "name": PUBLIC,
        "alias": "Jumlah Kunjungan Balita",
        "data_type": "integer",
        "unit": "kunjungan",
        "definition": "Kunjungan balita ke posyandu.",
        "public": True,
    },
    {
        "name": HIDDEN,
        "alias": "NIK Pasien",
        "data_type": "text",
        "definition": f"Nomor induk kependudukan pasien ({HIDDEN_WORD}).",
        "public": False,
    },
]


def _publish(client: FlaskClient, world: World) -> dict[str, Any]:
    created = world.post_dataset(
        client,
        title="Kunjungan Posyandu Balita",
        state="published",
        variables=VARIABLES,
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    body: dict[str, Any] = created.json  # type: ignore[assignment]
    # the agency's editor who wrote it gets both back
    assert [v["name"] for v in body["variables"]] == [PUBLIC, HIDDEN]
    return body


def _api_names(client: FlaskClient, world: World, who: str | None, path: str) -> list[str]:
    answer = client.get(path, headers=world.auth(who))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [v["name"] for v in answer.json["variables"]]  # type: ignore[index]


def test_the_rule() -> None:
    rows = [{"name": "a"}, {"name": "b", "public": False}, {"name": "c", "public": True}]
    owner = Actor(user_id="u1", username="e", orgs={"org-1": "editor"})
    other = Actor(user_id="u2", username="f", orgs={"org-2": "editor"})
    reviewer = Actor(user_id="u3", username="r", roles=frozenset({"bps_reviewer"}))
    admin = Actor(user_id="u4", username="w", roles=frozenset({"admin"}))
    public = [{"name": "a"}, {"name": "c", "public": True}]
    assert visible_variables(ANONYMOUS, "org-1", rows) == public
    assert visible_variables(other, "org-1", rows) == public
    for who in (owner, reviewer, admin):
        assert visible_variables(who, "org-1", rows) == rows
    assert visible_variables(ANONYMOUS, None, None) == []


def test_api_v1_shows_hidden_variables_to_the_agency_and_staff_only(
    client: FlaskClient, world: World
) -> None:
    body = _publish(client, world)
    one = f"/api/v1/datasets/{body['slug']}"
    for who in (None, "other_editor"):
        assert _api_names(client, world, who, one) == [PUBLIC], who
        raw = client.get(one, headers=world.auth(who)).get_data(as_text=True)
        assert HIDDEN not in raw and HIDDEN_WORD not in raw
    for who in ("editor", "reviewer", "admin"):
        assert _api_names(client, world, who, one) == [PUBLIC, HIDDEN], who
    # the list (search; profiles cached per dataset version): each sees their own form,
    # in either order of asking
    for who, names in (
        (None, [PUBLIC]),
        ("editor", [PUBLIC, HIDDEN]),
        ("other_editor", [PUBLIC]),
        ("reviewer", [PUBLIC, HIDDEN]),
        (None, [PUBLIC]),
    ):
        found = client.get("/api/v1/datasets?q=posyandu", headers=world.auth(who)).json
        assert found is not None and found["total"] == 1
        assert [v["name"] for v in found["results"][0]["variables"]] == names, who
    # drafts listed from the database: the same rule
    draft = world.post_dataset(
        client, title="Kunjungan Posyandu Draf", state="draft", variables=VARIABLES
    )
    assert draft.status_code == 201
    for who, names in (("editor", [PUBLIC, HIDDEN]), ("reviewer", [PUBLIC, HIDDEN])):
        page = client.get("/api/v1/datasets?state=draft", headers=world.auth(who)).json
        assert page is not None and page["total"] == 1
        assert [v["name"] for v in page["results"][0]["variables"]] == names


def test_search_does_not_find_a_hidden_variable(client: FlaskClient, world: World) -> None:
    _publish(client, world)
    assert client.get("/api/v1/datasets?q=posyandu").json["total"] == 1  # type: ignore[index]
    for words in (HIDDEN, HIDDEN_WORD, "nik pasien rahasia"):
        for who in (None, "other_editor"):
            found = client.get(
                "/api/v1/datasets", query_string={"q": words}, headers=world.auth(who)
            ).json
            assert found is not None and found["total"] == 0, (words, who)
        page = client.get("/dataset", query_string={"q": words}).get_data(as_text=True)
        assert "Kunjungan Posyandu Balita" not in page


def _jsonld(page: str) -> str:
    return found_in(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)


def test_public_outputs_leave_hidden_variables_out(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    body = _publish(client, world)
    slug = body["slug"]
    page = client.get(f"/dataset/{slug}").get_data(as_text=True)
    assert PUBLIC in page and HIDDEN not in page and HIDDEN_WORD not in page
    data = json.loads(_jsonld(page))
    assert data["variableMeasured"] == ["Jumlah Kunjungan Balita"]

    # CKAN Action API (what a harvester of this catalog reads): public only, whoever asks
    for who in (None, "editor"):
        shown = client.get(
            "/api/3/action/package_show", query_string={"id": slug}, headers=world.auth(who)
        )
        assert shown.status_code == 200
        text = shown.get_data(as_text=True)
        assert HIDDEN not in text and HIDDEN_WORD not in text
        extras = {e["key"]: e["value"] for e in shown.json["result"]["extras"]}  # type: ignore[index]
        assert [v["name"] for v in json.loads(extras["variables"])] == [PUBLIC]
    found = client.get("/api/3/action/package_search", query_string={"q": "posyandu"})
    assert found.json["result"]["count"] == 1  # type: ignore[index]
    assert PUBLIC in found.get_data(as_text=True)
    assert HIDDEN not in found.get_data(as_text=True)

    # DCAT-AP, by content negotiation and in the catalog documents
    for media in ("text/turtle", "application/ld+json", "application/rdf+xml"):
        rdf = client.get(f"/dataset/{slug}", headers={"Accept": media})
        assert rdf.status_code == 200 and rdf.mimetype == media
        assert PUBLIC in rdf.get_data(as_text=True)
        assert HIDDEN not in rdf.get_data(as_text=True), media
    catalog_ttl = client.get("/catalog.ttl").get_data(as_text=True)
    assert PUBLIC in catalog_ttl and HIDDEN not in catalog_ttl
    for path in ("/data.json",):
        other = client.get(path)
        assert other.status_code == 200 and HIDDEN not in other.get_data(as_text=True)
    # what is stored keeps both
    with ctx.db.session() as session:
        stored = session.get(Dataset, body["id"])
        assert stored is not None
        assert [v["name"] for v in stored.variables] == [PUBLIC, HIDDEN]


def test_the_agency_and_a_reviewer_see_them_on_the_page(client: FlaskClient, world: World) -> None:
    slug = _publish(client, world)["slug"]
    for who in ("editor", "reviewer"):
        sign_in(client, "editor" if who == "editor" else "reviewer")
        page = client.get(f"/dataset/{slug}").get_data(as_text=True)
        assert PUBLIC in page and HIDDEN in page, who
        # the page's schema.org JSON-LD is public data whoever looks
        assert HIDDEN not in _jsonld(page)
        client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})
    sign_in(client, "editor2")  # another agency's editor
    page = client.get(f"/dataset/{slug}").get_data(as_text=True)
    assert PUBLIC in page and HIDDEN not in page


class _Form(HTMLParser):
    """The values a browser would send for the editor's form (inputs, checkboxes, selects,
    textareas), as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value") or "on"))
            else:
                self.values.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def test_saving_through_the_editor_keeps_hidden_variables(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    body = _publish(client, world)
    sign_in(client, "editor")
    edit = f"/dasbor/dinas-kesehatan/dataset/{body['slug']}/ubah"
    form_page = client.get(edit).get_data(as_text=True)
    assert HIDDEN in form_page and HIDDEN_WORD in form_page  # the editor shows them all
    parser = _Form()
    parser.feed(form_page)
    values = [(k, v) for k, v in parser.values if k != "csrf_token"]
    sent = dict(values)
    assert sent["variables.0.public"] == "on" and "variables.1.public" not in sent
    data: dict[str, list[str]] = {}
    for k, v in values:
        data.setdefault(k, []).append(v)
    data["description"] = ["Diubah lewat editor."]
    data["action"] = ["publish"]
    data["csrf_token"] = [csrf_from(client, edit)]
    saved = client.post(edit, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with ctx.db.session() as session:
        stored = session.get(Dataset, body["id"])
        assert stored is not None and stored.description == "Diubah lewat editor."
        assert [(v["name"], v.get("public", True)) for v in stored.variables] == [
            (PUBLIC, True),
            (HIDDEN, False),
        ]
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})
    page = client.get(f"/dataset/{body['slug']}").get_data(as_text=True)
    assert "Diubah lewat editor." in page and HIDDEN not in page
