"""In-memory stand-ins for the bank repositories, for the bank service tests
(tests/services/bank).

`FakeBankDatabase().uow()` gives the fake unit of work of tests/fakes.py with the
statements and their lines (`bank`), what matching reads and booking writes
(`matching`: open items, customers, learned accounts, recent matched credits,
payments with their allocations, open amounts) and the review queue
(`bank_decisions`), kept in the same committed tables, so one commit keeps all or
nothing. They read as adapters/db/repositories/bank.py, bank_review.py and
adapters/db/views/matching.py do: amounts in the currency's minor units, a line as its
columns give it back (no BIC, booked, no place in the file), reasons and suggestions
through their JSON columns, lists in the SQL's order. The ledger that matching reads is
built from the fake's own invoices, customers, payments and lines.

What they leave out: costs and interest claimed on an invoice (`invoice_claims`, which
the collection runs write); the fake cannot record them, so its open items never carry
any. Tests of claims stay on a real database.
tests/adapters/db/test_contract_bank.py holds these fakes to SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Self

from tests.fakes import FakeDatabase, FakeUnitOfWork, _cents, _Payment, _Sequences, _Tables
from tijdig.adapters.db.repositories.bank import reasons_column, suggestions_json
from tijdig.domain.banking import AccountBalance, BankStatement, BankTransaction
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import BankAccount
from tijdig.domain.reasons import Reason, many_from_json
from tijdig.matching.model import Allocation, OpenItem, PaidCredit, PlanInForce
from tijdig.services.bank.drafts import (
    BankLineStatus,
    IbanSeen,
    LineOutcome,
    NewLine,
    OpenChange,
    PaymentDraft,
)
from tijdig.services.bank.review import InvoiceChoice, WaitingLine
from tijdig.services.read_models.lists import Sort

MAX_CUSTOMERS = 20  # customers the invoice search looks at by name (bank_review's)


@dataclass(frozen=True)
class _Statement:
    company_id: int
    account: str
    statement_date: date
    currency: str
    closing: Decimal | None
    derived: bool
    # what tells one statement from another when it has no lines
    identity: tuple[object, ...] = ()


def _identity(statement: BankStatement) -> tuple[object, ...]:
    cur = statement.currency
    opening, closing = statement.opening_balance, statement.closing_balance
    return (statement.account, cur, statement.statement_id, statement.opening_date,
            None if opening is None else _cents(opening, cur),
            None if closing is None else _cents(closing, cur))  # fmt: skip


@dataclass
class StoredLine:
    """A bank_transactions row: the transaction as its columns give it back, and what
    became of it (reasons and suggestions as their JSON columns hold them)."""

    company_id: int
    statement_id: int
    account: str
    dedup_key: str
    transaction: BankTransaction
    status: BankLineStatus
    customer_id: int | None = None
    payment_id: int | None = None
    confidence: int | None = None
    reasons: str = ""
    suggestions: str = "[]"


@dataclass(frozen=True)
class StoredPayment:
    """A payment booked from a bank line, with its allocations (invoice id, amount,
    costs, interest)."""

    company_id: int
    customer_id: int
    line_id: int
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None
    allocations: tuple[tuple[int, Decimal, Decimal, Decimal], ...]
    plan_id: int | None = None


@dataclass
class BankTables(_Tables):
    statements: dict[int, _Statement] = field(default_factory=dict)
    lines: dict[int, StoredLine] = field(default_factory=dict)
    bank_payments: dict[int, StoredPayment] = field(default_factory=dict)
    # (company, customer, iban): how often paid from it, and when last
    customer_ibans: dict[tuple[int, int, str], tuple[int, date]] = field(default_factory=dict)


def _as_stored(tx: BankTransaction) -> BankTransaction:
    """The transaction as its row gives it back (adapters' `_line`)."""
    name = tx.counterparty_name
    return BankTransaction(
        booking_date=tx.booking_date, amount=_cents(tx.amount, tx.currency),
        currency=tx.currency, value_date=tx.value_date,
        counterparty_name=name[:200] if name else None, counterparty_iban=tx.counterparty_iban,
        structured_reference=tx.structured_reference, remittance=tx.remittance,
        bank_reference=tx.bank_reference, end_to_end_id=tx.end_to_end_id,
        return_reason=tx.return_reason, is_reversal=tx.is_reversal,
    )  # fmt: skip


# ---------------------------------------------------------------- statements and lines


class FakeBank:
    def __init__(self, tables: BankTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def owner_of(self, iban: str) -> int | None:
        return next(
            (c.id for c in sorted(self._tables.companies.values(), key=lambda c: c.id or 0)
             if any(a.iban == iban for a in c.bank_accounts)),
            None,
        )  # fmt: skip

    def add_account(self, company_id: int, iban: str) -> None:
        company = self._tables.companies[company_id]
        accounts = (*company.bank_accounts, BankAccount(iban))
        self._tables.companies[company_id] = replace(company, bank_accounts=accounts)

    def _statements(self, company_id: int, iban: str | None = None) -> list[tuple[int, _Statement]]:
        return [
            (statement_id, s)
            for statement_id, s in sorted(self._tables.statements.items())
            if s.company_id == company_id and iban in (None, s.account)
        ]

    def last_closing(self, company_id: int, iban: str) -> tuple[date, Decimal] | None:
        closed = [(s.statement_date, i, s) for i, s in self._statements(company_id, iban)
                  if s.closing is not None]  # fmt: skip
        if not closed:
            return None
        day, _id, statement = max(closed, key=lambda found: found[:2])
        assert statement.closing is not None
        return day, statement.closing

    def add_statement(
        self, company_id: int, statement: BankStatement, *, filename: str, imported_at: datetime
    ) -> int:
        statement_id = self._ids.next("bank_statements")
        cur, closing = statement.currency, statement.closing_balance
        self._tables.statements[statement_id] = _Statement(
            company_id, statement.account, statement.last_date or imported_at.date(), cur,
            None if closing is None else _cents(closing, cur), statement.closing_derived,
            _identity(statement),
        )  # fmt: skip
        return statement_id

    def has_statement(self, company_id: int, statement: BankStatement) -> bool:
        day = statement.last_date
        return any(
            s.company_id == company_id and s.identity == _identity(statement)
            and (day is None or s.statement_date == day)
            for s in self._tables.statements.values()
        )  # fmt: skip

    def known_keys(self, company_id: int, keys: Sequence[str]) -> set[str]:
        wanted = set(keys)
        return {
            line.dedup_key
            for line in self._tables.lines.values()
            if line.company_id == company_id and line.dedup_key in wanted
        }

    def add_lines(
        self,
        lines: Sequence[NewLine],
        *,
        ids: Sequence[int] | None = None,
        outcomes: Mapping[int, LineOutcome] | None = None,
        payments: Mapping[int, int] | None = None,
    ) -> None:
        found, paid = outcomes or {}, payments or {}
        line_ids = ids if ids is not None else [self._ids.next("bank_transactions") for _ in lines]
        for line, line_id in zip(lines, line_ids, strict=True):
            if line_id in self._tables.lines:  # the primary key
                raise ValueError(f"bank line {line_id} exists already")
            if any(s.company_id == line.company_id and s.dedup_key == line.dedup_key
                   for s in self._tables.lines.values()):  # fmt: skip
                raise ValueError(f"bank line {line.dedup_key} is booked already")  # unique
            stored = StoredLine(line.company_id, line.statement_id, line.account, line.dedup_key,
                                _as_stored(line.transaction), line.status)  # fmt: skip
            self._tables.lines[line_id] = stored
            outcome = found.get(line_id)
            if outcome is not None:
                _decide(stored, outcome, paid.get(line_id))

    def stored(self, line_id: int) -> StoredLine | None:
        """Not a port: the line's row, for the tests."""
        return self._tables.lines.get(line_id)

    def payments(self, company_id: int) -> dict[int, StoredPayment]:
        """Not a port: the company's payments booked from bank lines, by id, for the tests."""
        return {
            i: p
            for i, p in sorted(self._tables.bank_payments.items())
            if p.company_id == company_id
        }

    def reserve_ids(self, count: int) -> list[int]:
        return [self._ids.next("bank_transactions") for _ in range(max(count, 0))]

    def accounts(self, company_id: int) -> list[AccountBalance]:
        latest: dict[str, tuple[date, int, _Statement]] = {}
        for statement_id, s in self._statements(company_id):
            known = latest.get(s.account)
            if known is None or (s.statement_date, statement_id) > known[:2]:
                latest[s.account] = (s.statement_date, statement_id, s)
        return [
            AccountBalance(iban, day, s.closing, s.currency, derived=s.derived)
            for iban, (day, _id, s) in sorted(latest.items())
        ]


def _decide(line: StoredLine, outcome: LineOutcome, payment_id: int | None) -> None:
    """The line's columns that say what became of it (adapters' `outcome_values`)."""
    line.status, line.customer_id = outcome.status, outcome.customer_id
    line.payment_id, line.confidence = payment_id, outcome.confidence
    line.reasons = reasons_column(outcome.reasons)
    line.suggestions = suggestions_json(outcome.suggestions)


# ------------------------------------------------------------ what matching reads, writes


class FakeMatching:
    def __init__(self, tables: BankTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def new_lines(self, company_id: int) -> list[tuple[int, BankTransaction]]:
        found = [
            (line_id, line.transaction)
            for line_id, line in self._tables.lines.items()
            if line.company_id == company_id and line.status is BankLineStatus.NEW
        ]
        return sorted(found, key=lambda line: (line[1].booking_date, line[0]))

    def open_items(self, company_id: int) -> list[OpenItem]:
        return [
            OpenItem(i.number, self._tables.customer_number(s.customer_id), i.currency,
                     i.outstanding, i.issue_date, i.due_date, i.payment_reference, i.discount)
            for _id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and (i := s.invoice).kind is InvoiceKind.INVOICE
            and i.outstanding > 0
        ]  # fmt: skip

    def customers(self, company_id: int) -> list[tuple[str, str, str | None]]:
        return [
            (c.number, c.name, c.parent_number)
            for _id, (owner, c) in sorted(self._tables.customers.items())
            if owner == company_id
        ]

    def ibans(self, company_id: int) -> list[tuple[str, str]]:
        return [
            (iban, self._tables.customer_number(customer_id))
            for (owner, customer_id, iban) in self._tables.customer_ibans
            if owner == company_id
        ]

    def seen(self, company_id: int) -> dict[tuple[str, str], tuple[int, date]]:
        """Not a port: per (IBAN, customer number), how often and when last it was paid
        from (customer_ibans' times_seen and last_seen), for the tests."""
        return {
            (iban, self._tables.customer_number(customer_id)): seen
            for (owner, customer_id, iban), seen in self._tables.customer_ibans.items()
            if owner == company_id
        }

    def paid_credits(self, company_id: int, *, since: date) -> list[PaidCredit]:
        credits = []
        for line in self._tables.lines.values():
            tx = line.transaction
            if (line.company_id != company_id or line.status is not BankLineStatus.MATCHED
                    or tx.booking_date < since or line.customer_id is None):  # fmt: skip
                continue
            payment = self._tables.bank_payments.get(line.payment_id or 0)
            if payment is None or not payment.allocations:
                continue  # the SQL's inner join of allocations
            allocations = tuple(
                Allocation(self._tables.invoices[invoice_id].invoice.number, amount,
                           to_principal=amount)
                for invoice_id, amount, _costs, _interest in payment.allocations
            )  # fmt: skip
            credits.append(PaidCredit(self._tables.customer_number(line.customer_id), tx.amount,
                                      tx.booking_date, allocations, tx.end_to_end_id,
                                      tx.bank_reference, tx.counterparty_iban,
                                      line.payment_id))  # fmt: skip
        return credits

    def plans_in_force(self, company_id: int) -> list[tuple[int, PlanInForce]]:
        """None: the bank fake holds no plans (tests/fakes_plans.py's FakeBankPlansDatabase
        does)."""
        return []

    def ids(
        self, company_id: int, numbers: Sequence[str] = ()
    ) -> tuple[dict[str, int], dict[str, int]]:
        wanted = set(numbers)
        invoices = {
            s.invoice.number: invoice_id
            for invoice_id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and s.invoice.kind is InvoiceKind.INVOICE
            and (s.invoice.outstanding > 0 or s.invoice.number in wanted)
        }  # fmt: skip
        customers = {
            c.number: customer_id
            for customer_id, (owner, c) in sorted(self._tables.customers.items())
            if owner == company_id
        }
        return invoices, customers

    def add_payments(self, payments: Sequence[PaymentDraft]) -> dict[int, int]:
        ids = {}
        for p in payments:
            cur = p.currency
            payment_id = ids[p.line_id] = self._ids.next("payments")
            allocations = tuple(
                (a.invoice_id, _cents(a.amount, cur), _cents(a.costs, cur),
                 _cents(a.interest, cur))
                for a in p.allocations
            )  # fmt: skip
            self._tables.bank_payments[payment_id] = StoredPayment(
                p.company_id, p.customer_id, p.line_id, p.paid_on, _cents(p.amount, cur), cur,
                p.reference, allocations, p.plan_id,
            )  # fmt: skip
            # what the collection records read of a payment (FakeLedger's)
            self._tables.payments.append(
                _Payment(p.customer_id, p.paid_on, _cents(p.amount, cur), cur, p.plan_id)
            )
        return ids

    def change_open(self, changes: Sequence[OpenChange]) -> None:
        for change in changes:
            stored = self._tables.invoices[change.invoice_id]
            invoice = stored.invoice
            delta = _cents(change.delta, change.currency)
            stored.invoice = replace(invoice, open_amount=invoice.outstanding + delta)

    def unlink_from_plans(self, company_id: int, payment_ids: Sequence[int]) -> None:
        """Off the plan in both of the fake's records of a payment (the bank's, with its
        id, and the collection records' `payments`, without one)."""
        for payment_id in sorted(set(payment_ids)):
            stored = self._tables.bank_payments.get(payment_id)
            if stored is None or stored.company_id != company_id or stored.plan_id is None:
                continue
            self._tables.bank_payments[payment_id] = replace(stored, plan_id=None)
            read = _Payment(stored.customer_id, stored.paid_on, stored.amount, stored.currency,
                            stored.plan_id)  # fmt: skip
            at = self._tables.payments.index(read)
            self._tables.payments[at] = replace(read, plan_id=None)

    def learn_ibans(self, company_id: int, seen: Sequence[IbanSeen]) -> None:
        known = self._tables.customer_ibans
        for customer_id, iban, day in seen:
            times, last = known.get((company_id, customer_id, iban), (0, day))
            known[(company_id, customer_id, iban)] = (times + 1, max(last, day))

    def set_lines(self, outcomes: Sequence[LineOutcome], payments: Mapping[int, int]) -> None:
        for outcome in outcomes:
            line = self._tables.lines.get(outcome.line_id)
            if line is not None:
                _decide(line, outcome, payments.get(outcome.line_id))


# --------------------------------------------------------------------- the review queue


def _reasons(stored: str) -> tuple[Reason | str, ...]:
    """The codes matching stored, or the sentence of a line decided or matched before."""
    if not stored.startswith("["):
        return (stored,) if stored else ()
    return many_from_json(json.loads(stored))


def _holds(text: str | None, part: str) -> bool:
    """`text ILIKE '%part%'`: never on a NULL."""
    return text is not None and part.lower() in text.lower()


class FakeBankDecisions:
    def __init__(self, tables: BankTables) -> None:
        self._tables = tables

    def _waiting(self, line_id: int, line: StoredLine, with_customer: bool) -> WaitingLine:
        customer = line.customer_id if with_customer else None
        number = None if customer is None else self._tables.customer_number(customer)
        return WaitingLine(line_id, line.transaction, _reasons(line.reasons),
                           tuple(json.loads(line.suggestions)), number)  # fmt: skip

    def _in_review(self, company_id: int) -> list[tuple[int, StoredLine]]:
        found = [
            (line_id, line)
            for line_id, line in self._tables.lines.items()
            if line.company_id == company_id and line.status is BankLineStatus.REVIEW
        ]
        return sorted(found, key=lambda found: (found[1].transaction.booking_date, found[0]))

    def waiting(
        self,
        company_id: int,
        *,
        limit: int | None,
        offset: int,
        sort: Sort | None = None,
        payer: str = "",
    ) -> tuple[list[WaitingLine], int]:
        queue = [(i, line) for i, line in self._in_review(company_id)
                 if not payer.strip()
                 or _holds(line.transaction.counterparty_name, payer.strip())]  # fmt: skip
        if sort is not None:
            fields = {"date": "booking_date", "amount": "amount", "payer": "counterparty_name"}
            field = fields[sort.key]
            queue.sort(key=lambda f: (getattr(f[1].transaction, field) or "", f[0]),
                       reverse=sort.descending)  # fmt: skip
        end = None if limit is None else offset + limit
        page = [self._waiting(i, line, True) for i, line in queue[offset:end]]
        return page, len(queue) if page else 0  # the count comes with the page's rows

    def from_customer(self, company_id: int, customer_id: int, name: str) -> list[WaitingLine]:
        accounts = {iban for (owner, customer, iban) in self._tables.customer_ibans
                    if (owner, customer) == (company_id, customer_id)}  # fmt: skip
        found = [
            (i, line)
            for i, line in self._in_review(company_id)
            if line.transaction.counterparty_iban in accounts
            or _holds(line.transaction.counterparty_name, name)
        ]
        found.sort(key=lambda found: found[1].transaction.booking_date, reverse=True)
        return [self._waiting(i, line, False) for i, line in found]

    def line(self, company_id: int, line_id: int) -> WaitingLine | None:
        line = self._tables.lines.get(line_id)
        if (
            line is None
            or line.company_id != company_id
            or line.status is not BankLineStatus.REVIEW
        ):
            return None
        return self._waiting(line_id, line, False)

    def claim(self, company_id: int, line_id: int) -> bool:
        if self.line(company_id, line_id) is None:
            return False
        self._tables.lines[line_id].status = BankLineStatus.DECIDING
        return True

    def dismiss(self, line_id: int, reasons: str) -> None:
        line = self._tables.lines.get(line_id)
        if line is not None:
            line.status, line.reasons = BankLineStatus.IGNORED, reasons

    def open_items(
        self,
        company_id: int,
        *,
        invoice_numbers: Sequence[str] = (),
        customer_number: str | None = None,
        limit: int = 200,
    ) -> list[tuple[int, int, OpenItem]]:
        found = []
        for invoice_id, s in self._tables.invoices.items():
            i, number = s.invoice, self._tables.customer_number(s.customer_id)
            if (s.company_id != company_id or i.kind is not InvoiceKind.INVOICE
                    or i.outstanding <= 0
                    or (invoice_numbers and i.number not in invoice_numbers)
                    or customer_number not in (None, number)):  # fmt: skip
                continue
            item = OpenItem(
                i.number,
                number,
                i.currency,
                i.outstanding,
                i.issue_date,
                i.due_date,
                i.payment_reference,
            )  # no discount: the SQL reads none
            found.append((invoice_id, s.customer_id, item))
        found.sort(key=lambda f: (f[2].due_date, f[2].issue_date, f[2].invoice_number))
        return found[:limit]

    def search(self, company_id: int, term: str, *, limit: int) -> list[InvoiceChoice]:
        def choice(invoice_id: int) -> InvoiceChoice:
            s = self._tables.invoices[invoice_id]
            customer = self._tables.customer(s.customer_id)
            i = s.invoice
            return InvoiceChoice(i.number, customer.number, customer.name, i.currency,
                                 i.outstanding, i.due_date)  # fmt: skip

        open_ = [
            (invoice_id, s)
            for invoice_id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and s.invoice.kind is InvoiceKind.INVOICE
            and s.invoice.outstanding > 0
        ]  # fmt: skip
        by_number = sorted(
            (s.invoice.number, i) for i, s in open_ if s.invoice.number.startswith(term)
        )
        found = [choice(i) for _n, i in by_number[:limit]]
        if len(found) >= limit:
            return found
        lettered = any(ch.isalpha() for ch in term)
        customers = [
            customer_id
            for customer_id, (owner, c) in sorted(self._tables.customers.items())
            if owner == company_id
            and (c.number == term or (lettered and term.lower() in c.name.lower()))
        ][:MAX_CUSTOMERS]
        seen = {c.invoice_number for c in found}
        theirs = sorted(
            (self._tables.customer_number(s.customer_id), s.invoice.due_date, s.invoice.number, i)
            for i, s in open_
            if s.customer_id in customers
        )
        found += [choice(i) for _c, _due, number, i in theirs[:limit] if number not in seen]
        return found[:limit]


# ---------------------------------------------------------------- the unit of work


class FakeBankDatabase(FakeDatabase):
    def __init__(self) -> None:
        super().__init__()
        self.tables = BankTables()

    def uow(self) -> FakeBankUnitOfWork:
        return FakeBankUnitOfWork(self)


class FakeBankUnitOfWork(FakeUnitOfWork):
    bank: FakeBank
    matching: FakeMatching
    bank_decisions: FakeBankDecisions

    def __enter__(self) -> Self:
        super().__enter__()
        tables, ids = self._tables, self._database.ids
        assert isinstance(tables, BankTables)
        self.bank = FakeBank(tables, ids)
        self.matching = FakeMatching(tables, ids)
        self.bank_decisions = FakeBankDecisions(tables)
        return self
