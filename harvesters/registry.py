"""Harvester types by name (the `type` of a HarvestSource)."""

from __future__ import annotations

from harvesters.base import Harvester
from harvesters.ckan import CkanHarvester
from harvesters.datajson import DataJsonHarvester
from harvesters.dcat import DcatHarvester
from harvesters.file import FileHarvester
from harvesters.spreadsheet import SpreadsheetHarvester

HARVESTERS: dict[str, type[Harvester]] = {
    "ckan": CkanHarvester,
    "dcat": DcatHarvester,
    "datajson": DataJsonHarvester,
    "spreadsheet": SpreadsheetHarvester,
    "file": FileHarvester,
}
