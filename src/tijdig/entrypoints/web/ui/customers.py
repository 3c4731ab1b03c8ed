"""The customer list and the customer's file (S0-2): open invoices with their copies and a
one-click re-send, payment behaviour, contacts, the timeline, the next step, and for a
Belgian consumer the damages clause in force (its routes are in `clauses.py`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.analytics.behaviour import Trend
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.legal import knows, law_for
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.ui import customer_lists, dispute_forms
from tijdig.entrypoints.web.ui.charts import behaviour_chart
from tijdig.entrypoints.web.ui.clause_form import customer_section
from tijdig.entrypoints.web.ui.collection import labels
from tijdig.entrypoints.web.ui.customer_action_forms import actions_section
from tijdig.entrypoints.web.ui.exports import Cell, Sheet, exported, format_of
from tijdig.entrypoints.web.ui.habits_form import habits_section
from tijdig.entrypoints.web.ui.hand_over_form import hand_over_section
from tijdig.entrypoints.web.ui.hardship_form import hardship_section
from tijdig.entrypoints.web.ui.lists import in_url, sorting
from tijdig.entrypoints.web.ui.risk import risk_section
from tijdig.entrypoints.web.ui.timeline import KIND_LABELS, STATE_LABELS, timeline
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services import audit
from tijdig.services.collection import invoice_copies
from tijdig.services.collection.messages import email_of
from tijdig.services.collection.run import policies_for
from tijdig.services.contacts import confirm
from tijdig.services.credit import status as credit
from tijdig.services.read_models import balances, customer_file, lists
from tijdig.services.read_models.common import InvoiceOrder
from tijdig.services.records.agenda import customer_activity

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

STALE_AFTER_DAYS = 365  # a contact not verified for a year is marked for checking
TREND_TEXTS = {
    Trend.NO_HISTORY: N_("Not enough payments yet to see a trend."),
    Trend.IMPROVING: N_("Improving: pays sooner than before."),
    Trend.STABLE: N_("Stable: pays as before."),
    Trend.WORSENING: N_("Worsening: pays later than before."),
}


@router.get("/customers", name="customers")
def customer_list(
    ws: WorkspaceDep,
    q: Annotated[str, Query(max_length=balances.MAX_SEARCH)] = "",
    overdue: bool = False,
    hold: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: int = balances.DEFAULT_PAGE_SIZE,
    sort: Annotated[str, Query(max_length=20)] = "",
    dir: Annotated[str, Query(max_length=4)] = "",
    export: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """Customers, the largest overdue amount first unless sorted otherwise; search,
    filters, sort and pages in SQL; the same rows as CSV or Excel (`export`)."""
    wanted = balances.CustomerFilter(q.strip(), overdue_only=overdue, on_hold=hold)
    order = lists.sort_of(sort, dir, offered=lists.CUSTOMER_SORTS, default=lists.CUSTOMER_DEFAULT)
    fmt = format_of(export)
    if fmt is not None:
        rows = lists.customer_rows(ws.tijdig.lists, ws.company, wanted, order, as_of=ws.as_of)
        return exported(customer_sheet(rows, ws.as_of), fmt, ws.gettext)
    found = lists.customer_page(ws.tijdig.balances, ws.tijdig.lists, ws.company, wanted, order,
                                as_of=ws.as_of, page=page, size=size)  # fmt: skip
    chosen = (("q", wanted.search), ("overdue", overdue), ("hold", hold), ("size", size))
    query = {k: v for k, v in chosen if v and v != balances.DEFAULT_PAGE_SIZE}
    if ws.request.query_params.get("as_of"):
        query["as_of"] = ws.as_of.isoformat()
    return ws.render(
        "customers.html",
        {"found": found, "wanted": wanted, "size": size, "sizes": balances.PAGE_SIZES,
         "query": query | in_url(order, lists.CUSTOMER_DEFAULT),
         "sorting": sorting(ws, "customers", query, order, offered=lists.CUSTOMER_SORTS,
                            default=lists.CUSTOMER_DEFAULT)},
    )  # fmt: skip


CUSTOMER_HEADS = (N_("Customer number"), N_("Customer"), N_("Country"), N_("On credit hold"),
                  N_("Currency"), N_("Open"), N_("Overdue"), N_("Overdue invoices"),
                  N_("Oldest due date"))  # fmt: skip


def customer_sheet(rows: Iterable[balances.CustomerLine], as_of: date) -> Sheet:
    """A row per customer and currency; a customer with nothing open, one row without."""

    def cells() -> Iterator[tuple[Cell, ...]]:
        for c in rows:
            head: tuple[Cell, ...] = (c.number, c.name, c.country, c.credit_hold)
            tail: tuple[Cell, ...] = (c.overdue_invoices, c.oldest_due)
            for a in c.amounts or (None,):
                money = (None, None, None) if a is None else (
                    a.currency, a.open_amount, a.overdue_amount)  # fmt: skip
                yield (*head, *money, *tail)

    return Sheet(f"customers-{as_of.isoformat()}", CUSTOMER_HEADS, cells())


PageNumber = Annotated[int, Query(ge=1, le=customer_lists.MAX_PAGE)]


@router.get("/customers/{number}", name="customer")
def customer_page(
    ws: WorkspaceDep,
    number: str,
    page: PageNumber = 1,
    sort: InvoiceOrder = InvoiceOrder.DUE,
    payments: PageNumber = 1,
    plan: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    """Everything to know before contacting the customer (S0-2); its open invoices and
    payments a page at a time (issue 15); `plan`: invoices (comma-separated) to tick in
    the form offering a payment plan (the inbox's "offer a plan", issue 19)."""
    shown = customer_lists.Shown(page, sort, payments)
    return ws.render("customer.html", customer_context(ws, number, shown, plan=plan))


def customer_context(
    ws: Workspace, number: str, shown: customer_lists.Shown | None = None, *, plan: str = ""
) -> dict[str, Any]:
    """The page's context; `shown`: which pages of its lists (the first by default, as
    after a form on the page); `plan`: the invoices ticked in the plan form."""
    tijdig, company, as_of = ws.tijdig, ws.company, ws.as_of
    shown = shown or customer_lists.Shown()
    view = customer_file.customer_file(
        tijdig.uow(), tijdig.reports, company, number, as_of=as_of, window=shown.window,
        order=shown.sort,
    )  # fmt: skip
    customer = view.customer
    assert customer.id is not None
    lists = customer_lists.invoice_section(ws, number, customer.id, shown)
    lists |= customer_lists.money_section(ws, number, customer.id, shown)
    view = replace(view, totals=lists["totals"])
    activity = customer_activity(tijdig.uow(), company, number, as_of=as_of)
    entries = audit.for_customer(tijdig.uow(), ws.company_id, customer.id)
    with tijdig.uow() as uow:
        settings, policies = policies_for(uow, company)
    step = customer_file.next_step(
        tijdig.workspace, company, customer.id, settings=settings, policies=policies, as_of=as_of
    )
    months = customer_file.days_to_pay_by_month(
        tijdig.reports.settled(ws.company_id, customer.id), as_of=as_of
    )
    disputed = {d.invoice_number for d in activity.disputes if d.resolved_on is None}
    # the contract's clause matters to a consumer whose country's law grants costs and
    # interest only by a clause (BE, Book XIX WER)
    by_clause = (
        customer.is_consumer
        and knows(customer.country)
        and law_for(customer.country).CONSUMER_CLAIMS_BY_CLAUSE
    )
    return {
        "view": view,
        "customer": customer,
        "step": step,
        "months": months,
        "chart": behaviour_chart(months),
        "trend": view.behaviour.trend,
        "trend_texts": TREND_TEXTS,
        "billing_email": email_of(customer),
        "undeliverable": confirm.undeliverable_since(tijdig.uow(), company, number),
        "disputed": disputed,
        "timeline": timeline(activity, entries),
        "timeline_kinds": KIND_LABELS,
        "timeline_states": STATE_LABELS,
        "stale_before": date.fromordinal(as_of.toordinal() - STALE_AFTER_DAYS),
        "can_change": ws.user.role.can_change,
        "form_key": secrets.token_urlsafe(18),
        "sent": ws.request.query_params.get("sent"),
        "clause": customer_section(ws, number) if by_clause else None,
        "hardship": hardship_section(ws, number),
        "hand_over": hand_over_section(ws, number),
        "notes": dispute_forms.notes_section(ws, number),
        "actions": actions_section(ws, number, plan=plan),
        "habits": habits_section(ws, number),
        "credit": credit.customer_status(tijdig.uow(), company, number, as_of=as_of),
        "risk": risk_section(ws, number),
        **lists,
        **labels(),
        **dispute_forms.labels(),
    }


@router.get("/customers/{number}/invoices/{invoice}/copy", name="invoice_copy")
def invoice_copy(ws: WorkspaceDep, number: str, invoice: str) -> Response:
    """The stored PDF of the invoice, else the copy the letters attach."""
    tijdig = ws.tijdig
    copy = invoice_copies.invoice_copy(
        tijdig.uow(), tijdig.workspace, tijdig.invoice_copies(), ws.company, number, invoice
    )
    disposition = f"inline; filename*=UTF-8''{quote(copy.filename)}"
    return Response(
        copy.content,
        media_type=invoice_copies.PDF,
        headers={"Content-Disposition": disposition, "Cache-Control": "private, no-store"},
    )


@router.post("/customers/{number}/invoices/{invoice}/resend", name="invoice_resend")
def resend(
    ws: WorkspaceDep,
    number: str,
    invoice: str,
    form_key: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """E-mail the copy to the customer's billing address, once; audited."""
    user = require_change(ws.signed_in)
    sent_at = now()
    tijdig = ws.tijdig
    result = invoice_copies.resend_copy(
        tijdig.uow, tijdig.workspace, tijdig.invoice_copies(), tijdig.mailer(), ws.company,
        number, invoice, form_key=form_key, by=user.username, actor=actor(ws.signed_in),
        now=sent_at, policy=tijdig.retry_policy(),
    )  # fmt: skip
    if ws.request.headers.get("HX-Request") == "true":
        return ws.render("_resend_result.html", {"result": result, "at": _local_time(sent_at)})
    target = ws.url("customer", number=number, query={"sent": result.copy.invoice.number})
    return RedirectResponse(str(target), status_code=303)


def _local_time(moment: datetime) -> str:
    return moment.astimezone(BUSINESS_TIMEZONE).strftime("%H:%M")
