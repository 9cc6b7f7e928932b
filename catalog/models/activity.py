"""Statistical activities (kegiatan statistik, MS-Keg, Peraturan BPS 5/2020): what BPS
recommends (Peraturan BPS 4/2019). An activity belongs to an agency; the datasets it produces
link to it and show its recommendation unless they carry their own (`governing`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.accounts import Organization
from catalog.models.base import Base, id_column, utcnow
from catalog.models.recommendation import Recommendation

# Cara Pengumpulan Data (MS-Keg identity)
ACTIVITY_METHODS = ("survei", "kompilasi_produk_administrasi", "cara_lain")
# Kegiatan ini dilakukan: sekali (one-off) or berulang (recurring)
ACTIVITY_KINDS = ("sekali", "berulang")
ACTIVITY_STATES = ("draft", "published")


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer)
    # kode kegiatan: assigned by BPS when the activity is registered (free text, format varies)
    code: Mapped[str | None] = mapped_column(String(50), index=True)
    method: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20))
    frequency: Mapped[str | None] = mapped_column(String(30))
    # MS-Keg blocks I-VIII as validated by schemas/activity.py (keys: penyelenggara, ...)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # MS-Var variables planned for the activity
    variables: Mapped[list[Any]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="published", index=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship(lazy="joined")
    recommendation: Mapped[Recommendation | None] = relationship(
        lazy="selectin", viewonly=True, uselist=False
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_survey(self) -> bool:
        return self.method == "survei"
