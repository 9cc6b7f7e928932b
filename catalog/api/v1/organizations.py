"""/api/v1/organizations: list and read for everyone; create, update and members for admins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.contract import contract
from catalog.context import catalog, current_actor
from catalog.services import organizations as service
from catalog.services import users as user_service
from schemas.api import (
    MembershipIn,
    MembershipOut,
    OrganizationIn,
    OrganizationOut,
    OrganizationPage,
    PageArgs,
)

blp = Blueprint("organizations", __name__, description="Data producers (OPD), BPS, walidata")


def _with_count(org: Any, counts: dict[str, int]) -> Any:
    org.dataset_count = counts.get(org.id, 0)
    return org


@blp.route("/organizations")
class OrganizationCollection(MethodView):
    @contract(blp, 200, OrganizationPage, query=PageArgs)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List organizations by title, with their published dataset counts."""
        page, per_page = args["page"], args["per_page"]
        with catalog().unit_of_work() as session:
            rows, total = service.list_organizations(
                session, offset=(page - 1) * per_page, limit=per_page
            )
            counts = service.dataset_counts(session)
        return {
            "total": total,
            "page": page,
            "per_page": per_page,
            "results": [_with_count(o, counts) for o in rows],
        }

    @contract(blp, 201, OrganizationOut, body=OrganizationIn, bearer=True)
    def post(self, data: dict[str, Any]) -> Any:
        """Create an organization (admin)."""
        with catalog().unit_of_work() as session:
            return _with_count(service.create_organization(session, current_actor(), data), {})


@blp.route("/organizations/<id_or_slug>")
class OrganizationItem(MethodView):
    @contract(blp, 200, OrganizationOut)
    def get(self, id_or_slug: str) -> Any:
        with catalog().unit_of_work() as session:
            org = service.get_organization(session, id_or_slug)
            return _with_count(org, service.dataset_counts(session))

    @contract(blp, 200, OrganizationOut, body=OrganizationIn(partial=True), bearer=True)
    def patch(self, data: dict[str, Any], id_or_slug: str) -> Any:
        """Change an organization (admin)."""
        with catalog().unit_of_work() as session:
            org = service.update_organization(session, current_actor(), id_or_slug, data)
            return _with_count(org, service.dataset_counts(session))


@blp.route("/organizations/<id_or_slug>/members", methods=["POST"])
@contract(blp, 200, MembershipOut, body=MembershipIn, bearer=True)
def add_member(data: dict[str, Any], id_or_slug: str) -> Any:
    """Make a user an editor or admin of the organization."""
    with catalog().unit_of_work() as session:
        user = user_service.get_user(session, data["username"])
        return user_service.set_membership(session, current_actor(), user, id_or_slug, data["role"])


@blp.route("/organizations/<id_or_slug>/members/<username>", methods=["DELETE"])
@contract(blp, 204, bearer=True)
def remove_member(id_or_slug: str, username: str) -> None:
    with catalog().unit_of_work() as session:
        user = user_service.get_user(session, username)
        user_service.remove_membership(session, current_actor(), user, id_or_slug)
