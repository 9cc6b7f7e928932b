"""Statistical activities (kegiatan statistik, MS-Keg; issue 20) on the web: the public list
and page, the agency's editor pages (register, edit, link datasets, ask for a recommendation)
and the BPS reviewer's page. The form is validated by ActivityIn and laid out from BLOCKS
(schemas/activity.py), the one field table of MS-Keg; the recommendation goes through the
same workflow as a dataset's (services/recommendations/workflow.py, kind="activity")."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalog.context import catalog, current_actor
from catalog.errors import ServiceError
from catalog.models import Activity, Dataset, Organization, recommendation
from catalog.models.recommendation import STATUSES
from catalog.services import activities, datasets, organizations
from catalog.services.auth import Actor, can_read, visible_variables
from catalog.services.recommendations import views, workflow
from catalog.web.dashboard import agency_item, signed_in
from catalog.web.editor import (
    EditorPage,
    ProfileEditor,
    edit_profile,
    editor_pages,
    posted_variables,
)
from catalog.web.editor import label_of as dataset_label_of
from catalog.web.filters import PUBLIC_IN_PROGRESS, fmt_date, lang, public_status, status_label
from catalog.web.paging import page_arg, page_count
from catalog.web.review import review_pages, reviewer
from schemas.activity import (
    BLOCKS,
    IDENTITY,
    ActivityIn,
    frequency_choices,
    label_in,
    to_input,
)
from schemas.activity import KIND_LABELS as KIND_CHOICES
from schemas.activity import METHOD_LABELS as METHOD_CHOICES
from schemas.profile import DATA_TYPES

bp = Blueprint("activities", __name__)
PER_PAGE = 20
QUEUE_PER_PAGE = 30
AGENCY_ACTIVITIES = 500  # the dashboard's list (an agency registers tens a year)

# Cara pengumpulan data and "jenis kegiatan" in words: the profile's table (schemas/activity.py).
METHOD_LABELS = dict(METHOD_CHOICES)
KIND_LABELS = dict(KIND_CHOICES)
# The public list's filters: (argument, title).
FACETS: tuple[tuple[str, Any], ...] = (
    ("status", _l("BPS recommendation")),
    ("method", _l("Collection method")),
    ("year", _l("Year")),
    ("organization", _l("Agency")),
)
# Visitors see the pending steps as one status (as on the dataset badges).
IN_PROGRESS = "dalam_proses"


@bp.app_template_global()
def msk_label(path: str, default: str) -> str:
    """A label of the MS-Keg table (schemas/activity.py) in the page's language: `path` is an
    identity field's name, a block's key or "<block>.<field>"."""
    return label_in(path, default, lang())


def method_label(code: str | None) -> str:
    words = str(METHOD_LABELS.get(code or "", code or ""))
    return msk_label(f"method={code}", words)


def kind_label(code: str | None) -> str:
    return msk_label(f"kind={code}", str(KIND_LABELS.get(code or "", code or "")))


@bp.app_template_global()
def activities_of_agency(organization_id: str) -> list[tuple[Activity, dict[str, Any]]]:
    """The agency's activities with their recommendation (the dashboard's section)."""
    actor = current_actor()
    if not actor.can_edit_org(organization_id):
        return []
    with catalog().unit_of_work() as session:
        found = activities.list_activities(
            session, actor, organization=organization_id, limit=AGENCY_ACTIVITIES
        )
        return [(a, recommendation.summary(a)) for a in found.items]


@bp.app_template_global()
def activity_page_readable(link: dict[str, Any]) -> bool:
    """Whether the reader may open the page of the activity a dataset names (the summary's
    `activity`): a draft activity's page is for its agency and BPS staff, so visitors see its
    name without a link (docs/activities.md)."""
    state, organization_id = link.get("state", "published"), link.get("organization_id")
    return state == "published" or (
        organization_id is not None and can_read(current_actor(), state, organization_id)
    )


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"activity_method": method_label, "activity_kind": kind_label}


# ---------------------------------------------------------------- public pages


def _public() -> bool:
    return not current_actor().authenticated


def _status_words(value: str) -> str:
    if _public():
        return public_status(PUBLIC_IN_PROGRESS[0] if value == IN_PROGRESS else value)
    return status_label(value)


def _facet_values(
    name: str, counts: list[dict[str, Any]], org_titles: dict[str, str]
) -> list[tuple[str, str, int]]:
    """(value, words, count) of one facet, as the page shows it."""
    pairs = [(str(f["value"]), int(f["count"])) for f in counts if f["count"]]
    if name == "status" and _public():
        merged: dict[str, int] = {}
        for value, n in pairs:
            key = IN_PROGRESS if value in PUBLIC_IN_PROGRESS else value
            merged[key] = merged.get(key, 0) + n
        pairs = list(merged.items())
    if name == "status":
        order = [*STATUSES, IN_PROGRESS]
        pairs.sort(key=lambda p: order.index(p[0]) if p[0] in order else 99)
    elif name == "year":
        pairs.sort(key=lambda p: p[0], reverse=True)
    return [(v, _facet_words(name, v, org_titles), n) for v, n in pairs]


def _facet_words(name: str, value: str, org_titles: dict[str, str]) -> str:
    if name == "status":
        return _status_words(value)
    if name == "method":
        return method_label(value)
    if name == "organization":
        return org_titles.get(value, value)
    return value


@bp.get("/kegiatan")
def index() -> str:
    actor = current_actor()
    page = page_arg(last=500)
    text = request.args.get("q", "").strip()[:200]
    chosen = {name: request.args.get(name, "").strip()[:100] for name, _t in FACETS}
    status: str | tuple[str, ...] | None = chosen["status"] or None
    if status == IN_PROGRESS:
        status = PUBLIC_IN_PROGRESS
    year = int(chosen["year"]) if chosen["year"].isdigit() else None
    with catalog().unit_of_work() as session:
        found = activities.list_activities(
            session,
            actor,
            organization=chosen["organization"] or None,
            year=year,
            method=chosen["method"] or None,
            status=status,
            q=text or None,
            offset=(page - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
        orgs, _total = organizations.list_organizations(session)
        org_titles = {o.slug: o.title for o in orgs}
        facets = [
            (name, title, _facet_values(name, found.facets.get(name, []), org_titles))
            for name, title in FACETS
        ]
        chips = [
            (name, title, value, _facet_words(name, value, org_titles))
            for name, title in FACETS
            if (value := chosen[name])
        ]
        return render_template(
            "activities/list.html",
            items=[(a, recommendation.summary(a)) for a in found.items],
            total=found.total,
            facets=facets,
            chosen=chosen,
            chips=chips,
            q=text,
            page=page,
            pages=page_count(found.total, PER_PAGE),
        )


def _shown(value: Any, spec: Any, path: str) -> Any:
    """A stored profile value in words (`path`: "<block>.<field>"): a choice's label in the
    page's language, choices joined, yes/no, a date as the site writes dates (6 Januari
    2025)."""
    labels = {v: msk_label(f"{path}={v}", w) for v, w in spec.choices}
    if spec.kind == "date" and isinstance(value, str):
        try:
            return fmt_date(date.fromisoformat(value))
        except ValueError:
            return value
    if spec.kind == "choice":
        return labels.get(value, value)
    if spec.kind in {"choices", "lines"}:
        return ", ".join(str(labels.get(v, v)) for v in value)
    if spec.kind == "bool":
        return _("Yes") if value else _("No")
    return value


def _block_values(activity: Activity) -> list[tuple[str, str, list[tuple[str, Any, str]]]]:
    """The MS-Keg blocks with what is filled in: (key, label, [(label, value, kind)]); the
    survey-only blocks of other activities are left out when empty."""
    profile = activity.profile or {}
    out = []
    for block in BLOCKS:
        values = profile.get(block.key) or {}
        if block.needed != "always" and not any(v not in (None, "", []) for v in values.values()):
            continue
        rows = [
            (
                msk_label(f"{block.key}.{spec.name}", spec.label),
                _shown(values.get(spec.name), spec, f"{block.key}.{spec.name}"),
                spec.kind,
            )
            for spec in block.fields
            if values.get(spec.name) not in (None, "", [])
        ]
        out.append((block.key, msk_label(block.key, block.label), rows))
    return out


@bp.get("/kegiatan/<slug>")
def page(slug: str) -> str:
    actor = current_actor()
    with catalog().unit_of_work() as session:
        activity = activities.get_activity(session, actor, slug)
        produced = activities.datasets_of(session, actor, activity)
        return render_template(
            "activities/page.html",
            activity=activity,
            rec=recommendation.summary(activity),
            blocks=_block_values(activity),
            produced=[(d, recommendation.summary(d)) for d in produced],
            can_edit=actor.can_edit_org(activity.organization_id),
            is_reviewer=actor.is_reviewer,
            variables=visible_variables(actor, activity.organization_id, activity.variables),
        )


# ---------------------------------------------------------------- the editor


def form_of(activity: Activity | None) -> dict[str, Any]:
    """The form's values: identity strings, <block>.<field> values, variable rows."""
    if activity is None:
        return {"kind": "sekali", "variables": [], "blocks": {}}
    stored = to_input(activity)
    form: dict[str, Any] = {
        spec.name: "" if stored.get(spec.name) is None else str(stored[spec.name])
        for spec in IDENTITY
    }
    form["blocks"] = {b.key: dict(stored.get(b.key) or {}) for b in BLOCKS}
    form["variables"] = [
        {k: ("" if v is None else v) for k, v in dict(row).items()} for row in stored["variables"]
    ]
    form["state"], form["version"] = activity.state, activity.version
    return form


