"""The debtor portal: a customer's own page behind a signed, expiring link, without an
account. What it shows (open invoices with costs and interest still open, the payment
reference and a payment-provider link per invoice, the total) and what the customer can
do there: report a problem with one invoice (a dispute that holds that invoice) and
promise a date to pay within the company's limit. Both go through `records`, so the
contact log has them like any other; the entry point writes the audit log.

A link names the company and customer ids only; `portal_url` makes it for messages and
`link_holder` finds the customer for `tijdig portal link`. A company's portal settings
(`domain.portal.PortalSettings`) are changed by `companies.company_settings.save_portal`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol
from urllib.parse import quote

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, is_business_day
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
)
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.domain.reasons import Code, Reason
from tijdig.domain.references import reading_order
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.outcomes import Agreement, write_contact
from tijdig.services.records.ports import RecordsUnitOfWork
from tijdig.services.records.promises import write_promise

PORTAL_ACTOR = "portal"  # how the audit and contact logs name the debtor via their link
MAX_INVOICES = 200  # what a form's invoice is looked up among, oldest due first
PER_PAGE = 10  # open items per page of the portal: 94 made a page 39,000 px tall
NOTE_MAX = 2000

# (company id, customer id) -> the signed token; `PortalLinks.token` in production.
TokenMaker = Callable[[int, int], str]


def portal_url(token_for: TokenMaker, public_url: str, company_id: int, customer_id: int) -> str:
    """The customer's own page, for a message: `<public url>/portal/<signed token>`."""
    return f"{public_url.rstrip('/')}/portal/{token_for(company_id, customer_id)}"


class PortalSettingsStore(Protocol):
    """The one repository of a company's portal settings (`adapters.db.portal`)."""

    def get(self, company_id: int) -> PortalSettings: ...
    def save(self, company_id: int, settings: PortalSettings, at: datetime) -> None: ...


class PortalReads(Protocol):
    def holder(self, company_id: int, customer_id: int) -> tuple[Customer, bool] | None: ...
    def claims(self, company_id: int, customer_id: int) -> dict[str, tuple[Decimal, Decimal]]: ...
    def open_totals(self, company_id: int, customer_id: int) -> OpenTotals: ...


@dataclass(frozen=True, slots=True)
class OpenTotals:
    """All the customer's open items, however many a page lists: how many, and per
    currency what is to pay (costs and interest still open included, credit notes set off)."""

    count: int
    to_pay: dict[str, Decimal]


class PortalUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def portal(self) -> PortalSettingsStore: ...
    @property
    def portal_reads(self) -> PortalReads: ...


@dataclass(frozen=True, slots=True)
class PortalInvoice:
    """One open invoice or credit note as the customer sees it."""

    invoice: Invoice
    costs: Decimal  # claimed earlier and still open
    interest: Decimal
    days_overdue: int
    disputed: bool
    reference: str | None  # formatted for reading; None: pay with the number as text
    payment_link: str | None

    @property
    def is_credit(self) -> bool:
        return self.invoice.kind is InvoiceKind.CREDIT_NOTE

    @property
    def to_pay(self) -> Decimal:
        """Open amount plus costs and interest; negative for an open credit note."""
        open_amount = self.invoice.outstanding + self.costs + self.interest
        return -self.invoice.outstanding if self.is_credit else open_amount


@dataclass(frozen=True, slots=True)
class PortalPage:
    company: Company
    customer: Customer
    invoices: tuple[PortalInvoice, ...]
    totals: dict[str, Decimal]  # per currency, credit notes netted
    total_link: str | None  # the payment-provider link for the total (one currency)
    promise: Promise | None  # the promise in force, if any
    first_promise_date: date
    last_promise_date: date
    count: int = 0  # open items in all
    offset: int = 0  # of this page's first item among them

    @property
    def more(self) -> bool:
        """More open items than this page lists."""
        return self.count > len(self.invoices)

    @property
    def page(self) -> int:
        return self.offset // PER_PAGE + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PER_PAGE))

    @property
    def numbers(self) -> list[str]:
        return [i.invoice.number for i in self.invoices if not i.is_credit]


def display_reference(reference: str, *, country: str) -> str:
    """Grouped as printed (`5000 0567 8901 2345`, `+++010/8068/17183+++`); a creditor
    in Belgium reads 12 digits as an OGM first."""
    standard = next((s for s in reading_order(country) if s.is_valid(reference)), None)
    return standard.format(reference) if standard else reference


def payment_link(template: str | None, *, reference: str, amount: Decimal, currency: str) -> str:
    """The company's payment-provider link with `{reference}`, `{amount}` and `{currency}`
    filled in (URL-encoded); empty when there is none or it is not a web address."""
    if not template or not template.startswith(("https://", "http://")):
        return ""
    values = {"{reference}": reference, "{amount}": f"{amount:.2f}", "{currency}": currency}
    for placeholder, value in values.items():
        template = template.replace(placeholder, quote(value, safe=""))
    return template


