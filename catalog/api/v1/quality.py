"""/api/v1 metadata quality: one dataset's score and missing items, the agency ranking."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from catalog.api.v1.contract import contract
from catalog.api.v1.tables import csv_answer, csv_report, wants_csv
from catalog.context import catalog, current_actor
from catalog.services import datasets
from catalog.services import quality as service
from schemas.fields import JsonOrCsvArgs
from schemas.quality import QualityOut, QualityRankingOut

blp = Blueprint("quality", __name__, description="Metadata quality (MQA and Satu Data/BPS)")


@blp.route("/datasets/<id_or_slug>/quality")
@contract(blp, 200, QualityOut)
def dataset_quality(id_or_slug: str) -> Any:
    """The dataset's MQA score and rating, its Satu Data/BPS completeness, what is missing
    (each item with the profile field to fill) and each resource's last link check."""
    with catalog().unit_of_work() as session:
        dataset = datasets.get_dataset(session, current_actor(), id_or_slug)
        return service.dataset_quality(session, dataset)


@blp.route("/quality/organizations")
@csv_report(
    blp,
    JsonOrCsvArgs(),
    QualityRankingOut,
    "The ranking as JSON, or as CSV with ?format=csv or Accept: text/csv.",
    "One row per agency.",
)
def ranking(args: dict[str, Any]) -> Any:
    """Agencies by mean MQA score of their published datasets, with the share rated Baik or
    better, the mean Satu Data/BPS completeness, broken links and late updates."""
    with catalog().unit_of_work() as session:
        rows = service.ranking(session)
    if wants_csv(args["format"]):
        day = catalog().clock.today()
        return csv_answer(service.ranking_csv(rows), f"kualitas-{day}.csv")
    return {"rows": rows}
