"""Metadata quality: scores computed on write and stored with the dataset, the agency
ranking and its daily snapshot, the agency's view, EPSS preparation, and the storage side of
link checking. The rules are catalog/quality/rules.py (pure); this module loads their input,
stores their output and answers the pages and the API.

A dataset change calls `note_change` (services.datasets.enqueue_index does, so every write
path does: editor, API, harvest, workflow): it registers `RecomputeQuality` on the unit of
work, which scores the changed datasets inside the transaction just before it commits, so
the score commits with the change and the search index drain after the commit sees it.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from catalog import csvtext
from catalog.clock import today as today_default
from catalog.errors import NotFound
from catalog.models import (
    DATASET_PARTS,
    Dataset,
    IndexOutbox,
    Organization,
    Resource,
    utcnow,
)
from catalog.models.quality import DatasetQuality, LinkCheck, LinkCheckRun, QualitySnapshot
from catalog.quality.rules import (
    GOOD_RATINGS,
    MQA_DIMENSIONS,
    OPEN_DATA_FORMATS,
    RATING_LABELS,
    RULES_BY_ID,
    SDI_ASPECTS,
    STANDARD_FIELDS,
    Assessment,
    Facts,
    Link,
    assess,
    fmt,
    summary_of,
)
from catalog.services.auth import Actor, can_read, require_admin, require_org_editor
from catalog.uow import UnitOfWork, register, register_before_commit

BATCH = 1000


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


# -- computing and storing ----------------------------------------------------------------------


@dataclass
class _Row:
    organization_id: str
    state: str
    facts: Facts


def load_facts(session: Session, ids: Sequence[str], today: date) -> dict[str, _Row]:
    """The rules' input for these datasets, read with a few set queries (no ORM objects)."""
    d = Dataset.__table__.c
    rows = session.execute(
        select(
            d.id, d.organization_id, d.state, d.title, d.description, d.license, d.frequency,
            d.activity_type, d.access_level, d.temporal_start, d.temporal_end,
            d.spatial_geometry, d.methodology, d.contact_name, d.contact_email, d.issued,
            d.modified, d.variables, d.extras,
        ).where(d.id.in_(ids))
    ).all()  # fmt: skip
    profiles: dict[str, dict[str, Any]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for r in rows:
        profile = dict(r._mapping)
        profile["organization"] = r.organization_id
        for key in ("tags", "topics", "spatial", "resources"):
            profile[key] = []
        profiles[r.id] = profile
        meta[r.id] = (r.organization_id, r.state)
    for key, part, value in DATASET_PARTS:
        owner = part.dataset_id
        for dataset_id, item in session.execute(select(owner, value).where(owner.in_(ids))):
            profiles[dataset_id][key].append(item)
    urls: set[str] = set()
    for dataset_id, url, form, media_type, size in session.execute(
        select(Resource.dataset_id, Resource.url, Resource.format, Resource.media_type,
               Resource.size)
        .where(Resource.dataset_id.in_(ids))
        .order_by(Resource.dataset_id, Resource.position)
    ):  # fmt: skip
        profiles[dataset_id]["resources"].append(
            {"url": url, "format": form, "media_type": media_type, "size": size}
        )
        urls.add(url)
    links = link_results(session, urls)
    out: dict[str, _Row] = {}
    for dataset_id, profile in profiles.items():
        mine = {r["url"]: links[r["url"]] for r in profile["resources"] if r["url"] in links}
        org, state = meta[dataset_id]
        out[dataset_id] = _Row(org, state, Facts(profile, mine, today))
    return out


def link_results(session: Session, urls: Iterable[str]) -> dict[str, Link]:
    by_hash = {url_hash(u): u for u in urls}
    out: dict[str, Link] = {}
    keys = list(by_hash)
    for start in range(0, len(keys), BATCH):
        for h, ok, status, detected, error in session.execute(
            select(LinkCheck.url_hash, LinkCheck.ok, LinkCheck.status,
                   LinkCheck.detected_format, LinkCheck.error)
            .where(LinkCheck.url_hash.in_(keys[start : start + BATCH]))
        ):  # fmt: skip
            out[by_hash[h]] = Link(ok=ok, status=status, detected_format=detected, error=error)
    return out


def _stored(result: Assessment, org: str, state: str) -> dict[str, Any]:
    return {
        "organization_id": org,
        "state": state,
        "mqa_score": result.mqa_score,
        "rating": result.mqa_rating,
        "sdi_percent": result.sdi_percent,
        "dimensions": result.dimensions,
        "aspects": {k: list(v) for k, v in result.aspects.items()},
        "missing": [[m.rule, m.field] for m in result.missing],
        "broken_links": result.broken_links,
        "late": result.late,
    }


def recompute(
    session: Session, ids: Iterable[str], today: date | None = None, *, reindex: bool = False
) -> int:
    """Score these datasets and store what changed; returns how many rows changed.

    `reindex`: datasets whose rating or MQA score changed get a search-index outbox row (the
    rating is a facet, the score the sort "quality"); a dataset change already has one
    (note_change comes from enqueue_index)."""
    today = today or today_default()
    ids = list(dict.fromkeys(ids))
    changed = 0
    c = DatasetQuality.__table__.c
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        facts = load_facts(session, chunk, today)
        old = {
            r.dataset_id: r
            for r in session.execute(
                select(c.dataset_id, c.organization_id, c.state, c.mqa_score, c.rating,
                       c.sdi_percent, c.missing, c.broken_links, c.late, c.dimensions, c.aspects)
                .where(c.dataset_id.in_(chunk))
            )
        }  # fmt: skip
        inserts, updates, reindexed = [], [], []
        now = utcnow()
        for dataset_id, row in facts.items():
            new = _stored(assess(row.facts), row.organization_id, row.state)
            before = old.get(dataset_id)
            if before is None:
                inserts.append({"dataset_id": dataset_id, "computed_at": now, **new})
            elif any(getattr(before, k) != v for k, v in new.items()):
                updates.append({"b_id": dataset_id, "computed_at": now, **new})
                searched = (before.rating, before.mqa_score)
                if (
                    reindex
                    and searched != (new["rating"], new["mqa_score"])
                    and row.state == "published"
                ):
                    reindexed.append(dataset_id)
            else:
                continue
            changed += 1
        if inserts:
            session.execute(insert(DatasetQuality), inserts)
        if updates:
            session.connection().execute(
                update(cast(Table, DatasetQuality.__table__))
                .where(c.dataset_id == bindparam("b_id"))
                .values({k: bindparam(k) for k in updates[0] if k != "b_id"}),
                updates,
            )
        if reindexed:
            from catalog.search.outbox import DrainOutbox

            session.execute(insert(IndexOutbox), [{"dataset_id": i} for i in reindexed])
            register(session, DrainOutbox())
    return changed


def recompute_all(session: Session, today: date | None = None, *, reindex: bool = True) -> int:
    """Every dataset's scores (`catalog quality recompute`, the daily tick); rows changed."""
    ids = list(session.scalars(select(Dataset.id).order_by(Dataset.id)))
    stale = select(DatasetQuality.dataset_id).where(
        DatasetQuality.dataset_id.not_in(select(Dataset.id))
    )
    session.execute(delete(DatasetQuality).where(DatasetQuality.dataset_id.in_(stale)))
    return recompute(session, ids, today, reindex=reindex)


@dataclass
class RecomputeQuality:
    """Before-commit operation: score the datasets changed in this unit of work."""

    ids: set[str] = field(default_factory=set)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RecomputeQuality)

    __hash__ = None  # type: ignore[assignment]

    def before_commit(self, uow: UnitOfWork) -> None:
        if self.ids:
            ids, self.ids = sorted(self.ids), set()
            session = uow.session
            session.flush()
            recompute(session, ids)
            wanted = set(ids)
            for obj in list(session.identity_map.values()):
                if isinstance(obj, Dataset) and obj.id in wanted:
                    session.expire(obj, ["quality"])  # read again: the row just written