def promise_window(as_of: date, max_days: int) -> tuple[date, date]:
    """The first and last day a customer may promise: today up to `max_days` ahead."""
    return as_of, as_of + timedelta(days=max(max_days, 0))


def is_working_day(day: date, country: str) -> bool:
    if country in SUPPORTED_COUNTRIES:
        return is_business_day(day, country)
    return day.weekday() < 5


def check_promise_date(day: date, *, as_of: date, max_days: int, country: str) -> date:
    """A date the customer may promise, or `InvalidValue` naming `promised_date`."""
    first, last = promise_window(as_of, max_days)
    if day < first:
        raise InvalidValue("promised_date", Refusal.IN_THE_PAST, day=day)
    if day > last:
        raise InvalidValue("promised_date", Refusal.TOO_FAR_AHEAD, day=day, days=max_days)
    if not is_working_day(day, country):
        raise InvalidValue("promised_date", Refusal.NOT_A_WORKING_DAY, day=day)
    return day


def holder(uow: PortalUnitOfWork, company_id: int, customer_id: int) -> tuple[Company, Customer]:
    """The company and customer of a link; `NotFound` when either is gone, the customer
    was anonymised or the company switched its portal off (answered alike: the page
    reveals nothing)."""
    with uow:
        company = uow.companies.by_id(company_id)
        found = uow.portal_reads.holder(company_id, customer_id)
        enabled = uow.portal.get(company_id).enabled
    if company is None or found is None or found[1] or not enabled:
        raise NotFound(Refusal.PAGE_NOT_AVAILABLE)
    return company, found[0]


def page(
    uow: PortalUnitOfWork, company_id: int, customer_id: int, *, as_of: date,
    number: int | None = None,
) -> PortalPage:  # fmt: skip
    """Everything the customer's page shows, read in one transaction: page `number` of the
    open items (PER_PAGE, oldest due first; None: the first MAX_INVOICES, among which a
    form's invoice is looked up), with the totals of all of them, summed in SQL."""
    company, customer = holder(uow, company_id, customer_id)
    with uow:
        rules = uow.portal.get(company_id)
        totals = uow.portal_reads.open_totals(company_id, customer_id)
        limit, offset = _window(number, totals.count)
        invoices = uow.invoices.search(
            company_id, customer_id=customer_id, open_only=True, limit=limit, offset=offset
        )
        claims = uow.portal_reads.claims(company_id, customer_id)
        ids = [i.id for i in invoices if i.id is not None]
        disputed = set(uow.disputes.open_for(company_id, ids)) if ids else set()
        promises = uow.promises.for_customer(company_id, customer_id)
    items = tuple(
        _item(i, company, rules, claims.get(i.number), i.id in disputed, as_of) for i in invoices
    )
    first, last = promise_window(as_of, rules.max_promise_days)
    return PortalPage(
        company=company, customer=customer, invoices=items, totals=totals.to_pay,
        total_link=_total_link(rules, customer, totals.to_pay),
        promise=_in_force(promises, as_of), first_promise_date=first, last_promise_date=last,
        count=totals.count, offset=offset,
    )  # fmt: skip


def page_with(
    uow: PortalUnitOfWork, company_id: int, customer_id: int, invoice_id: int, *, as_of: date
) -> tuple[PortalPage, PortalInvoice | None]:
    """The first page, and one of the customer's open items as the page shows it, whatever
    page lists it (None: not one of its open items), for its pay and problem pages."""
    found = page(uow, company_id, customer_id, as_of=as_of, number=1)
    listed = next((i for i in found.invoices if i.invoice.id == invoice_id), None)
    if listed is not None:
        return found, listed
    with uow:
        invoices = uow.invoices.search(company_id, customer_id=customer_id, open_only=True)
        invoice = next((i for i in invoices if i.id == invoice_id), None)
        if invoice is None:
            return found, None
        rules = uow.portal.get(company_id)
        claim = uow.portal_reads.claims(company_id, customer_id).get(invoice.number)
        disputed = invoice_id in set(uow.disputes.open_for(company_id, [invoice_id]))
    return found, _item(invoice, found.company, rules, claim, disputed, as_of)


