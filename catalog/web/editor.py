"""The dataset editor: an agency's editors (and admins) create, edit, publish, withdraw and
restore datasets on server-rendered pages. The form is validated by DatasetIn, the one
profile (no second set of rules here); its messages are shown next to the inputs, whose
names are marshmallow's error paths (resources.0.url)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalog import vocab
from catalog.context import catalog
from catalog.errors import ServiceError
from catalog.models import Activity, Dataset, Organization
from catalog.services import datasets
from catalog.services.auth import Actor
from catalog.web.dashboard import active_agency, agency_item, signed_in
from catalog.web.filters import region_context, region_label
from catalog.web.forms import number
from schemas.fields import flatten_messages
from schemas.profile import DATA_TYPES, DatasetIn

bp = Blueprint("editor", __name__, url_prefix="/dasbor")

EMPTY_ROWS = 1  # empty rows offered below the filled ones (more with "Tambah baris")


@dataclass(frozen=True)
class Input:
    """One input of the editor's forms: the profile field it fills, its words, how it is typed
    ("line", "text", "date", "email", "url"; "type": the data types; "select": the terms of
    `vocabulary`) and the hint read with it."""

    name: str
    label: Any
    kind: str = "line"
    hint: Any = ""
    vocabulary: str = ""


DATE_TIME = _l("Date and time with time zone, e.g. 2025-02-10T08:00:00+07:00.")
UNITS = _l("e.g. orang, persen, rupiah.")
# The profile's scalar fields on the form, in order.
TEXT_FIELDS = (
    Input(
        "title", _l("Title"), hint=_l("The name of the data, as the public would search for it.")
    ),
    Input(
        "description",
        _l("Description"),
        "text",
        _l("What the data contains and what it is for (Markdown allowed)."),
    ),
    Input("tags", _l("Keywords"), hint=_l("Separated by commas, e.g. gizi, balita, stunting.")),
    Input("unit", _l("Unit of measure"), hint=UNITS),
    Input(
        "methodology",
        _l("Methodology"),
        "text",
        _l("How the data is collected and processed (MS-Keg: metode)."),
    ),
    Input("temporal_start", _l("Period from"), "date", _l("The first date the data covers.")),
    Input("temporal_end", _l("Period to"), "date", _l("The last date the data covers.")),
    Input("contact_name", _l("Contact person"), hint=_l("Who answers questions about the data.")),
    Input("contact_email", _l("Contact e-mail"), "email"),
    Input(
        "landing_page", _l("Source page"), "url", _l("The page of the data at the agency (URL).")
    ),
    Input(
        "identifier",
        _l("Identifier (URI)"),
        "url",
        _l("A permanent address naming the data, if any."),
    ),
    Input("version_label", _l("Version")),
    Input("issued", _l("First published"), hint=DATE_TIME),
    Input("modified", _l("Last modified"), hint=DATE_TIME),
)
SELECT_FIELDS = (
    Input("license", _l("License"), "select", vocabulary="licenses"),
    Input("frequency", _l("Update frequency"), "select", vocabulary="frequencies"),
    Input(
        "activity_type", _l("Kind of statistical activity"), "select", vocabulary="activity_types"
    ),
    Input("access_level", _l("Access level"), "select", vocabulary="access_levels"),
    Input("spatial_level", _l("Level of regional detail"), "select", vocabulary="spatial_levels"),
)
# A variable's inputs (BPS MS-Var), in the form's order; the hints say what the less familiar
# entries of the standard ask for.
VARIABLE_FIELDS = (
    Input("name", _l("Variable name")),
    Input("alias", _l("Alias"), hint=_l("Another name the variable goes by, if any.")),
    Input(
        "definition", _l("Definition"), "text", _l("What the variable means and what it covers.")
    ),
    Input(
        "concept",
        _l("Concept"),
        "text",
        _l("The idea behind the variable and its source, e.g. a BPS concept or a regulation."),
    ),
    Input("data_type", _l("Data type"), "type"),
    Input("unit", _l("Unit"), hint=UNITS),
    Input(
        "measure",
        _l("Measure"),
        hint=_l("How the values are counted, e.g. jumlah, rata-rata, persentase."),
    ),
    Input(
        "reference_period",
        _l("Reference period"),
        hint=_l("The time the values refer to, e.g. 31 Desember 2025 or tahun 2025."),
    ),
    Input(
        "classification",
        _l("Classification used"),
        "text",
        _l("The code list the entries follow, e.g. KBLI 2020 or kode wilayah."),
    ),
    Input("selection_reference", _l("Reference for choosing values"), "text"),
    Input(
        "validation_rule",
        _l("Validation rule"),
        "text",
        _l("What a valid value looks like, e.g. umur 0 sampai 120 tahun."),
    ),
    Input(
        "question", _l("Question asked"), "text", _l("The question as the questionnaire puts it.")
    ),
)
RESOURCE_FIELDS = (
    Input("name", _l("Resource name")),
    Input("url", _l("Address (URL)"), "url"),
    Input("format", _l("Format")),
    Input("description", _l("Description"), "text"),
)
# The form's groups of inputs beyond the scalar fields: their words wherever they are named.
GROUPS = {
    "topics": _l("Topics"),
    "spatial": _l("Regions covered (kode wilayah)"),
    "variables": _l("Variables (MS-Var)"),
    "resources": _l("Resources (files and links)"),
}
ROWS = {"variables": VARIABLE_FIELDS, "resources": RESOURCE_FIELDS}  # the repeatable groups
# The inputs whose empty value is sent as null: the profile's fields that may be null.
NULLABLE = frozenset(name for name, spec in DatasetIn().fields.items() if spec.allow_none)


# Worth filling in although the profile does not require it: the summary at the top of the
# form names those still empty (the title, the one required field, has its own message).
RECOMMENDED: tuple[str, ...] = (
    "description",
    "tags",
    "topics",
    "license",
    "frequency",
    "activity_type",
    "unit",
    "methodology",
    "temporal_start",
    "spatial",
    "contact_email",
    "variables",
    "resources",
)
# Where the summary's links go: a group's first input.
ANCHORS = {"variables": "variables-0-name", "resources": "resources-0-name", "spatial": "spatial"}


def missing_fields(form: dict[str, Any]) -> list[tuple[str, str]]:
    """The recommended fields still empty: (anchor, words), in the form's order."""
    out = []
    for name in RECOMMENDED:
        value = form.get(name)
        if isinstance(value, list):
            empty = not [v for v in value if v]
        else:
            empty = value is None or str(value).strip() == ""
        if empty:
            out.append((ANCHORS.get(name, name), label_of(name)))
    return out


