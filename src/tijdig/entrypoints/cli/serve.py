"""`tijdig serve`: the web application on localhost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from tijdig.config import Settings


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the workspace, the debtor portal and the API (default http://127.0.0.1:8000)."""
    import uvicorn

    from tijdig.config import Settings
    from tijdig.entrypoints.web.access_log import log_config
    from tijdig.entrypoints.web.app import create_app

    settings = Settings()
    settings = settings.model_copy(
        update={"host": host or settings.host, "port": port or settings.port}
    )
    typer.echo(
        f"Tijdig runs on {settings.served_url} (Ctrl-C stops it); "
        f"links in messages start with {settings.link_url}"
    )
    if warning := settings.link_warning:
        typer.echo(warning, err=True)
    runner = _job_runner(settings)
    try:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="info",
            log_config=log_config(),
        )
    finally:
        if runner is not None:
            runner.terminate()  # a job cut short is taken up again after its heartbeat lapses
            runner.join(timeout=10)


def _job_runner(settings: Settings) -> BaseProcess | None:
    """On SQLite the background jobs run in a child process of the server (on PostgreSQL
    in `tijdig worker`s)."""
    if not settings.database_url.startswith("sqlite"):
        return None
    from tijdig.bootstrap import bootstrap
    from tijdig.entrypoints.background import start_runner

    bootstrap(settings).close()  # the schema up to date before the runner reads it
    return start_runner(settings)
