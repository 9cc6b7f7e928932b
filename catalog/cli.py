"""`catalog` command line: init, serve, demo, users, tokens, orgs."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import Flask

from catalog import migrate
from catalog.errors import ServiceError
from catalog.services.auth import SYSTEM

if TYPE_CHECKING:
    from catalog.context import Catalog


class State:
    """Creates the application on first use, so `--help` works without a database."""

    def __init__(self) -> None:
        self._app: Flask | None = None

    @property
    def app(self) -> Flask:
        if self._app is None:
            from catalog.app import create_app

            self._app = create_app()
        return self._app

    @property
    def catalog(self) -> Catalog:
        ctx: Catalog = self.app.extensions["catalog"]
        return ctx

    def close(self) -> None:
        """Close the database connections the command opened (a clean goodbye to PostgreSQL)."""
        if self._app is not None:
            self._app.extensions["catalog"].db.dispose()


pass_state = click.make_pass_decorator(State, ensure=True)


def fail(message: str) -> None:
    click.secho(f"Galat: {message}", fg="red", err=True)
    sys.exit(2)


class CatalogGroup(click.Group):
    """Turns service errors into one clear line and exit code 2 instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        state = ctx.ensure_object(State)  # the commands' State, made here so it can be closed
        try:
            return super().invoke(ctx)
        except ServiceError as exc:
            from schemas.fields import flatten_messages

            messages = flatten_messages(exc.errors).items()
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in messages)
            fail(exc.message + (f" ({details})" if details else ""))
        finally:
            state.close()


@click.group(cls=CatalogGroup)
@click.version_option(package_name="katalog-statistik")
def main() -> None:
    """Katalog Statistik Sektoral."""


@main.command()
@pass_state
def init(state: State) -> None:
    """Create or upgrade the database (safe to run again)."""
    ctx = state.catalog
    before = migrate.current_revision(ctx.db.engine)
    migrate.upgrade(ctx.db.engine)
    after = migrate.current_revision(ctx.db.engine)
    where = ctx.db.engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"Database {where} is up to date (revision {after}).")
    else:
        click.echo(f"Database {where} upgraded: {before or 'empty'} -> {after}.")
    from catalog.search import backend_of, rebuild
    from catalog.search.query import SearchUnavailable

    try:
        rebuilt = rebuild.rebuild_if_needed(ctx.db, backend_of(state.app))
    except (SearchUnavailable, rebuild.RebuildRunning) as exc:
        click.echo(f"Search index not checked: {exc}")
        return
    if rebuilt is not None:
        # an embedded index written by an older version, or an Elasticsearch without the
        # alias (a new server, or one that lost its data)
        click.echo(f"Search index missing or outdated: rebuilt ({rebuilt} datasets).")


@main.command()
@click.option("--host", default=None, help="Address to listen on (CATALOG_HOST).")
@click.option("--port", type=int, default=None, help="Port (CATALOG_PORT).")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Serving processes (CATALOG_WEB_PROCESSES; default: one per CPU). "
    "More than one: gunicorn workers; one: waitress.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Threads per process (CATALOG_WEB_THREADS; default 8 for one process, else 4).",
)
@pass_state
def serve(
    state: State, host: str | None, port: int | None, processes: int | None, threads: int | None
) -> None:
    """Serve the web pages and APIs (gunicorn with several processes, waitress with one)."""
    from catalog.config import Settings
    from catalog.serving import threads_per_process

    settings = Settings.from_env()
    host, port = host or settings.host, port or settings.port
    processes = processes or settings.web_processes
    threads = threads_per_process(processes, threads or settings.web_threads)
    if processes > 1:
        from catalog.serving import serve_processes

        # no application here: each worker process builds its own after the fork
        click.echo(f"Serving on http://{host}:{port}/ ({processes} processes × {threads} threads)")
        sys.stdout.flush()  # before gunicorn's own log lines, also when stdout is a pipe
        serve_processes(settings, host, port, processes, threads)
        return
    from waitress import serve as waitress_serve

    for hook in state.app.extensions.get("catalog.background", []):
        hook()
    click.echo(f"Serving on http://{host}:{port}/ (1 process × {threads} threads)")
    try:
        waitress_serve(state.app, host=host, port=port, threads=threads, ident="katalog-statistik")
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror}); set CATALOG_PORT or --port")


