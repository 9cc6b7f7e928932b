"""Server-rendered pages through the Flask test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from flask.testing import FlaskClient

from catalog.context import Catalog
from tests import factories
from tests.conftest import World
from tests.web_helpers import csrf_from, sign_in


def _seed(ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Persentase Penduduk Miskin",
            description="Angka kemiskinan per kecamatan. " + factories.HOSTILE_MARKUP,
            tags=["kemiskinan"],
            topics=["perlindungan-sosial"],
        )
        factories.make_dataset(session, "dinas-pendidikan", title="Angka Partisipasi Sekolah")


def test_home_lists_topics_and_agencies_in_indonesian(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Temukan statistik sektoral Kabupaten Tangerang" in page
    assert "Dinas Kesehatan" in page and "/organisasi/dinas-kesehatan" in page
    assert "/topik/perlindungan-sosial" in page


def test_english_switch_is_remembered_in_a_cookie(client: FlaskClient, world: World) -> None:
    page = client.get("/?lang=en")
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert "Find sectoral statistics of Tangerang Regency" in page.get_data(as_text=True)
    assert "lang=en" in page.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/organisasi").get_data(as_text=True)
    assert '<html lang="id">' in client.get("/organisasi?lang=id").get_data(as_text=True)


def test_search_filters_facets_and_chips(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    page = client.get("/dataset?q=miskin").get_data(as_text=True)
    assert "1 dataset ditemukan" in page
    assert "<mark>Miskin</mark>" in page
    page = client.get("/dataset?organization=dinas-pendidikan").get_data(as_text=True)
    assert "Angka Partisipasi Sekolah" in page and "Persentase Penduduk Miskin" not in page
    assert 'class="chip"' in page and "Produsen data: Dinas Pendidikan" in page
    # a typo is searched corrected and the page says so (issue 14) ...
    page = client.get("/dataset?q=kemiskinn").get_data(as_text=True)
    assert "Menampilkan hasil untuk <strong>kemiskinan</strong>" in page
    assert "1 dataset ditemukan" in page and "q=kemiskinn&amp;asli=1" in page
    # ... and "Cari kemiskinn saja?" searches the words as typed, offering the correction
    page = client.get("/dataset?q=kemiskinn&asli=1").get_data(as_text=True)
    assert "Mungkin maksud Anda" in page and "q=kemiskinan" in page
    assert "Persentase Penduduk" not in page
    # facet links narrow the current search
    assert re.search(
        r'href="/dataset\?q=miskin&amp;organization=dinas-kesehatan"',
        client.get("/dataset?q=miskin").get_data(as_text=True),
    )


def test_search_page_shows_every_word_first_and_says_so(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    """Issue 14: two words, one dataset holding both: it comes first, the dataset holding one
    of them follows, and the count says which are which."""
    _seed(ctx)
    page = client.get("/dataset?q=angka+miskin").get_data(as_text=True)
    tiers = '<span class="tiers">(1 memuat semua kata, 1 memuat sebagian)</span>'
    assert f"2 dataset ditemukan {tiers}" in page
    assert page.index("Persentase Penduduk") < page.index("Partisipasi Sekolah")
    english = client.get("/dataset?q=angka+miskin&lang=en").get_data(as_text=True)
    assert (
        '2 datasets found <span class="tiers">(1 with every word, 1 with some of them)' in english
    )
    # every result holding every word: no such note
    assert "memuat semua kata" not in client.get("/dataset?q=miskin").get_data(as_text=True)


def test_dataset_page_sanitizes_and_describes(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    response = client.get("/dataset/persentase-penduduk-miskin")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "window.pwned" not in page
    assert "Belum ada rekomendasi" in page
    assert "/api/v1/datasets/persentase-penduduk-miskin" in page
    assert "/api/3/action/package_show?id=persentase-penduduk-miskin" in page
    assert "Balaraja" in page  # 36.03.01 by name
    assert "jumlah_penduduk" in page  # the variables table
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["@type"] == "Dataset" and data["name"] == "Persentase Penduduk Miskin"
    assert data["creator"]["name"] == "Dinas Kesehatan"


def test_unknown_dataset_is_a_translated_404_page(client: FlaskClient, world: World) -> None:
    response = client.get("/dataset/tidak-ada")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.get_data(as_text=True)
    assert client.get("/tidak/ada").status_code == 404


def test_agency_and_topic_pages(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    page = client.get("/organisasi/dinas-pendidikan").get_data(as_text=True)
    assert "Angka Partisipasi Sekolah" in page and "Persentase Penduduk Miskin" not in page
    page = client.get("/topik/perlindungan-sosial").get_data(as_text=True)
    assert "Persentase Penduduk Miskin" in page and "Angka Partisipasi Sekolah" not in page
    assert client.get("/topik/tidak-ada").status_code == 404
    assert "Dinas Pendidikan dan Kebudayaan" in client.get("/organisasi").get_data(as_text=True)


def test_sign_in_and_out(client: FlaskClient, world: World) -> None:
    response = sign_in(client, "editor")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Keluar (editor)" in page
    token = csrf_from(client, "/")
    assert client.post("/keluar", data={"csrf_token": token}).status_code == 302
    assert "Keluar (editor)" not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused(client: FlaskClient, world: World) -> None:
    response = sign_in(client, "editor", "salah-sekali-123")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)


def test_next_only_redirects_to_local_paths(client: FlaskClient, world: World) -> None:
    token = csrf_from(client, "/masuk")
    data = {"username": "editor", "password": factories.PASSWORD, "csrf_token": token}
    response = client.post("/masuk", data={**data, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/dasbor/"  # the editor's own start instead


def test_form_without_csrf_token_is_refused(client: FlaskClient, world: World) -> None:
    response = client.post("/masuk", data={"username": "editor", "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    csrf_from(client, "/masuk")  # a session token exists now; a wrong one is still refused
    response = client.post(
        "/masuk",
        data={"username": "editor", "password": factories.PASSWORD, "csrf_token": "palsu"},
    )
    assert response.status_code == 400
    assert "Keluar (editor)" not in client.get("/").get_data(as_text=True)


def test_login_is_rate_limited_per_ip_and_username(client: FlaskClient, world: World) -> None:
    for _ in range(5):
        assert sign_in(client, "editor", "salah-sekali-123").status_code == 401
    # even the right password is refused while locked out
    locked = sign_in(client, "editor")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.get_data(as_text=True)
    # another account from the same address is not locked by editor's failures
    assert sign_in(client, "reviewer").status_code == 302


def test_dashboard_needs_sign_in_and_membership(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    response = client.get("/dasbor/dinas-kesehatan")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    sign_in(client, "editor")
    page = client.get("/dasbor/dinas-kesehatan")
    assert page.status_code == 200
    assert "Persentase Penduduk Miskin" in page.get_data(as_text=True)
    assert client.get("/dasbor/dinas-pendidikan").status_code == 403
    assert client.get("/dasbor/").headers["Location"].endswith("/dasbor/dinas-kesehatan")
    assert client.get("/tinjauan/").status_code == 403


def test_dates_are_indonesian(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    page = client.get("/dataset/persentase-penduduk-miskin").get_data(as_text=True)
    assert re.search(r"1 Januari 2023 – 31 Desember 2023", page)
    assert re.search(r"Dimasukkan ke katalog ini pada \d{1,2} \w+ 20\d\d\.", page)
    page = client.get("/dataset/persentase-penduduk-miskin?lang=en").get_data(as_text=True)
    assert "January 1, 2023" in page


class _Controls(HTMLParser):
    """Form controls of a page and the labels that name them."""

    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.in_label = 0
        self.unlabelled: list[str] = []
        self.controls = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls += 1
            if not (self.in_label or a.get("aria-label") or a.get("aria-labelledby")):
                self.unlabelled.append(a.get("id") or a.get("name") or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1


def _unlabelled(html: str) -> tuple[int, list[str]]:
    parser = _Controls()
    parser.feed(html)
    return parser.controls, [c for c in parser.unlabelled if c not in parser.label_for]


def test_every_form_control_has_a_label(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    pages = ["/", "/dataset?q=miskin", "/organisasi/dinas-kesehatan", "/topik/perlindungan-sosial",
             "/masuk"]  # fmt: skip
    signed_in = ["/dasbor/dinas-kesehatan", "/dasbor/dinas-kesehatan/sumber/baru"]
    seen = 0
    for path in pages:
        controls, missing = _unlabelled(client.get(path).get_data(as_text=True))
        assert not missing, (path, missing)
        seen += controls
    sign_in(client, "editor")
    for path in signed_in:
        controls, missing = _unlabelled(client.get(path).get_data(as_text=True))
        assert not missing, (path, missing)
        seen += controls
    assert seen >= 12


def test_dashboard_pages_long_dataset_lists(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        for n in range(52):
            factories.make_dataset(session, "dinas-kesehatan", title=f"Data Kesehatan {n:02d}")
    sign_in(client, "editor")
    first = client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and "(52)" in first
    assert "Data Kesehatan 49" in first and "Data Kesehatan 50" not in first
    second = client.get("/dasbor/dinas-kesehatan?page=2").get_data(as_text=True)
    assert "Data Kesehatan 50" in second and "Data Kesehatan 51" in second
    assert "Data Kesehatan 00" not in second
