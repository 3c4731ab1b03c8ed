"""The bank review queue: credits matching was not sure of, a page at a time, each with
its suggestions; a person books one, picks invoices or a customer, or sets it aside.
Above them, each bank account's last booked statement and balance (book the bank first).
Each decision is one call of `tijdig.services.bank.review`, which writes its audit entry;
a payment booked then has the credit statuses worked out again (a hold may lift)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig import clock
from tijdig.entrypoints.web.auth import actor, csrf_protect, require_change
from tijdig.entrypoints.web.deps import MAX_ID, Id
from tijdig.entrypoints.web.ui.exports import Sheet, exported, format_of
from tijdig.entrypoints.web.ui.lists import in_url, sorting
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.announce import announce_changes
from tijdig.services.bank import review
from tijdig.services.bank.statements import bank_accounts
from tijdig.services.read_models import lists

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Page = Annotated[int, Query(ge=1, le=100_000, description="Page of the queue, from 1.")]
DONE_MESSAGES = {"booked": "Payment booked.", "dismissed": "Set aside: not a customer payment."}


@router.get("/bank", name="bank_review")
def bank_review(
    ws: WorkspaceDep,
    page: Page = 1,
    line: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    done: Annotated[str, Query(max_length=20)] = "",
    payer: Annotated[str, Query(max_length=100)] = "",
    sort: Annotated[str, Query(max_length=20)] = "",
    dir: Annotated[str, Query(max_length=4)] = "",
    export: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """The lines waiting for review, oldest first unless sorted otherwise, filtered on
    the payer's name; the same lines as CSV or Excel (`export`)."""
    order = lists.sort_of(sort, dir, offered=lists.BANK_SORTS, default=lists.BANK_DEFAULT)
    fmt = format_of(export)
    if fmt is not None:
        lines = review.waiting_lines(ws.tijdig.uow(), ws.company, sort=order, payer=payer)
        return exported(_sheet(ws, lines), fmt, ws.gettext)
    queue = review.review_page(ws.tijdig.uow(), ws.company, page=page, sort=order, payer=payer)
    filters = {"payer": payer.strip()} if payer.strip() else {}
    # Searched only for a line on this page of this company's queue (never another's).
    shown = line in {waiting.id for waiting in queue.lines}
    found = review.search_invoices(ws.tijdig.uow(), ws.company, q) if shown else []
    return ws.render(
        "bank.html",
        {
            "accounts": bank_accounts(ws.tijdig.uow(), ws.company),
            "queue": queue,
            "search_line": line,
            "q": q,
            "found": found,
            "done": DONE_MESSAGES.get(done, ""),
            "can_change": ws.user.role.can_change,
            "per_page": review.PER_PAGE,
            "payer": payer.strip(),
            "listed": filters | in_url(order, lists.BANK_DEFAULT),
            "sorting": sorting(
                ws,
                "bank_review",
                filters,
                order,
                offered=lists.BANK_SORTS,
                default=lists.BANK_DEFAULT,
            ),
        },
    )


SHEET_HEADS = (N_("Booked"), N_("Payer"), N_("Account"), N_("Reference"), N_("Description"),
               N_("Currency"), N_("Amount"), N_("Customer number"))  # fmt: skip


def _sheet(ws: Workspace, lines: list[review.WaitingLine]) -> Sheet:
    rows = [(t.booking_date, t.counterparty_name, t.counterparty_iban, t.structured_reference,
             t.remittance, t.currency, t.amount, w.customer_number)
            for w in lines for t in (w.transaction,)]  # fmt: skip
    return Sheet(f"bank-review-{ws.as_of.isoformat()}", SHEET_HEADS, rows)


@router.get("/bank/lines/{line_id}/search", name="bank_search")
def bank_search(
    ws: WorkspaceDep, line_id: Id, q: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    """The invoices and customers matching `q`, as a fragment for one line (htmx); 404 for
    a line not waiting in this company's queue."""
    found = review.search_for_line(ws.tijdig.uow(), ws.company, line_id, q)
    return ws.render(
        "bank_search.html",
        {"line_id": line_id, "q": q, "found": found, "can_change": ws.user.role.can_change},
    )


def _after(ws: Workspace, page: int, done: str) -> Response:
    if done == "booked":  # a payment booked may lift a credit hold: announce each change
        announce_changes(ws.tijdig.uow(), ws.company, as_of=clock.today(),
                         actor=actor(ws.signed_in), at=clock.now())  # fmt: skip
    return RedirectResponse(
        ws.url("bank_review", query={"page": page, "done": done}), status_code=303
    )


@router.post("/bank/lines/{line_id}/suggestion", name="bank_book_suggestion")
def book_suggestion(
    ws: WorkspaceDep,
    line_id: Id,
    choice: Annotated[int, Form(ge=0, le=50)] = 0,
    page: Annotated[int, Form(ge=1)] = 1,
) -> Response:
    require_change(ws.signed_in)
    review.book_suggestion(ws.tijdig.uow(), ws.company, line_id, choice,
                                   actor=actor(ws.signed_in), at=clock.now())  # fmt: skip
    return _after(ws, page, "booked")


@router.post("/bank/lines/{line_id}/invoices", name="bank_book_invoices")
def book_invoices(
    ws: WorkspaceDep,
    line_id: Id,
    invoice: Annotated[list[str] | None, Form(max_length=64)] = None,
    page: Annotated[int, Form(ge=1)] = 1,
) -> Response:
    require_change(ws.signed_in)
    review.book_invoices(ws.tijdig.uow(), ws.company, line_id, invoice or [],
                                 actor=actor(ws.signed_in), at=clock.now())  # fmt: skip
    return _after(ws, page, "booked")


@router.post("/bank/lines/{line_id}/customer", name="bank_book_customer")
def book_customer(
    ws: WorkspaceDep,
    line_id: Id,
    customer: Annotated[str, Form(min_length=1, max_length=64)],
    page: Annotated[int, Form(ge=1)] = 1,
) -> Response:
    require_change(ws.signed_in)
    review.book_customer(ws.tijdig.uow(), ws.company, line_id, customer.strip(),
                                 actor=actor(ws.signed_in), at=clock.now())  # fmt: skip
    return _after(ws, page, "booked")


@router.post("/bank/lines/{line_id}/dismiss", name="bank_dismiss")
def dismiss(
    ws: WorkspaceDep,
    line_id: Id,
    note: Annotated[str, Form(max_length=500)] = "",
    page: Annotated[int, Form(ge=1)] = 1,
) -> Response:
    require_change(ws.signed_in)
    review.dismiss(ws.tijdig.uow(), ws.company, line_id, actor=actor(ws.signed_in),
                           at=clock.now(), note=note)  # fmt: skip
    return _after(ws, page, "dismissed")