def harvest_overwrites() -> list[str]:
    """What the next harvest replaces with the source's values: every field of the form (the
    harvest stores the whole profile it maps, empty where the source sends nothing)."""
    return [str(f.label) for f in (*TEXT_FIELDS, *SELECT_FIELDS)] + [
        str(label) for label in GROUPS.values()
    ]


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else ""


def form_of(ds: Dataset | None) -> dict[str, Any]:
    """The form's values for a dataset (or a new one): strings and lists of row dicts."""
    if ds is None:
        return {"state": "draft", "access_level": "public", "variables": [], "resources": []}
    profile = datasets.profile_of(ds)
    form: dict[str, Any] = {}
    for f in TEXT_FIELDS:
        value = profile.get(f.name)
        form[f.name] = _iso(value) if f.kind == "date" else value
    form["issued"], form["modified"] = _iso(ds.issued), _iso(ds.modified)
    form["tags"] = ", ".join(ds.tag_names)
    for f in SELECT_FIELDS:
        form[f.name] = profile.get(f.name) or ""
    form["topics"], form["spatial"] = list(ds.topic_codes), list(ds.region_codes)
    form["variables"] = [
        {k: ("" if v is None else v) for k, v in dict(row).items()} for row in (ds.variables or [])
    ]
    form["resources"] = [
        {f.name: ("" if r.get(f.name) is None else r.get(f.name)) for f in RESOURCE_FIELDS}
        | {"media_type": r.get("media_type"), "size": r.get("size")}
        for r in profile["resources"]
    ]
    form["state"], form["version"] = ds.state, ds.version
    return form


