"""Metadata quality benchmark at catalog scale.

    python bench/quality.py --datasets 100000

A fresh SQLite catalog gets 30 agencies and N published datasets (Core bulk inserts) with
tags, topics, regions, one or two resources, MS-Var variables and fields left empty at random
(as real records are), and link checks for half the resource URLs (a tenth of them broken).
Measured:
- `catalog quality recompute` (services.quality.recompute_all): every dataset scored and its
  row written, the first time (goal <= 60 s for 100 000), and again with nothing changed;
- the agency ranking (services.quality.ranking, what /admin/kualitas and
  /api/v1/quality/organizations answer), median and p99 of repeated runs (goal <= 200 ms),
  against a baseline in the same run: one plain SQL GROUP BY over the same table (the floor);
- one dataset change through the service, scored before its commit (the write-path cost).
The last line printed is one JSON object.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import agencies, arguments, loaded_app, print_figures, timed  # bench/harness.py

from catalog.models import Dataset, DatasetRegion, DatasetTag, DatasetTopic, Resource
from catalog.models.quality import DatasetQuality, LinkCheck
from catalog.services import datasets as dataset_service
from catalog.services import quality
from catalog.services.auth import SYSTEM

FORMATS = [("CSV", "text/csv"), ("XLSX", None), ("PDF", "application/pdf"), ("JSON", None)]


def maybe(rnd: random.Random, p: float, value: Any) -> Any:
    return value if rnd.random() < p else None


def load(app: Any, n: int) -> None:
    db = app.extensions["catalog"].db
    orgs = agencies(app)
    rnd = random.Random(16)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for start in range(0, n, 5000):
        rows: dict[str, list[dict[str, Any]]] = {
            "ds": [], "tags": [], "topics": [], "regions": [], "res": [], "links": []
        }  # fmt: skip
        for i in range(start, min(n, start + 5000)):
            did = str(uuid.UUID(int=rnd.getrandbits(128)))
            variables = [
                {
                    "name": f"var_{k}",
                    "concept": maybe(rnd, 0.6, "Penduduk") or "",
                    "definition": maybe(rnd, 0.7, "Orang yang tinggal di wilayah ini.") or "",
                    "classification": maybe(rnd, 0.5, "Jenis kelamin") or "",
                    "measure": maybe(rnd, 0.6, "Jumlah") or "",
                    "unit": maybe(rnd, 0.8, "jiwa") or "",
                    "data_type": maybe(rnd, 0.7, "integer"),
                    "reference_period": maybe(rnd, 0.5, "Tahunan") or "",
                }
                for k in range(rnd.randint(0, 3))
            ]
            rows["ds"].append(
                {
                    "id": did,
                    "slug": f"dataset-{i}",
                    "title": f"Dataset Uji {i}",
                    "description": maybe(rnd, 0.9, "Deskripsi dataset uji.") or "",
                    "organization_id": rnd.choice(orgs),
                    "state": "published",
                    "license": maybe(rnd, 0.7, rnd.choice(["cc-by-4.0", "notspecified"])),
                    "frequency": maybe(rnd, 0.7, rnd.choice(["tahunan", "bulanan"])),
                    "activity_type": maybe(rnd, 0.6, "kompilasi-administrasi"),
                    "access_level": "public",
                    "temporal_start": maybe(rnd, 0.7, date(2024, 1, 1)),
                    "methodology": maybe(rnd, 0.5, "Rekapitulasi data administrasi.") or "",
                    "contact_email": maybe(rnd, 0.6, "data@tangerangkab.go.id"),
                    "issued": maybe(rnd, 0.5, stamp),
                    "modified": maybe(rnd, 0.6, datetime(2025, rnd.randint(1, 12), 1, tzinfo=UTC)),
                    "variables": variables,
                    "extras": {},
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            if rnd.random() < 0.8:
                rows["tags"] += [{"dataset_id": did, "name": t} for t in ("penduduk", f"t{i % 97}")]
            if rnd.random() < 0.7:
                rows["topics"].append({"dataset_id": did, "code": "kependudukan"})
            if rnd.random() < 0.6:
                rows["regions"].append({"dataset_id": did, "code": "36.03"})
            for pos in range(rnd.randint(1, 2)):
                fmt, media = rnd.choice(FORMATS)
                url = f"https://data{i % 40}.tangerangkab.go.id/d/{i}/{pos}.{fmt.lower()}"
                rows["res"].append(
                    {"id": str(uuid.uuid4()), "dataset_id": did, "position": pos,
                     "name": f"Tabel {pos}", "url": url, "format": fmt, "media_type": media,
                     "size": maybe(rnd, 0.5, 1000 + i), "description": ""}
                )  # fmt: skip
                if rnd.random() < 0.5:
                    ok = rnd.random() > 0.1
                    rows["links"].append(
                        {"url_hash": hashlib.sha256(url.encode()).hexdigest(), "url": url,
                         "checked_at": stamp, "ok": ok, "status": 200 if ok else 404,
                         "detected_format": fmt if ok else None, "error": ""}
                    )  # fmt: skip
        with db.engine.begin() as conn:
            conn.execute(insert(Dataset), rows["ds"])
            for model, key in ((DatasetTag, "tags"), (DatasetTopic, "topics"),
                               (DatasetRegion, "regions"), (Resource, "res"),
                               (LinkCheck, "links")):  # fmt: skip
                if rows[key]:
                    conn.execute(insert(model), rows[key])


def main() -> None:
    args = arguments(repeat=30)
    today = date(2026, 12, 1)
    with loaded_app(lambda app: load(app, args.datasets)) as (ctx, load_s):
        figures: dict[str, Any] = {"datasets": args.datasets, "load_s": round(load_s, 1)}

        def recompute_all(run: str) -> int:
            """Recompute every score, its wall and CPU time as figures; the rows written."""
            t0, c0 = time.perf_counter(), time.thread_time()
            with ctx.db.session() as session:
                written = quality.recompute_all(session, today, reindex=False)
            figures[f"recompute_all_{run}_s"] = round(time.perf_counter() - t0, 2)
            figures[f"recompute_all_{run}_cpu_s"] = round(time.thread_time() - c0, 2)
            return written

        figures["recompute_rows_written"] = recompute_all("first")
        figures["recompute_again_rows_written"] = recompute_all("again")

        def ranking() -> Any:
            with ctx.db.session() as session:
                return quality.ranking(session)

        def baseline() -> Any:
            c = DatasetQuality.__table__.c
            with ctx.db.session() as session:
                return session.execute(
                    select(c.organization_id, func.count(), func.avg(c.mqa_score))
                    .where(c.state == "published")
                    .group_by(c.organization_id)
                ).all()

        rows = ranking()
        figures["agencies"] = len(rows)
        figures["ranking"] = timed(ranking, args.repeat)
        figures["ranking_baseline_group_by"] = timed(baseline, args.repeat)
        figures["ranking_vs_baseline"] = round(
            figures["ranking"]["median_ms"] / figures["ranking_baseline_group_by"]["median_ms"], 2
        )
        with ctx.db.session() as session:
            ids = list(session.scalars(select(Dataset.id).limit(args.repeat)))
        pending = list(ids)

        def write() -> None:
            with ctx.unit_of_work() as session:
                dataset_service.update_dataset(
                    session, SYSTEM, (did := pending.pop()), {"tags": ["baru", did[:6]]},
                    expected_version=session.get(Dataset, did).version,  # type: ignore[union-attr]
                )  # fmt: skip

        figures["one_write_with_score"] = timed(write, len(ids))
        dist = {r["organization"]: r["mean_score"] for r in rows[:3]}
        figures["top_agencies_mean_score"] = dist
    figures["goals_met"] = (
        figures["recompute_all_first_s"] <= 60 and figures["ranking"]["median_ms"] <= 200
    )
    print_figures(figures, 32)


if __name__ == "__main__":
    main()
