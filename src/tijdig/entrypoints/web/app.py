"""`create_app(settings)`: the FastAPI application behind `tijdig serve`.

The installation is bootstrapped once per app, when it starts (lifespan), kept on
`app.state.tijdig` and closed when it stops; nothing is built at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from tijdig import __version__
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.web import errors
from tijdig.entrypoints.web.api import customers, health, invoices
from tijdig.entrypoints.web.auth import csrf_protect, require_user
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.entrypoints.web.rendering import STATIC_DIR
from tijdig.entrypoints.web.ui import pages, signin

API_PREFIX = "/api/v1"


def _api_router() -> APIRouter:
    # Signed in (bearer token or session) for every API route; CSRF for a session's writes.
    router = APIRouter(
        prefix=API_PREFIX, dependencies=[Depends(require_user), Depends(csrf_protect)]
    )
    router.include_router(customers.router)
    router.include_router(invoices.router)
    return router


def create_app(settings: Settings) -> FastAPI:
    """The web app for one installation: health, the JSON API, the pages, static files."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        installation = bootstrap(settings)
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
        # Swagger UI and ReDoc load their scripts from a CDN; only /openapi.json is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.sign_in_failures = SlidingWindow(settings.sign_in_attempts_per_minute)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(health.router)
    app.include_router(_api_router())
    app.include_router(signin.router)
    app.include_router(pages.router)
    return app