def note_change(session: Session, dataset_id: str) -> None:
    """The dataset changed: its scores are recomputed before this unit of work commits."""
    op = register_before_commit(session, RecomputeQuality())
    if isinstance(op, RecomputeQuality):
        op.ids.add(dataset_id)


# -- reading: one dataset ----------------------------------------------------------------------


def _missing_items(missing: list[Any]) -> list[dict[str, Any]]:
    """The stored missing items (rule id, field) with their rules; a rule no longer known is
    left out."""
    known = [
        (RULES_BY_ID[rule_id], anchor) for rule_id, anchor in missing if rule_id in RULES_BY_ID
    ]
    return [
        {
            "rule": rule.id,
            "view": rule.view,
            "dimension": rule.dimension,
            "points": rule.points,
            "message": rule.message,
            "field": anchor,
        }
        for rule, anchor in known
    ]


def stored(session: Session, dataset_id: str) -> DatasetQuality | None:
    return session.get(DatasetQuality, dataset_id)


def dataset_quality(session: Session, dataset: Dataset) -> dict[str, Any]:
    """The full quality answer of a dataset the caller may read: score, rating, dimensions,
    SDI aspects, the missing items with their fields, and each resource's link check."""
    row = stored(session, dataset.id)
    if row is None:  # written before scores existed, or by a bare session: score it now
        recompute(session, [dataset.id])
        row = stored(session, dataset.id)
    assert row is not None
    links = {
        c.url: c
        for c in session.scalars(
            select(LinkCheck).where(
                LinkCheck.url_hash.in_([url_hash(r.url) for r in dataset.resources])
            )
        )
    }
    resources = []
    for i, r in enumerate(dataset.resources):
        check = links.get(r.url)
        resources.append(
            {
                "position": i,
                "url": r.url,
                "declared_format": fmt({"format": r.format}),
                "checked": check is not None,
                **({} if check is None else link_view(check)),
            }
        )
    return {
        **(summary_of(row) or {}),
        "dimensions": [
            {"code": code, "label": label, "points": row.dimensions.get(code, 0),
             "max": sum(r.points for r in RULES_BY_ID.values()
                        if r.view == "mqa" and r.dimension == code)}
            for code, label in MQA_DIMENSIONS
        ],
        "aspects": [
            {"code": code, "label": label, "earned": row.aspects.get(code, [0, 0])[0],
             "applicable": row.aspects.get(code, [0, 0])[1]}
            for code, label in SDI_ASPECTS
        ],
        "missing": _missing_items(row.missing),
        "broken_links": row.broken_links,
        "late": row.late,
        "computed_at": row.computed_at,
        "links": resources,
    }  # fmt: skip


