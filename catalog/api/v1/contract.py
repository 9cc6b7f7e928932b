"""An endpoint's contract in one declaration: what it reads, what it answers, how it is called.

    @blp.route("/users/<ref>")
    class UserItem(MethodView):
        @contract(blp, 200, UserOut, body=UserPatch, bearer=True)
        def patch(self, data: dict[str, Any], ref: str) -> Any: ...

stands for flask-smorest's stack

        @blp.arguments(UserPatch)
        @blp.response(200, UserOut)
        @blp.doc(security=[{"bearer": []}])

applied in that order (the arguments outermost, the documentation innermost), so the OpenAPI
document and the parsing are those of the stack. `@blp.route` stays a line of its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_smorest import Blueprint

Decorator = Callable[[Any], Any]


def contract(
    blp: Blueprint,
    status: int,
    schema: Any = None,
    *,
    body: Any = None,
    query: Any = None,
    description: str | None = None,
    also: Sequence[Decorator] = (),
    bearer: bool = False,
    **doc: Any,
) -> Decorator:
    """`blp.arguments(query, location="query")` and `blp.arguments(body)` when given, then
    `blp.response(status, schema, description=description)`, then the decorators in `also`
    (alternative answers: `blp.alt_response(...)`, tables.csv_alternative), then `blp.doc`
    with `security` the bearer token when `bearer` and the other `doc` keywords."""
    stack: list[Decorator] = []
    if query is not None:
        stack.append(blp.arguments(query, location="query"))
    if body is not None:
        stack.append(blp.arguments(body))
    stack.append(blp.response(status, schema, description=description))
    stack.extend(also)
    if bearer:
        doc = {"security": [{"bearer": []}], **doc}
    if doc:
        stack.append(blp.doc(**doc))

    def decorate(view: Any) -> Any:
        for decorator in reversed(stack):
            view = decorator(view)
        return view

    return decorate
