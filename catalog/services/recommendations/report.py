"""BPS recommendations in numbers: published datasets per agency and effective status (the
rule the search index uses: a dataset counts with its governing recommendation, its own or its
statistical activity's), with totals, as CSV (API) and as a text table (CLI); published
activities per agency and status; recommendations expiring soon; activities carried out
without a recommendation (the walidata's figure for the EPSS domain Statistik Nasional).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from catalog import csvtext
from catalog.clock import today as today_default
from catalog.models import Activity, Dataset, Organization, Recommendation
from catalog.models.recommendation import STATUSES, effective_status

# How many days ahead `expiring` looks by default.
EXPIRING_DAYS = 60


def _by_status(rows: Any, today: date) -> list[dict[str, Any]]:
    """(slug, title, status, valid_until, n) groups -> one row per agency, every status a
    column; each group goes through effective_status itself (the search documents' rule)."""
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


def per_agency(
    session: Session, *, today: date | None = None, state: str = "published"
) -> list[dict[str, Any]]:
    """Datasets per agency x effective status of the governing recommendation (the same
    effective_status and `governing` the search index uses).

    Counts the datasets in `state` (published: what public search and its facets see). Every
    agency with at least one such dataset has a row; every status has a column.
    """
    today = today or today_default()
    own = aliased(Recommendation, name="own_rec")
    inherited = aliased(Recommendation, name="activity_rec")
    # Grouped in SQL by what the governing rule and effective_status read (both
    # recommendations' status and valid_until), then each group goes through them: the same
    # rule as the search documents, at GROUP BY speed (grouping on the plain columns, not on
    # a CASE of them, keeps the indexes and costs half as much).
    columns = (
        Organization.slug, Organization.title, own.status, own.valid_until,
        inherited.status, inherited.valid_until,
    )  # fmt: skip
    rows = session.execute(
        select(*columns, func.count())
        .select_from(Dataset)
        .join(Organization, Organization.id == Dataset.organization_id)
        .outerjoin(own, own.dataset_id == Dataset.id)
        .outerjoin(inherited, inherited.activity_id == Dataset.activity_id)
        .where(Dataset.state == state)
        .group_by(*columns)
    )
    return _by_status(
        (
            (slug, title, *_governing(own_status, own_valid, act_status, act_valid), n)
            for slug, title, own_status, own_valid, act_status, act_valid, n in rows
        ),
        today,
    )


def _governing(
    own_status: str | None, own_valid: date | None, act_status: str | None, act_valid: date | None
) -> tuple[str | None, date | None]:
    """(status, valid_until) a dataset shows: its own recommendation once under way, else its
    activity's (models/recommendation.py `governing`, on the grouped columns)."""
    if own_status is not None and own_status != "none":
        return own_status, own_valid
    if act_status is not None:
        return act_status, act_valid
    return own_status, own_valid


def activities_per_agency(
    session: Session, *, today: date | None = None, state: str = "published"
) -> list[dict[str, Any]]:
    """Statistical activities per agency x effective status of their recommendation."""
    today = today or today_default()
    rows = session.execute(
        select(
            Organization.slug,
            Organization.title,
            Recommendation.status,
            Recommendation.valid_until,
            func.count(),
        )
        .select_from(Activity)
        .join(Organization, Organization.id == Activity.organization_id)
        .outerjoin(Recommendation, Recommendation.activity_id == Activity.id)
        .where(Activity.state == state)
        .group_by(
            Organization.slug,
            Organization.title,
            Recommendation.status,
            Recommendation.valid_until,
        )
    )
    return _by_status(rows, today)


def _published_counts(session: Session) -> dict[str, int]:
    """activity id -> its published datasets."""
    return dict(
        session.execute(  # type: ignore[arg-type]
            select(Dataset.activity_id, func.count())
            .where(Dataset.state == "published", Dataset.activity_id.is_not(None))
            .group_by(Dataset.activity_id)
        ).all()
    )


def expiring(
    session: Session, *, today: date | None = None, days: int = EXPIRING_DAYS
) -> list[dict[str, Any]]:
    """Recommendations (published datasets' own and published activities') still in force
    whose validity ends within `days` days of `today` (inclusive), soonest first. For an
    activity, `datasets` is how many published datasets inherit it."""
    today = today or today_default()
    until = today + timedelta(days=days)
    in_force = and_(
        Recommendation.status == "recommended",
        Recommendation.valid_until >= today,
        Recommendation.valid_until <= until,
    )
    found: list[dict[str, Any]] = []
    subjects: list[tuple[str, Any]] = [("dataset", Dataset), ("activity", Activity)]
    published = _published_counts(session)
    for kind, model in subjects:
        key = Recommendation.dataset_id if kind == "dataset" else Recommendation.activity_id
        rows = session.execute(
            select(model, Organization, Recommendation)
            .join(Recommendation, key == model.id)
            .join(Organization, Organization.id == model.organization_id)
            .where(in_force, model.state == "published")
        )
        for subject, org, rec in rows:
            found.append(
                {
                    "kind": kind,
                    "slug": subject.slug,
                    "title": subject.title,
                    "code": subject.code if kind == "activity" else None,
                    "organization": org.slug,
                    "organization_title": org.title,
                    "number": rec.number,
                    "valid_until": rec.valid_until,
                    "days_left": (rec.valid_until - today).days,
                    "datasets": published.get(subject.id, 0) if kind == "activity" else 1,
                }
            )
    found.sort(key=lambda r: (r["valid_until"], r["organization"], r["kind"], r["slug"]))
    return found


def _never_recommended(rec: Any) -> Any:
    """SQL: no recommendation was ever issued (a decision stamps issued_on; revocation and
    expiry keep it)."""
    return and_(rec.issued_on.is_(None), rec.number.is_(None))


def without_recommendation(session: Session) -> dict[str, Any]:
    """Activities carried out without a recommendation: published activities with at least one
    published dataset whose recommendation was never issued, per agency (the EPSS figure:
    `percent_recommended` of the activities carried out), and the list of those activities.

    `datasets_without` counts the published datasets of such activities that never had a
    recommendation of their own either."""
    act_rec = aliased(Recommendation, name="act_rec")
    own = aliased(Recommendation, name="own_rec")
    never = (act_rec.id.is_(None)) | _never_recommended(act_rec)
    rows = session.execute(
        select(
            Activity.id, Activity.slug, Activity.title, Activity.code, act_rec.status,
            Organization.slug, Organization.title,
            func.count(Dataset.id),
            func.count(Dataset.id).filter((own.id.is_(None)) | _never_recommended(own)),
            func.max(case((never, 1), else_=0)),
        )
        .select_from(Activity)
        .join(Organization, Organization.id == Activity.organization_id)
        .join(Dataset, and_(Dataset.activity_id == Activity.id, Dataset.state == "published"))
        .outerjoin(act_rec, act_rec.activity_id == Activity.id)
        .outerjoin(own, own.dataset_id == Dataset.id)
        .where(Activity.state == "published")
        .group_by(
            Activity.id, Activity.slug, Activity.title, Activity.code, act_rec.status,
            Organization.slug, Organization.title,
        )
    ).all()  # fmt: skip
    agencies: dict[tuple[str, str], dict[str, Any]] = {}
    listed: list[dict[str, Any]] = []
    for _id, slug, title, code, status, org, org_title, n, n_bare, is_never in rows:
        row = agencies.setdefault(
            (org, org_title),
            {
                "organization": org,
                "organization_title": org_title,
                "activities_carried_out": 0,
                "activities_without": 0,
                "datasets_without": 0,
            },
        )
        row["activities_carried_out"] += 1
        if is_never:
            row["activities_without"] += 1
            row["datasets_without"] += n_bare
            listed.append(
                {
                    "slug": slug,
                    "title": title,
                    "code": code,
                    "status": status or "none",
                    "organization": org,
                    "organization_title": org_title,
                    "published_datasets": n,
                }
            )
    out = []
    for _key, row in sorted(agencies.items()):
        out.append({**row, "percent_recommended": _percent(row)})
    total = {
        k: sum(r[k] for r in out)
        for k in ("activities_carried_out", "activities_without", "datasets_without")
    }
    listed.sort(key=lambda r: (r["organization"], r["title"], r["slug"]))
    return {
        "rows": out,
        "totals": {**total, "percent_recommended": _percent(total)},
        "activities": listed,
    }


def _percent(row: dict[str, Any]) -> float | None:
    done = row["activities_carried_out"]
    if not done:
        return None
    return round(100 * (done - row["activities_without"]) / done, 1)


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


def csv_as_table(text: str) -> str:
    """One of the CSV tables as fixed-width text (CLI): numbers right-aligned."""
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def cell(value: str, width: int) -> str:
        numeric = value.replace(".", "", 1).isdigit()
        return value.rjust(width) if numeric else value.ljust(width)

    return "\n".join(
        "  ".join(cell(v, w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def expiring_csv(rows: list[dict[str, Any]]) -> str:
    """`expiring` as CSV (API)."""
    buf = io.StringIO()
    writer = csvtext.Writer(buf, lineterminator="\n")
    keys = list(EXPIRING_COLUMNS)
    writer.writerow(keys)
    for r in rows:
        writer.writerow([_cell(r[k]) for k in keys])
    return buf.getvalue()


def without_csv(report: dict[str, Any]) -> str:
    """`without_recommendation` per agency as CSV with a TOTAL row (API)."""
    buf = io.StringIO()
    writer = csvtext.Writer(buf, lineterminator="\n")
    keys = list(WITHOUT_COLUMNS)
    writer.writerow(["organization", "organization_title", *keys])
    for r in report["rows"]:
        writer.writerow([r["organization"], r["organization_title"], *(_cell(r[k]) for k in keys)])
    totals_row = report["totals"]
    writer.writerow(["TOTAL", "", *(_cell(totals_row[k]) for k in keys)])
    return buf.getvalue()


EXPIRING_COLUMNS = (
    "kind", "organization", "organization_title", "slug", "title", "code", "number",
    "valid_until", "days_left", "datasets",
)  # fmt: skip
WITHOUT_COLUMNS = (
    "activities_carried_out", "activities_without", "datasets_without", "percent_recommended",
)  # fmt: skip


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value