def link_view(check: LinkCheck) -> dict[str, Any]:
    return {
        "ok": check.ok,
        "status": check.status,
        "final_url": check.final_url,
        "content_type": check.content_type,
        "content_length": check.content_length,
        "detected_format": check.detected_format,
        "error": check.error,
        "checked_at": check.checked_at,
    }


# -- agencies -----------------------------------------------------------------------------------


def ranking(session: Session) -> list[dict[str, Any]]:
    """Agencies by mean MQA score of their published datasets (one grouped scan)."""
    c = DatasetQuality.__table__.c
    good = func.sum(case((c.rating.in_(sorted(GOOD_RATINGS)), 1), else_=0))
    rows = session.execute(
        select(
            c.organization_id,
            func.count(),
            func.avg(c.mqa_score),
            good,
            func.avg(c.sdi_percent),
            func.sum(c.broken_links),
            func.sum(case((c.late, 1), else_=0)),
        )
        .where(c.state == "published")
        .group_by(c.organization_id)
    ).all()
    orgs = {
        o.id: o
        for o in session.execute(select(Organization.id, Organization.slug, Organization.title))
    }
    out = []
    for org_id, n, mean, good_n, sdi, broken, late in rows:
        org = orgs.get(org_id)
        if org is None:
            continue
        out.append(
            {
                "organization": org.slug,
                "title": org.title,
                "datasets": int(n),
                "mean_score": round(float(mean or 0), 1),
                "good_share": round(float(good_n or 0) / n, 3) if n else 0.0,
                "sdi_mean": round(float(sdi or 0), 1),
                "broken_links": int(broken or 0),
                "late": int(late or 0),
            }
        )
    out.sort(key=lambda r: (-r["mean_score"], r["title"]))
    for i, row in enumerate(out, start=1):
        row["rank"] = i
    return out


RANKING_COLUMNS = (
    "rank", "organization", "title", "datasets", "mean_score", "good_share", "sdi_mean",
    "broken_links", "late",
)  # fmt: skip


def ranking_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csvtext.Writer(buf)
    writer.writerow(RANKING_COLUMNS)
    for row in rows:
        writer.writerow(row[k] for k in RANKING_COLUMNS)
    return buf.getvalue()


def take_snapshot(session: Session, day: date | None = None) -> int:
    """Keep today's ranking figures per agency (replacing an earlier one of the same day)."""
    day = day or today_default()
    session.execute(delete(QualitySnapshot).where(QualitySnapshot.day == day))
    rows = ranking(session)
    ids = {slug: oid for slug, oid in session.execute(select(Organization.slug, Organization.id))}
    if rows:
        session.execute(
            insert(QualitySnapshot),
            [
                {
                    "day": day,
                    "organization_id": ids[r["organization"]],
                    **{k: r[k] for k in ("datasets", "mean_score", "good_share", "sdi_mean",
                                         "broken_links", "late")},
                }
                for r in rows
            ],
        )  # fmt: skip
    return len(rows)


