"""Recommendation benchmark: report, reviewer queue and one transition at catalog scale.

    python bench/recommendations.py --datasets 100000

A fresh SQLite catalog gets 30 agencies and N published datasets (Core bulk inserts), 60 % of
them with a recommendation in a random status (a fifth of the recommended ones expired, some
flagged changed). Measured (median and p99 of repeated runs):
- the report (`report.per_agency`: every published dataset through `effective_status`) against a
  baseline in the same run: one SQL `GROUP BY organization, status` (which cannot tell
  `expired` apart, so it is the floor, not an alternative);
- the reviewer queue, first page, default view and `changed=true`;
- one transition (`take`) through the service, with its event and outbox rows.
The last line printed is one JSON object.
"""

from __future__ import annotations

import random
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import agencies, arguments, loaded_app, print_figures, timed  # bench/harness.py

from catalog.models import Dataset, Recommendation, User, UserRole
from catalog.services.auth import Actor
from catalog.services.recommendations import report as report_service
from catalog.services.recommendations import views, workflow

STORED = ["requested", "in_review", "recommended", "revision_needed", "not_recommended", "revoked"]


def load(app: Any, n: int, today: date) -> list[str]:
    db = app.extensions["catalog"].db
    orgs = agencies(app)
    rnd = random.Random(11)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    with db.engine.begin() as conn:
        conn.execute(insert(User), [{"id": "u-reviewer", "username": "reviewer", "full_name": ""}])
        conn.execute(insert(UserRole), [{"user_id": "u-reviewer", "role": "bps_reviewer"}])
    ids = [str(uuid.UUID(int=rnd.getrandbits(128))) for _ in range(n)]
    for start in range(0, n, 5000):
        chunk = ids[start : start + 5000]
        datasets, recs = [], []
        for i, did in enumerate(chunk, start):
            datasets.append(
                {
                    "id": did,
                    "slug": f"dataset-{i}",
                    "title": f"Dataset Uji {i}",
                    "organization_id": rnd.choice(orgs),
                    "state": "published",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            if rnd.random() < 0.6:
                status = rnd.choice(STORED)
                lapsed = status == "recommended" and rnd.random() < 0.2
                recs.append(
                    {
                        "id": str(uuid.uuid4()),
                        "dataset_id": did,
                        "status": status,
                        "valid_until": today + timedelta(days=-30 if lapsed else 300),
                        "changed_since_decision": status == "recommended" and rnd.random() < 0.1,
                        "requested_at": stamp + timedelta(minutes=i),
                        "updated_at": stamp + timedelta(minutes=i),
                        "activity": {},
                        "version": 1,
                    }
                )
        with db.engine.begin() as conn:
            conn.execute(insert(Dataset), datasets)
            if recs:
                conn.execute(insert(Recommendation), recs)
    return ids


def main() -> None:
    args = arguments(repeat=15)
    today = date(2026, 11, 24)
    with loaded_app(lambda app: load(app, args.datasets, today)) as (ctx, load_s):
        with ctx.db.session() as session:
            reviewer = Actor.for_user(session.get(User, "u-reviewer"))

        def report() -> Any:
            with ctx.db.session() as session:
                return report_service.per_agency(session, today=today)

        def baseline() -> Any:
            with ctx.db.session() as session:
                return session.execute(
                    select(Dataset.organization_id, Recommendation.status, func.count())
                    .outerjoin(Recommendation, Recommendation.dataset_id == Dataset.id)
                    .where(Dataset.state == "published")
                    .group_by(Dataset.organization_id, Recommendation.status)
                ).all()

        def queue(changed: bool) -> Callable[[], Any]:
            def run() -> Any:
                with ctx.db.session() as session:
                    rows, total = views.queue(session, reviewer, changed=changed, today=today)
                    return [views.queue_item(reviewer, d, today) for d in rows], total

            return run

        totals = report_service.totals(report())
        figures = {
            "datasets": args.datasets,
            "load_s": round(load_s, 2),
            "report": timed(report, args.repeat),
            "report_baseline_group_by": timed(baseline, args.repeat),
            "queue_open_first_page": timed(queue(False), args.repeat),
            "queue_changed_first_page": timed(queue(True), args.repeat),
            "report_totals": totals,
        }
        figures["report_vs_baseline"] = round(
            figures["report"]["median_ms"] / figures["report_baseline_group_by"]["median_ms"], 2
        )
        with ctx.db.session() as session:
            open_ids = session.scalars(
                select(Recommendation.dataset_id)
                .where(Recommendation.status == "requested")
                .limit(args.repeat)
            ).all()
        pending = list(open_ids)

        def take() -> None:
            with ctx.db.session() as session:
                workflow.act(session, reviewer, pending.pop(), "take", today=today)

        figures["take_transition"] = timed(take, min(args.repeat, len(open_ids)))
    print_figures(figures, 28)


if __name__ == "__main__":
    main()
