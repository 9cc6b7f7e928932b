"""A season of the Pojok Romantik desk for the demo (`catalog demo`): BPS officers on duty on
the past Tuesdays, consultations of several agencies about several topics, session records
with follow-ups, satisfaction surveys, and a few bookings for the coming Tuesdays, so
`make run` shows a living desk. Everything goes through the services, with the clock of
each step passed in (bookings a week before their day, decisions on the day)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Consultation, Dataset, Organization, User
from catalog.services import users
from catalog.services.auth import SYSTEM, Actor
from catalog.services.consultations import desk, survey, workflow

PASSWORD = "demo-katalog-3603"
OFFICERS = (("petugas-ani", "Ani Rahmawati"), ("petugas-budi", "Budi Santoso"))
COORDINATOR = ("koordinator", "Sri Wahyuni")
BPS_SLUG = "bps-kabupaten-tangerang"
# (agency, editor account) of the agencies that came to the desk this season.
AGENCIES = (
    ("dinas-kesehatan", "dinkes"),
    ("dinas-pendidikan-dan-kebudayaan", "disdik"),
    ("bappeda", "bappeda"),
    ("dinas-sosial", "dinsos"),
    ("dinas-pertanian", "distan"),
)
QUESTIONS = {
    "perencanaan": "Kami menyusun rencana kebutuhan data untuk RPJMD; data apa yang perlu kami "
    "kumpulkan sendiri?",
    "kuesioner": "Mohon masukan atas draf kuesioner survei kepuasan layanan kami.",
    "metodologi": "Berapa ukuran sampel yang cukup untuk estimasi tingkat kecamatan?",
    "pengumpulan": "Bagaimana mengatur petugas pencacah dan pengawasan lapangan?",
    "pengolahan": "Bagaimana aturan validasi isian yang baik sebelum tabulasi?",
    "analisis": "Indikator apa yang tepat untuk membandingkan antarkecamatan?",
    "diseminasi": "Bagaimana menyajikan hasil survei dalam publikasi dan dasbor?",
    "standar": "Bagaimana mengisi metadata kegiatan (MS-Keg) dan variabel (MS-Var)?",
    "rekomendasi": "Apa saja yang perlu disiapkan untuk mengajukan rekomendasi kegiatan statistik?",
    "lainnya": "Konsultasi umum tentang data sektoral instansi kami.",
}
ADVICE = (
    "Rumuskan tujuan dan variabel utama terlebih dahulu; sesuaikan dengan standar data BPS.",
    "Gunakan kerangka sampel terbaru dan rancangan dua tahap; uji coba kuesioner sebelum lapangan.",
    "Lengkapi metadata MS-Keg dan MS-Var, lalu ajukan rekomendasi melalui Romantik.",
)
FOLLOWUPS = (
    ("Kirim draf kuesioner yang sudah direvisi", "opd", 7),
    ("Kirim contoh kerangka sampel dan tabel alokasi", "bps", 5),
    ("Lengkapi metadata kegiatan (MS-Keg)", "opd", 14),
)


def _account(session: Session, username: str, full_name: str, roles: list[str]) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = users.create_user(session, SYSTEM, username=username, password=PASSWORD, roles=roles)
        user.full_name = full_name
    return user


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    # WIB is UTC+7: the desk's 08:00 is 01:00 UTC
    return datetime.combine(day, time(hour, minute), tzinfo=UTC) - timedelta(hours=7)


def load_consultations(session: Session, today: date, weeks: int = 16) -> int:
    """Load the season unless any consultation exists; how many consultations it made."""
    if session.scalar(select(func.count()).select_from(Consultation)):
        return 0
    orgs = {o.slug: o for o in session.scalars(select(Organization))}
    if BPS_SLUG not in orgs or not all(slug in orgs for slug, _ in AGENCIES):
        return 0
    officers = [_account(session, u, n, ["bps_reviewer"]) for u, n in OFFICERS]
    coordinator = _account(session, COORDINATOR[0], COORDINATOR[1], ["bps_reviewer"])
    users.set_membership(session, SYSTEM, coordinator, BPS_SLUG, "admin")
    editors: dict[str, Actor] = {}
    for slug, username in AGENCIES:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = _account(session, username, f"Editor {orgs[slug].title}", [])
            users.set_membership(session, SYSTEM, user, slug, "editor")
        session.flush()
        editors[slug] = Actor.for_user(user)
    session.flush()
    boss = Actor.for_user(coordinator)
    rng = random.Random(3603)
    topics = [t["code"] for t in desk.topics()]
    made = 0
    first = desk.week_start(today) - timedelta(weeks=weeks) + timedelta(days=1)
    days = desk.open_days(session, first, today + timedelta(days=14))
    for day in days:
        on_duty = officers if day.toordinal() % 3 else officers[:1]
        for officer in on_duty:
            desk.assign_duty(session, boss, day, officer.username)
        slots = desk.slots(session, day, day)
        past = day < today
        count = rng.randint(1, 3) if past else (2 if day - today <= timedelta(days=7) else 1)
        for n in range(min(count, len(slots))):
            slug, _username = AGENCIES[rng.randrange(len(AGENCIES))]
            agency = editors[slug]
            topic = topics[rng.randrange(len(topics))]
            datasets = list(
                session.scalars(
                    select(Dataset.slug)
                    .where(Dataset.organization_id == orgs[slug].id, Dataset.state == "published")
                    .order_by(Dataset.slug)
                    .limit(3)
                )
            )
            booked_on = min(day - timedelta(days=rng.randint(3, 12)), today)
            c = workflow.book(
                session,
                agency,
                workflow.Booking(
                    organization=slug,
                    topic=topic,
                    question=QUESTIONS[topic],
                    slot_id=slots[n * 2 % len(slots)].id,
                    mode="daring" if rng.random() < 0.25 else "tatap_muka",
                    meeting_link="https://meet.example.go.id/pojok-romantik" if n else None,
                    datasets=datasets[:1] if datasets and rng.random() < 0.6 else [],
                    activity_name="Survei Kepuasan Layanan Publik"
                    if topic == "kuesioner"
                    else None,
                    activity_year=day.year + 1 if topic == "kuesioner" else None,
                ),
                today=booked_on,
                now=_at(booked_on, 10),
            )
            made += 1
            if not past and rng.random() < 0.5:
                continue  # still waiting for an officer
            handler = Actor.for_user(on_duty[n % len(on_duty)])
            if past and rng.random() < 0.1:
                workflow.act(
                    session, agency, c.id, "cancel",
                    workflow.Step(reason="Kepala bidang berhalangan; akan memesan ulang."),
                    today=booked_on, now=_at(booked_on, 15),
                )  # fmt: skip
                continue
            workflow.act(session, handler, c.id, "accept", today=booked_on, now=_at(booked_on, 14))
            if not past:
                continue
            workflow.record_session(
                session,
                handler,
                c.id,
                notes=f"Sesi {desk.topic_label(topic).lower()} bersama tim {orgs[slug].title}.",
                advice=ADVICE[rng.randrange(len(ADVICE))],
                followups=[
                    workflow.FollowUpIn(what, party, day + timedelta(days=due))
                    for what, party, due in FOLLOWUPS[: rng.randint(1, 3)]
                ],
                now=_at(day, 11),
            )
            workflow.act(session, handler, c.id, "finish", today=day, now=_at(day, 11, 30))
            for f in c.followups:
                done_on = f.due_on - timedelta(days=rng.randint(-3, 4))
                if done_on < today and rng.random() < 0.8:
                    side = handler if f.party == "bps" else agency
                    workflow.complete_followup(session, side, f.id, now=_at(done_on, 9))
            if rng.random() < 0.85:
                base = rng.choice((3, 3, 4))
                scores = {
                    e["code"]: max(1, min(4, base + rng.choice((0, 0, 0, 1, -1))))
                    for e in survey.elements()
                }
                response = survey.submit(session, agency, c.id, scores, "")
                response.created_at = _at(day + timedelta(days=1), 9)
    session.flush()
    return made
