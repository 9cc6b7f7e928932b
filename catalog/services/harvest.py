"""Harvest sources and jobs: CRUD with ownership checks, queueing, atomic claiming, schedules."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from catalog.config import Settings
from catalog.errors import Conflict, Forbidden, NotFound, ValidationFailed
from catalog.models import Dataset, HarvestJob, HarvestRecord, HarvestSource, Organization, utcnow
from catalog.models.harvest import RECORD_ACTIONS
from catalog.services import audit
from catalog.services.auth import Actor, require_login, require_org_editor, sees_unpublished
from catalog.services.organizations import get_organization
from catalog.services.paging import page_of
from harvesters import secrets as secrets_mod
from harvesters.base import Harvester
from harvesters.registry import HARVESTERS

INTERVALS = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
    "monthly": timedelta(days=30),
}
ACTIVE_STATES = ("queued", "running")
FINAL_STATES = ("succeeded", "partial", "failed", "cancelled")


# -- schedules ------------------------------------------------------------------------------


def validate_schedule(schedule: str) -> str:
    schedule = (schedule or "manual").strip()
    if schedule == "manual" or schedule in INTERVALS:
        return schedule
    from croniter import croniter

    if not croniter.is_valid(schedule):
        raise ValidationFailed(
            "Jadwal tidak valid.",
            {"schedule": ["manual, hourly, daily, weekly, monthly, atau ekspresi cron."]},
        )
    return schedule


def next_run(schedule: str, after: datetime) -> datetime | None:
    if schedule == "manual":
        return None
    if schedule in INTERVALS:
        return after + INTERVALS[schedule]
    from croniter import croniter

    result: datetime = croniter(schedule, after).get_next(datetime)
    return result


# -- sources --------------------------------------------------------------------------------


def get_source(session: Session, source_id: str) -> HarvestSource:
    """The source by id, for internal use (workers, the command line): no access check."""
    source = session.get(HarvestSource, source_id)
    if source is None:
        raise NotFound(f"Sumber data '{source_id}' tidak ditemukan.")
    return source


def can_see_source(actor: Actor, organization_id: str) -> bool:
    """A source (its address, config, jobs' records) is for its agency's editors and admins."""
    return actor.can_edit_org(organization_id)


def read_source(session: Session, actor: Actor, source_id: str) -> HarvestSource:
    """The source for someone who may see it; to anyone else it does not exist (404)."""
    require_login(actor)
    source = get_source(session, source_id)
    if not can_see_source(actor, source.organization_id):
        raise NotFound(f"Sumber data '{source_id}' tidak ditemukan.")
    return source


def _editable_source(session: Session, actor: Actor, source_id: str) -> HarvestSource:
    """A source the actor may change, run or delete: its agency's editors and admins (403)."""
    require_login(actor)
    source = get_source(session, source_id)
    require_org_editor(actor, source.organization_id)
    return source


URL_RULE = "Alamat sumber harus URL http:// atau https:// lengkap dengan nama host."
REMOTE_ORG_RULE = (
    "Hanya admin (walidata) yang boleh mengizinkan sumber memetakan dataset ke organisasi "
    "yang disebut di sumber (remote_organization). Sumber milik editor selalu menulis ke "
    "organisasinya sendiri."
)
REMOTE_ORG_LOCKED = (
    "Sumber ini diizinkan admin memetakan dataset ke organisasi lain; hanya admin (walidata) "
    "yang boleh mengubah alamat, jenis atau organisasinya."
)


def check_source_url(url: str, settings: Settings) -> None:
    """The save-time rules of a source URL: http(s) with a host, and no host on a loopback,
    private, link-local or reserved network unless the deployment allows it (the harvest
    URL guard, with its message naming the rule).

    The same guard runs again on every request of a harvest, so a name that does not
    resolve now is left to that run-time check.
    """
    from harvesters.http import HostNotFound, UrlRefused, guard_url

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as exc:
        raise ValidationFailed("Alamat sumber tidak valid.", {"url": [URL_RULE]}) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationFailed("Alamat sumber tidak valid.", {"url": [URL_RULE]})
    try:
        guard_url(url, settings)
    except HostNotFound:
        return
    except UrlRefused as exc:
        raise ValidationFailed("Alamat sumber ditolak.", {"url": [str(exc)]}) from exc


def harvester_type(name: str, *, command_line: bool = False) -> type[Harvester]:
    """The registered harvester type `name` (harvesters/registry.py), 422 when there is none.

    command_line: the caller is the command line, which alone may use a type that reads the
    server's own disk (`file`).
    """
    cls = HARVESTERS.get(name)
    if cls is None:
        names = HARVESTERS.names() if command_line else HARVESTERS.remote_names()
        raise ValidationFailed(
            "Jenis sumber tidak dikenal.", {"type": ["Pilihan: " + ", ".join(names) + "."]}
        )
    if cls.local and not command_line:
        message = f"Sumber '{name}' hanya dapat dibuat dari baris perintah."
        raise ValidationFailed(message, {"type": [message]})
    return cls


def check_config(kind: type[Harvester], config: Any) -> None:
    """A source's config against its type's schema (422 with a message per key)."""
    if not isinstance(config, dict):
        raise ValidationFailed("Konfigurasi tidak valid.", {"config": ["Harus objek JSON."]})
    errors = kind.config_schema().validate(config)
    if errors:
        raise ValidationFailed("Konfigurasi tidak valid.", {"config": errors})


def _check_source_fields(
    data: dict[str, Any], allow_file: bool, source: HarvestSource | None = None
) -> None:
    """The type, config and schedule of a new source, or of the changes to `source`."""
    if "type" in data or source is None:
        kind = harvester_type(data.get("type", ""), command_line=allow_file)
    else:
        kind = harvester_type(source.type, command_line=True)
    if "config" in data:
        check_config(kind, data["config"])
    elif source is not None and "type" in data:
        check_config(kind, source.config or {})
    if "schedule" in data:
        data["schedule"] = validate_schedule(data["schedule"])


def _save_address(
    source: HarvestSource, data: dict[str, Any], *, settings: Settings, new: bool
) -> None:
    """URL and config with their secrets moved apart (harvesters/secrets.py)."""
    url_sent, config_sent = "url" in data, "config" in data
    url = data.get("url", source.url) if not new else data["url"]
    local = HARVESTERS[data.get("type", source.type)].local
    if url_sent and not local:
        check_source_url(secrets_mod.split_url(url)[0], settings)
    config = data.get("config") if config_sent else source.config
    if local:
        # A server path: only the command line sets it; it holds no credentials.
        source.url = url
        public, hidden = secrets_mod.split_config(dict(config or {}))
        source.config, source.secrets = public, ({"config": hidden} if hidden else {})
        return
    source.url, source.config, source.secrets = secrets_mod.store(
        url,
        dict(config or {}),
        None if new else source.url,
        None if new else (source.secrets or {}),
        url_sent=url_sent or new,
        config_sent=config_sent or new,
    )


def _allow_remote_org(
    actor: Actor,
    source: HarvestSource,
    *,
    config_sent: bool,
    approved_before: bool,
    moved: bool = False,
) -> None:
    """Cross-agency mapping (config.remote_organization) only with an admin's approval.

    `config_sent`: this change sends the config; `moved`: it gives the source another URL,
    type or agency.
    """
    wants = bool((source.config or {}).get("remote_organization"))
    if not wants:
        source.remote_organization_by = None
    elif actor.is_admin:
        if config_sent:
            source.remote_organization_by = actor.user_id or actor.username
    elif not approved_before:
        if config_sent:
            raise Forbidden(REMOTE_ORG_RULE)
        # a flag stored without an admin's approval (before it was needed) stays ignored
    elif moved:
        raise Forbidden(REMOTE_ORG_LOCKED)


def create_source(
    session: Session,
    actor: Actor,
    data: dict[str, Any],
    *,
    settings: Settings,
    allow_file: bool = False,
) -> HarvestSource:
    """A new source of an agency the actor edits.

    settings: the deployment's (which networks harvests may reach); allow_file: the caller
    is the command line (a `file` source reads the server's disk).
    """
    org = get_organization(session, data["organization"])
    require_org_editor(actor, org.id)
    _check_source_fields(data, allow_file)
    source = HarvestSource(
        organization_id=org.id,
        organization=org,
        title=data["title"],
        type=data["type"],
        url="",
        config={},
        secrets={},
        schedule=data.get("schedule", "manual"),
        active=data.get("active", True),
    )
    _save_address(source, data, settings=settings, new=True)
    _allow_remote_org(actor, source, config_sent="config" in data, approved_before=False)
    source.next_run_at = next_run(source.schedule, utcnow())
    session.add(source)
    session.flush()
    audit.record(session, actor, "source.create", _audit_name(source), source.schedule)
    return source


def update_source(
    session: Session,
    actor: Actor,
    source_id: str,
    data: dict[str, Any],
    *,
    settings: Settings,
) -> HarvestSource:
    """Change a source; a secret not sent again (or sent as the mask) keeps its stored value
    while the URL stays on the same origin."""
    source = _editable_source(session, actor, source_id)
    stored = HARVESTERS.get(source.type)
    if stored is not None and stored.local and ("url" in data or "type" in data):
        raise ValidationFailed(f"Sumber '{source.type}' hanya dapat diubah dari baris perintah.")
    _check_source_fields(data, allow_file=False, source=source)
    approved_before = bool(
        source.remote_organization_by and (source.config or {}).get("remote_organization")
    )
    where = (source.url, source.type, source.organization_id)
    if "organization" in data:
        org = get_organization(session, data["organization"])
        require_org_editor(actor, org.id)
        source.organization_id, source.organization = org.id, org
    for key in ("title", "type", "schedule", "active"):
        if key in data:
            setattr(source, key, data[key])
    if "url" in data or "config" in data:
        _save_address(source, data, settings=settings, new=False)
    moved = (source.url, source.type, source.organization_id) != where
    _allow_remote_org(
        actor, source, config_sent="config" in data, approved_before=approved_before, moved=moved
    )
    if "schedule" in data:
        source.next_run_at = next_run(source.schedule, utcnow())
    session.flush()
    audit.record(session, actor, "source.update", _audit_name(source), source.schedule)
    return source


def delete_source(
    session: Session, actor: Actor, source_id: str, *, withdraw_datasets: bool = False
) -> int:
    """Delete a source and its jobs. Its datasets stay (their provenance is cleared), or with
    withdraw_datasets are withdrawn first (reversible: they can be restored one by one).
    Returns how many datasets were withdrawn."""
    from catalog.services import datasets as dataset_service

    source = _editable_source(session, actor, source_id)
    if session.scalar(
        select(HarvestJob.id).where(
            HarvestJob.source_id == source.id, HarvestJob.status == "running"
        )
    ):
        raise Conflict("Data sedang diambil dari sumber ini; batalkan pengambilannya dulu.")
    withdrawn = 0
    if withdraw_datasets:
        for dataset_id in session.scalars(
            select(Dataset.id).where(
                Dataset.harvest_source_id == source.id, Dataset.state != "withdrawn"
            )
        ).all():
            dataset_service.withdraw_dataset(session, actor, dataset_id)
            withdrawn += 1
    audit.record(
        session, actor, "source.delete", _audit_name(source), f"{withdrawn} dataset ditarik"
    )
    session.delete(source)
    session.flush()
    return withdrawn


def source_dataset_count(session: Session, source_id: str) -> int:
    """The datasets a source harvested that are not withdrawn."""
    query = select(func.count()).where(
        Dataset.harvest_source_id == source_id, Dataset.state != "withdrawn"
    )
    return session.scalar(query) or 0


def set_paused(session: Session, actor: Actor, source_id: str, paused: bool) -> HarvestSource:
    """Pause (the scheduler skips the source; "run now" still works) or resume it (its next
    scheduled run counts from now)."""
    source = _editable_source(session, actor, source_id)
    if source.active == paused:
        source.active = not paused
        source.next_run_at = None if paused else next_run(source.schedule, utcnow())
        action = "source.pause" if paused else "source.resume"
        audit.record(session, actor, action, _audit_name(source))
    session.flush()
    return source


def _audit_name(source: HarvestSource) -> str:
    return f"{source.title} ({source.organization.title})"


def _same_address(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port else ""
    return (host + port, parts.path.rstrip("/"), parts.query)


def sources_with_url(
    session: Session, url: str, *, exclude: str | None = None
) -> list[HarvestSource]:
    """Other sources harvesting the same address (scheme, credentials, case of the host and a
    trailing slash aside): saving a duplicate is allowed, but the caller warns."""
    try:
        wanted = _same_address(url)
    except ValueError:
        return []
    found = []
    for source in session.scalars(select(HarvestSource).order_by(HarvestSource.title)):
        if source.id == exclude:
            continue
        try:
            if _same_address(source.url) == wanted:
                found.append(source)
        except ValueError:
            continue
    return found


def list_sources(
    session: Session,
    actor: Actor,
    organization: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[HarvestSource], int]:
    """The sources the actor may see: their agencies' (all of them for admins)."""
    require_login(actor)
    query = select(HarvestSource)
    if organization:
        query = query.where(
            HarvestSource.organization_id == get_organization(session, organization).id
        )
    if not actor.is_admin:
        query = query.where(HarvestSource.organization_id.in_(list(actor.orgs)))
    return page_of(session, query, HarvestSource.title, offset=offset, limit=limit)


def source_health(session: Session, limit: int = 500) -> list[HarvestSource]:
    """Every source, for the walidata/BPS report of harvest health (titles and job states;
    the report shows no address or config)."""
    return list(session.scalars(select(HarvestSource).order_by(HarvestSource.title).limit(limit)))


def run_settings(source: HarvestSource) -> tuple[str, dict[str, Any], str | None]:
    """(url, config, userinfo) a harvester runs with: the stored ones with the secrets back.

    Cross-agency mapping stays off unless an admin allowed it (remote_organization_by).
    """
    config = secrets_mod.merged_config(source.config, source.secrets)
    if not source.remote_organization_by:
        config.pop("remote_organization", None)
    return source.url, config, (source.secrets or {}).get(secrets_mod.USERINFO)


def last_job(session: Session, source_id: str) -> HarvestJob | None:
    return session.scalar(
        select(HarvestJob)
        .where(HarvestJob.source_id == source_id)
        .order_by(HarvestJob.created_at.desc())
        .limit(1)
    )


# -- jobs -----------------------------------------------------------------------------------


def get_job(session: Session, job_id: str) -> HarvestJob:
    job = session.get(HarvestJob, job_id)
    if job is None:
        raise NotFound(f"Pengambilan data '{job_id}' tidak ditemukan.")
    return job


def queue_job(
    session: Session, actor: Actor, source_id: str, trigger: str = "manual"
) -> HarvestJob:
    """Queue a run; a source that already has a queued job gets that one back."""
    source = _editable_source(session, actor, source_id)
    waiting = session.scalar(
        select(HarvestJob).where(HarvestJob.source_id == source.id, HarvestJob.status == "queued")
    )
    if waiting is not None:
        return waiting
    job = HarvestJob(
        source_id=source.id, source=source, trigger=trigger, requested_by=actor.user_id
    )
    session.add(job)
    session.flush()
    return job


def list_jobs(
    session: Session,
    source_id: str | None = None,
    limit: int = 20,
    *,
    organization_id: str | None = None,
) -> list[HarvestJob]:
    """The latest jobs, newest first: of one source, of one agency's sources, or of all."""
    query = select(HarvestJob).order_by(HarvestJob.created_at.desc()).limit(limit)
    if source_id:
        query = query.where(HarvestJob.source_id == source_id)
    if organization_id:
        query = query.join(HarvestSource).where(HarvestSource.organization_id == organization_id)
    return list(session.scalars(query))


def cancel_job(session: Session, actor: Actor, job_id: str) -> HarvestJob:
    """A queued job is cancelled at once; a running one at its worker's next heartbeat."""
    require_login(actor)
    job = get_job(session, job_id)
    require_org_editor(actor, job.source.organization_id)
    if job.status == "queued":
        job.status, job.finished_at, job.message = "cancelled", utcnow(), "Dibatalkan."
    elif job.status == "running":
        job.cancel_requested = True
    session.flush()
    return job


def list_records(
    session: Session,
    actor: Actor,
    job_id: str,
    action: str | None = None,
    offset: int = 0,
    limit: int = 50,
    *,
    warnings: bool = False,
) -> tuple[list[HarvestRecord], int]:
    """A job's records, oldest first, for its source's agency (the records show the remote
    values as received); `warnings` keeps only those stored with warnings."""
    job = get_job(session, job_id)
    require_org_editor(actor, job.source.organization_id)
    query = select(HarvestRecord).where(HarvestRecord.job_id == job_id)
    if warnings:
        query = query.where(HarvestRecord.warnings.is_not(None))
    if action:
        if action not in RECORD_ACTIONS:
            raise ValidationFailed(
                "Aksi tidak dikenal.", {"action": ["Pilihan: " + ", ".join(RECORD_ACTIONS) + "."]}
            )
        query = query.where(HarvestRecord.action == action)
    return page_of(session, query, HarvestRecord.id, offset=offset, limit=limit)


def require_job_reader(actor: Actor, job: HarvestJob) -> None:
    """Job status: the source's agency, reviewers and admins."""
    require_login(actor)
    if not sees_unpublished(actor, job.source.organization_id):
        raise Forbidden("Anda bukan editor organisasi pemilik sumber ini.")


# -- workers --------------------------------------------------------------------------------


def claim_job(
    session: Session, worker_id: str, lease_s: float, only: str | None = None
) -> HarvestJob | None:
    """Atomically take the oldest runnable job: queued, or running with an expired lease.

    A conditional UPDATE decides between competing workers (rowcount 1 wins); on PostgreSQL the
    source row is locked first so that two workers can't start two jobs of one source.
    Call in a fresh transaction; the caller commits.
    """
    now = utcnow()
    other = aliased(HarvestJob)
    busy = exists().where(
        other.source_id == HarvestJob.source_id,
        other.id != HarvestJob.id,
        other.status == "running",
        other.lease_until >= now,
    )
    runnable = or_(
        HarvestJob.status == "queued",
        and_(HarvestJob.status == "running", HarvestJob.lease_until < now),
    )
    query = select(HarvestJob.id, HarvestJob.source_id).where(runnable, ~busy)
    if only is not None:
        query = query.where(HarvestJob.id == only)
    candidates = session.execute(query.order_by(HarvestJob.created_at).limit(10)).all()
    postgres = session.get_bind().dialect.name == "postgresql"
    for job_id, source_id in candidates:
        if postgres:
            locked = session.execute(
                select(HarvestSource.id)
                .where(HarvestSource.id == source_id)
                .with_for_update(skip_locked=True)
            ).first()
            if locked is None:
                continue
        result = session.execute(
            update(HarvestJob)
            .where(HarvestJob.id == job_id, runnable, ~busy)
            .values(
                status="running",
                worker_id=worker_id,
                heartbeat_at=now,
                lease_until=now + timedelta(seconds=lease_s),
                attempt=HarvestJob.attempt + 1,
                started_at=func.coalesce(HarvestJob.started_at, now),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            job = session.get(HarvestJob, job_id, populate_existing=True)
            return job
    return None


def heartbeat(session: Session, job_id: str, worker_id: str, lease_s: float) -> str | None:
    """Extend the lease; returns None when the job is no longer ours, else 'cancel' or 'ok'."""
    now = utcnow()
    result = session.execute(
        update(HarvestJob)
        .where(
            HarvestJob.id == job_id,
            HarvestJob.worker_id == worker_id,
            HarvestJob.status == "running",
        )
        .values(heartbeat_at=now, lease_until=now + timedelta(seconds=lease_s))
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    cancel = session.scalar(select(HarvestJob.cancel_requested).where(HarvestJob.id == job_id))
    return "cancel" if cancel else "ok"


def last_good_start(session: Session, source_id: str) -> datetime | None:
    """When the last run with a complete listing started: the 'since' of an incremental run.

    A `partial` run counts too: its records that failed are fetched again by the next run
    (`retry_ids`), so one broken record at the source does not force full runs forever.
    """
    result: datetime | None = session.scalar(
        select(HarvestJob.started_at)
        .where(
            HarvestJob.source_id == source_id,
            HarvestJob.status.in_(("succeeded", "partial")),
            HarvestJob.complete_listing.is_(True),
        )
        .order_by(HarvestJob.started_at.desc())
        .limit(1)
    )
    return result


def retry_ids(session: Session, source_id: str) -> set[str]:
    """Remote ids of this source whose latest harvest record is an error.

    They are still "changed" relative to what is stored (an error stores nothing), so an
    incremental run fetches them again even when the source's modification time says
    otherwise. Records pruned by retention are forgotten with their errors.
    """
    last_error = (
        select(HarvestRecord.remote_id, func.max(HarvestRecord.id).label("at"))
        .where(
            HarvestRecord.source_id == source_id,
            HarvestRecord.action == "error",
            HarvestRecord.remote_id.is_not(None),
        )
        .group_by(HarvestRecord.remote_id)
        .subquery()
    )
    later = aliased(HarvestRecord)
    settled = exists().where(
        later.source_id == source_id,
        later.remote_id == last_error.c.remote_id,
        later.action != "error",
        later.id > last_error.c.at,
    )
    return {rid for rid in session.scalars(select(last_error.c.remote_id).where(~settled)) if rid}


def queue_due(session: Session, now: datetime | None = None) -> int:
    """Queue a job for every active, scheduled source whose time has come; returns how many."""
    now = now or utcnow()
    queued = 0
    due = session.scalars(
        select(HarvestSource)
        .join(Organization, Organization.id == HarvestSource.organization_id)
        .where(
            HarvestSource.active.is_(True),
            Organization.active.is_(True),  # a deactivated agency's sources wait
            HarvestSource.schedule != "manual",
            or_(HarvestSource.next_run_at.is_(None), HarvestSource.next_run_at <= now),
        )
    )
    for source in due:
        active = session.scalar(
            select(HarvestJob.id).where(
                HarvestJob.source_id == source.id, HarvestJob.status.in_(ACTIVE_STATES)
            )
        )
        if source.next_run_at is not None and active is None:
            session.add(HarvestJob(source_id=source.id, trigger="schedule"))
            queued += 1
        source.next_run_at = next_run(source.schedule, now)
    session.flush()
    return queued


def prune_records(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete HarvestRecords older than the retention period."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = session.execute(delete(HarvestRecord).where(HarvestRecord.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
