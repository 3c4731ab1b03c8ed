"""The bank review queue, and a person's decision on each of its lines.

Matching leaves the credits it is not sure of for review (`tijdig.services.bank.matching`).
`review_page` reads the queue a page at a time (one query: the page and the count), for
the CLI (`tijdig bank review`) and the workspace bank page alike; `find_payments` reads the
unmatched lines from one customer ("we paid yesterday", `tijdig bank find`).

A decision is one function each, called by the workspace (the CLI offers none):
`book_suggestion` (as a suggestion said), `book_invoices` (to invoices picked),
`book_customer` (to a customer's oldest invoices) and `dismiss` (not a customer payment).
Each takes the actor and the moment, claims the line so that two people never book it
twice, and writes its audit entry in the same transaction. Booking reuses matching's own
code (`settle_payment`): the payment, its allocations (costs and interest first,
art. 6:44 BW), the open amounts and the IBAN learned are written exactly as an automatic
match writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, Protocol

from tijdig.domain.banking import BankTransaction
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Reason
from tijdig.domain.refusals import Refusal
from tijdig.matching.allocation import oldest_first, total
from tijdig.matching.model import Allocation, Kind, MatchOutcome, OpenItem
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.bank.drafts import BankLineStatus, LineOutcome
from tijdig.services.bank.matching import (
    BookingContext,
    MatchingUnitOfWork,
    covered_by,
    settle_payment,
)
from tijdig.services.read_models.lists import Sort

PER_PAGE = 20
SEARCH_LIMIT = 25


@dataclass(frozen=True, slots=True)
class WaitingLine:
    id: int
    transaction: BankTransaction
    reasons: tuple[Reason | str, ...]  # str: a line matched before reasons were codes
    suggestions: tuple[dict[str, Any], ...]
    customer_number: str | None  # whom matching thought of, if anyone


def plain(reasons: tuple[Reason | str, ...]) -> str:
    """Why matching left a line, in plain English: what a decided line keeps on record."""
    return " ".join(r if isinstance(r, str) else say(r) for r in reasons)


def on_record(line: WaitingLine, why: str) -> str:
    """What a line a person decided keeps: why matching left it, then the decision."""
    return "; ".join(p for p in (plain(line.reasons), why) if p)


@dataclass(frozen=True, slots=True)
class InvoiceChoice:
    invoice_number: str
    customer_number: str
    customer_name: str
    currency: str
    open_amount: Decimal
    due_date: date


@dataclass(frozen=True, slots=True)
class ReviewPage:
    lines: list[WaitingLine]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class Booked:
    line_id: int
    customer_id: int | None
    customer_number: str | None
    invoices: tuple[str, ...]
    amount: Decimal
    overpayment: Decimal


class DecisionData(Protocol):
    def waiting(
        self,
        company_id: int,
        *,
        limit: int | None,
        offset: int,
        sort: Sort | None = None,
        payer: str = "",
    ) -> tuple[list[WaitingLine], int]: ...
    def from_customer(self, company_id: int, customer_id: int, name: str) -> list[WaitingLine]: ...
    def line(self, company_id: int, line_id: int) -> WaitingLine | None: ...
    def claim(self, company_id: int, line_id: int) -> bool: ...
    def dismiss(self, line_id: int, reasons: str) -> None: ...
    def open_items(
        self,
        company_id: int,
        *,
        invoice_numbers: Sequence[str] = (),
        customer_number: str | None = None,
        limit: int = 200,
    ) -> list[tuple[int, int, OpenItem]]: ...
    def search(self, company_id: int, term: str, *, limit: int) -> list[InvoiceChoice]: ...


class DecisionUnitOfWork(MatchingUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def bank_decisions(self) -> DecisionData: ...


def review_page(
    uow: DecisionUnitOfWork,
    company: Company,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    sort: Sort | None = None,
    payer: str = "",
) -> ReviewPage:
    """One page of the lines waiting for review, oldest first unless sorted otherwise,
    and how many wait in all (`payer`: those whose payer's name holds it). A page past
    the end (the queue shrank meanwhile) gives the last page."""
    assert company.id is not None
    page = max(page, 1)
    with uow:
        waiting = partial(uow.bank_decisions.waiting, company.id, sort=sort, payer=payer)
        lines, count = waiting(limit=per_page, offset=(page - 1) * per_page)
        if not lines and page > 1:
            _, count = waiting(limit=1, offset=0)
            page = max(1, -(-count // per_page))
            lines, _ = waiting(limit=per_page, offset=(page - 1) * per_page)
    return ReviewPage(lines, count, page, max(1, -(-count // per_page)))


def waiting_lines(
    uow: DecisionUnitOfWork, company: Company, *, sort: Sort | None = None, payer: str = ""
) -> list[WaitingLine]:
    """Every line waiting for review, in the order asked (the review queue's export)."""
    assert company.id is not None
    with uow:
        lines, _ = uow.bank_decisions.waiting(company.id, limit=None, offset=0, sort=sort,
                                              payer=payer)  # fmt: skip
    return lines


def find_payments(
    uow: DecisionUnitOfWork, company: Company, customer_number: str
) -> list[WaitingLine]:
    """Unmatched lines from the customer's known accounts or bearing its name, latest first."""
    assert company.id is not None
    with uow:
        customer = uow.customers.get(company.id, customer_number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=customer_number,
                           company=company.code)  # fmt: skip
        return uow.bank_decisions.from_customer(company.id, customer.id, customer.name)


def search_invoices(uow: DecisionUnitOfWork, company: Company, term: str) -> list[InvoiceChoice]:
    assert company.id is not None
    term = term.strip()
    if len(term) < 2:
        return []
    with uow:
        return uow.bank_decisions.search(company.id, term, limit=SEARCH_LIMIT)


def search_for_line(
    uow: DecisionUnitOfWork, company: Company, line_id: int, term: str
) -> list[InvoiceChoice]:
    """What `search_invoices` finds, for a line waiting in this company's queue: another
    company's line (or one decided meanwhile) is not found, so no route answers for it."""
    assert company.id is not None
    with uow:
        if uow.bank_decisions.line(company.id, line_id) is None:
            raise NotFound(Refusal.LINE_NOT_WAITING, line=line_id)
    return search_invoices(uow, company, term)


def _claimed(uow: DecisionUnitOfWork, company_id: int, line_id: int) -> WaitingLine:
    """The line, taken out of review for this transaction."""
    line = uow.bank_decisions.line(company_id, line_id)
    if line is None or not uow.bank_decisions.claim(company_id, line_id):
        raise NotFound(Refusal.LINE_NOT_WAITING, line=line_id)
    if not line.transaction.is_credit:
        raise RuleViolation(Refusal.LINE_NOT_A_CREDIT, line=line_id)
    return line


def _allocations(suggestion: dict[str, Any]) -> tuple[Allocation, ...]:
    try:
        return tuple(
            Allocation(a["invoice_number"], *(Decimal(a[k]) for k in
                       ("amount", "to_costs", "to_interest", "to_principal", "discount_taken")))
            for a in suggestion.get("allocations", [])
        )  # fmt: skip
    except (KeyError, InvalidOperation) as error:
        raise RuleViolation(Refusal.SUGGESTION_UNREADABLE, problem=str(error)) from None


def book_suggestion(
    uow: DecisionUnitOfWork,
    company: Company,
    line_id: int,
    choice: int,
    *,
    actor: str,
    at: datetime,
) -> Booked:
    """Book the line as its suggestion number `choice` (0: the best) said, if the
    invoices are still open for what it settles."""
    assert company.id is not None
    with uow:
        line = _claimed(uow, company.id, line_id)
        if not 0 <= choice < len(line.suggestions):
            raise InvalidValue("suggestion", Refusal.NO_SUGGESTION, line=line_id, number=choice + 1)
        suggestion = line.suggestions[choice]
        allocations = _allocations(suggestion)
        numbers = [a.invoice_number for a in allocations]
        items = uow.bank_decisions.open_items(company.id, invoice_numbers=numbers)
        _still_open(allocations, {item.invoice_number: item for _, _, item in items})
        why = f"booked by {actor} as suggested: {suggestion.get('reason', '')}"
        booked = _book(uow, company.id, line, items, allocations, why)
        _audit_booking(uow, company.id, booked, f"suggestion {choice + 1}", actor=actor, at=at)
        uow.commit()
    return booked


def _still_open(allocations: Sequence[Allocation], items: dict[str, OpenItem]) -> None:
    for a in allocations:
        item = items.get(a.invoice_number)
        if item is None or a.to_principal + a.discount_taken > item.outstanding:
            raise Conflict(Refusal.NO_LONGER_OPEN_FOR, invoice=a.invoice_number, amount=a.amount)


def book_invoices(
    uow: DecisionUnitOfWork,
    company: Company,
    line_id: int,
    invoice_numbers: Sequence[str],
    *,
    actor: str,
    at: datetime,
) -> Booked:
    """Book the line to invoices a person picked (one customer's), oldest due first; what
    is left over stays on the customer as an overpayment."""
    assert company.id is not None
    if not invoice_numbers:
        raise InvalidValue("invoices", Refusal.PICK_AN_INVOICE)
    with uow:
        line = _claimed(uow, company.id, line_id)
        items = uow.bank_decisions.open_items(company.id, invoice_numbers=invoice_numbers)
        missing = set(invoice_numbers) - {item.invoice_number for _, _, item in items}
        if missing:
            raise InvalidValue(
                "invoices", Refusal.NOT_OPEN_INVOICES, invoices=", ".join(sorted(missing))
            )
        if len({customer_id for _, customer_id, _ in items}) > 1:
            raise InvalidValue("invoices", Refusal.DIFFERENT_CUSTOMERS)
        why = f"booked by {actor} to the invoices picked"
        booked = _spread(uow, company.id, line, items, why)
        _audit_booking(uow, company.id, booked, "invoices picked", actor=actor, at=at)
        uow.commit()
    return booked


def book_customer(
    uow: DecisionUnitOfWork,
    company: Company,
    line_id: int,
    customer_number: str,
    *,
    actor: str,
    at: datetime,
) -> Booked:
    """Book the line to a customer's open invoices in its currency, oldest due first."""
    assert company.id is not None
    with uow:
        line = _claimed(uow, company.id, line_id)
        if uow.customers.get(company.id, customer_number) is None:
            raise InvalidValue("customer", Refusal.NOT_FOUND_AT, thing="customer",
                               key=customer_number, company=company.code)  # fmt: skip
        items = uow.bank_decisions.open_items(company.id, customer_number=customer_number)
        items = [row for row in items if row[2].currency == line.transaction.currency]
        if not items:
            raise RuleViolation(Refusal.NO_OPEN_INVOICE_IN, customer=customer_number,
                                currency=line.transaction.currency)  # fmt: skip
        why = f"booked by {actor} to customer {customer_number}, oldest first"
        booked = _spread(uow, company.id, line, items, why)
        how = f"customer {customer_number}, oldest first"
        _audit_booking(uow, company.id, booked, how, actor=actor, at=at)
        uow.commit()
    return booked


def _audit_booking(
    uow: DecisionUnitOfWork, company_id: int, booked: Booked, how: str, *, actor: str, at: datetime
) -> None:
    invoices = ", ".join(booked.invoices)
    extra = f"; {booked.overpayment} left as credit" if booked.overpayment > Decimal(0) else ""
    audit.record(uow, actor=actor, at=at, action="bank.book", company_id=company_id,
                 customer_ids=[booked.customer_id], subject=f"bank line {booked.line_id}",
                 details=f"{how}: {booked.amount} to {invoices}{extra}")  # fmt: skip


def _spread(
    uow: DecisionUnitOfWork,
    company_id: int,
    line: WaitingLine,
    items: list[tuple[int, int, OpenItem]],
    why: str,
) -> Booked:
    tx = line.transaction
    if any(item.currency != tx.currency for _, _, item in items):
        raise InvalidValue("invoices", Refusal.PICK_IN_CURRENCY, currency=tx.currency)
    allocations, _left = oldest_first(tx.amount, [item for _, _, item in items])
    return _book(uow, company_id, line, items, allocations, why)


def _book(
    uow: DecisionUnitOfWork,
    company_id: int,
    line: WaitingLine,
    items: list[tuple[int, int, OpenItem]],
    allocations: Sequence[Allocation],
    why: str,
) -> Booked:
    """Write the payment as matching does (the same `settle_payment`)."""
    tx = line.transaction
    used = {a.invoice_number for a in allocations}
    chosen = [(i, c, item) for i, c, item in items if item.invoice_number in used]
    customer_id = chosen[0][1] if chosen else None
    number = chosen[0][2].customer_number if chosen else None
    if customer_id is None or number is None:
        raise RuleViolation(Refusal.NOTHING_TO_ALLOCATE, line=line.id or 0)
    ids = {item.invoice_number: i for i, _, item in chosen}
    left = {item.invoice_number: item.outstanding for _, _, item in chosen}
    ctx = BookingContext(company_id, ids, {number: customer_id}, left=left,
                         plan_of=covered_by(uow.matching.plans_in_force(company_id)))  # fmt: skip
    overpayment = tx.amount - total(allocations)
    decision = MatchOutcome(Kind.MATCHED, number, tuple(allocations), overpayment, Decimal(1), ())
    settle_payment(ctx, customer_id, tx, decision, line.id)
    outcome = LineOutcome(line.id, BankLineStatus.MATCHED, customer_id, 100, on_record(line, why))
    _persist(uow, ctx, outcome)
    return Booked(line.id, customer_id, number, tuple(a.invoice_number for a in allocations),
                  tx.amount, overpayment)  # fmt: skip


def _persist(uow: DecisionUnitOfWork, ctx: BookingContext, line: LineOutcome) -> None:
    """What `settle_payment` drafted, through the same repository calls as an import's
    write (the line is stored already, so only its outcome is set)."""
    data = uow.matching
    payments = data.add_payments(ctx.payments)
    data.change_open(ctx.changes)
    data.learn_ibans(ctx.company_id, ctx.ibans)
    data.set_lines([line], payments)


def dismiss(
    uow: DecisionUnitOfWork,
    company: Company,
    line_id: int,
    *,
    actor: str,
    at: datetime,
    note: str = "",
) -> WaitingLine:
    """Set the line aside: not a customer payment (a refund, a transfer of our own)."""
    assert company.id is not None
    with uow:
        line = uow.bank_decisions.line(company.id, line_id)
        if line is None or not uow.bank_decisions.claim(company.id, line_id):
            raise NotFound(Refusal.LINE_NOT_WAITING, line=line_id)
        said = f": {note.strip()}" if note.strip() else ""
        why = f"not a customer payment (by {actor}){said}"
        uow.bank_decisions.dismiss(line_id, on_record(line, why))
        tx = line.transaction
        audit.record(uow, actor=actor, at=at, action="bank.dismiss", company_id=company.id,
                     subject=f"bank line {line_id}",
                     details=f"{tx.currency} {tx.amount} of {tx.booking_date}: not a customer "
                             f"payment{said}")  # fmt: skip
        uow.commit()
    return line
