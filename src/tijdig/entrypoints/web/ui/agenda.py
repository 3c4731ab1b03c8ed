"""The agenda (S0-5): the day's calls and follow-ups, each with its call script (S0-3),
whom to call and what is overdue, in the order of their due dates or by priority; a day
before or after (the day is the `as_of` every page keeps), and the days ahead. The forms
record the outcome and complete the task (the service behind `tijdig task done`), or
log that nobody answered and keep the task open for the day to call back (`tijdig task
call-back`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response

from tijdig.domain.errors import Conflict, InvalidValue, RuleViolation
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import LAST_DAY, Id, today
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
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import tasks
from tijdig.services.records.agenda import AgendaOrder
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.tasks import CallOutcome
from tijdig.services.records.upcoming import upcoming as upcoming_days

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Text = Annotated[str, Form(max_length=200)]
Order = Annotated[AgendaOrder, Query(description="due (oldest first) or priority.")]
ORDERS = ((AgendaOrder.DUE, N_("Due date")), (AgendaOrder.PRIORITY, N_("Priority")))


def _ordered(ws: Workspace, order: AgendaOrder) -> dict[str, str]:
    """The query a link keeps: the day (when chosen) and a priority order."""
    return kept(ws) | ({"order": order.value} if order is AgendaOrder.PRIORITY else {})


def _days(ws: Workspace, order: AgendaOrder) -> dict[str, Any]:
    """The day navigation: the day before and after, today, and whether the day shown
    is still to come (its outcomes are recorded on the day itself)."""

    def day_url(day: date, name: str = "agenda") -> str:
        return str(ws.url(name, query=_ordered(ws, order) | {"as_of": day.isoformat()}))

    step = timedelta(days=1)
    return {
        "day_url": day_url,
        "previous_day": ws.as_of - step,
        "next_day": min(ws.as_of + step, LAST_DAY),
        "today": today(),
        "ahead": ws.as_of > today(),
    }


def _page(
    ws: Workspace,
    page: int,
    order: AgendaOrder = AgendaOrder.DUE,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    shown = agenda_service.agenda(
        ws.tijdig.uow(), ws.company, as_of=ws.as_of, offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE, order=order, caller=ws.user.name,
    )  # fmt: skip
    done = ws.request.query_params.get("done", "")
    moved = ws.request.query_params.get("moved", "")
    moved_to = _day_or_none(ws.request.query_params.get("to", ""))
    return ws.render(
        "agenda.html",
        {
            "agenda": shown,
            "customer_urls": {n: customer_url(ws, n) for n in _numbers(shown)},
            "pager": Pager(page, PER_PAGE, shown.total),
            "page_url": lambda n: str(ws.url("agenda", query=_ordered(ws, order) | {"page": n})),
            "kept": _ordered(ws, order),
            "order": order,
            "orders": [
                (value, label, str(ws.url("agenda", query=_ordered(ws, value))))
                for value, label in ORDERS
            ],
            **_days(ws, order),
            "done": int(done) if done.isdigit() else None,
            "moved": int(moved) if moved.isdigit() and moved_to else None,
            "moved_to": moved_to,
            "reasons": [(r.value, label) for r, label in REASON_LABELS.items()],
            "can_change": ws.user.role.can_change,
            "form_task": None,
            "form_error": "",
            "form": {},
            "call_back_failed": False,
            **labels(),
            **extra,
        },
        status_code=status_code,
    )  # fmt: skip


def _day_or_none(text: str) -> date | None:
    """A day from the redirect's query (shown once, nothing trusted)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _numbers(shown: agenda_service.Agenda) -> set[str]:
    return (
        {i.task.customer_number for i in shown.items}
        | {c.customer_number for c in shown.approved}
        | {p.customer_number for p in shown.promises}
        | {p.promise.customer_number for p in shown.lapsed}
    )


@router.get("/agenda", name="agenda")
def agenda(ws: WorkspaceDep, page: PageNumber = 1, order: Order = AgendaOrder.DUE) -> Response:
    """The open calls and follow-ups due by the day looked from, oldest first or by
    priority, the calls approved for it in a run, and the promises lapsed that no run
    has judged yet. Changes nothing."""
    return _page(ws, page, order)


@router.get("/agenda/upcoming", name="agenda_upcoming")
def upcoming(ws: WorkspaceDep) -> Response:
    """The calls and follow-ups due in the two weeks after the day looked from, day by
    day, with the calls approved for them in a run. Changes nothing."""
    ahead = upcoming_days(ws.tijdig.uow(), ws.company, as_of=ws.as_of)
    numbers = {i.task.customer_number for d in ahead.days for i in d.items}
    return ws.render(
        "agenda_upcoming.html",
        {
            "upcoming": ahead,
            "customer_urls": {n: customer_url(ws, n) for n in numbers},
            "kept": kept(ws),
            **labels(),
        },
    )


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
    order: Annotated[AgendaOrder, Form()] = AgendaOrder.DUE,
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
        return _page(ws, page, order, form_task=task_id, form_error=said(error, ws.language),
                     form=typed, status_code=status_for(error))  # fmt: skip
    query = _ordered(ws, order) | {"done": task_id} | ({"page": page} if page > 1 else {})
    return see_other(ws.url("agenda", query=query))


@router.post("/agenda/tasks/{task_id}/call-back", name="agenda_task_call_back")
def call_back(
    ws: WorkspaceDep,
    task_id: Id,
    call_back: Text = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    page: Annotated[int, Form(ge=1, le=1_000_000)] = 1,
    order: Annotated[AgendaOrder, Form()] = AgendaOrder.DUE,
) -> Response:
    """Not reached: log the attempt and keep the task open, due again on the day to call
    back; a refused form comes back with the message and what was typed."""
    require_change(ws.signed_in)
    try:
        day = optional_date(call_back, field="call_back")
        if day is None:
            raise InvalidValue("call_back", Refusal.IS_EMPTY)
        tasks.call_back(
            ws.tijdig.uow(), ws.company, task_id, day, note=note, done_at=moment(ws.as_of),
            by=ws.user.name, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except (InvalidValue, RuleViolation, Conflict) as error:
        return _page(ws, page, order, form_task=task_id, form_error=said(error, ws.language),
                     form={"call_back": call_back, "note": note}, call_back_failed=True,
                     status_code=status_for(error))  # fmt: skip
    moved = {"moved": task_id, "to": day.isoformat()}
    query = _ordered(ws, order) | moved | ({"page": page} if page > 1 else {})
    return see_other(ws.url("agenda", query=query))
