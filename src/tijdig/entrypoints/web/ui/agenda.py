"""The agenda (S0-5): the day's calls and follow-ups, each with its call script (S0-3)
and whom to call, and the form that records the outcome and completes the task (the
service behind `tijdig task done`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Response

from tijdig.domain.errors import Conflict, InvalidValue, RuleViolation
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.collection import (
    PER_PAGE,
    REASON_LABELS,
    PageNumber,
    Pager,
    customer_url,
    kept,
    labels,
    moment,
    optional_amount,
    optional_date,
    optional_reason,
    see_other,
)
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import tasks
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.tasks import CallOutcome

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Text = Annotated[str, Form(max_length=200)]


def _page(ws: Workspace, page: int, *, status_code: int = 200, **extra: Any) -> Response:
    shown = agenda_service.agenda(
        ws.tijdig.uow(), ws.company, as_of=ws.as_of, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    done = ws.request.query_params.get("done", "")
    return ws.render(
        "agenda.html",
        {
            "agenda": shown,
            "customer_urls": {n: customer_url(ws, n) for n in _numbers(shown)},
            "pager": Pager(page, PER_PAGE, shown.total),
            "page_url": lambda n: str(ws.url("agenda", query=kept(ws) | {"page": n})),
            "kept": kept(ws),
            "done": int(done) if done.isdigit() else None,
            "reasons": [(r.value, label) for r, label in REASON_LABELS.items()],
            "can_change": ws.user.role.can_change,
            "form_task": None,
            "form_error": "",
            "form": {},
            **labels(),
            **extra,
        },
        status_code=status_code,
    )  # fmt: skip


def _numbers(shown: agenda_service.Agenda) -> set[str]:
    return (
        {i.task.customer_number for i in shown.items}
        | {p.customer_number for p in shown.promises}
        | {p.promise.customer_number for p in shown.lapsed}
    )


@router.get("/agenda", name="agenda")
def agenda(ws: WorkspaceDep, page: PageNumber = 1) -> Response:
    """The open calls and follow-ups due by the day looked from, oldest first, and the
    promises lapsed that no run has judged yet. Changes nothing."""
    return _page(ws, page)


def _call_outcome(
    outcome: str, reason: str, promise: str, amount: str, dispute: str
) -> CallOutcome:
    """The form's values, parsed; each refusal names its field (the outcome's own rules
    are `CallOutcome`'s)."""
    promised = optional_date(promise, field="promise")
    value = optional_amount(amount, field="amount")
    if value is not None and promised is None:
        raise InvalidValue("amount", Refusal.AMOUNT_NEEDS_PROMISE)
    agreed = Agreement(promised, value, dispute.strip() or None)
    return CallOutcome(outcome.strip(), optional_reason(reason), agreed)


@router.post("/agenda/tasks/{task_id}", name="agenda_task_done")
def task_done(
    ws: WorkspaceDep,
    task_id: Id,
    outcome: Annotated[str, Form(max_length=2000)] = "",
    reason: Text = "",
    promise: Text = "",
    amount: Text = "",
    dispute: Text = "",
    page: Annotated[int, Form(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Record the call's outcome (a note, a promise to pay, a dispute) and complete the
    task; a refused form comes back with the message and what was typed."""
    require_change(ws.signed_in)
    typed = {"outcome": outcome, "reason": reason, "promise": promise, "amount": amount,
             "dispute": dispute}  # fmt: skip
    try:
        done = _call_outcome(outcome, reason, promise, amount, dispute)
        tasks.complete_task(
            ws.tijdig.uow(), ws.company, task_id, done, done_at=moment(ws.as_of),
            by=ws.user.name, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except (InvalidValue, RuleViolation, Conflict) as error:
        return _page(ws, page, form_task=task_id, form_error=said(error, ws.language), form=typed,
                     status_code=status_for(error))  # fmt: skip
    query = kept(ws) | {"done": task_id} | ({"page": page} if page > 1 else {})
    return see_other(ws.url("agenda", query=query))
