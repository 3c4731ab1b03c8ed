"""The customer page's habits panel (issue 17): the payment habits learned from the paid
invoices, and the suggested tolerance with Accept and Dismiss. Each form posts with htmx
and swaps the panel (and, out of band, the next step, which the tolerance moves); without
htmx a decision redirects back, and a refusal re-shows the page with its status. A
read-only user is refused (403). The same service as the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Response

from tijdig.analytics.tolerance import CAP_DAYS, ToleranceDecision
from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now
from tijdig.entrypoints.web.ui.customer_panels import decided
from tijdig.entrypoints.web.ui.habits_form import habits_section
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.records import habits

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _days(days: str) -> int:
    if not days.strip().isdigit() or not 1 <= int(days) <= CAP_DAYS:
        raise InvalidValue("days", Refusal.BETWEEN, low=1, high=CAP_DAYS)
    return int(days)


Decide = Callable[..., ToleranceDecision]


def _decide(ws: Workspace, number: str, days: str, decide: Decide, done: str) -> Response:
    company: Company = ws.company
    at: datetime = now()
    as_of: date = ws.as_of

    def act() -> None:
        decide(ws.tijdig.uow(), ws.tijdig.paid_history, company, number, days=_days(days),
               as_of=as_of, actor=actor(ws.signed_in), at=at)  # fmt: skip

    return decided(ws, number, act, panel="habits", section=habits_section,
                   anchor="customer-habits", done=done)  # fmt: skip


Days = Annotated[str, Form(max_length=10)]


@router.post("/customers/{number}/tolerance/accept", name="customer_tolerance_accept")
def accept(ws: WorkspaceDep, number: str, days: Days = "") -> Response:
    """Accept the suggested tolerance of `days`: the run leaves the customer alone until
    the due date plus these days."""
    return _decide(ws, number, days, habits.accept_tolerance, "accepted")


@router.post("/customers/{number}/tolerance/dismiss", name="customer_tolerance_dismiss")
def dismiss(ws: WorkspaceDep, number: str, days: Days = "") -> Response:
    """Dismiss the suggested tolerance of `days`: it is not suggested again."""
    return _decide(ws, number, days, habits.dismiss_tolerance, "dismissed")
