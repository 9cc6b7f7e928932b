"""The ONE search document of a dataset, fed unchanged to every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from catalog import vocab
from catalog.models.recommendation import effective_status, governing
from catalog.search import analysis
from catalog.search.query import keyword


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def years_covered(start: date | None, end: date | None) -> list[str]:
    """Every calendar year the temporal coverage touches (a filter on a year means overlap)."""
    if start is None and end is None:
        return []
    first = (start or end).year  # type: ignore[union-attr]
    last = (end or start).year  # type: ignore[union-attr]
    if last < first:
        first, last = last, first
    return [str(y) for y in range(first, min(last, first + 200) + 1)]


def regions_covered(codes: list[str]) -> list[str]:
    """The kode wilayah, each desa/kelurahan also counting for its kecamatan."""
    out = set(codes)
    for code in codes:
        kecamatan = vocab.kecamatan_of(code)
        if kecamatan:
            out.add(kecamatan)
    return sorted(out)


def context_text(org_title: str, org_slug: str, regions: list[str], years: list[str]) -> str:
    """The structured words a dataset is also found by, as if they were in its text: its
    agency (title and the glossary's short or full names: "dinkes", "dinas kesehatan"), the
    names of the kecamatan/desa it covers, and the years it covers."""
    from catalog.search.plan import agency_words

    places = [vocab.regions()[c].name for c in regions if c in vocab.regions()]
    return " ".join([org_title, *agency_words(org_title, org_slug), *dict.fromkeys(places), *years])


def to_document(dataset: Any, today: date | None = None) -> dict[str, Any]:
    """The search document of a dataset (pure: reads the object, touches no database)."""
    org = dataset.organization
    topic_labels = [vocab.label("topics", code) for code in dataset.topic_codes]
    tags_text = " ".join([*dataset.tag_names, *topic_labels])
    title = dataset.title or ""
    description = dataset.description or ""
    formats = sorted({keyword("format", r.format) for r in dataset.resources if r.format})
    years = years_covered(dataset.temporal_start, dataset.temporal_end)
    regions = regions_covered(list(dataset.region_codes))
    context = context_text(org.title if org else "", org.slug if org else "", regions, years)
    return {
        "id": dataset.id,
        "slug": dataset.slug,
        "title": title,
        "description": description,
        "tags": list(dict.fromkeys(keyword("tag", t) for t in dataset.tag_names)),
        "topics": list(dataset.topic_codes),
        "topic_labels": topic_labels,
        "organization": org.slug if org else None,
        "organization_title": org.title if org else None,
        "formats": formats,
        "license": dataset.license,
        "frequency": dataset.frequency,
        "years": years,
        "regions": regions,
        "state": dataset.state,
        "recommendation": effective_status(governing(dataset), today),
        # the metadata quality rating (catalog/quality): a facet and filter
        "quality": getattr(getattr(dataset, "quality", None), "rating", None),
        # its MQA score (0 when not scored yet): the sort "quality"
        "quality_score": int(getattr(getattr(dataset, "quality", None), "mqa_score", 0) or 0),
        "harvest_source": dataset.harvest_source_id,
        "created": _iso(dataset.created_at),
        "modified": _iso(dataset.updated_at),
        # analysed text: stemmed per field (weighted), plus unstemmed words for exact boosts
        "title_stem": analysis.stemmed_text(title),
        "tags_stem": analysis.stemmed_text(tags_text),
        "description_stem": analysis.stemmed_text(description),
        "exact": analysis.exact_text(f"{title} {tags_text} {description}"),
        # structured words (agency, places, years) matched like text; the title's words as
        # written, for phrase continuation in suggest and title proximity
        "context": analysis.stemmed_text(context),
        "title_exact": analysis.exact_text(title),
        "title_sort": analysis.normalize(title),
    }


def filter_values(document: dict[str, Any], filter_field: str) -> list[str]:
    """The keyword values a document holds for a filter field (always a list of strings)."""
    value = document.get(filter_field)
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value != "" else []