def posted_form() -> dict[str, Any]:
    form: dict[str, Any] = {spec.name: request.form.get(spec.name, "").strip() for spec in IDENTITY}
    blocks: dict[str, dict[str, Any]] = {}
    for block in BLOCKS:
        values: dict[str, Any] = {}
        for spec in block.fields:
            name = f"{block.key}.{spec.name}"
            if spec.kind == "choices":
                values[spec.name] = [v for v in request.form.getlist(name) if v]
            elif spec.kind == "bool":
                values[spec.name] = request.form.get(name) == "on"
            elif spec.kind == "lines":
                text = request.form.get(name, "")
                values[spec.name] = [line.strip() for line in text.splitlines() if line.strip()]
            else:
                values[spec.name] = request.form.get(name, "").strip()
        blocks[block.key] = values
    form["blocks"] = blocks
    form["variables"] = posted_variables()
    form["version"] = request.form.get("version", "")
    return form


def _filled(value: Any) -> bool:
    return value not in (None, "", [], False)


def payload_of(form: dict[str, Any], org: Organization) -> dict[str, Any]:
    """What ActivityIn loads: empty inputs are left out (null), numbers as numbers; a block
    that is not always required is sent when something in it is filled in (the sample design
    of a survey always, so its required fields are named)."""
    data: dict[str, Any] = {"organization": org.slug}
    for spec in IDENTITY:
        value: Any = form.get(spec.name, "")
        if spec.name == "year":
            value = int(value) if value.isdigit() else (value or None)
        data[spec.name] = value if value != "" else None
    survey = form.get("method") == "survei"
    for block in BLOCKS:
        values: dict[str, Any] = {}
        for spec in block.fields:
            value = form["blocks"].get(block.key, {}).get(spec.name)
            if spec.kind == "int" and isinstance(value, str) and value.isdigit():
                value = int(value)
            if spec.kind == "bool":
                values[spec.name] = bool(value)
            elif _filled(value):
                values[spec.name] = value
        anything = any(_filled(v) for v in values.values())
        if block.needed == "always" or anything or (block.needed == "survey" and survey):
            data[block.key] = values
        else:
            data[block.key] = None
    data["variables"] = [
        {k: (v if v != "" or k != "data_type" else None) for k, v in row.items()}
        for row in form["variables"]
    ]
    return data


