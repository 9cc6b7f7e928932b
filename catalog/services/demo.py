"""The demo catalog: the regency's agencies, sample accounts and datasets, and a few
statistical activities with their recommendations (catalog/demo/)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.errors import NotFound
from catalog.models import Activity, Dataset, HarvestSource, Organization, Recommendation, User
from catalog.services import harvest, organizations, users
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations.workflow import Decision, act

DEMO = Path(__file__).resolve().parent.parent / "demo"
# Accounts for trying the roles locally; `catalog demo` prints them. Never for production.
DEMO_ACCOUNTS = (
    ("admin", "admin", None),
    ("reviewer", "bps_reviewer", None),
    ("dinkes", None, "dinas-kesehatan"),
)
DEMO_PASSWORD = "demo-katalog-3603"


def demo_packages() -> list[dict[str, Any]]:
    with open(DEMO / "datasets.json", encoding="utf-8") as fh:
        packages: list[dict[str, Any]] = json.load(fh)
    return packages


def demo_activities() -> list[dict[str, Any]]:
    with open(DEMO / "activities.json", encoding="utf-8") as fh:
        items: list[dict[str, Any]] = json.load(fh)
    return items


def demo_organizations() -> list[dict[str, Any]]:
    with open(DEMO / "organizations.json", encoding="utf-8") as fh:
        orgs: list[dict[str, Any]] = json.load(fh)
    return orgs


def load_organizations(session: Session) -> int:
    created = 0
    for org in demo_organizations():
        if session.scalar(select(Organization.id).where(Organization.slug == org["name"])):
            continue
        organizations.create_organization(
            session,
            SYSTEM,
            {
                "slug": org["name"],
                "title": org["title"],
                "kind": org.get("kind", "opd"),
                "code": org.get("code"),
                "description": org.get("description", ""),
                "email": org.get("email"),
                "website": org.get("website"),
            },
        )
        created += 1
    return created


def load_accounts(session: Session) -> list[str]:
    made = []
    for username, role, org in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.username == username)):
            continue
        user = users.create_user(
            session, SYSTEM, username=username, password=DEMO_PASSWORD, roles=[role] if role else []
        )
        if org:
            users.set_membership(session, SYSTEM, user, org, "editor")
        made.append(username)
    return made


def demo_source(session: Session) -> HarvestSource:
    """The walidata's `file` source over catalog/demo/datasets.json (created on first use).

    The demo datasets go in through the harvest pipeline like any other source; each keeps
    the agency named in the dump (remote_organization).
    """
    url = str(DEMO / "datasets.json")
    source = session.scalar(
        select(HarvestSource).where(HarvestSource.type == "file", HarvestSource.url == url)
    )
    if source is not None:
        return source
    walidata = (
        session.scalar(
            select(Organization).where(Organization.kind == "walidata").order_by(Organization.slug)
        )
        or session.scalars(select(Organization).order_by(Organization.slug)).first()
    )
    if walidata is None:
        raise NotFound("Belum ada organisasi; muat organisasi demo dulu.")
    return harvest.create_source(
        session,
        SYSTEM,
        {
            "organization": walidata.slug,
            "title": "Data demo Satu Data Kabupaten Tangerang",
            "type": "file",
            "url": url,
            "config": {"remote_organization": True},
        },
        allow_file=True,
        settings=Settings(),  # a `file` source: no network address to check
    )


def dataset_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dataset)) or 0


# (action path, how many): a spread of states, so a fresh demo shows every badge and a queue.
DEMO_RECOMMENDATIONS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("request", "take", "recommend"), 14),
    (("request",), 8),
    (("request", "take"), 4),
    (("request", "take", "revise"), 4),
    (("request", "take", "reject"), 2),
    (("request", "take", "recommend", "revoke"), 2),
    (("request", "take", "recommend", "expire"), 3),
)
DEMO_NOTES = {
    "revise": "Lengkapi definisi variabel dan desain sampel pada MS-Keg.",
    "reject": "Kegiatan tumpang tindih dengan survei BPS yang sudah ada.",
    "revoke": "Metodologi berubah tanpa pemberitahuan.",
}


def load_recommendations(session: Session, today: date | None = None) -> int:
    """Walk some demo datasets through the workflow as the demo admin and reviewer.

    Does nothing when any recommendation exists. "expire" recommends with a validity that
    ended before `today`, dating those decisions back so the events stay truthful.
    """
    if session.scalar(select(func.count()).select_from(Recommendation)):
        return 0
    today = today or date.today()
    agency = Actor.for_user(users.get_user(session, "admin"))
    reviewer = Actor.for_user(users.get_user(session, "reviewer"))
    slugs = list(
        session.scalars(
            select(Dataset.slug).where(Dataset.state == "published").order_by(Dataset.slug)
        )
    )
    picks = iter(slugs[3::7])
    walked = 0
    for path, count in DEMO_RECOMMENDATIONS:
        for _ in range(count):
            slug = next(picks, None)
            if slug is None:
                return walked
            expired = path[-1] == "expire"
            day = today - timedelta(days=500) if expired else today
            now = datetime.combine(day, time(9), tzinfo=UTC)
            for n, action in enumerate(a for a in path if a != "expire"):
                actor = agency if action == "request" else reviewer
                decision = Decision(note=DEMO_NOTES.get(action, ""))
                if action == "recommend":
                    valid = day + timedelta(days=365)
                    decision = Decision(
                        number=f"B-{100 + walked}/BPS/3603/{day.year}", valid_until=valid
                    )
                act(
                    session, actor, slug, action, decision,
                    now=now + timedelta(hours=n), today=day,
                )  # fmt: skip
            walked += 1
    return walked


def load_activities(session: Session, today: date | None = None) -> int:
    """Register the demo's statistical activities (catalog/demo/activities.json) through the
    activity service, create a survey's product datasets (`products`) or link a compilation to
    demo datasets of its agency and year that have no recommendation of their own (slugs
    containing one of `link.contains`), and walk its recommendation through the
    workflow as the demo admin (for the agency) and reviewer: the survey is recommended
    (decided `decided_days_ago` days ago, valid a year: it expires within the report's 60
    days), the compilation sent back for revision, one requested, one never asked (an
    activity carried out without a recommendation). Does nothing when any activity exists.
    """
    from catalog.services import activities, datasets
    from schemas.activity import ActivityIn
    from schemas.profile import DatasetIn

    if session.scalar(select(func.count()).select_from(Activity)):
        return 0
    today = today or date.today()
    agency = Actor.for_user(users.get_user(session, "admin"))
    reviewer = Actor.for_user(users.get_user(session, "reviewer"))
    made = 0
    for item in demo_activities():
        data = ActivityIn().load(item["activity"])
        activity = activities.create_activity(session, agency, data)
        # A survey's products are new datasets (its tables); a compilation is linked to the
        # agency's datasets of its year whose slugs name what it compiles.
        for product in item.get("products", []):
            body = {**product, "organization": activity.organization.slug}
            made_ds = datasets.create_dataset(session, agency, DatasetIn().load(body))
            activities.link_dataset(session, agency, made_ds.slug, activity.slug)
        link = item.get("link")
        if link:
            own = select(Recommendation.dataset_id).where(
                Recommendation.dataset_id.is_not(None), Recommendation.status != "none"
            )
            named = or_(*(Dataset.slug.contains(c) for c in link["contains"]))
            query = select(Dataset.slug).where(
                Dataset.organization_id == activity.organization_id,
                Dataset.state == "published",
                named,
                Dataset.id.not_in(own),
            )
            if link.get("same_year"):
                query = query.where(
                    Dataset.temporal_start >= date(activity.year, 1, 1),
                    Dataset.temporal_start <= date(activity.year, 12, 31),
                )
            for slug in list(session.scalars(query.order_by(Dataset.slug).limit(link["limit"]))):
                activities.link_dataset(session, agency, slug, activity.slug)
        day = today - timedelta(days=item.get("decided_days_ago", 0))
        now = datetime.combine(day, time(9), tzinfo=UTC)
        for n, action in enumerate(item["path"]):
            actor = agency if action == "request" else reviewer
            decision = Decision(note=item.get("note", "") if action == "revise" else "")
            if action == "recommend":
                decision = Decision(
                    number=item["number"].format(year=day.year),
                    valid_until=day + timedelta(days=365),
                    note="Layak: desain sampel dan kuesioner sesuai standar BPS.",
                )
            act(
                session, actor, activity.slug, action, decision,
                now=now + timedelta(hours=n), today=day, kind="activity",
            )  # fmt: skip
        made += 1
    return made
