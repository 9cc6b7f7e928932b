"""Server-rendered pages: public search and dataset pages, agency dashboard, reviewer queue."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import default_exceptions

from catalog.config import LOCALES
from catalog.logs import request_id
from catalog.web import filters, security

LANG_COOKIE = "lang"
GENERIC_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in first."),
    403: _l("You may not open this page."),
    404: _l("The page you asked for does not exist."),
    405: _l("This page does not accept that kind of request."),
    413: _l("The data sent is too large."),
    414: _l("The web address is too long. Shorten the search words or remove some filters."),
    429: _l("Too many requests. Wait a moment and try again."),
    500: _l("An internal error occurred. It has been logged."),
    503: _l("The service is temporarily unavailable. Try again in a moment."),
}


def select_locale() -> str:
    """`?lang=` wins, then the cookie it set, then CATALOG_DEFAULT_LOCALE (Indonesian unless
    the deployment says otherwise)."""
    wanted = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if wanted in LOCALES:
        g.locale_choice = wanted
        return wanted
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return default


def _remember_locale(response: Response) -> Response:
    wanted = request.args.get("lang")
    if wanted in LOCALES and request.cookies.get(LANG_COOKIE) != wanted:
        response.set_cookie(
            LANG_COOKIE,
            wanted,
            max_age=365 * 86400,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def html_error(status: int, message: str) -> tuple[str, int]:
    default = default_exceptions.get(status)
    if default is not None and message == default.description:
        # Werkzeug's stock English sentence: show ours, in the page's language.
        message = str(GENERIC_MESSAGES.get(status, ""))
    # The id also stands in the log line of this request and in X-Request-Id, so a citizen who
    # reports the page gives the operator something to find.
    return render_template(
        "error.html", status=status, message=message, request_id=request_id()
    ), status


def init_web(app: Flask) -> None:
    """Register the pages, translations, CSRF protection and the HTML error page."""
    from catalog.web import dashboard, editor, exports, public, review, session_views

    # Before Babel(): it fills in its own defaults (en, UTC) for keys still missing.
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.extensions["catalog"].settings.default_locale)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta")
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
    )
    app.extensions["catalog.html_error"] = html_error
    app.after_request(_remember_locale)
    blueprints = (public.bp, exports.bp, session_views.bp, dashboard.bp, editor.bp, review.bp)
    for bp in blueprints:
        app.register_blueprint(bp)
    security.protect(app, {bp.name for bp in blueprints})
    from catalog.web.admin import bp as admin_bp  # the walidata's pages (issue 15)

    app.register_blueprint(admin_bp)
    security.protect(app, {admin_bp.name})
    from catalog.web.quality import bp as quality_bp  # metadata quality (issue 16)

    app.register_blueprint(quality_bp)
    security.protect(app, {quality_bp.name})
    from catalog.web.consultations import bp as desk_bp  # Pojok Romantik (issue 18)

    app.register_blueprint(desk_bp)
    security.protect(app, {desk_bp.name})
    from catalog.web.activities import bp as activities_bp  # statistical activities (issue 20)

    app.register_blueprint(activities_bp)
    security.protect(app, {activities_bp.name})
    filters.register(app)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"csrf_token": security.csrf_token, "current_locale": g.get("locale_choice", "id")}
