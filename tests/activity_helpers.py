"""Payloads and steps shared by the activity tests (MS-Keg profile, API, workflow)."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from flask.testing import FlaskClient

from catalog.context import Catalog
from tests import factories
from tests.conftest import World

_counter = itertools.count(1)

SAMPLE_DESIGN: dict[str, Any] = {
    "jenis_rancangan": "multi_stage",
    "metode_pemilihan": "probability",
    "metode_sampel": ["pps", "sistematik"],
    "kerangka_sampel": "list_frame",
    "ukuran_sampel": 1200,
    "unit_sampel": "Rumah tangga",
    "unit_observasi": "Anggota rumah tangga",
    "level_estimasi": "kabupaten_kota",
}


def activity_payload(organization: str, **overrides: Any) -> dict[str, Any]:
    """A complete, valid API body for a survey activity (every block filled)."""
    n = next(_counter)
    body: dict[str, Any] = {
        "organization": organization,
        "title": f"Survei Kesehatan Rumah Tangga Kabupaten Tangerang {n}",
        "year": 2026,
        "code": f"2026-3603-{n:03d}",
        "method": "survei",
        "sector": "Kesehatan",
        "kind": "berulang",
        "frequency": "tahunan",
        "penyelenggara": {
            "nama_instansi": "Dinas Kesehatan Kabupaten Tangerang",
            "unit_kerja": "Bidang Pencegahan dan Pengendalian Penyakit",
            "alamat": "Jl. Abdul Hamid No. 1, Tigaraksa",
            "telepon": "(021) 5991234",
            "email": "dinkes@tangerangkab.go.id",
        },
        "penanggung_jawab": {
            "nama": "dr. Sri Wahyuni",
            "jabatan": "Kepala Bidang P2P",
            "email": "p2p@tangerangkab.go.id",
        },
        "perencanaan": {
            "latar_belakang": "Data prevalensi penyakit tidak menular per kecamatan belum ada.",
            "tujuan": "Mengukur prevalensi hipertensi dan diabetes per kecamatan.",
            "jadwal_perencanaan_mulai": "2026-01-05",
            "jadwal_perencanaan_selesai": "2026-02-27",
            "jadwal_pengumpulan_mulai": "2026-03-02",
            "jadwal_pengumpulan_selesai": "2026-04-30",
            "jadwal_pengolahan_mulai": "2026-05-04",
            "jadwal_pengolahan_selesai": "2026-06-30",
            "jadwal_diseminasi_mulai": "2026-08-03",
            "jadwal_diseminasi_selesai": "2026-08-31",
        },
        "desain_kegiatan": {
            "tipe_pengumpulan": "cross_section",
            "cakupan_wilayah": "seluruh_wilayah",
            "metode_pengumpulan": ["wawancara", "pengamatan"],
            "sarana_pengumpulan": ["capi"],
            "unit_pengumpulan": "Rumah tangga",
        },
        "desain_sampel": copy.deepcopy(SAMPLE_DESIGN),
        "penjaminan_kualitas": {"uji_coba": True, "pelatihan_petugas": True},
        "pengolahan": {
            "tahapan": ["penyuntingan", "validasi", "penimbangan"],
            "metode_analisis": "deskriptif",
            "unit_analisis": "Individu",
            "tingkat_penyajian": "kecamatan",
        },
        "diseminasi": {
            "produk": ["publikasi_digital", "tabel_statistik"],
            "rencana_rilis": "2026-08-31",
        },
        "variables": [
            {
                "name": "hipertensi",
                "alias": "Status hipertensi",
                "concept": "Tekanan darah tinggi",
                "definition": "Sistolik >= 140 mmHg atau diastolik >= 90 mmHg.",
                "reference_period": "Saat pencacahan",
                "data_type": "category",
                "unit": "",
                "public": True,
            }
        ],
    }
    body.update(overrides)
    return body


def administrative_payload(organization: str, **overrides: Any) -> dict[str, Any]:
    """A valid body for a recurring administrative compilation (no sample design)."""
    body = activity_payload(organization)
    del body["desain_sampel"]
    body.update(
        title=f"Kompilasi Data Kunjungan Puskesmas {next(_counter)}",
        method="kompilasi_produk_administrasi",
        frequency="bulanan",
    )
    body.update(overrides)
    return body


def new_activity(
    client: FlaskClient, world: World, who: str = "editor", **overrides: Any
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/activities",
        json=activity_payload(world.org, **overrides),
        headers=world.auth(who),
    )
    assert response.status_code == 201, response.json
    return dict(response.json)


def new_dataset(client: FlaskClient, world: World, **overrides: Any) -> dict[str, Any]:
    response = world.post_dataset(client, **overrides)
    assert response.status_code == 201, response.json
    return dict(response.json)


def published_activities(ctx: Catalog, organization: str, *titles: str) -> list[str]:
    """The slugs of new published activities of `organization`, one for each title."""
    with ctx.unit_of_work() as session:
        return [factories.make_activity(session, organization, title=t).slug for t in titles]


def link(client: FlaskClient, world: World, activity: str, dataset: str) -> Any:
    return client.post(
        f"/api/v1/activities/{activity}/datasets",
        json={"dataset": dataset},
        headers=world.auth("editor"),
    )
