"""The link-check job kind: claimed and run by the same worker loop as harvest jobs
(catalog/worker.py asks here when no harvest job is waiting), queued daily by the scheduler
(services.quality.daily) or by hand (`catalog quality links`).

A run takes the resource URLs of published datasets (never-checked first, then the oldest
checks), at most `max_urls`, checks them politely through the guarded harvest client
(harvesters/links.py), and stores each result in its own small unit of work, which rescores
the datasets using that URL (their accessibility and format rules read the results).

Settings (catalog/config.py, environment `CATALOG_<NAME>`, or application overrides):
`LINK_CHECK_MAX_URLS` (500), `LINK_CHECK_DELAY_S` (1.0, between two requests to one host),
`LINK_CHECK_HOSTS` (4 hosts at once), `LINK_CHECK_DEADLINE_S` (20, one request in all),
`LINK_CHECK_DAILY` (true: the scheduler queues a run every day; the test suite turns it off
so no test reaches the internet addresses of its sample records).
"""

from __future__ import annotations

import logging
import threading
import time

from catalog.context import Catalog
from catalog.models.quality import LinkCheckRun
from catalog.services import quality as service
from catalog.worker import Holder

log = logging.getLogger("catalog.worker")


def run_link_check(ctx: Catalog, run: LinkCheckRun, holder: Holder) -> str:
    """Run one claimed link-check run to its end; returns the final status."""
    from harvesters.links import check_all, make_session_factory

    settings = ctx.settings
    with ctx.unit_of_work() as session:
        items = service.urls_to_check(
            session, limit=settings.link_check_max_urls, organization_id=run.organization_id
        )
    stop = threading.Event()
    checked = broken = 0
    renewed = time.monotonic()
    status, message = "succeeded", ""
    try:
        for result in check_all(
            items,
            make_session_factory(settings, deadline_s=settings.link_check_deadline_s),
            delay_s=settings.link_check_delay_s,
            hosts_at_once=settings.link_check_hosts,
            stop=stop,
        ):
            with ctx.unit_of_work() as session:
                service.record_link(session, result.as_dict())
            checked += 1
            broken += 0 if result.ok else 1
            if time.monotonic() - renewed > holder.lease_s / 3:
                renewed = time.monotonic()
                with ctx.unit_of_work() as session:
                    if not service.extend_link_check(
                        session, run.id, holder.worker_id, holder.lease_s
                    ):
                        stop.set()
                        return "lost"
            if holder.stopping is not None and holder.stopping.is_set():
                stop.set()
                status, message = "failed", "Dihentikan karena proses pekerja berhenti."
                break
    except Exception as exc:  # a broken run ends, with what it found so far kept
        log.exception("link check %s failed", run.id)
        stop.set()
        status, message = "failed", f"Pemeriksaan tautan gagal: {exc}"
    if not message:
        message = f"{checked} dari {len(items)} tautan diperiksa; {broken} tidak dapat dibuka."
    with ctx.unit_of_work() as session:
        service.finish_link_check(
            session, run.id, holder.worker_id, status=status, checked=checked, broken=broken,
            message=message,
        )  # fmt: skip
    return status


def claim(ctx: Catalog, holder: Holder) -> LinkCheckRun | None:
    with ctx.unit_of_work() as session:
        run = service.claim_link_check(session, holder.worker_id, holder.lease_s)
        if run is not None:
            session.expunge(run)
        return run


def run_inline(ctx: Catalog, run_id: str) -> LinkCheckRun:
    """Run one queued run in this thread (`catalog quality links --wait`, tests)."""
    holder = Holder.inline()
    with ctx.unit_of_work() as session:
        run = service.claim_link_check(session, holder.worker_id, holder.lease_s, only=run_id)
        if run is not None:
            session.expunge(run)
    if run is not None:
        run_link_check(ctx, run, holder)
    with ctx.unit_of_work() as session:
        final = session.get(LinkCheckRun, run_id)
        assert final is not None
        session.expunge(final)
    return final


def daily(ctx: Catalog) -> dict[str, int]:
    """The scheduler's daily quality step (once per day; nothing on later ticks)."""
    from sqlalchemy.exc import OperationalError

    from catalog.services.auth import SYSTEM

    try:
        with ctx.unit_of_work() as session:
            return service.daily(
                session,
                SYSTEM,
                ctx.clock.today(),
                queue_links=ctx.settings.link_check_daily,
            )
    except OperationalError:
        log.warning("daily quality step skipped (database busy)")
        return {}