def _rows(prefix: str, names: list[str]) -> list[dict[str, Any]]:
    """The rows of a repeatable group as posted (prefix.N.field), in order."""
    found: dict[int, dict[str, Any]] = {}
    for key in request.form:
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit():
            found.setdefault(int(parts[1]), {})[parts[2]] = request.form.get(key, "").strip()
    rows = [found[i] for i in sorted(found)]
    return [r for r in rows if any(r.get(n) for n in names)]  # empty rows are not rows


def posted_variables() -> list[dict[str, Any]]:
    """The MS-Var rows as posted (a dataset's and an activity's editor), `public` a bool."""
    rows = _rows("variables", [f.name for f in VARIABLE_FIELDS if f.kind != "type"])
    for row in rows:
        row["public"] = row.get("public") == "on"
    return rows


def posted_form() -> dict[str, Any]:
    form: dict[str, Any] = {f.name: request.form.get(f.name, "").strip() for f in TEXT_FIELDS}
    for f in SELECT_FIELDS:
        form[f.name] = request.form.get(f.name, "")
    form["topics"] = request.form.getlist("topics")
    form["spatial"] = request.form.getlist("spatial")
    form["variables"] = posted_variables()
    form["resources"] = _rows("resources", [f.name for f in RESOURCE_FIELDS])
    form["version"] = request.form.get("version", "")
    return form


def payload_of(form: dict[str, Any], org: Organization, ds: Dataset | None) -> dict[str, Any]:
    """What DatasetIn loads: empty optional inputs are null, the rest as typed."""
    data: dict[str, Any] = {"organization": ds.organization.slug if ds else org.slug}
    for f in (*TEXT_FIELDS, *SELECT_FIELDS):
        value = form.get(f.name, "")
        data[f.name] = None if value == "" and f.name in NULLABLE else value
    data["topics"], data["spatial"] = form["topics"], form["spatial"]
    data["variables"] = [
        {k: (v if v != "" or k != "data_type" else None) for k, v in row.items()}
        for row in form["variables"]
    ]
    data["resources"] = [
        {k: number(v) if k == "size" else v for k, v in row.items() if v not in ("", None)}
        for row in form["resources"]
    ]
    if ds is not None:  # what the form does not show stays as it is
        data["extras"] = dict(ds.extras or {})
        data["spatial_geometry"] = ds.spatial_geometry
    return data


def choices() -> dict[str, Any]:
    out: dict[str, Any] = {
        f.vocabulary: [(t["code"], t.get("id") or t["code"]) for t in vocab.terms(f.vocabulary)]
        for f in SELECT_FIELDS
    }
    out["topics"] = [(t["code"], t["id"]) for t in vocab.terms("topics")]
    out["regions"] = region_choices()
    out["data_types"] = DATA_TYPES
    return out


def region_choices() -> list[tuple[str, str]]:
    """The regency, its kecamatan and desa/kelurahan (not the province): code and words,
    "Desa Sentul, Kecamatan Balaraja (36.03.01.2001)", by code."""
    out = []
    for region in sorted(vocab.regions().values(), key=lambda r: r.code):
        if region.level == "provinsi":
            continue
        within = region_context(region.code)
        words = region_label(region.code) + (f", {within}" if within else "")
        out.append((region.code, f"{words} ({region.code})"))
    return out


def label_of(path: str) -> str:
    """The words of the input an error path is about: "Sumber daya 1 · Alamat (URL)"."""
    parts = path.split(".")
    if parts[0] in {"variables", "resources"} and len(parts) >= 2 and parts[1].isdigit():
        group = {f.name: f.label for f in ROWS[parts[0]]}
        row = int(parts[1]) + 1
        head = _("Variable %(n)s", n=row) if parts[0] == "variables" else _("Resource %(n)s", n=row)
        return f"{head} · {group[parts[2]]}" if len(parts) > 2 and parts[2] in group else head
    if parts[0] == "variables" and len(parts) == 2:  # a diff's variables.<key>
        names = {f.name: f.label for f in VARIABLE_FIELDS}
        return f"{GROUPS['variables']} · {names.get(parts[1], parts[1])}"
    fields = {f.name: f.label for f in (*TEXT_FIELDS, *SELECT_FIELDS)}
    label = {**fields, **GROUPS, "organization": _l("Producer")}.get(parts[0])
    return str(label) if label is not None else path