@main.command()
@click.option("--if-empty", is_flag=True, help="Do nothing when datasets exist already.")
@pass_state
def demo(state: State, if_empty: bool) -> None:
    """Load the demo agencies, accounts and datasets."""
    from catalog.services import demo as demo_service

    with state.catalog.unit_of_work() as session:
        if if_empty and demo_service.dataset_count(session):
            click.echo("Datasets exist already; demo not loaded.")
            return
        orgs = demo_service.load_organizations(session)
        accounts = demo_service.load_accounts(session)
    # The datasets go in through the harvest pipeline (a `file` source), like any source.
    from catalog.services import harvest as harvest_service
    from catalog.worker import run_inline

    with state.catalog.unit_of_work() as session:
        source = demo_service.demo_source(session)
        job_id = harvest_service.queue_job(session, SYSTEM, source.id, trigger="demo").id
    job = run_inline(state.catalog, job_id)
    with state.catalog.unit_of_work() as session:
        walked = demo_service.load_recommendations(session)
    with state.catalog.unit_of_work() as session:  # surveys and compilations BPS looks at
        activities = demo_service.load_activities(session, state.catalog.clock.today())
    from catalog.services.consultations.demo import load_consultations

    with state.catalog.unit_of_work() as session:  # a season at the Pojok Romantik desk
        consulted = load_consultations(session, state.catalog.clock.today())
    click.echo(
        f"Demo: {orgs} organizations, {job.created} datasets created, "
        f"{walked} BPS recommendation cases, {activities} statistical activities, "
        f"{consulted} Pojok Romantik consultations."
    )
    if job.errors or job.status not in {"succeeded", "partial"}:
        click.secho(f"  skipped {job.errors} records: {job.message}", fg="yellow")
    if accounts:
        click.echo(
            f"Accounts {', '.join(accounts)} with password '{demo_service.DEMO_PASSWORD}' "
            "(for local trials only)."
        )


@main.group()
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.argument("username")
@click.option("--email", default=None)
@click.option("--full-name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(["admin", "bps_reviewer"]))
@click.option("--org", "orgs", multiple=True, help="Organization slug to make the user editor of.")
@pass_state
def users_create(
    state: State,
    username: str,
    email: str | None,
    full_name: str,
    password: str,
    roles: tuple[str, ...],
    orgs: tuple[str, ...],
) -> None:
    """Create a user."""
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        user = service.create_user(
            session,
            SYSTEM,
            username=username,
            password=password,
            email=email,
            full_name=full_name,
            roles=list(roles),
        )
        for org in orgs:
            service.set_membership(session, SYSTEM, user, org, "editor")
    click.echo(f"User {username} created.")


@users.command("grant")
@click.argument("username")
@click.argument("role", type=click.Choice(["admin", "bps_reviewer"]))
@pass_state
def users_grant(state: State, username: str, role: str) -> None:
    """Grant a global role (admin, bps_reviewer)."""
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        service.grant_role(session, SYSTEM, service.get_user(session, username), role)
    click.echo(f"{username} now has role {role}.")


@users.command("member")
@click.argument("username")
@click.argument("organization")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor")
@pass_state
def users_member(state: State, username: str, organization: str, role: str) -> None:
    """Make USERNAME an editor (or admin) of ORGANIZATION."""
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        service.set_membership(
            session, SYSTEM, service.get_user(session, username), organization, role
        )
    click.echo(f"{username} is {role} of {organization}.")


@users.command("list")
@pass_state
def users_list(state: State) -> None:
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        for user in service.list_users(session, SYSTEM):
            orgs = ",".join(m.organization.slug for m in user.memberships)
            click.echo(f"{user.username}\troles={','.join(sorted(user.role_names))}\torgs={orgs}")


@main.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", default="cli")
@pass_state
def tokens_create(state: State, username: str, name: str) -> None:
    """Create a token for USERNAME and print its secret (shown only this once)."""
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        _token, secret = service.create_token(
            session, SYSTEM, service.get_user(session, username), name
        )
    click.echo(secret)


@tokens.command("revoke")
@click.argument("token_id")
@pass_state
def tokens_revoke(state: State, token_id: str) -> None:
    from catalog.services import users as service

    with state.catalog.unit_of_work() as session:
        service.revoke_token(session, SYSTEM, token_id)
    click.echo(f"Token {token_id} revoked.")


@main.group()
def orgs() -> None:
    """Manage organizations."""


@orgs.command("create")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--kind", type=click.Choice(["opd", "bps", "walidata"]), default="opd")
@click.option("--code", default=None)
@pass_state
def orgs_create(state: State, slug: str, title: str, kind: str, code: str | None) -> None:
    """Create an organization."""
    from marshmallow import ValidationError

    from catalog.services import organizations as service
    from schemas.api import OrganizationIn

    try:
        data = OrganizationIn().load({"slug": slug, "title": title, "kind": kind, "code": code})
    except ValidationError as exc:
        fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.messages_dict.items()))
    with state.catalog.unit_of_work() as session:
        service.create_organization(session, SYSTEM, data)
    click.echo(f"Organization {slug} created.")


