"""`create_app(settings)`: the FastAPI application behind `tijdig serve`.

The installation is bootstrapped once per app, when it starts (lifespan), kept on
`app.state.tijdig` and closed when it stops; nothing is built at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from tijdig import __version__
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.web import errors
from tijdig.entrypoints.web.api import docs, health
from tijdig.entrypoints.web.api.routes import api_router
from tijdig.entrypoints.web.deps import refuse_nul
from tijdig.entrypoints.web.headers import SecurityHeaders
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.entrypoints.web.rendering import STATIC_DIR
from tijdig.entrypoints.web.ui import (
    agenda,
    disputes,
    pages,
    risk_pages,
    runs,
    settings_credit,
    settings_mailbox,
    settings_policies,
    settings_templates,
    settings_users,
    settings_wording,
    signin,
)
from tijdig.entrypoints.web.ui import bank as bank_pages
from tijdig.entrypoints.web.ui import book_sync as book_sync_pages
from tijdig.entrypoints.web.ui import clauses as clause_pages
from tijdig.entrypoints.web.ui import contact_quality as contact_quality_pages
from tijdig.entrypoints.web.ui import customer_actions as customer_action_pages
from tijdig.entrypoints.web.ui import customer_language as customer_language_pages
from tijdig.entrypoints.web.ui import customers as customer_pages
from tijdig.entrypoints.web.ui import effects as effect_pages
from tijdig.entrypoints.web.ui import experiments as experiment_pages
from tijdig.entrypoints.web.ui import forecast as forecast_pages
from tijdig.entrypoints.web.ui import habits as habit_pages
from tijdig.entrypoints.web.ui import hand_over as hand_over_pages
from tijdig.entrypoints.web.ui import hardship as hardship_pages
from tijdig.entrypoints.web.ui import imports as import_pages
from tijdig.entrypoints.web.ui import inbox as inbox_pages
from tijdig.entrypoints.web.ui import invoices as invoice_pages
from tijdig.entrypoints.web.ui import notes as note_pages
from tijdig.entrypoints.web.ui import personal_mail as personal_mail_pages
from tijdig.entrypoints.web.ui import portal as debtor_portal
from tijdig.entrypoints.web.ui import portal_contact as debtor_contact
from tijdig.entrypoints.web.ui import portal_plans as debtor_plans
from tijdig.entrypoints.web.ui import privacy as privacy_pages
from tijdig.entrypoints.web.ui import settings as settings_pages

# Every router of the app, in the order their routes are matched.
ROUTERS = (
    health.router,
    api_router(),
    docs.router,
    signin.router,
    pages.router,
    customer_pages.router,
    customer_language_pages.router,
    customer_action_pages.router,
    habit_pages.router,
    risk_pages.router,
    forecast_pages.router,
    effect_pages.router,
    experiment_pages.router,
    invoice_pages.router,
    clause_pages.router,
    hardship_pages.router,
    hand_over_pages.router,
    note_pages.router,
    debtor_portal.router,
    debtor_plans.router,
    debtor_contact.router,
    runs.router,
    agenda.router,
    inbox_pages.router,
    personal_mail_pages.router,
    disputes.router,
    contact_quality_pages.router,
    bank_pages.router,
    settings_pages.router,
    settings_users.router,
    settings_credit.router,
    settings_mailbox.router,
    settings_templates.router,
    settings_wording.router,
    settings_policies.router,
    privacy_pages.router,
    import_pages.router,
    book_sync_pages.router,
)


def create_app(settings: Settings) -> FastAPI:
    """The web app for one installation: health, the JSON API, the pages, static files."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        installation = bootstrap(app.state.settings)
        app.state.tijdig = installation
        try:
            yield
        finally:
            installation.close()

    app = FastAPI(
        title="Tijdig",
        summary="Receivables and collections for the Netherlands and Belgium.",
        version=__version__,
        lifespan=lifespan,
        description="The REST API under `/api/v1`: send `Authorization: Bearer <token>` "
        "(`tijdig token create USER --name NAME`). Errors are `{detail, field}`.",
        # The spec and Swagger UI live under /api; FastAPI's own docs routes would load
        # their scripts from a CDN, so docs.router serves Swagger UI from /static instead.
        openapi_url=docs.OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(refuse_nul)],
    )
    use_settings(app, settings)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app


def use_settings(app: FastAPI, settings: Settings) -> None:
    """Everything the app keeps of its installation's settings: the settings its start
    bootstraps, and sign-in limits counted from zero. Tests hand one app new settings
    between runs (tests/entrypoints/web/conftest.py): FastAPI prepares an app's routes
    on first use, 0.3 s and more per app, which hundreds of new apps paid again."""
    app.state.settings = settings
    app.state.sign_in_failures = SlidingWindow(settings.sign_in_attempts_per_minute)
    app.state.portal_failures = SlidingWindow(settings.sign_in_attempts_per_minute)