def label_of(path: str) -> str:
    """The words of the input an error path is about: "Blok V. ... · Ukuran sampel"."""
    parts = path.split(".")
    identity = {spec.name: spec.label for spec in IDENTITY}
    if parts[0] in identity:
        return msk_label(parts[0], identity[parts[0]])
    for block in BLOCKS:
        if block.key == parts[0]:
            title = msk_label(block.key, block.label)
            names = {spec.name: spec.label for spec in block.fields}
            if len(parts) >= 2 and parts[1] in names:
                return f"{title} · {msk_label(f'{block.key}.{parts[1]}', names[parts[1]])}"
            return title
    if parts[0] == "profile" and len(parts) >= 2:  # the service's diff: profile.<block>
        return label_of(".".join(parts[1:]))
    if parts[0] == "variables":
        return dataset_label_of(path)
    return path


def _anchor(name: str) -> str:
    return name.replace(".", "-")


def _editable(slug: str, ref: str) -> tuple[Actor, Organization, Activity]:
    return agency_item(slug, lambda session, actor: activities.get_activity(session, actor, ref))


ACTIVITY_EDITOR = ProfileEditor(
    schema=ActivityIn,
    create=activities.create_activity,
    update=activities.update_activity,
    posted_form=posted_form,
    groups=("variables",),
    edit_endpoint="activities.edit",
    ref_arg="ref",
    published_message=_l("Activity published."),
    conflict_message=_l(
        "Someone else saved this activity while you were editing. What you "
        "typed is kept below; open the activity in a new tab to see their "
        "version, then save again."
    ),
    rules=("/dasbor/<slug>/kegiatan/baru", "/dasbor/<slug>/kegiatan/<ref>/ubah"),
    refused=_l("The walidata has deactivated this agency: no new activity can be registered."),
)


