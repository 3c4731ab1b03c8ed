"""The invoice list of the workspace: search, state (open, overdue, all), due dates and
currency filters and the sort kept in the URL, paged, and exported as CSV or Excel with
exactly the rows the filter finds, in the order shown (services/read_models/lists.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.ui.dispute_forms import optional_day
from tijdig.entrypoints.web.ui.exports import Sheet, exported, format_of
from tijdig.entrypoints.web.ui.lists import in_url, sorting
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services.read_models import lists
from tijdig.services.read_models.balances import DEFAULT_PAGE_SIZE, PAGE_SIZES, check_page
from tijdig.services.read_models.common import Window

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

HEADS = (N_("Invoice"), N_("Kind"), N_("Customer number"), N_("Customer"), N_("Issued"),
         N_("Due"), N_("Currency"), N_("Total"), N_("Open"))  # fmt: skip
STATE_LABELS = {lists.InvoiceState.OPEN: N_("Open"), lists.InvoiceState.OVERDUE: N_("Overdue"),
                lists.InvoiceState.ALL: N_("All")}  # fmt: skip
Text = Annotated[str, Query(max_length=lists.MAX_SEARCH)]


def _state(text: str) -> lists.InvoiceState:
    try:
        return lists.InvoiceState(text or "open")
    except ValueError:
        allowed = ", ".join(s.value for s in lists.InvoiceState)
        raise InvalidValue("state", Refusal.ONE_OF, value=text, allowed=allowed) from None


@router.get("/invoices", name="invoices")
def invoice_list(
    ws: WorkspaceDep,
    q: Text = "",
    state: Annotated[str, Query(max_length=10)] = "",
    due_from: Annotated[str, Query(max_length=10)] = "",
    due_to: Annotated[str, Query(max_length=10)] = "",
    currency: Annotated[str, Query(max_length=3)] = "",
    sort: Annotated[str, Query(max_length=20)] = "",
    dir: Annotated[str, Query(max_length=4)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: int = DEFAULT_PAGE_SIZE,
    export: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """Invoices, open ones by due date unless asked otherwise; filters, sort and pages in SQL."""
    due = (optional_day(due_from, "due_from"), optional_day(due_to, "due_to"))
    wanted = lists.InvoiceFilter(q.strip(), _state(state), *due, currency.strip().upper())
    order = lists.sort_of(sort, dir, offered=lists.INVOICE_SORTS, default=lists.INVOICE_DEFAULT)
    fmt = format_of(export)
    queries = ws.tijdig.lists
    if fmt is not None:
        rows = lists.invoice_rows(queries, ws.company, wanted, order, as_of=ws.as_of)
        cells = ((i.number, i.kind, i.customer_number, i.customer_name, i.issue_date,
                  i.due_date, i.currency, i.total, i.open_amount) for i in rows)  # fmt: skip
        sheet = Sheet(f"invoices-{ws.as_of.isoformat()}", HEADS, cells)
        return exported(sheet, fmt, ws.gettext)
    check_page(page, size)
    found = lists.invoice_page(queries, ws.company, wanted, order,
                               Window(size, (page - 1) * size), as_of=ws.as_of)  # fmt: skip
    filters = _filters(ws, wanted, size)
    return ws.render("invoices.html", _context(ws, found, wanted, order, filters, page, size))


def _filters(ws: WorkspaceDep, wanted: lists.InvoiceFilter, size: int) -> dict[str, Any]:
    state = "" if wanted.state is lists.InvoiceState.OPEN else wanted.state.value
    chosen = {"q": wanted.search, "state": state, "due_from": wanted.due_from,
              "due_to": wanted.due_to, "currency": wanted.currency,
              "size": "" if size == DEFAULT_PAGE_SIZE else size}  # fmt: skip
    filters = {k: str(v) for k, v in chosen.items() if v}
    if ws.request.query_params.get("as_of"):
        filters["as_of"] = ws.as_of.isoformat()
    return filters


def _context(
    ws: WorkspaceDep,
    found: Any,
    wanted: lists.InvoiceFilter,
    order: lists.Sort,
    filters: dict[str, Any],
    page: int,
    size: int,
) -> dict[str, Any]:
    pages = max(1, -(-found.total // size))
    here = {**filters, **in_url(order, lists.INVOICE_DEFAULT)}
    return {
        "found": found, "wanted": wanted, "page": page, "pages": pages, "size": size,
        "sizes": PAGE_SIZES, "states": STATE_LABELS, "first": (page - 1) * size + 1,
        "last": (page - 1) * size + len(found.items),
        "sorting": sorting(ws, "invoices", filters, order, offered=lists.INVOICE_SORTS,
                           default=lists.INVOICE_DEFAULT),
        "page_url": lambda n: str(ws.url("invoices", query={**here, "page": n})),
    }  # fmt: skip
