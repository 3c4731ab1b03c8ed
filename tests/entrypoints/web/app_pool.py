"""Web apps for the tests, one made per xdist worker and handed each test's settings.

FastAPI prepares an app's routes (a pydantic model per parameter) on its first
requests, per app: 0.3 s and more, which every web test paid again for an app of its
own. `web_app(settings)` lends an app already warm, given the test's settings with
`use_settings` (the one thing that varies between installations); its lifespan then
bootstraps those settings as a new app's would. An app lent twice at once (two
clients in one test) is a second app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI

from tijdig.config import Settings
from tijdig.entrypoints.web.app import create_app, use_settings

_idle: list[FastAPI] = []


@contextmanager
def web_app(settings: Settings) -> Iterator[FastAPI]:
    """A warm app with `settings`, returned to the pool afterwards, without its
    installation (so no later test can reach this one's database by mistake)."""
    app = _idle.pop() if _idle else create_app(settings)
    use_settings(app, settings)
    try:
        yield app
    finally:
        if hasattr(app.state, "tijdig"):
            del app.state.tijdig
        _idle.append(app)