def _editor(org: Organization, activity: Activity | None) -> EditorPage:
    actor = signed_in()
    edited = edit_profile(
        ACTIVITY_EDITOR,
        form_of(activity),
        lambda posted: payload_of(posted, org),
        actor=actor,
        org=org,
        current=activity,
    )
    if isinstance(edited, Response):
        return edited
    linked: list[tuple[Dataset, bool, Activity | None]] = []
    state: dict[str, Any] | None = None
    if activity is not None:
        with catalog().unit_of_work() as session:
            current = activities.get_activity(session, actor, activity.id)
            linked = _agency_datasets(session, actor, org, current)
            state = views.detail(session, actor, current)
            activity = current
    return edited.page(
        "activities/form.html",
        label_of,
        org,
        activity=activity,
        identity=IDENTITY,
        blocks=BLOCKS,
        frequencies=frequency_choices(),
        data_types=DATA_TYPES,
        linked=linked,
        state=state,
        anchor=_anchor,
    )


def _agency_datasets(
    session: Session, actor: Actor, org: Organization, activity: Activity
) -> list[tuple[Dataset, bool, Activity | None]]:
    """The agency's datasets for the link checklist: (dataset, linked here, other activity)."""
    rows, _total = datasets.agency_datasets(session, actor, org.id, limit=500)
    out = []
    for d in rows:
        here = d.activity_id == activity.id
        out.append((d, here, d.activity if d.activity_id and not here else None))
    return out


editor_pages(bp, ACTIVITY_EDITOR, _editable, _editor)