def _window(number: int | None, count: int) -> tuple[int, int]:
    """(limit, offset) of page `number`; past the end, the last page."""
    if number is None:
        return MAX_INVOICES, 0
    last = max(1, -(-count // PER_PAGE))
    return PER_PAGE, (min(number, last) - 1) * PER_PAGE


def _item(
    invoice: Invoice,
    company: Company,
    rules: PortalSettings,
    claim: tuple[Decimal, Decimal] | None,
    disputed: bool,
    as_of: date,
) -> PortalInvoice:
    costs, interest = claim or (Decimal(0), Decimal(0))
    reference = invoice.payment_reference
    item = PortalInvoice(
        invoice=invoice, costs=costs, interest=interest,
        days_overdue=max((as_of - invoice.due_date).days, 0), disputed=disputed,
        reference=display_reference(reference, country=company.country) if reference else None,
        payment_link=None,
    )  # fmt: skip
    if item.is_credit or item.to_pay <= 0:
        return item
    link = payment_link(
        rules.payment_link, reference=reference or invoice.number, amount=item.to_pay,
        currency=invoice.currency,
    )  # fmt: skip
    return replace(item, payment_link=link or None)


def _total_link(
    rules: PortalSettings, customer: Customer, totals: dict[str, Decimal]
) -> str | None:
    if len(totals) != 1:
        return None
    [(currency, amount)] = totals.items()
    if amount <= 0:
        return None
    link = payment_link(
        rules.payment_link, reference=customer.number, amount=amount, currency=currency
    )
    return link or None


def _in_force(promises: list[Promise], as_of: date) -> Promise | None:
    return next((p for p in promises if p.is_in_force(as_of)), None)


def report_problem(
    uow: PortalUnitOfWork,
    company: Company,
    customer: Customer,
    invoice_id: int,
    reason: ReasonCode,
    *,
    note: str,
    at: datetime,
) -> Dispute:
    """A dispute on one of the customer's own invoices, logged in the contact log; it
    holds that invoice (and only that one) in the daily run until resolved."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidValue("note", Refusal.AT_MOST_CHARACTERS, length=NOTE_MAX)
    assert company.id is not None and customer.id is not None
    with uow:
        invoice_number = _own_open(uow, company.id, customer.id, invoice_id).number
    event = ContactEvent(
        customer.number, ContactKind.NOTE, at,
        Reason(Code.PORTAL_PROBLEM, {"invoice": invoice_number}),
        by=PORTAL_ACTOR, outcome=note, reason=reason,
    )  # fmt: skip
    agreed = Agreement(dispute_invoice=invoice_number)
    with uow:
        recorded = write_contact(uow, company.id, event, agreed)
        assert recorded.dispute is not None
        audit.record(
            uow,
            actor=PORTAL_ACTOR,
            at=at,
            action="portal.dispute",
            company_id=company.id,
            customer_ids=[customer.id],
            subject=f"invoice {recorded.dispute.invoice_number}",
            details=f"reason {recorded.dispute.reason.value}: {recorded.dispute.note}"[:2000],
        )
        uow.commit()
    return recorded.dispute


def promise(
    uow: PortalUnitOfWork,
    company: Company,
    customer: Customer,
    promised_date: date,
    *,
    as_of: date,
    at: datetime,
) -> Promise:
    """A promise to pay everything overdue by `promised_date`, within the company's limit."""
    assert company.id is not None
    with uow:
        max_days = uow.portal.get(company.id).max_promise_days
    check_promise_date(promised_date, as_of=as_of, max_days=max_days, country=company.country)
    with uow:
        recorded = write_promise(uow, company.id, customer.number, promised_date, made_at=at,
                                 by=PORTAL_ACTOR)  # fmt: skip
        assert recorded.promise is not None
        audit.record(
            uow,
            actor=PORTAL_ACTOR,
            at=at,
            action="portal.promise",
            company_id=company.id,
            customer_ids=[customer.id],
            subject=f"promise to pay by {recorded.promise.promised_date}",
        )
        uow.commit()
    return recorded.promise


def open_invoice(
    uow: PortalUnitOfWork, company_id: int, customer_id: int, invoice_id: int
) -> tuple[Invoice, bytes | None]:
    """One of the customer's open invoices with its stored PDF copy (None: draw one up
    from the data); `NotFound` for anything else, another customer's invoice included."""
    with uow:
        found = _own_open(uow, company_id, customer_id, invoice_id)
        stored = uow.invoices.copies([invoice_id]).get(invoice_id)
        lines = uow.invoices.lines([invoice_id]).get(invoice_id, ())
    return replace(found, lines=lines), stored


def _own_open(uow: PortalUnitOfWork, company_id: int, customer_id: int, invoice_id: int) -> Invoice:
    invoices = uow.invoices.search(company_id, customer_id=customer_id, open_only=True)
    found = next((i for i in invoices if i.id == invoice_id), None)
    if found is None:
        raise NotFound(Refusal.NOT_ON_THIS_PAGE)
    return found


def link_holder(uow: PortalUnitOfWork, company: Company, number: str) -> tuple[int, bool]:
    """The id of the customer whose link support staff asks for (`tijdig portal link`),
    and whether the company's portal is on; `NotFound` for an unknown customer or one
    anonymised (they have no page)."""
    assert company.id is not None
    with uow:
        found = uow.customers.get(company.id, number)
        held = None if found is None or found.id is None else (
            uow.portal_reads.holder(company.id, found.id))  # fmt: skip
        enabled = uow.portal.get(company.id).enabled
    if found is None or found.id is None or held is None:
        raise NotFound(Refusal.NOT_FOUND, thing="customer", key=number)
    if held[1]:
        raise NotFound(Refusal.ANONYMISED_NO_PAGE, customer=number)
    return found.id, enabled
