"""Who is acting, and what they may do. Every write path asks these functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog.errors import Forbidden, NotAuthenticated
from catalog.models import Dataset, User


@dataclass(frozen=True)
class Actor:
    """The caller of a service: a user with roles and memberships, or anonymous (user None)."""

    user_id: str | None = None
    username: str = "anonymous"
    roles: frozenset[str] = frozenset()
    # organization id -> role inside it (editor | admin)
    orgs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(
            user_id=user.id,
            username=user.username,
            roles=frozenset(user.role_names),
            orgs={m.organization_id: m.role for m in user.memberships},
        )

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_reviewer(self) -> bool:
        return "bps_reviewer" in self.roles or self.is_admin

    def can_edit_org(self, organization_id: str) -> bool:
        return self.is_admin or organization_id in self.orgs

    def can_manage_org(self, organization_id: str) -> bool:
        """Manage the organization itself and its members (org admin or walidata admin)."""
        return self.is_admin or self.orgs.get(organization_id) == "admin"


ANONYMOUS = Actor()
SYSTEM = Actor(user_id=None, username="system", roles=frozenset({"admin"}))


def require_login(actor: Actor) -> None:
    if not actor.authenticated and actor is not SYSTEM:
        raise NotAuthenticated("Perlu masuk (token API atau sesi).")


def require_admin(actor: Actor) -> None:
    require_login(actor)
    if not actor.is_admin:
        raise Forbidden("Hanya admin (walidata) yang boleh melakukan ini.")


def require_org_editor(actor: Actor, organization_id: str) -> None:
    require_login(actor)
    if not actor.can_edit_org(organization_id):
        raise Forbidden("Anda bukan editor organisasi pemilik data ini.")


# Who may read a dataset: published ones are public; drafts and withdrawn ones, their notes
# and their harvest jobs only the owning agency's editors and BPS staff (reviewers, admins).
# The one rule, asked for one dataset (can_read_dataset, can_read, sees_unpublished) or for
# a query over many (unpublished_scope).


def sees_unpublished(actor: Actor, organization_id: str) -> bool:
    """Whether the actor may read what an agency has not published (drafts, withdrawn
    datasets, private notes, harvest jobs)."""
    return actor.is_reviewer or actor.can_edit_org(organization_id)


def unpublished_scope(actor: Actor) -> list[str] | None:
    """The organizations whose unpublished datasets the actor may read (None: all of them)."""
    return None if actor.is_reviewer else list(actor.orgs)


def can_read_dataset(actor: Actor, dataset: Dataset) -> bool:
    """Published datasets are public; drafts and withdrawn ones only for their agency and staff."""
    return can_read(actor, dataset.state, dataset.organization_id)


def can_read(actor: Actor, state: str, organization_id: str) -> bool:
    """can_read_dataset from the two columns it needs (when the dataset is not loaded)."""
    return state == "published" or sees_unpublished(actor, organization_id)


# Which MS-Var variables of a dataset the actor may see: a variable with public=false
# ("Ditampilkan untuk umum" unticked, MS-Var's "Dapat Diakses Umum": tidak) only for those who
# may read what its agency has not published (its editors, BPS reviewers, admins). Every
# output asks visible_variables: the dataset page, API v1, and, as ANONYMOUS, the exports
# (CKAN API, schema.org, DCAT). The editor and the review page show them all.


def sees_hidden_variables(actor: Actor, organization_id: str | None) -> bool:
    """Whether the actor may see a dataset's variables that are not public."""
    return actor.is_reviewer or (
        organization_id is not None and sees_unpublished(actor, organization_id)
    )


def is_public_variable(variable: Any) -> bool:
    """A variable shown to everyone: public unless it says public=false (the default)."""
    return isinstance(variable, Mapping) and bool(variable.get("public", True))


def visible_variables(actor: Actor, organization_id: str | None, variables: Any) -> list[Any]:
    """The variables (MS-Var dicts) of a dataset of `organization_id` the actor may see."""
    rows = list(variables or [])
    if sees_hidden_variables(actor, organization_id):
        return rows
    return [v for v in rows if is_public_variable(v)]
