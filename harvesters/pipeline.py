"""The shared harvest pipeline: fetch (in a prefetch thread), map, validate, skip, upsert, record.

Harvesters never touch the database; this module does, in batches, one transaction each.
A batch commits only while the job still belongs to this worker, so a job taken over by
another worker continues from the last committed batch and ends exactly like an
uninterrupted run.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from catalog.context import Catalog
from catalog.errors import Conflict, ServiceError
from catalog.models import Dataset, HarvestJob, HarvestRecord, HarvestSource, Organization, utcnow
from catalog.models.harvest import pack_raw
from catalog.services import activity_links, datasets
from catalog.services import harvest as harvest_service
from harvesters.base import Harvester, Listing, RawRecord
from harvesters.http import Cancelled, HarvestError
from harvesters.idset import IdSet
from schemas import lenient
from schemas.profile import DatasetIn

log = logging.getLogger("catalog.harvest")

BATCH_SIZE = 200
# Enough to keep the store busy while the next page is fetched, small enough for memory.
QUEUE_RECORDS = 500
COUNTERS = (
    "found",
    "created",
    "updated",
    "restored",
    "unchanged",
    "withdrawn",
    "skipped_private",
    "errors",
    "warnings",
)
NOT_MODIFIED_MESSAGE = (
    "Sumber tidak berubah sejak panen terakhir (HTTP 304 Not Modified); tidak ada yang "
    "dibaca, diubah atau ditarik."
)
PRIVATE_MESSAGE = "Dataset privat di sumber; tidak diterbitkan di katalog ini."


class JobLost(Exception):
    """Another worker took the job over (our lease expired) or it was cancelled."""


@dataclass(slots=True)
class Known:
    """What the catalog holds for one remote id of this source."""

    dataset_id: str
    harvest_hash: str | None
    state: str
    remote_modified: str | None = None  # the source's stamp when it was last stored


@dataclass
class Outcome:
    status: str
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)


class Prefetch:
    """Runs harvester.fetch() in a thread, so fetching the next page overlaps processing."""

    _END = object()

    def __init__(self, harvester: Harvester, maxsize: int = QUEUE_RECORDS) -> None:
        self.harvester = harvester
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=maxsize)
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="harvest-prefetch", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for record in self.harvester.fetch():
                while not self.stopped.is_set():
                    try:
                        self.queue.put(record, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if self.stopped.is_set():
                    return
        except BaseException as exc:
            self.error = exc
        finally:
            self._put_end()

    def _put_end(self) -> None:
        while not self.stopped.is_set():
            try:
                self.queue.put(self._END, timeout=0.2)
                return
            except queue.Full:
                continue

    def batches(self, size: int) -> Any:
        """Lists of up to `size` records: blocks for the first, then takes what is ready."""
        done = False
        while not done:
            first = self.queue.get()
            if first is self._END:
                return
            batch = [first]
            while len(batch) < size:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is self._END:
                    done = True
                    break
                batch.append(item)
            yield batch

    def stop(self) -> None:
        self.stopped.set()


class Pipeline:
    """Runs one harvest job of one source through `harvester`."""

    def __init__(
        self,
        ctx: Catalog,
        job_id: str,
        harvester: Harvester,
        *,
        worker_id: str | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.ctx = ctx
        self.job_id = job_id
        self.harvester = harvester
        self.worker_id = worker_id
        self.should_stop = should_stop
        self.batch_size = batch_size
        self.schema = DatasetIn()
        self.counts = dict.fromkeys(COUNTERS, 0)
        # What the catalog holds for the remote ids of the batch at hand (read per batch, so
        # memory does not grow with the source).
        self.known: dict[str, Known] = {}
        self.seen = IdSet()  # remote ids met in this job (also by an earlier worker)
        self.done_before: set[str] = set()  # remote ids recorded by an earlier worker
        self.progress_done = 0
        # A record whose id did not decode stands for an unknown stored dataset: the listing
        # then cannot say what is gone.
        self.ids_unreadable = False

    # -- setup -----------------------------------------------------------------------------

    def _load(self) -> None:
        with self.ctx.unit_of_work() as session:
            job = session.get(HarvestJob, self.job_id)
            if job is None:
                raise JobLost("job vanished")
            source = job.source
            self.source_id = source.id
            self.source_title = source.title
            self.source_org_id = source.organization_id
            self.source_org_slug = source.organization.slug
            # Records go to the agency they name only when an admin allowed it for this
            # source; otherwise everything lands in the source's own agency.
            self.remote_org = bool(
                source.config.get("remote_organization") and source.remote_organization_by
            )
            self.counts = {name: getattr(job, name) or 0 for name in COUNTERS}
            self.progress_done = job.progress_done or 0
            self.done_before = {
                rid
                for rid in session.scalars(
                    select(HarvestRecord.remote_id).where(
                        HarvestRecord.job_id == self.job_id, HarvestRecord.action != "withdrawn"
                    )
                )
                if rid is not None
            }
            self.seen = IdSet(self.done_before)
            # An incremental run fetches again what failed last time; a job taken over from
            # another worker reads its source unconditionally (a 304 would end it early).
            self.harvester.retry_ids = harvest_service.retry_ids(session, source.id)
            if not self.done_before:
                self.harvester.validators = source.http_validators
            self.org_slugs = dict(session.execute(select(Organization.slug, Organization.id)).all())

    # -- the run ---------------------------------------------------------------------------

    def _known_for(self, remote_ids: list[str]) -> dict[str, Known]:
        """What the catalog holds for these remote ids of this source (one indexed query)."""
        wanted = list(dict.fromkeys(r for r in remote_ids if isinstance(r, str) and r))
        known: dict[str, Known] = {}
        with self.ctx.unit_of_work() as session:
            for start in range(0, len(wanted), 500):
                rows = session.execute(
                    select(
                        Dataset.remote_id,
                        Dataset.id,
                        Dataset.harvest_hash,
                        Dataset.state,
                        Dataset.remote_modified,
                    ).where(
                        Dataset.harvest_source_id == self.source_id,
                        Dataset.remote_id.in_(wanted[start : start + 500]),
                    )
                )
                known.update((str(r[0]), Known(r[1], r[2], r[3], r[4])) for r in rows)
        return known

    def run(self) -> Outcome:
        # A harvest allocates many short-lived ORM objects (in reference cycles); collecting
        # the young generation less often cuts CPU by ~30%, and an explicit collection after
        # each batch (see _run) frees a batch's objects before they reach the old generation,
        # where they would wait for a full collection and the heap would grow with the source.
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], 50000), thresholds[1], max(thresholds[2], 20))
        try:
            return self._run()
        finally:
            gc.set_threshold(*thresholds)

    def _run(self) -> Outcome:
        self._load()
        prefetch = Prefetch(self.harvester)
        fetch_error: str | None = None
        try:
            for batch in prefetch.batches(self.batch_size):
                if self.should_stop():
                    raise JobLost("stopped")
                self._process_batch(batch)
                gc.collect(1)
            if prefetch.error is not None:
                raise prefetch.error
            if self.harvester.not_modified:
                # Nothing was listed: nothing is withdrawn, the last listing still holds.
                return self._finish("succeeded", NOT_MODIFIED_MESSAGE, complete=True)
        except Cancelled as exc:  # the HTTP client saw the stop signal mid-request
            raise JobLost("stopped") from exc
        except HarvestError as exc:
            fetch_error = str(exc)
        except JobLost:
            raise
        except Exception as exc:
            log.exception("harvest job %s failed", self.job_id)
            fetch_error = f"{type(exc).__name__}: {exc}"
        finally:
            prefetch.stop()
        if fetch_error is not None:
            return self._finish("failed", f"Pemanenan gagal; tidak ada yang ditarik. {fetch_error}")
        listing: Listing | None
        try:
            listing = self.harvester.list_ids()
        except Cancelled as exc:
            raise JobLost("stopped") from exc
        except HarvestError as exc:
            return self._finish(
                "failed", f"Daftar lengkap tidak terbaca; tidak ada yang ditarik. {exc}"
            )
        if listing is None:
            # Every remote id met in this job (duplicates and invalid records included).
            listing = Listing(ids=self.seen, complete=True)
        message = ""
        active = self._active()
        if listing.complete and not listing.ids and active:
            # An empty answer from a source that had datasets is far more often a broken
            # portal or search index than a real mass deletion.
            listing.complete = False
            message = "Sumber mengembalikan daftar kosong; tidak ada dataset yang ditarik."
        if listing.complete and self.ids_unreadable:
            listing.complete = False
            message = "Ada rekaman yang id-nya tidak dapat dibaca; tidak ada dataset yang ditarik."
        if listing.complete:
            self._withdraw_missing(listing.ids)
        status = "partial" if self.counts["errors"] else "succeeded"
        return self._finish(status, message, complete=listing.complete)

    def _finish(self, status: str, message: str, complete: bool = False) -> Outcome:
        with self.ctx.unit_of_work() as session:
            self._save_job(session, status=status, message=message, complete_listing=complete)
            if complete and status in ("succeeded", "partial"):
                # What the next run sends as If-None-Match / If-Modified-Since (or nothing).
                session.execute(
                    update(HarvestSource)
                    .where(HarvestSource.id == self.source_id)
                    .values(http_validators=self.harvester.new_validators)
                )
        return Outcome(status, message, dict(self.counts))

    def _save_job(self, session: Session, **extra: Any) -> None:
        """Counts and progress on the job row, only while this worker still holds the job."""
        values: dict[str, Any] = dict(self.counts, progress_done=self.progress_done)
        if self.harvester.total is not None:
            values["progress_total"] = self.harvester.total
        if "status" in extra:
            values["finished_at"] = utcnow()
        values.update(extra)
        query = update(HarvestJob).where(HarvestJob.id == self.job_id)
        if self.worker_id is not None:
            query = query.where(HarvestJob.worker_id == self.worker_id)
        if "status" not in extra:
            query = query.where(HarvestJob.status == "running")
        result = session.execute(query.values(**values))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise JobLost("job is no longer ours")

    def _save_batch(self, session: Session, records: list[dict[str, Any]]) -> None:
        """A batch's record rows, then the job's counts, in the batch's unit of work."""
        if records:
            session.execute(insert(HarvestRecord), records)
        self._save_job(session)

    # -- one batch -------------------------------------------------------------------------

    def _process_batch(self, batch: list[RawRecord]) -> None:
        """One batch in one transaction; retried when a concurrent writer took a slug first."""
        for attempt in range(1, 5):
            counts, progress = dict(self.counts), self.progress_done
            self._undo: list[tuple[str, Known | None]] = []
            self._seen_now: list[str] = []
            try:
                return self._try_batch(batch)
            except (Conflict, OperationalError):
                # Rolled back: forget what this attempt changed in memory, then try again.
                self.counts, self.progress_done = counts, progress
                self.seen.difference_update(self._seen_now)
                for rid, old in reversed(self._undo):
                    if old is None:
                        self.known.pop(rid, None)
                    else:
                        self.known[rid] = old
                if attempt == 4:
                    raise
                time.sleep(0.05 * attempt)

    def _try_batch(self, batch: list[RawRecord]) -> None:
        records: list[dict[str, Any]] = []
        self.known = self._known_for([raw.remote_id for raw in batch])
        # Mapping, hashing and validation happen before the transaction opens.
        todo: list[tuple[RawRecord, dict[str, Any], str, list[dict[str, Any]]]] = []
        private: list[RawRecord] = []
        for raw in batch:
            if raw.remote_id in self.done_before:
                continue  # stored by the worker that ran this job before us
            self.progress_done += 1
            if not str(raw.remote_id or "").strip():
                self._error(
                    records,
                    raw,
                    "Rekaman tanpa id (identifier) tidak dapat disimpan.",
                    {"id": ["Wajib diisi."]},
                )
                continue
            if raw.remote_id in self.seen:
                self._error(
                    records,
                    raw,
                    "Remote id muncul dua kali dalam sumber; salinan kedua diabaikan.",
                    {"remote_id": ["Duplikat dalam sumber."]},
                )
                continue
            self.seen.add(raw.remote_id)
            self._seen_now.append(raw.remote_id)
            self.counts["found"] += 1
            if raw.error is not None:
                self.ids_unreadable = self.ids_unreadable or "remote_id" in raw.errors
                self._error(records, raw, raw.error, raw.errors)
                continue
            known = self.known.get(raw.remote_id)
            if (
                self.harvester.since is not None
                and raw.modified
                and known is not None
                and known.remote_modified == raw.modified
                and known.state != "withdrawn"
            ):
                # The source says it has not changed since it was stored (dct:modified).
                self.counts["unchanged"] += 1
                records.append(self._record(raw, "unchanged", known.dataset_id, known.harvest_hash))
                continue
            try:
                if self.harvester.is_private(raw):
                    private.append(raw)
                    continue
                mapped, warnings = lenient.tolerate(self.harvester.map(raw))
            except Exception as exc:
                self._error(records, raw, f"Rekaman tidak dapat dibaca: {exc}", {})
                continue
            if not self.remote_org or mapped.get("organization") not in self.org_slugs:
                mapped["organization"] = self.source_org_slug
            digest = datasets.content_hash(mapped)
            known = self.known.get(raw.remote_id)
            if known and known.harvest_hash == digest and known.state != "withdrawn":
                self.counts["unchanged"] += 1
                records.append(self._record(raw, "unchanged", known.dataset_id, digest))
                continue
            try:
                data, dropped = lenient.load(self.schema, mapped)
            except lenient.Refused as exc:
                self._error(records, raw, exc.message, exc.errors)
                continue
            todo.append((raw, data, digest, warnings + dropped))
        with self.ctx.unit_of_work() as session, session.no_autoflush:
            if private:
                self._skip_private(session, records, private)
            if todo:
                self._store_all(session, records, todo)
            self._save_batch(session, records)

    def _store_all(
        self,
        session: Session,
        records: list[dict[str, Any]],
        todo: list[tuple[RawRecord, dict[str, Any], str, list[dict[str, Any]]]],
    ) -> None:
        """Upsert the valid records of a batch, resolving lookups with one query each."""
        ids = [self.known[t[0].remote_id].dataset_id for t in todo if t[0].remote_id in self.known]
        loaded: dict[str, Dataset] = {}
        if ids:
            loaded = {d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(ids)))}
        wanted_identifiers = [
            d["identifier"]
            for r, d, _, _ in todo
            if d.get("identifier") and r.remote_id not in self.known
        ]
        by_identifier: dict[str, Dataset] = {}
        if wanted_identifiers:
            by_identifier = {
                d.identifier: d
                for d in session.scalars(
                    select(Dataset).where(Dataset.identifier.in_(wanted_identifiers))
                )
                if d.identifier
            }
        wanted_slugs = [d["slug"] for _, d, _, _ in todo if d.get("slug")]
        taken = set(
            session.scalars(select(Dataset.slug).where(Dataset.slug.in_(wanted_slugs)))
            if wanted_slugs
            else ()
        )
        orgs = {o.slug: o for o in session.scalars(select(Organization))}
        # the statistical activities the records name (kode kegiatan), one query per batch
        naming = {
            d["organization"]
            for _, d, _, _ in todo
            if activity_links.activity_ref(d) != (None, None)
        }
        activities = activity_links.load_index(session, (orgs[o].id for o in naming))
        for raw, data, digest, warnings in todo:
            known = self.known.get(raw.remote_id)
            dataset = loaded.get(known.dataset_id) if known else None
            if dataset is None and data.get("identifier"):
                dataset = by_identifier.get(data["identifier"])
                if dataset is not None:
                    owner = self._owner_conflict(session, dataset)
                    if owner:
                        self._error(records, raw, owner, {"identifier": [owner]})
                        continue
            provenance = {
                "harvest_source_id": self.source_id,
                "remote_id": raw.remote_id,
                "remote_url": raw.remote_url,
                "last_harvested_at": utcnow(),
                "harvest_hash": digest,
                "remote_modified": (raw.modified or "")[:100] or None,
            }
            if dataset is not None and dataset.harvest_source_id not in (None, self.source_id):
                # The same dataset from another source of the same agency: stored once, kept
                # by the source that brought it first.
                provenance = {"harvest_hash": dataset.harvest_hash}
            slug = None if dataset is not None else self._free_slug(session, data, taken)
            try:
                stored, action = datasets.harvest_upsert(
                    session, dataset, data, provenance,
                    organization=orgs[data["organization"]], slug=slug,
                )  # fmt: skip
            except ServiceError as exc:
                self._error(records, raw, exc.message, exc.errors)
                continue
            unlinked = activity_links.link_harvested(session, stored, data, activities)
            if unlinked:
                warnings = [*warnings, unlinked]
            if stored.identifier:
                by_identifier[stored.identifier] = stored
            if stored.harvest_source_id == self.source_id:
                self._undo.append((raw.remote_id, self.known.get(raw.remote_id)))
                self.known[raw.remote_id] = Known(
                    stored.id, digest, stored.state, stored.remote_modified
                )
                loaded[stored.id] = stored
            self.counts[action] += 1
            if warnings:
                self.counts["warnings"] += 1
            records.append(
                self._record(raw, action, stored.id, digest, keep_raw=True, warnings=warnings)
            )

    @staticmethod
    def _free_slug(session: Session, data: dict[str, Any], taken: set[str]) -> str:
        """The remote slug when free, else one derived from the title; `taken` grows."""
        base = data.get("slug") or datasets.slugify(data["title"])
        candidate, n = base, 1
        while candidate in taken or (
            (candidate != data.get("slug") or n > 1)
            and session.scalar(select(Dataset.id).where(Dataset.slug == candidate))
        ):
            n += 1
            candidate = f"{base[:90]}-{n}"
        taken.add(candidate)
        return candidate

    def _owner_conflict(self, session: Session, dataset: Dataset) -> str | None:
        """Why this source may not write `dataset` (owned by another agency), or None."""
        owner_org = dataset.organization_id
        owner_name = f"organisasi {dataset.organization.slug}"
        if dataset.harvest_source_id and dataset.harvest_source_id != self.source_id:
            other = session.get(HarvestSource, dataset.harvest_source_id)
            if other is not None:
                owner_org = other.organization_id
                owner_name = f"sumber '{other.title}' ({other.organization.slug})"
        if owner_org == self.source_org_id:
            return None
        return (
            f"Dataset '{dataset.slug}' dengan identifier yang sama milik {owner_name}; "
            f"sumber '{self.source_title}' ({self.source_org_slug}) tidak boleh menimpanya."
        )

    def _skip_private(
        self, session: Session, records: list[dict[str, Any]], private: list[RawRecord]
    ) -> None:
        """Records private at their source are never published; one harvested earlier, while it
        was public, is withdrawn. Their payloads are not kept (they are not public data)."""
        for raw in private:
            self.counts["skipped_private"] += 1
            known = self.known.get(raw.remote_id)
            dataset = None
            if known is not None and known.state != "withdrawn":
                dataset = session.get(Dataset, known.dataset_id)
            if known is not None and dataset is not None:
                dataset.state = "withdrawn"
                dataset.updated_at = utcnow()
                datasets.enqueue_index(session, dataset.id)
                self._undo.append((raw.remote_id, known))
                self.known[raw.remote_id] = Known(dataset.id, known.harvest_hash, "withdrawn")
                self.counts["withdrawn"] += 1
                records.append(
                    self._record(
                        raw,
                        "withdrawn",
                        dataset.id,
                        None,
                        message="Dataset kini privat di sumber; ditarik dari katalog.",
                    )
                )
                continue
            records.append(
                self._record(
                    raw, "skipped", known.dataset_id if known else None, None,
                    message=PRIVATE_MESSAGE,
                )
            )  # fmt: skip

    def _stored(self) -> Any:
        """This source's datasets not withdrawn, as (remote id, id)."""
        return select(Dataset.remote_id, Dataset.id).where(
            Dataset.harvest_source_id == self.source_id,
            Dataset.state != "withdrawn",
            Dataset.remote_id.is_not(None),
        )

    def _active(self) -> int:
        with self.ctx.unit_of_work() as session:
            return session.scalar(select(func.count()).select_from(self._stored().subquery())) or 0

    def _withdraw_missing(self, listed: IdSet) -> None:
        with self.ctx.unit_of_work() as session:  # streamed: only the missing are kept
            rows = session.execute(self._stored().execution_options(yield_per=2000))
            missing = [(rid, dataset_id) for rid, dataset_id in rows if rid not in listed]
        for start in range(0, len(missing), self.batch_size):
            chunk = missing[start : start + self.batch_size]
            records = []
            with self.ctx.unit_of_work() as session:
                for rid, dataset_id in chunk:
                    dataset = session.get(Dataset, dataset_id)
                    if dataset is None or dataset.harvest_source_id != self.source_id:
                        continue
                    dataset.state = "withdrawn"
                    dataset.updated_at = utcnow()
                    datasets.enqueue_index(session, dataset.id)
                    self.counts["withdrawn"] += 1
                    records.append(
                        self._record(
                            RawRecord(rid, None),
                            "withdrawn",
                            dataset.id,
                            None,
                            message="Tidak ada lagi di daftar lengkap sumber.",
                        )
                    )
                self._save_batch(session, records)

    # -- record rows -----------------------------------------------------------------------

    def _record(
        self,
        raw: RawRecord,
        action: str,
        dataset_id: str | None,
        digest: str | None,
        *,
        keep_raw: bool = False,
        message: str = "",
        errors: dict[str, Any] | None = None,
        warnings: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        blob, compressed = pack_raw(raw.payload) if keep_raw else (None, False)
        return {
            "job_id": self.job_id,
            "source_id": self.source_id,
            "remote_id": raw.remote_id[:200],
            "dataset_id": dataset_id,
            "action": action,
            "content_hash": digest,
            "errors": errors or {},
            "warnings": warnings or None,
            "message": message,
            "raw": blob,
            "raw_compressed": compressed,
            "created_at": utcnow(),
        }

    def _error(
        self,
        records: list[dict[str, Any]],
        raw: RawRecord,
        message: str,
        errors: dict[str, Any],
    ) -> None:
        self.counts["errors"] += 1
        known = self.known.get(raw.remote_id)
        records.append(
            self._record(
                raw,
                "error",
                known.dataset_id if known else None,
                None,
                keep_raw=True,
                message=message,
                errors=errors,
            )
        )
