"""`catalog quality ...`: rebuild the stored scores, the daily snapshot, link checks, the
agency ranking (registered on the main group by catalog/cli.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import click

from catalog.cli import State
from catalog.services.auth import SYSTEM

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

pass_state = click.make_pass_decorator(State, ensure=True)


@click.group()
def quality() -> None:
    """Metadata quality: scores, snapshots, link checks."""


def _store_for_today(state: State, store: Callable[[Session, date], int], done: str) -> None:
    """Run `store(session, today)` in one unit of work and echo `done` with the count it returns."""
    with state.catalog.unit_of_work() as session:
        n = store(session, state.catalog.clock.today())
    click.echo(done.format(n=n))


@quality.command("recompute")
@pass_state
def quality_recompute(state: State) -> None:
    """Recompute every dataset's stored quality score."""
    from catalog.services import quality as service

    _store_for_today(
        state, service.recompute_all, "Skor kualitas dihitung ulang; {n} baris berubah."
    )


@quality.command("snapshot")
@pass_state
def quality_snapshot(state: State) -> None:
    """Keep today's figures per agency (the trend chart); replaces today's earlier one."""
    from catalog.services import quality as service

    _store_for_today(
        state, service.take_snapshot, "Cuplikan hari ini disimpan untuk {n} perangkat daerah."
    )


@quality.command("ranking")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@pass_state
def quality_ranking(state: State, as_csv: bool) -> None:
    """Agencies by mean MQA score of their published datasets."""
    from catalog.services import quality as service

    with state.catalog.unit_of_work() as session:
        rows = service.ranking(session)
    if as_csv:
        click.echo(service.ranking_csv(rows), nl=False)
        return
    for r in rows:
        click.echo(
            f"{r['rank']:>3}. {r['title'][:50]:<50} {r['mean_score']:>6.1f} "
            f"{r['good_share']:>6.1%} rusak {r['broken_links']:>4} terlambat {r['late']:>4}"
        )


@quality.command("links")
@click.option("--org", "org_slug", default=None, help="Only this agency's datasets.")
@click.option("--wait", is_flag=True, help="Run it here and now instead of queueing it.")
@pass_state
def quality_links(state: State, org_slug: str | None, wait: bool) -> None:
    """Queue (or with --wait run) a link check of published datasets' resource URLs."""
    from catalog.linkcheck import run_inline
    from catalog.services import quality as service
    from catalog.services.organizations import get_organization

    ctx = state.catalog
    with ctx.unit_of_work() as session:
        org_id = get_organization(session, org_slug).id if org_slug else None
        run_id = service.queue_link_check(session, SYSTEM, organization_id=org_id).id
    if not wait:
        click.echo(f"Pemeriksaan tautan diantrekan: {run_id}")
        return
    run = run_inline(ctx, run_id)
    click.echo(f"{run.status}: {run.checked} tautan diperiksa, {run.broken} rusak. {run.message}")