def posted_version(form: dict[str, Any]) -> int | None:
    """The version the editor last read, from the form's hidden field (None when absent)."""
    version = str(form.get("version", ""))
    return int(version) if version.isdigit() else None


@dataclass(frozen=True)
class ProfileEditor:
    """What the dataset editor and the activity editor do not share: the profile schema, the
    services that create and update, the read of the posted form, its repeatable row groups,
    the edit page's endpoint (and the name of its slug argument), the words after a save, the
    rules of the new and the edit page (editor_pages) and the words when the agency of a new
    one is deactivated."""

    schema: Callable[[], Schema]
    create: Callable[[Session, Actor, dict[str, Any]], Any]
    update: Callable[..., Any]
    posted_form: Callable[[], dict[str, Any]]
    groups: tuple[str, ...]
    edit_endpoint: str
    ref_arg: str
    published_message: Any
    conflict_message: Any
    rules: tuple[str, str]
    refused: Any


@dataclass
class Edited:
    """The editor form as the page shows it: values, field errors, the status and a message."""

    form: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    status: int = 200
    message: str = ""

    def shown(self, label_of: Callable[[str], str]) -> dict[str, Any]:
        """What the page's template takes of it, the words of each input in error too."""
        return {
            "form": self.form,
            "errors": self.errors,
            "error_labels": {name: label_of(name) for name in self.errors},
            "message": self.message,
        }

    def page(
        self, template: str, label_of: Callable[[str], str], org: Organization, **context: Any
    ) -> tuple[str, int]:
        """The editor's page and its status: `template` with the form and its errors, the
        agency, the fields of the variable (MS-Var) rows, which both editors have, and
        `context`."""
        body = render_template(
            template, **self.shown(label_of), org=org, variable_fields=VARIABLE_FIELDS, **context
        )
        return body, self.status


Edit = TypeVar("Edit", Dataset, Activity)
EditorPage = Response | tuple[str, int]


def editor_pages(
    bp: Blueprint,
    editor: ProfileEditor,
    load: Callable[[str, str], tuple[Actor, Organization, Edit]],
    page: Callable[[Organization, Edit | None], EditorPage],
) -> None:
    """Register an editor's two pages on `bp` at editor.rules, GET and POST alike: "new",
    `page(agency, None)` (not in an agency the walidata has deactivated: back to its dashboard
    saying editor.refused), and "edit", `page(agency, item)` of the item `load(slug, ref)`
    reads (403 or 404 as agency_item), `ref` the edit rule's editor.ref_arg."""
    new_rule, edit_rule = editor.rules

    def new(slug: str) -> EditorPage:
        return page(active_agency(slug, str(editor.refused)), None)

    def edit(slug: str, **ref: str) -> EditorPage:
        _actor, org, item = load(slug, ref[editor.ref_arg])
        return page(org, item)

    bp.add_url_rule(new_rule, "new", new, methods=["GET", "POST"])
    bp.add_url_rule(edit_rule, "edit", edit, methods=["GET", "POST"])


def edit_profile(
    editor: ProfileEditor,
    form: dict[str, Any],
    payload_of: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    actor: Actor,
    org: Organization,
    current: Dataset | Activity | None,
) -> Response | Edited:
    """One request of an editor page: a GET shows `form`; a POST asks for one more empty row
    of a group (action "add_variable", "add_resource") or saves `payload_of(posted form)`,
    published when the action is "publish" and a draft otherwise. Every group ends with
    EMPTY_ROWS empty rows."""
    edited = Edited(form)
    more = ""
    if request.method == "POST":
        edited.form = editor.posted_form()
        action = request.form.get("action", "draft")
        adds = {"add_" + group.removesuffix("s"): group for group in editor.groups}
        if action in adds:
            more = adds[action]
        else:
            outcome = _save_posted(
                editor,
                payload_of(edited.form),
                action,
                version=posted_version(edited.form),
                actor=actor,
                org=org,
                current=current,
            )
            if isinstance(outcome, Response):
                return outcome
            edited.errors, edited.status, edited.message = outcome
    for group in editor.groups:
        rows = EMPTY_ROWS + (group == more)
        edited.form[group] = list(edited.form[group]) + [{}] * rows
    return edited