@orgs.command("list")
@pass_state
def orgs_list(state: State) -> None:
    from catalog.services import organizations as service

    with state.catalog.unit_of_work() as session:
        rows, _ = service.list_organizations(session)
        counts = service.dataset_counts(session)
        for org in rows:
            click.echo(f"{org.slug}\t{org.kind}\t{counts.get(org.id, 0)}\t{org.title}")


@main.command()
@click.option("--pending", is_flag=True, help="Only drain the outbox (changes not yet indexed).")
@pass_state
def reindex(state: State, pending: bool) -> None:
    """Rebuild the search index from the database (or drain the outbox with --pending)."""
    from catalog.search import backend_of, outbox, rebuild
    from catalog.search.query import SearchUnavailable

    ctx = state.catalog
    backend = backend_of(state.app)
    try:
        if pending:
            before = outbox.pending(ctx.db)
            done = outbox.drain(ctx.db, backend)
            click.echo(f"Outbox: {done} of {before} pending changes indexed.")
            return
        total = rebuild.published_count(ctx.db)
        with click.progressbar(length=total, label="Reindex", show_pos=True) as bar:
            count = rebuild.reindex(ctx.db, backend, progress=bar.update)
    except SearchUnavailable as exc:
        fail(f"search backend unavailable: {exc}")
        return
    except rebuild.RebuildRunning as exc:
        fail(str(exc))
        return
    click.echo(f"Indexed {count} published datasets into {backend.name}.")


def _backup_step(step: Callable[[str, str, Path], dict[str, Any]], directory: Path) -> Any:
    """Run a backup or restore on the configured database; None (after the message) on failure."""
    from catalog.backup import BackupError
    from catalog.config import Settings

    settings = Settings.from_env()
    try:
        return step(settings.resolved_database_url, settings.data_dir, directory)
    except BackupError as exc:
        fail(str(exc))
        return None


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup(directory: Path) -> None:
    """Back up the database and the secret key into DIRECTORY (safe while serving)."""
    from catalog.backup import backup as run_backup

    manifest = _backup_step(run_backup, directory)
    if manifest is None:
        return
    click.echo(
        f"Backup of the {manifest['database']} database (revision {manifest['revision']}) "
        f"written to {directory}."
    )


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
def restore(click_ctx: click.Context, directory: Path) -> None:
    """Restore a backup from DIRECTORY into an empty database, then rebuild the search index."""
    from catalog.backup import restore as run_restore

    manifest = _backup_step(run_restore, directory)
    if manifest is None:
        return
    click.echo(f"Database restored from {directory} (revision {manifest['revision']}).")
    state = click_ctx.ensure_object(State)
    migrate.upgrade(state.catalog.db.engine)  # a backup from an older version
    click_ctx.invoke(reindex, pending=False)  # the index is never in the backup


