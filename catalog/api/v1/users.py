"""/api/v1/users and tokens: admins manage everyone; a user manages their own account."""

from __future__ import annotations

from typing import Any

from flask import session as web_session
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.contract import contract
from catalog.context import catalog, current_actor, signed_in_by_session, signin_attempt
from catalog.services import users as service
from catalog.services.auth import require_login
from schemas.api import NewTokenOut, RoleIn, TokenIn, TokenOut, UserIn, UserOut, UserPatch

blp = Blueprint("users", __name__, description="Accounts, roles and API tokens")


def _user_ref(ref: str) -> str:
    """`me` names the caller."""
    if ref == "me":
        actor = current_actor()
        require_login(actor)
        return actor.user_id or ""
    return ref


@blp.route("/users")
class UserCollection(MethodView):
    @contract(blp, 200, UserOut(many=True), bearer=True)
    def get(self) -> Any:
        """All users (admin)."""
        with catalog().unit_of_work() as session:
            return service.list_users(session, current_actor())

    @contract(blp, 201, UserOut, body=UserIn, bearer=True)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a user (admin)."""
        with catalog().unit_of_work() as session:
            return service.create_user(session, current_actor(), **data)


@blp.route("/users/<ref>")
class UserItem(MethodView):
    @contract(blp, 200, UserOut, bearer=True)
    def get(self, ref: str) -> Any:
        """One user (`me` for the caller): self or admin."""
        with catalog().unit_of_work() as session:
            return service.read_user(session, current_actor(), _user_ref(ref))

    @contract(
        blp,
        200,
        UserOut,
        body=UserPatch,
        also=[blp.alt_response(429, response="TOO_MANY_REQUESTS")],
        bearer=True,
    )
    def patch(self, data: dict[str, Any], ref: str) -> Any:
        """Change an account (self or admin). Changing one's own password needs
        `current_password` (422 when missing or wrong; wrong ones count towards the sign-in
        throttle, 429). A new password ends the account's web sessions, except the one that
        made the change; API tokens stay valid."""
        actor = current_actor()
        with catalog().unit_of_work() as session:
            user = service.update_user(
                session, actor, _user_ref(ref), data, attempt=signin_attempt()
            )
        if signed_in_by_session() and user.id == actor.user_id:
            web_session["session_generation"] = user.session_generation
        return user


@blp.route("/users/<ref>/roles", methods=["POST"])
@contract(blp, 200, UserOut, body=RoleIn, bearer=True)
def grant(data: dict[str, Any], ref: str) -> Any:
    """Grant a global role (admin)."""
    with catalog().unit_of_work() as session:
        user = service.get_user(session, _user_ref(ref))
        service.grant_role(session, current_actor(), user, data["role"])
        return user


@blp.route("/users/<ref>/roles/<role>", methods=["DELETE"])
@contract(blp, 200, UserOut, bearer=True)
def revoke(ref: str, role: str) -> Any:
    with catalog().unit_of_work() as session:
        user = service.get_user(session, _user_ref(ref))
        service.revoke_role(session, current_actor(), user, role)
        return user


@blp.route("/users/<ref>/sessions", methods=["DELETE"])
@contract(blp, 204, bearer=True)
def end_sessions(ref: str) -> None:
    """Sign the account out everywhere (self or admin): every web session cookie issued
    before stops working. API tokens are not affected (revoke them with DELETE /tokens/{id})."""
    with catalog().unit_of_work() as session:
        service.sign_out_everywhere(session, current_actor(), _user_ref(ref))


@blp.route("/users/<ref>/tokens")
class TokenCollection(MethodView):
    @contract(blp, 200, TokenOut(many=True), bearer=True)
    def get(self, ref: str) -> Any:
        with catalog().unit_of_work() as session:
            user = service.get_user(session, _user_ref(ref))
            return service.list_tokens(session, current_actor(), user)

    @contract(blp, 201, NewTokenOut, body=TokenIn, bearer=True)
    def post(self, data: dict[str, Any], ref: str) -> Any:
        """Create a token; its secret is in this answer and nowhere else."""
        with catalog().unit_of_work() as session:
            user = service.get_user(session, _user_ref(ref))
            token, secret = service.create_token(session, current_actor(), user, **data)
        return {"token": token, "secret": secret}


@blp.route("/tokens/<token_id>", methods=["DELETE"])
@contract(blp, 200, TokenOut, bearer=True)
def revoke_token(token_id: str) -> Any:
    with catalog().unit_of_work() as session:
        return service.revoke_token(session, current_actor(), token_id)