def has_snapshot(session: Session, day: date) -> bool:
    return session.scalar(select(func.count()).where(QualitySnapshot.day == day)) != 0


def trend(session: Session, days: int = 90, today: date | None = None) -> dict[str, Any]:
    """The daily snapshots of the last `days` days: the whole catalog's mean (weighted by
    datasets) per day, and per agency."""
    today = today or today_default()
    since = today - timedelta(days=days)
    s = QualitySnapshot
    rows = session.execute(
        select(s.day, Organization.slug, Organization.title, s.datasets, s.mean_score,
               s.good_share)
        .join(Organization, Organization.id == s.organization_id)
        .where(s.day >= since)
        .order_by(s.day)
    ).all()  # fmt: skip
    per_day: dict[date, list[int | float]] = {}
    agencies: dict[str, dict[str, Any]] = {}
    for day, slug, title, n, mean, good in rows:
        acc = per_day.setdefault(day, [0, 0.0, 0.0])
        acc[0] += n
        acc[1] += mean * n
        acc[2] += good * n
        agencies.setdefault(slug, {"title": title, "points": []})["points"].append((day, mean))
    catalog = [
        {"day": day, "datasets": int(n), "mean_score": round(total / n, 1) if n else 0.0,
         "good_share": round(good / n, 3) if n else 0.0}
        for day, (n, total, good) in sorted(per_day.items())
    ]  # fmt: skip
    return {"catalog": catalog, "agencies": agencies}


def _org(session: Session, slug: str) -> Organization:
    org = session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        raise NotFound("Organisasi tidak ditemukan.")
    return org


def agency_view(session: Session, actor: Actor, slug: str) -> dict[str, Any]:
    """The agency's datasets by score (lowest first), the items missing most often, and its
    broken links. Editors of the agency and admins."""
    org = _org(session, slug)
    require_org_editor(actor, org.id)
    c = DatasetQuality.__table__.c
    rows = session.execute(
        select(Dataset.slug, Dataset.title, Dataset.state, c.mqa_score, c.rating,
               c.sdi_percent, c.missing, c.broken_links, c.late)
        .join(DatasetQuality, DatasetQuality.dataset_id == Dataset.id)
        .where(Dataset.organization_id == org.id, Dataset.state != "withdrawn")
        .order_by(c.mqa_score, Dataset.title)
    ).all()  # fmt: skip
    counts: Counter[str] = Counter()
    datasets = []
    for r in rows:
        counts.update({rule for rule, _field in r.missing})
        datasets.append(
            {"slug": r.slug, "title": r.title, "state": r.state, "mqa_score": r.mqa_score,
             "rating": r.rating, "rating_label": RATING_LABELS.get(r.rating, r.rating),
             "sdi_percent": r.sdi_percent, "missing": len(r.missing),
             "broken_links": r.broken_links, "late": r.late}
        )  # fmt: skip
    most = [
        {"rule": rule, "message": RULES_BY_ID[rule].message, "points": RULES_BY_ID[rule].points,
         "view": RULES_BY_ID[rule].view, "datasets": n}
        for rule, n in counts.most_common(10) if rule in RULES_BY_ID
    ]  # fmt: skip
    return {
        "organization": org,
        "datasets": datasets,
        "mean_score": round(sum(d["mqa_score"] for d in datasets) / len(datasets), 1)
        if datasets
        else 0.0,
        "most_missing": most,
        "broken": broken_links(session, org.id),
    }


