"""`tijdig serve`: the web application on localhost."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the dashboard and the API (default http://127.0.0.1:8000)."""
    import uvicorn

    from tijdig.config import Settings
    from tijdig.entrypoints.web.access_log import log_config
    from tijdig.entrypoints.web.app import create_app

    settings = Settings()
    web = create_app(settings)
    uvicorn.run(
        web,
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        log_config=log_config(),
    )
