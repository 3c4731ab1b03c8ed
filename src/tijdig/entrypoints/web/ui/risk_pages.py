"""The risk's pages (issue 17 section 2): Accept and Dismiss of a risk suggestion on the
customer page, and the list of the open invoices at high risk of late payment that the
dashboard's risk figure links to.

The forms post with htmx and swap the customer page's risk panel; without htmx a
decision redirects back, and a refusal (decided already) re-shows the page with its
status. A suggestion of another company, or of another customer, is not found (404); a
read-only user is refused (403). The same service as `tijdig risk accept|dismiss`.

The list reads the stored scores (`tijdig risk score`), never scores on a page view."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Response

from tijdig.domain.errors import NotFound
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import Suggestion
from tijdig.domain.risk_texts import CLASS_TEXTS
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.ui.customer_panels import decided
from tijdig.entrypoints.web.ui.risk import risk_section
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.risk import scoring, suggestions

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

AT_RISK_SHOWN = 200  # the list's length: the most money at stake first

Decide = Callable[..., Suggestion]


def _decide(ws: Workspace, number: str, suggestion_id: int, decide: Decide, done: str) -> Response:
    require_change(ws.signed_in)  # a read-only user is refused before anything is looked up
    tijdig = ws.tijdig
    theirs = suggestions.for_customer(tijdig.risk_uow(), ws.company, number)
    if all(s.id != suggestion_id for s in theirs):
        raise NotFound(Refusal.NOT_FOUND, thing="suggestion", key=str(suggestion_id))

    def act() -> None:
        decide(tijdig.risk_uow(), ws.company, suggestion_id, actor=actor(ws.signed_in), at=now())

    return decided(ws, number, act, panel="risk", section=risk_section, anchor="risk", done=done)


@router.post("/customers/{number}/risk/suggestions/{suggestion_id}/accept",
             name="risk_suggestion_accept")  # fmt: skip
def accept(ws: WorkspaceDep, number: str, suggestion_id: int) -> Response:
    """Accept the risk's suggestion: the decision is recorded and audited; the act itself
    (the limit, the plan, the deposit) is the person's, through its own form."""
    return _decide(ws, number, suggestion_id, suggestions.accept, "accepted")


@router.post("/customers/{number}/risk/suggestions/{suggestion_id}/dismiss",
             name="risk_suggestion_dismiss")  # fmt: skip
def dismiss(ws: WorkspaceDep, number: str, suggestion_id: int) -> Response:
    """Dismiss the risk's suggestion (audited); it stays in the customer's list."""
    return _decide(ws, number, suggestion_id, suggestions.dismiss, "dismissed")


@router.get("/risk", name="risk_invoices")
def at_risk(ws: WorkspaceDep) -> Response:
    """The open invoices at high risk of late payment by the latest stored scores, the
    most money at stake first (open amount times probability)."""
    tijdig = ws.tijdig
    figure = scoring.risk_figure(tijdig.risk_uow(), ws.company)
    rows = scoring.at_risk(tijdig.risk_uow(), ws.company, limit=AT_RISK_SHOWN)
    return ws.render("risk_invoices.html", {
        "figure": figure, "rows": rows, "shown": AT_RISK_SHOWN, "class_texts": CLASS_TEXTS,
        "nav_current": "dashboard",
    })  # fmt: skip