def _save_posted(
    editor: ProfileEditor,
    payload: dict[str, Any],
    action: str,
    *,
    version: int | None,
    actor: Actor,
    org: Organization,
    current: Dataset | Activity | None,
) -> Response | tuple[dict[str, list[str]], int, str]:
    """Validate a posted profile and create or update it in one unit of work: a redirect to
    the edit page with a flash, or (field errors, status, message) to show the form again."""
    published = action == "publish"
    payload["state"] = "published" if published else "draft"
    try:
        data = editor.schema().load(payload)
        with catalog().unit_of_work() as session:
            if current is None:
                saved = editor.create(session, actor, data)
            else:
                saved = editor.update(session, actor, current.id, data, expected_version=version)
            saved_slug = saved.slug
        flash(str(editor.published_message) if published else _("Draft saved."), "ok")
        return redirect(
            url_for(editor.edit_endpoint, slug=org.slug, **{editor.ref_arg: saved_slug})
        )
    except ValidationError as exc:
        return flatten_messages(exc.normalized_messages()), 422, _("Check the marked fields.")
    except ServiceError as exc:
        errors = flatten_messages(exc.errors or {})
        if exc.status == 409 and "version" in errors:
            return errors, exc.status, str(editor.conflict_message)
        return errors, exc.status, exc.message


DATASET_EDITOR = ProfileEditor(
    schema=DatasetIn,
    create=datasets.create_dataset,
    update=datasets.update_dataset,
    posted_form=posted_form,
    groups=("variables", "resources"),
    edit_endpoint="editor.edit",
    ref_arg="ds_slug",
    published_message=_l("Dataset published."),
    conflict_message=_l(
        "Someone else saved this dataset while you were editing. What you "
        "typed is kept below; open the dataset in a new tab to see their "
        "version, then save again."
    ),
    rules=("/<slug>/dataset/baru", "/<slug>/dataset/<ds_slug>/ubah"),
    refused=_l("The walidata has deactivated this agency: no new dataset can be created."),
)


def _editable(slug: str, ds_slug: str) -> tuple[Actor, Organization, Dataset]:
    def get(session: Session, actor: Actor) -> Dataset:
        ds = datasets.get_dataset(session, actor, ds_slug)
        datasets.profile_of(ds)  # loads what the page shows while the session is open
        return ds

    return agency_item(slug, get)


def _editor(org: Organization, ds: Dataset | None) -> EditorPage:
    edited = edit_profile(
        DATASET_EDITOR,
        form_of(ds),
        lambda form: payload_of(form, org, ds),
        actor=signed_in(),
        org=org,
        current=ds,
    )
    if isinstance(edited, Response):
        return edited
    return edited.page(
        "editor/dataset_form.html",
        label_of,
        org,
        ds=ds,
        text_fields=TEXT_FIELDS,
        select_fields=SELECT_FIELDS,
        resource_fields=RESOURCE_FIELDS,
        groups=GROUPS,
        choices=choices(),
        missing=missing_fields(edited.form),
        overwritten=harvest_overwrites() if ds is not None and ds.harvest_source_id else [],
    )


editor_pages(bp, DATASET_EDITOR, _editable, _editor)


@bp.post("/<slug>/dataset/<ds_slug>/status")
def set_state(slug: str, ds_slug: str) -> Response:
    """Withdraw (out of the catalog, reversible) or restore."""
    actor, org, ds = _editable(slug, ds_slug)
    wanted = request.form.get("state")
    if wanted not in {"withdrawn", "published"}:
        abort(400)
    with catalog().unit_of_work() as session:
        datasets.set_state(session, actor, ds.id, wanted)
    flash(_("Dataset withdrawn.") if wanted == "withdrawn" else _("Dataset restored."), "ok")
    return redirect(url_for("editor.edit", slug=org.slug, ds_slug=ds.slug))