def broken_links(session: Session, organization_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """The agency's resources whose last link check failed."""
    rows = session.execute(
        select(Dataset.slug, Dataset.title, Resource.name, Resource.url, Resource.position,
               Resource.format)
        .join(Resource, Resource.dataset_id == Dataset.id)
        .where(Dataset.organization_id == organization_id, Dataset.state != "withdrawn")
        .order_by(Dataset.title, Resource.position)
    ).all()  # fmt: skip
    checks = {
        c.url: c
        for c in session.scalars(
            select(LinkCheck).where(
                LinkCheck.url_hash.in_({url_hash(r.url) for r in rows}), LinkCheck.ok.is_(False)
            )
        )
    }
    out = []
    for r in rows:
        check = checks.get(r.url)
        if check is None:
            continue
        out.append(
            {"dataset_slug": r.slug, "dataset_title": r.title, "resource": r.name,
             "position": r.position, "url": r.url, **link_view(check)}
        )  # fmt: skip
        if len(out) >= limit:
            break
    return out


# -- EPSS preparation -----------------------------------------------------------------------------


def epss(session: Session, actor: Actor, slug: str) -> dict[str, Any]:
    """What the catalog holds as evidence for the four aspects of EPSS's Prinsip SDI domain
    for one agency's published datasets, and what is missing. A preparation aid only."""
    org = _org(session, slug)
    require_org_editor(actor, org.id)
    ids = list(
        session.scalars(
            select(Dataset.id).where(
                Dataset.organization_id == org.id, Dataset.state == "published"
            )
        )
    )
    facts = load_facts(session, ids, today_default()) if ids else {}
    n = len(facts)
    standard = msvar = complete = open_fmt = region = subject = with_vars = 0
    gaps: dict[str, Counter[str]] = {code: Counter() for code, _label in SDI_ASPECTS}
    for row in facts.values():
        f = row.facts
        result = assess(f)
        if f.variables:
            with_vars += 1
        if f.variables and all(v.get(k) for v in f.variables for k in STANDARD_FIELDS):
            standard += 1
        if "sdi.msvar" not in {m.rule for m in result.missing}:
            msvar += 1
        if result.aspects["metadata"][0] == result.aspects["metadata"][1]:
            complete += 1
        if any(fmt(r) in OPEN_DATA_FORMATS for r in f.resources):
            open_fmt += 1
        if f.get("spatial"):
            region += 1
        if f.get("topics"):
            subject += 1
        for m in result.missing:
            if m.view == "sdi":
                gaps[m.dimension][m.rule] += 1

    def share(k: int) -> float:
        return round(k / n, 3) if n else 0.0

    evidence = {
        "standar_data": [
            ("Dataset dengan variabel (MS-Var)", with_vars),
            ("Dataset yang setiap variabelnya berkonsep, definisi, klasifikasi, ukuran, satuan",
             standard),
        ],
        "metadata": [
            ("Dataset dengan MS-Var lengkap (tipe data, referensi waktu)", msvar),
            ("Dataset dengan metadata kegiatan lengkap (jenis kegiatan, metodologi, "
             "frekuensi, mutakhir)", complete),
        ],
        "interoperabilitas": [
            ("Dataset dengan format terbuka yang dapat dibaca mesin", open_fmt),
        ],
        "kode_referensi": [
            ("Dataset yang memakai kode wilayah Kemendagri", region),
            ("Dataset yang memakai kode subjek BPS", subject),
        ],
    }  # fmt: skip
    aspects = []
    for code, label in SDI_ASPECTS:
        aspects.append(
            {
                "code": code,
                "label": label,
                "evidence": [
                    {"label": text, "count": k, "share": share(k)} for text, k in evidence[code]
                ],
                "missing": [
                    {"rule": rule, "message": RULES_BY_ID[rule].message, "datasets": k}
                    for rule, k in gaps[code].most_common()
                ],
            }
        )
    return {"organization": org, "datasets": n, "aspects": aspects}


# -- link checks: the storage side ----------------------------------------------------------------


def urls_to_check(
    session: Session, *, limit: int, organization_id: str | None = None
) -> list[tuple[str, str | None]]:
    """Resource URLs of published datasets, those never checked first, then the oldest
    checks: [(url, declared format)], at most `limit`."""
    q = (
        select(Resource.url, func.min(Resource.format))
        .join(Dataset, Dataset.id == Resource.dataset_id)
        .where(Dataset.state == "published")
        .group_by(Resource.url)
    )
    if organization_id is not None:
        q = q.where(Dataset.organization_id == organization_id)
    pairs = [(u, f) for u, f in session.execute(q)]
    checked = {}
    keys = [url_hash(u) for u, _f in pairs]
    for start in range(0, len(keys), BATCH):
        for h, at in session.execute(
            select(LinkCheck.url_hash, LinkCheck.checked_at).where(
                LinkCheck.url_hash.in_(keys[start : start + BATCH])
            )
        ):
            checked[h] = at
    never = [p for p in pairs if url_hash(p[0]) not in checked]
    again = sorted(
        (p for p in pairs if url_hash(p[0]) in checked), key=lambda p: checked[url_hash(p[0])]
    )
    return (never + again)[:limit]


# What a check found about a URL: the columns of its row that a LinkResult fills (the row's
# key, the URL and the time are the service's).
LINK_FINDINGS = tuple(
    c.key
    for c in LinkCheck.__table__.columns
    if c.key not in {"id", "url_hash", "url", "checked_at"}
)


def record_link(session: Session, result: dict[str, Any]) -> None:
    """Store one check (harvesters.links.LinkResult as a dict) and rescore the datasets
    that use the URL."""
    h = url_hash(result["url"])
    row = session.scalar(select(LinkCheck).where(LinkCheck.url_hash == h))
    if row is None:
        row = LinkCheck(url_hash=h, url=result["url"])
        session.add(row)
    for key in LINK_FINDINGS:
        setattr(row, key, result.get(key))
    row.error = row.error or ""
    row.checked_at = utcnow()
    session.flush()
    users = session.scalars(select(Resource.dataset_id).where(Resource.url == result["url"]))
    recompute(session, list(users), reindex=True)


def queue_link_check(
    session: Session, actor: Actor, *, organization_id: str | None = None, trigger: str = "manual"
) -> LinkCheckRun:
    """Queue a link-check run (admins; the scheduler daily); an already queued one is kept."""
    require_admin(actor)
    queued = session.scalar(
        select(LinkCheckRun).where(
            LinkCheckRun.status == "queued", LinkCheckRun.organization_id.is_(organization_id)
            if organization_id is None else LinkCheckRun.organization_id == organization_id
        )
    )  # fmt: skip
    if queued is not None:
        return queued
    run = LinkCheckRun(organization_id=organization_id, trigger=trigger)
    session.add(run)
    session.flush()
    return run


def claim_link_check(
    session: Session, worker_id: str, lease_s: float, *, only: str | None = None
) -> LinkCheckRun | None:
    """Atomically take the oldest queued run, or one whose worker's lease ran out."""
    now = utcnow()
    q = select(LinkCheckRun).where(
        (LinkCheckRun.status == "queued")
        | ((LinkCheckRun.status == "running") & (LinkCheckRun.lease_until < now))
    )
    if only is not None:
        q = q.where(LinkCheckRun.id == only)
    candidates = session.scalars(q.order_by(LinkCheckRun.created_at).limit(3)).all()
    for run in candidates:
        taken = session.execute(
            update(LinkCheckRun)
            .where(LinkCheckRun.id == run.id, LinkCheckRun.status == run.status,
                   LinkCheckRun.worker_id.is_(run.worker_id) if run.worker_id is None
                   else LinkCheckRun.worker_id == run.worker_id)
            .values(status="running", worker_id=worker_id, started_at=run.started_at or now,
                    lease_until=now + timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            session.refresh(run)
            return run
    return None


def extend_link_check(session: Session, run_id: str, worker_id: str, lease_s: float) -> bool:
    done = session.execute(
        update(LinkCheckRun)
        .where(LinkCheckRun.id == run_id, LinkCheckRun.worker_id == worker_id,
               LinkCheckRun.status == "running")
        .values(lease_until=utcnow() + timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return bool(done.rowcount)  # type: ignore[attr-defined]


def finish_link_check(
    session: Session, run_id: str, worker_id: str, *, status: str, checked: int, broken: int,
    message: str,
) -> None:  # fmt: skip
    run = session.get(LinkCheckRun, run_id)
    if run is not None and run.worker_id == worker_id:
        run.status, run.finished_at = status, utcnow()
        run.checked, run.broken, run.message = checked, broken, message


def last_link_check(session: Session) -> LinkCheckRun | None:
    return session.scalar(select(LinkCheckRun).order_by(LinkCheckRun.created_at.desc()).limit(1))


def daily(
    session: Session, actor: Actor, today: date | None = None, *, queue_links: bool = True
) -> dict[str, int]:
    """Once a day (the scheduler): rescore everything (lateness moves with the date), keep
    the day's snapshot, queue a link-check run. Returns what it did; nothing on a second call
    the same day."""
    today = today or today_default()
    if has_snapshot(session, today):
        return {}
    changed = recompute_all(session, today)
    agencies = take_snapshot(session, today)
    if queue_links:
        queue_link_check(session, actor, trigger="schedule")
    return {"rescored": changed, "agencies": agencies, "link_checks": int(queue_links)}


def can_see_dataset_quality(actor: Actor, dataset: Dataset) -> bool:
    return can_read(actor, dataset.state, dataset.organization_id)
