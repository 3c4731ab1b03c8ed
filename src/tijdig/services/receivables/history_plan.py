"""A history import checked against what is stored, then booked (history.py's rules).

`HistoryPlan.check` reads the entries with what the database holds of their invoices and
collects every problem; `book` writes the new invoices, the payments and set-offs and
the open amounts left; `record` the audit entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tijdig.domain.books import HistoryPayment
from tijdig.domain.imports import ImportIssue, Severity
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.money import minor_units
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.receivables.history_keys import Line, Source, located
from tijdig.services.receivables.history_ports import (
    HistoryBooking,
    HistoryUnitOfWork,
    StoredItem,
)
from tijdig.services.receivables.imports import invoice_fingerprint, with_reference

KIND = "history"  # imported_files.kind and the invoices' source
Identity = tuple[str, str]  # (kind, number)


@dataclass
class HistorySummary:
    """What a history import booked and left alone."""

    files: int = 0
    files_skipped: list[str] = field(default_factory=list)
    invoices_added: int = 0
    invoices_unchanged: int = 0
    payments_added: int = 0
    set_offs_added: int = 0
    lines_unchanged: int = 0  # payments and set-offs booked before
    warnings: list[ImportIssue] = field(default_factory=list)


@dataclass
class _Balance:
    """An invoice or credit note while the import is checked: what was payable, its open
    amount, what allocations settle of it (booked and new)."""

    kind: str
    number: str
    customer_id: int
    customer_number: str
    currency: str
    payable: Decimal
    open_amount: Decimal
    allocated: Decimal
    id: int | None = None  # None: added by this import
    touched: bool = False

    @property
    def left(self) -> Decimal:
        """The open amount once the allocations explain what the books left out of it."""
        return min(self.open_amount, self.payable - self.allocated)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A booking whose invoice (or credit note) may get its id only when booked."""

    key: str
    target: Identity
    payment: HistoryPayment
    credit_note: Identity | None = None