class HarvesterType(click.Choice):
    """The registered harvester types (harvesters/registry.py), read when the command runs,
    so a type registered after this module was imported is offered too."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from harvesters.registry import HARVESTERS

        return HARVESTERS.names()

    @choices.setter
    def choices(self, value: Any) -> None:
        pass  # click.Choice.__init__ sets it; the registry is the one list


@main.group()
def harvest() -> None:
    """Harvest sources and jobs."""


@harvest.command("add")
@click.argument("organization")
@click.argument("type_", metavar="TYPE", type=HarvesterType())
@click.argument("url")
@click.option("--title", required=True)
@click.option(
    "--schedule",
    default="manual",
    show_default=True,
    help="manual, hourly, daily, weekly, monthly or cron.",
)
@click.option(
    "--config",
    "config_json",
    default="{}",
    help='JSON, e.g. {"organization": "dinkes", "api_key": "..."}.',
)
@pass_state
def harvest_add(
    state: State,
    organization: str,
    type_: str,
    url: str,
    title: str,
    schedule: str,
    config_json: str,
) -> None:
    """Add a source of TYPE at URL for ORGANIZATION."""
    import json

    from catalog.services import harvest as service

    try:
        config = json.loads(config_json)
    except ValueError as exc:
        fail(f"--config bukan JSON: {exc}")
    with state.catalog.unit_of_work() as session:
        data = {
            "organization": organization,
            "title": title,
            "type": type_,
            "url": url,
            "schedule": schedule,
            "config": config,
        }
        source = service.create_source(
            session,
            SYSTEM,
            data,
            allow_file=True,
            settings=state.catalog.settings,
        )
        click.echo(source.id)


@harvest.command("list")
@pass_state
def harvest_list(state: State) -> None:
    """List sources with their last job."""
    from catalog.services import harvest as service

    with state.catalog.unit_of_work() as session:
        rows, _ = service.list_sources(session, SYSTEM, limit=1000)
        for s in rows:
            job = service.last_job(session, s.id)
            last = (
                f"{job.status} {job.finished_at or job.created_at:%Y-%m-%d %H:%M}" if job else "-"
            )
            click.echo(f"{s.id}\t{s.organization.slug}\t{s.type}\t{s.schedule}\t{last}\t{s.title}")


@harvest.command("run")
@click.argument("source_id")
@click.option("--wait", is_flag=True, help="Run the job here and now, with a progress bar.")
@pass_state
def harvest_run(state: State, source_id: str, wait: bool) -> None:
    """Queue a harvest of SOURCE_ID (with --wait: run it in this process)."""
    import threading

    from catalog.services import harvest as service
    from catalog.worker import run_inline

    with state.catalog.unit_of_work() as session:
        job_id = service.queue_job(session, SYSTEM, source_id).id
    if not wait:
        click.echo(f"Queued job {job_id}.")
        return
    result: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: result.update(job=run_inline(state.catalog, job_id)), daemon=True
    )
    thread.start()
    with click.progressbar(length=1, label="Memanen", show_pos=True) as bar:
        while thread.is_alive():
            thread.join(0.5)
            with state.catalog.unit_of_work() as session:
                running = service.get_job(session, job_id)
                if running.progress_total:
                    bar.length = running.progress_total
                bar.update(running.progress_done - bar.pos)
    job = result.get("job")
    if job is None:
        fail("Tugas tidak selesai.")
        return
    click.echo(
        f"Job {job.id}: {job.status}; found {job.found}, created {job.created}, updated "
        f"{job.updated}, restored {job.restored}, unchanged {job.unchanged}, withdrawn "
        f"{job.withdrawn}, skipped private {job.skipped_private}, errors {job.errors}, "
        f"with warnings {job.warnings}."
    )
    if job.message:
        click.echo(job.message)
    if job.status == "failed":
        sys.exit(1)


@harvest.command("jobs")
@click.option("--source", "source_id", default=None)
@click.option("--limit", type=int, default=20, show_default=True)
@pass_state
def harvest_jobs(state: State, source_id: str | None, limit: int) -> None:
    """Recent jobs: id, status, counts, progress."""
    from catalog.services import harvest as service

    with state.catalog.unit_of_work() as session:
        for job in service.list_jobs(session, source_id, limit):
            click.echo(
                f"{job.id}\t{job.status}\t{job.source.title}\tfound={job.found} "
                f"created={job.created} updated={job.updated} restored={job.restored} "
                f"unchanged={job.unchanged} withdrawn={job.withdrawn} "
                f"skipped_private={job.skipped_private} errors={job.errors} "
                f"warnings={job.warnings}\t"
                f"{job.progress_done}/{job.progress_total or '?'}\t{job.message[:80]}"
            )


@harvest.command("cancel")
@click.argument("job_id")
@pass_state
def harvest_cancel(state: State, job_id: str) -> None:
    """Cancel a queued job, or ask a running one to stop."""
    from catalog.services import harvest as service

    with state.catalog.unit_of_work() as session:
        job = service.cancel_job(session, SYSTEM, job_id)
        click.echo(
            f"Job {job.id}: {'cancelled' if job.status == 'cancelled' else 'cancel requested'}."
        )


@main.command()
@click.option("--lease", type=float, default=60.0, show_default=True, help="Lease seconds.")
@click.option("--poll", type=float, default=2.0, show_default=True)
@click.option("--once", is_flag=True, help="Run at most one job, then exit.")
@click.option("--with-scheduler", is_flag=True, help="Also queue due jobs.")
@pass_state
def worker(state: State, lease: float, poll: float, once: bool, with_scheduler: bool) -> None:
    """Claim and run harvest jobs (any number of workers, also on several machines)."""
    from catalog.worker import Worker

    w = Worker(state.catalog, lease_s=lease, poll_s=poll, schedule=with_scheduler)
    click.echo(f"Worker {w.worker_id} started.")
    if once:
        click.echo(f"Result: {w.run_once() or 'no job'}")
        return
    # SIGINT/SIGTERM only set the stop flag: the loop ends between steps (a running job stops
    # at its next check and is taken over by another worker once its lease runs out) instead
    # of an exception landing in the middle of a database call.
    _on_stop_signals(w.stop)
    try:
        w.run_forever()
    except KeyboardInterrupt:
        w.stop()


@main.command()
@click.option("--interval", type=float, default=30.0, show_default=True)
@pass_state
def scheduler(state: State, interval: float) -> None:
    """Queue harvest jobs when their schedule is due; prune old harvest records."""
    from catalog.worker import scheduler_tick

    click.echo("Scheduler started.")
    stop = threading.Event()
    _on_stop_signals(stop.set)
    try:
        while not stop.is_set():
            result = scheduler_tick(state.catalog)
            if result["queued"] or result["pruned"]:
                click.echo(f"queued {result['queued']}, pruned {result['pruned']} records")
            stop.wait(interval)
    except KeyboardInterrupt:
        pass


def _on_stop_signals(stop: Callable[[], None]) -> None:
    """SIGINT and SIGTERM call `stop` (the process then ends at its next step)."""

    def handler(_signum: int, _frame: object) -> None:
        stop()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


@main.group()
def recommendations() -> None:
    """BPS recommendation workflow."""


@recommendations.command("report")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.option("--today", default=None, help="Date to derive expiry from (YYYY-MM-DD).")
@click.option(
    "--table",
    type=click.Choice(["datasets", "activities", "expiring", "without"]),
    default="datasets",
    show_default=True,
    help="datasets or statistical activities per agency x status; recommendations expiring "
    "within --days; activities carried out without a recommendation per agency.",
)
@click.option("--days", type=click.IntRange(1, 366), default=60, show_default=True)
@pass_state
def recommendations_report(
    state: State, as_csv: bool, today: str | None, table: str, days: int
) -> None:
    """Published datasets (or activities) per agency x recommendation status, and more."""
    from catalog.clock import parse_today
    from catalog.services.recommendations import report

    day = parse_today(today) if today else state.catalog.clock.today()
    with state.catalog.unit_of_work() as session:
        if table in {"datasets", "activities"}:
            rows = (report.per_agency if table == "datasets" else report.activities_per_agency)(
                session, today=day
            )
            text = report.as_csv(rows)
        elif table == "expiring":
            text = report.expiring_csv(report.expiring(session, today=day, days=days))
        else:
            text = report.without_csv(report.without_recommendation(session))
    if as_csv:
        click.echo(text, nl=False)
        return
    if table in {"datasets", "activities"}:
        click.echo(report.as_table(rows))
        return
    click.echo(report.csv_as_table(text))


from catalog.cli_quality import quality  # noqa: E402  (its commands use State above)

main.add_command(quality)

if __name__ == "__main__":
    main()
