"""What every export needs besides the datasets: this catalog's addresses and publisher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from catalog.models import Dataset

TITLE = "Katalog Statistik Sektoral Kabupaten Tangerang"
DESCRIPTION = (
    "Metadata data statistik sektoral perangkat daerah Kabupaten Tangerang "
    "(Satu Data Indonesia, Metadata Statistik BPS)."
)


@dataclass(frozen=True)
class Agent:
    """An organization as an export shows it (the walidata, an agency)."""

    name: str
    uri: str
    code: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Site:
    """This catalog as seen from one request: its root address (ending in "/") and the
    walidata that publishes the catalog."""

    base_url: str
    publisher: Agent
    title: str = TITLE
    description: str = DESCRIPTION

    @property
    def catalog_uri(self) -> str:
        return self.base_url + "catalog"

    def dataset_uri(self, slug: str) -> str:
        return f"{self.base_url}dataset/{slug}"

    def organization_uri(self, slug: str) -> str:
        return f"{self.base_url}organisasi/{slug}"

    def topic_uri(self, code: str) -> str:
        return f"{self.base_url}topik/{code}"

    @property
    def topic_scheme_uri(self) -> str:
        return self.base_url + "topik"

    def region_uri(self, code: str) -> str:
        return f"{self.base_url}wilayah/{code}"

    def agent_of(self, dataset: Dataset) -> Agent:
        org = dataset.organization
        return Agent(org.title, self.organization_uri(org.slug), org.code, org.email)


@dataclass(frozen=True)
class CatalogPage:
    """One page of the catalog's datasets and how to address the other pages."""

    datasets: list[Dataset]
    total: int
    page: int
    per_page: int
    page_url: Callable[[int], str] = field(repr=False)

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.per_page))