class HistoryPlan:
    """The import checked against what is stored, then booked."""

    def __init__(self, uow: HistoryUnitOfWork, company: Company, summary: HistorySummary) -> None:
        assert company.id is not None
        self.uow, self.company, self.company_id, self.summary = uow, company, company.id, summary
        self.issues: list[ImportIssue] = []
        self.balances: dict[Identity, _Balance] = {}
        self.new: dict[Identity, tuple[Invoice, str]] = {}  # with its fingerprint
        self.pending: list[_Pending] = []
        self.customers: dict[str, int] = {}
        self.stored: dict[Identity, StoredItem] = {}

    def check(self, sources: Sequence[Source]) -> None:
        invoices, lines = located(sources)
        self.customers = self.uow.customers.ids_by_number(self.company_id)
        numbers = {i.number for _, _, i in invoices} | {li.payment.invoice_number for li in lines}
        self._load(numbers)
        for name, line, invoice in invoices:
            self._check_invoice(name, line, invoice)
        named = {reference for li in lines if (reference := self._set_off_reference(li))}
        self._load(named)
        known = self.uow.history.known_keys(self.company_id, (li.key for li in lines))
        seen: set[str] = set()
        for item in lines:
            if item.key in known or item.key in seen:
                self.summary.lines_unchanged += 1
                continue
            seen.add(item.key)
            self._check_line(item)

    def _load(self, numbers: set[str]) -> None:
        """What is stored of these numbers; of an invoice added by this import, its id."""
        for item in self.uow.history.items(self.company_id, numbers):
            identity = (item.kind, item.number)
            if identity in self.new:
                self.balances[identity].id = item.id
            elif identity not in self.stored:
                self.balances[identity] = _stored(item)
                self.stored[identity] = item

    def _set_off_reference(self, item: Line) -> str:
        """The invoice a payment on a credit note names ("" for a payment on an invoice)."""
        found = self._find(item.payment.invoice_number)
        if found is None or found[0] != InvoiceKind.CREDIT_NOTE.value:
            return ""
        return (item.payment.reference or "").strip()

    def _find(self, number: str) -> Identity | None:
        """An invoice with the number, else a credit note with it."""
        for kind in (InvoiceKind.INVOICE.value, InvoiceKind.CREDIT_NOTE.value):
            if (kind, number) in self.balances:
                return kind, number
        return None

    def _error(self, file: str, line: int | None, field_name: str, message: str) -> None:
        self.issues.append(ImportIssue(file, message, line, field_name))

    def _check_invoice(self, file: str, line: int | None, invoice: Invoice) -> None:
        identity = (invoice.kind.value, invoice.number)
        customer_id = self.customers.get(invoice.customer_number)
        fingerprint = invoice_fingerprint(invoice)
        stored = self.stored.get(identity)
        if customer_id is None:
            self._error(
                file,
                line,
                "customer",
                f"customer {invoice.customer_number} is unknown: import customers first",
            )
        elif identity in self.new:
            if self.new[identity][1] == fingerprint:
                self.summary.invoices_unchanged += 1
            else:
                self._error(file, line, "number", f"{invoice.number} appears twice, differently")
        elif stored is not None:
            if _same(stored, invoice, customer_id):
                self.summary.invoices_unchanged += 1
            else:
                self._error(
                    file,
                    line,
                    "number",
                    f"{invoice.kind.value} {invoice.number} exists already with other contents",
                )
        else:
            self.new[identity] = (invoice, fingerprint)
            self.balances[identity] = _Balance(
                invoice.kind.value,
                invoice.number,
                customer_id,
                invoice.customer_number,
                invoice.currency,
                invoice.payable,
                invoice.outstanding,
                Decimal(0),
            )

    def _check_line(self, item: Line) -> None:
        payment, file, line = item.payment, item.file, item.line
        if payment.amount <= 0:
            self._error(
                file,
                line,
                "amount",
                f"{payment.amount} is not a payment; it must be more than zero",
            )
            return
        places = minor_units(payment.currency)
        if payment.amount != round(payment.amount, places):
            self._error(file, line, "amount", f"{payment.amount} has more than {places} "
                        f"decimals for {payment.currency}")  # fmt: skip
            return
        identity = self._find(payment.invoice_number)
        if identity is None:
            self._error(
                file,
                line,
                "invoice",
                f"invoice {payment.invoice_number} is neither in "
                "the file nor in the database: import it first",
            )
            return
        balance = self.balances[identity]
        if payment.customer_number and payment.customer_number != balance.customer_number:
            self._error(
                file,
                line,
                "customer",
                f"invoice {balance.number} is of customer "
                f"{balance.customer_number}, not {payment.customer_number}",
            )
        elif payment.currency != balance.currency:
            self._error(
                file,
                line,
                "currency",
                f"invoice {balance.number} is in {balance.currency}, not {payment.currency}",
            )
        elif identity[0] == InvoiceKind.CREDIT_NOTE.value:
            self._set_off(item, identity, balance)
        elif self._allocate(item, balance, "payments"):
            self.pending.append(_Pending(item.key, identity, payment))

    def _allocate(self, item: Line, balance: _Balance, what: str) -> bool:
        balance.allocated += item.payment.amount
        balance.touched = True
        if balance.allocated > balance.payable:
            self._error(
                item.file,
                item.line,
                "amount",
                f"the {what} of {balance.number} add up to {balance.allocated}, more "
                f"than its total {balance.payable} {balance.currency}",
            )
            return False
        return True

    def _set_off(self, item: Line, identity: Identity, credit: _Balance) -> None:
        """A credit note settled against the invoice its reference names; else a refund
        (money paid back), which Tijdig does not record: a note says so."""
        number = (item.payment.reference or "").strip()
        target = self.balances.get((InvoiceKind.INVOICE.value, number))
        if target is None or target.customer_id != credit.customer_id:
            self.summary.warnings.append(
                ImportIssue(
                    item.file,
                    f"credit note {credit.number} was settled without naming an invoice "
                    "of the customer (a refund?): not booked",
                    item.line,
                    "reference",
                    Severity.INFO,
                )
            )
            return
        if target.currency != credit.currency:
            self._error(
                item.file,
                item.line,
                "currency",
                f"credit note {credit.number} and invoice {number} differ in currency",
            )
        elif self._allocate(item, credit, "set-offs") and self._allocate(item, target, "payments"):
            self.pending.append(_Pending(item.key, ("invoice", number), item.payment, identity))

    def book(self) -> None:
        """The new invoices with their open amounts left, then payments and set-offs."""
        added = [
            (
                with_reference(
                    replace(invoice, open_amount=self.balances[identity].left), self.company
                ),
                self.balances[identity].customer_id,
                fingerprint,
            )
            for identity, (invoice, fingerprint) in self.new.items()
        ]
        self.uow.invoices.add_many(added, company_id=self.company_id, source=KIND)
        self.summary.invoices_added = len(added)
        if added:
            self._load({number for _, number in self.new})
        bookings = [self._booking(p) for p in self.pending]
        changed = {
            b.id: (b.left, b.currency)
            for identity, b in self.balances.items()
            if b.touched
            and identity not in self.new
            and b.id is not None
            and b.left != b.open_amount
        }
        self.uow.history.book(self.company_id, bookings, changed)
        self.summary.set_offs_added = sum(1 for b in bookings if b.credit_note_id is not None)
        self.summary.payments_added = len(bookings) - self.summary.set_offs_added

    def _booking(self, pending: _Pending) -> HistoryBooking:
        target = self.balances[pending.target]
        credit = None if pending.credit_note is None else self.balances[pending.credit_note].id
        payment = pending.payment
        assert target.id is not None
        return HistoryBooking(
            pending.key,
            target.customer_id,
            target.id,
            payment.paid_on,
            payment.amount,
            target.currency,
            payment.reference,
            credit,
        )

    def record(self, *, actor: str, at: datetime, names: Sequence[str]) -> None:
        """One entry per customer booked for, saying what; else one for the company."""
        count: Counter[int] = Counter(self.balances[p.target].customer_id for p in self.pending)
        added: Counter[int] = Counter(self.balances[i].customer_id for i in self.new)
        details = {
            customer_id: f"{count[customer_id]} payment(s) and set-off(s), "
            f"{added[customer_id]} invoice(s) added from history"
            for customer_id in sorted(count.keys() | added.keys())
        }
        summary = self.summary
        files = ", ".join(Path(name).name for name in names)
        audit.record_each(
            self.uow,
            actor=actor,
            at=at,
            action="history.import",
            company_id=self.company_id,
            subject=f"{len(names)} file(s): {files}"[:200],
            details=details,
            otherwise=f"nothing new: {summary.invoices_unchanged} invoice(s) and "
            f"{summary.lines_unchanged} payment line(s) booked before; {files}",
        )


def _stored(item: StoredItem) -> _Balance:
    return _Balance(
        item.kind,
        item.number,
        item.customer_id,
        item.customer_number,
        item.currency,
        item.payable,
        item.open_amount,
        item.allocated,
        item.id,
    )


def _same(stored: StoredItem, invoice: Invoice, customer_id: int) -> bool:
    """The stored invoice is this one, whatever its open amount now."""
    return (
        stored.customer_id == customer_id
        and stored.issue_date == invoice.issue_date
        and stored.due_date == invoice.due_date
        and stored.currency == invoice.currency
        and stored.payable == invoice.payable
    )
