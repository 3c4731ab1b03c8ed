"""A decision taken from a panel of the customer page (the suggested tolerance, a risk
suggestion): with htmx the panel is swapped, shown done or with the refusal; without
htmx a decision redirects back to the panel, and a refusal re-shows the page with its
status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import require_change
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.workspace import Workspace

# (workspace, customer number, done=..., error=...) -> the panel's view
Panel = Callable[..., Any]


def decided(
    ws: Workspace, number: str, act: Callable[[], object], *, panel: str, section: Panel,
    anchor: str, done: str,
) -> Response:  # fmt: skip
    """Do `act` (the use case) and answer with the customer page's `panel` (its context
    key and the query's, filled by `section`), or redirect to it at `#anchor`."""
    require_change(ws.signed_in)
    htmx = ws.request.headers.get("HX-Request") == "true"
    try:
        act()
    except TijdigError as error:
        context = customer_context(ws, number)
        context[panel] = section(ws, number, error=error)
        return ws.render("customer.html", context,
                         status_code=200 if htmx else status_for(error))  # fmt: skip
    if htmx:
        context = customer_context(ws, number)
        context[panel] = section(ws, number, done=done)
        return ws.render("customer.html", context)
    url = ws.url("customer", number=number, query={panel: done})
    return RedirectResponse(f"{url}#{anchor}", status_code=303)