@bp.post("/dasbor/<slug>/kegiatan/<ref>/dataset")
def link(slug: str, ref: str) -> Response:
    """Save the checklist: the ticked datasets are linked to the activity, the unticked ones
    that were linked to it are unlinked."""
    actor, org, activity = _editable(slug, ref)
    wanted = set(request.form.getlist("dataset"))
    changed = 0
    try:
        with catalog().unit_of_work() as session:
            for d, here, _other in _agency_datasets(session, actor, org, activity):
                if d.id in wanted and not here:
                    activities.link_dataset(session, actor, d.id, activity.id)
                    changed += 1
                elif here and d.id not in wanted:
                    activities.link_dataset(session, actor, d.id, None)
                    changed += 1
        flash(_("Datasets of the activity saved (%(n)s changed).", n=changed), "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("activities.edit", slug=org.slug, ref=activity.slug) + "#h-datasets")


@bp.post("/dasbor/<slug>/kegiatan/<ref>/minta-rekomendasi")
def request_recommendation(slug: str, ref: str) -> Response:
    note = request.form.get("note", "").strip()[:5000]
    return _agency_act(
        slug,
        ref,
        "request",
        workflow.Decision(note=note),
        _("Recommendation requested. BPS reviewers will see it in their queue."),
    )


@bp.post("/dasbor/<slug>/kegiatan/<ref>/tarik-permintaan")
def withdraw_request(slug: str, ref: str) -> Response:
    return _agency_act(slug, ref, "withdraw_request", None, _("The request was withdrawn."))


def _agency_act(
    slug: str, ref: str, action: str, decision: workflow.Decision | None, done: str
) -> Response:
    """The agency's own action on its activity's recommendation (request, withdraw_request),
    then back to the recommendation block of the editor."""
    actor, org, activity = _editable(slug, ref)
    try:
        with catalog().unit_of_work() as session:
            workflow.act(session, actor, activity.id, action, decision, kind="activity")
        flash(done, "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("activities.edit", slug=org.slug, ref=activity.slug) + "#h-rec")


@bp.post("/dasbor/<slug>/kegiatan/<ref>/hapus")
def delete(slug: str, ref: str) -> Response:
    """Delete an activity nobody has asked BPS about (its datasets are unlinked); the box
    "Ya, hapus" must be ticked."""
    actor, org, activity = _editable(slug, ref)
    if request.form.get("confirm") != "on":
        flash(_("Tick the box to confirm the deletion."), "error")
        return redirect(url_for("activities.edit", slug=org.slug, ref=activity.slug) + "#h-delete")
    try:
        with catalog().unit_of_work() as session:
            activities.delete_activity(session, actor, activity.id)
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("activities.edit", slug=org.slug, ref=activity.slug) + "#h-delete")
    flash(_("Activity deleted; its datasets are no longer linked to it."), "ok")
    return redirect(url_for("dashboard.agency", slug=org.slug) + "#h-activities")


# ---------------------------------------------------------------- the reviewer


def _word(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def change_rows(changes: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """What changed since the last decision, one row per field: (label, before, after); a
    changed MS-Keg block (profile.<block>) is opened into the fields that changed in it."""
    by_key = {b.key: b for b in BLOCKS}
    rows: list[tuple[str, str, str]] = []
    for change in changes:
        parts = change["field"].split(".")
        block = by_key.get(parts[1]) if parts[0] == "profile" and len(parts) == 2 else None
        if block is None:
            rows.append(
                (label_of(change["field"]), _word(change["before"]), _word(change["after"]))
            )
            continue
        before, after = change["before"] or {}, change["after"] or {}
        for spec in block.fields:
            old, new = before.get(spec.name), after.get(spec.name)
            if old != new:
                path = f"{block.key}.{spec.name}"
                rows.append(
                    (
                        label_of(path),
                        _word(_shown(old, spec, path)) if old not in (None, "") else "",
                        _word(_shown(new, spec, path)) if new not in (None, "") else "",
                    )
                )
    return rows


def _review_page(slug: str, status: int = 200, **extra: Any) -> tuple[str, int]:
    actor = reviewer()
    with catalog().unit_of_work() as session:
        activity = activities.get_activity(session, actor, slug)
        state = views.detail(session, actor, activity)
        conflict = workflow.conflict_of_interest(actor, activity, "take")
        body = render_template(
            "activities/review.html",
            activity=activity,
            state=state,
            blocks=_block_values(activity),
            produced=activities.datasets_of(session, actor, activity),
            conflict=conflict,
            changes=change_rows(state["changes_since_review"]),
            **extra,
        )
        return body, status


review_pages(bp, "/tinjauan/kegiatan/<slug>", "review", "activity", _review_page)
