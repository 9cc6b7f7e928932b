"""What every export needs besides the datasets: this catalog's addresses and publisher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from catalog.models import Dataset

TITLE = "Katalog Statistik Sektoral Kabupaten Tangerang"
DESCRIPTION = (
    "Metadata data statistik sektoral perangkat daerah Kabupaten Tangerang "
    "(Satu Data Indonesia, Metadata Statistik BPS)."
)
# The public pages exports point at, by kind: their path below the catalog's root address
# (served by catalog/web/public.py and activities.py: "/dataset/<slug>", "/topik/<code>", ...).
Page = Literal["dataset", "organization", "activity", "topic", "region"]
PAGES: dict[Page, str] = {
    "dataset": "dataset",
    "organization": "organisasi",
    "activity": "kegiatan",
    "topic": "topik",
    "region": "wilayah",
}


def page_uri(base_url: str, page: Page, key: str) -> str:
    """The address below `base_url` (ending in "/") of the public page of a `page`: the
    dataset, agency or activity of that slug, the topic or region of that code."""
    return f"{base_url}{PAGES[page]}/{key}"


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

    def page_uri(self, page: Page, key: str) -> str:
        """The address of a public page of this catalog: `page_uri("dataset", slug)`."""
        return page_uri(self.base_url, page, key)

    @property
    def topic_scheme_uri(self) -> str:
        """The topics' concept scheme: the page of all topics."""
        return self.base_url + PAGES["topic"]

    def agent_of(self, dataset: Dataset) -> Agent:
        org = dataset.organization
        return Agent(org.title, self.page_uri("organization", org.slug), org.code, org.email)


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
