"""BPS recommendations in numbers: published datasets per agency and effective status (the
rule the search index uses), with totals, as CSV (API) and as a text table (CLI).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import csvtext
from catalog.clock import today as today_default
from catalog.models import Dataset, Organization, Recommendation
from catalog.models.recommendation import STATUSES, effective_status


def per_agency(
    session: Session, *, today: date | None = None, state: str = "published"
) -> list[dict[str, Any]]:
    """Datasets per agency x effective status (the same effective_status the search index uses).

    Counts the datasets in `state` (published: what public search and its facets see). Every
    agency with at least one such dataset has a row; every status has a column.
    """
    today = today or today_default()
    # Grouped in SQL by what effective_status reads (status, valid_until), then each group goes
    # through effective_status itself: the same rule as the search documents, at SQL speed.
    rows = session.execute(
        select(
            Organization.slug,
            Organization.title,
            Recommendation.status,
            Recommendation.valid_until,
            func.count(),
        )
        .select_from(Dataset)
        .join(Organization, Organization.id == Dataset.organization_id)
        .outerjoin(Recommendation, Recommendation.dataset_id == Dataset.id)
        .where(Dataset.state == state)
        .group_by(
            Organization.slug,
            Organization.title,
            Recommendation.status,
            Recommendation.valid_until,
        )
    )
    counts: dict[tuple[str, str], Counter[str]] = {}
    for slug, title, status, valid_until, n in rows:
        rec = None if status is None else Recommendation(status=status, valid_until=valid_until)
        counts.setdefault((slug, title), Counter())[effective_status(rec, today)] += n
    out = []
    for (slug, title), counter in sorted(counts.items()):
        out.append(
            {
                "organization": slug,
                "organization_title": title,
                "counts": {s: counter.get(s, 0) for s in STATUSES},
                "total": sum(counter.values()),
            }
        )
    return out


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The TOTAL row: each status summed over the agencies."""
    return {s: sum(r["counts"][s] for r in rows) for s in STATUSES}


def as_csv(rows: list[dict[str, Any]]) -> str:
    """The report as CSV with a TOTAL row (API)."""
    buf = io.StringIO()
    writer = csvtext.Writer(buf, lineterminator="\n")
    writer.writerow(["organization", "organization_title", *STATUSES, "total"])
    for r in rows:
        counts = [r["counts"][s] for s in STATUSES]
        writer.writerow([r["organization"], r["organization_title"], *counts, r["total"]])
    sums = totals(rows)
    writer.writerow(["TOTAL", "", *(sums[s] for s in STATUSES), sum(sums.values())])
    return buf.getvalue()


def as_table(rows: list[dict[str, Any]]) -> str:
    """The report as a fixed-width text table (CLI)."""
    sums = totals(rows)
    header = ["organisasi", *STATUSES, "total"]
    body = [
        [r["organization"], *(str(r["counts"][s]) for s in STATUSES), str(r["total"])] for r in rows
    ]
    body.append(["TOTAL", *(str(sums[s]) for s in STATUSES), str(sum(sums.values()))])
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)
