"""Disputes (S3-2): each holds its invoice, and only that invoice, until its outcome.
The list of open ones with a form to open one (owner, deadline, lines); a dispute's own
page with its lines and the form of its outcome. Through `services.records` as the CLI
and the API; a refused form re-shows the page with the refusal in the reader's words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response

from tijdig.domain.collection.internal import parse_outcome
from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui import dispute_forms
from tijdig.entrypoints.web.ui.collection import (
    PER_PAGE,
    REASON_LABELS,
    PageNumber,
    Pager,
    customer_url,
    kept,
    labels,
    optional_reason,
    see_other,
)
from tijdig.entrypoints.web.ui.exports import Sheet, exported, format_of
from tijdig.entrypoints.web.ui.lists import in_url, sorting
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.read_models import lists
from tijdig.services.read_models.lists import Sort
from tijdig.services.records import dispute_cases, ports
from tijdig.services.records import disputes as dispute_service
from tijdig.services.records.ports import OpenDispute

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Text = Annotated[str, Form(max_length=100)]
LongText = Annotated[str, Form(max_length=4100)]
OPEN_FIELDS = ("invoice", "reason", "note", "department", "owner", "deadline", "lines")


def _list_context(
    ws: Workspace, reason: str, page: int, order: Sort = lists.DISPUTE_DEFAULT
) -> dict[str, Any]:
    code = optional_reason(reason)
    shown = dispute_service.open_disputes(
        ws.tijdig.uow(), ws.company, reason=code, offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
        sort=order,
    )  # fmt: skip
    cases = dispute_cases.cases_by_id(ws.tijdig.uow(), ws.company, [d.id for d in shown.disputes])
    chosen = kept(ws) | ({"reason": code.value} if code else {})
    filters = chosen | in_url(order, lists.DISPUTE_DEFAULT)
    resolved = ws.request.query_params.get("resolved", "")
    return {
        "disputes": shown.disputes, "cases": cases,
        "customer_urls": {d.customer_number: customer_url(ws, d.customer_number)
                          for d in shown.disputes},
        "pager": Pager(page, PER_PAGE, shown.total),
        "page_url": lambda n: str(ws.url("disputes", query=filters | {"page": n})),
        "kept": kept(ws), "reason": code.value if code else "",
        "reasons": [(r.value, label) for r, label in REASON_LABELS.items()],
        "sorting": sorting(ws, "disputes", chosen, order, offered=lists.DISPUTE_SORTS,
                           default=lists.DISPUTE_DEFAULT),
        "sorting_default": lists.DISPUTE_DEFAULT,
        "resolved": resolved[:64], "can_change": ws.user.role.can_change,
        "form": {}, "error": None, **labels(), **dispute_forms.labels(),
    }  # fmt: skip


@router.get("/disputes", name="disputes")
def disputes(
    ws: WorkspaceDep,
    reason: Annotated[str, Query(max_length=40)] = "",
    page: PageNumber = 1,
    sort: Annotated[str, Query(max_length=20)] = "",
    dir: Annotated[str, Query(max_length=4)] = "",
    export: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """The unresolved disputes, oldest first unless sorted otherwise, with invoice,
    customer, reason, owner and age; the same rows as CSV or Excel (`export`)."""
    order = lists.sort_of(sort, dir, offered=lists.DISPUTE_SORTS, default=lists.DISPUTE_DEFAULT)
    fmt = format_of(export)
    if fmt is not None:
        found = dispute_service.open_disputes(ws.tijdig.uow(), ws.company,
                                              reason=optional_reason(reason), offset=0,
                                              limit=None, sort=order)  # fmt: skip
        return exported(_sheet(ws, found.disputes), fmt, ws.gettext)
    return ws.render("disputes.html", _list_context(ws, reason, page, order))


SHEET_HEADS = (N_("Invoice"), N_("Customer number"), N_("Customer"), N_("Reason"), N_("Note"),
               N_("Opened"), N_("Age (days)"), N_("Currency"), N_("Open amount"))  # fmt: skip


def _sheet(ws: Workspace, found: Iterable[OpenDispute]) -> Sheet:
    rows = [(d.invoice_number, d.customer_number, d.customer_name,
             ws.gettext(REASON_LABELS.get(d.reason, d.reason.value)), d.note, d.opened_on,
             d.age(ws.as_of), d.currency, d.open_amount) for d in found]  # fmt: skip
    return Sheet(f"disputes-{ws.as_of.isoformat()}", SHEET_HEADS, rows)


@router.post("/disputes", name="dispute_open")
def open_dispute(
    ws: WorkspaceDep,
    invoice: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=40)],
    note: Annotated[str, Form(max_length=2000)] = "",
    department: Text = "",
    owner: Text = "",
    deadline: Text = "",
    lines: Text = "",
) -> Response:
    """Open a dispute as of the day looked from: its invoice is held until its outcome."""
    require_change(ws.signed_in)
    typed = dict(zip(OPEN_FIELDS, (invoice, reason, note, department, owner, deadline, lines),
                     strict=True))  # fmt: skip
    try:
        own = dispute_forms.ownership(department, owner, deadline, lines)
        case = dispute_cases.open_case(
            ws.tijdig.uow(), ws.company, invoice.strip(), ports.parse_reason(reason), note=note,
            ownership=own, as_of=ws.as_of, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        context = _list_context(ws, "", 1) | {"form": typed, "error": error}
        return ws.render("disputes.html", context, status_code=status_for(error))
    return see_other(ws.url("dispute", dispute_id=case.id, query=kept(ws)))


def _case_context(ws: Workspace, dispute_id: int) -> dict[str, Any]:
    case = dispute_cases.find_case(ws.tijdig.uow(), ws.company, dispute_id=dispute_id)
    return {
        "case": case, "customer_url": customer_url(ws, case.invoice.customer_number),
        "kept": kept(ws), "can_change": ws.user.role.can_change, "form": {}, "error": None,
        **labels(), **dispute_forms.labels(),
    }  # fmt: skip


@router.get("/disputes/{dispute_id}", name="dispute")
def dispute_page(ws: WorkspaceDep, dispute_id: Id) -> Response:
    """One dispute: its invoice, owner, deadline, the lines disputed and its outcome."""
    return ws.render("dispute.html", _case_context(ws, dispute_id))


@router.post("/disputes/{dispute_id}/outcome", name="dispute_outcome")
def record_outcome(
    ws: WorkspaceDep,
    dispute_id: Id,
    kind: Annotated[str, Form(max_length=40)],
    number: Annotated[str, Form(max_length=64)] = "",
    amount: Text = "",
    due_on: Text = "",
    explanation: LongText = "",
    plan_id: Text = "",
) -> Response:
    """Close the dispute with its outcome as of the day looked from."""
    require_change(ws.signed_in)
    typed = {"kind": kind, "number": number, "amount": amount, "due_on": due_on,
             "explanation": explanation, "plan_id": plan_id}  # fmt: skip
    try:
        outcome = dispute_cases.Outcome(
            parse_outcome(kind), number=number.strip() or None,
            amount=dispute_forms.optional_amount(amount),
            due_on=dispute_forms.optional_day(due_on, "due_on"), explanation=explanation,
            plan_id=dispute_forms.optional_id(plan_id),
        )  # fmt: skip
        dispute_cases.close_case(
            ws.tijdig.uow(), ws.tijdig.dispute_letters(), ws.company, outcome,
            dispute_id=dispute_id, as_of=ws.as_of, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        context = _case_context(ws, dispute_id) | {"form": typed, "error": error}
        return ws.render("dispute.html", context, status_code=status_for(error))
    return see_other(ws.url("dispute", dispute_id=dispute_id, query=kept(ws)))


@router.post("/disputes/{dispute_id}/resolve", name="dispute_resolve")
def resolve(ws: WorkspaceDep, dispute_id: Id) -> Response:
    """Resolve a dispute as of the day looked from: collection of its invoice resumes."""
    require_change(ws.signed_in)
    resolved = dispute_service.resolve_dispute(
        ws.tijdig.uow(), ws.company, dispute_id=dispute_id, as_of=ws.as_of,
        actor=actor(ws.signed_in), at=now(),
    )  # fmt: skip
    return see_other(ws.url("disputes", query=kept(ws) | {"resolved": resolved.invoice_number}))
