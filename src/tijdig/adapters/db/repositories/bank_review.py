"""The bank review queue's reads and writes: the lines waiting a page at a time (with the
count, in one query), those from one customer, invoices to pick; how a person's decision
claims a line so that two people never book it twice, and sets one aside."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.banking import BankTransactionRow, CustomerIbanRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.views.matching import open_invoices, open_item, with_claims
from tijdig.domain.banking import BankTransaction
from tijdig.domain.reasons import Reason, many_from_json
from tijdig.matching.model import OpenItem
from tijdig.services.bank.drafts import BankLineStatus
from tijdig.services.bank.review import InvoiceChoice, WaitingLine
from tijdig.services.read_models.lists import Sort

REVIEW = BankLineStatus.REVIEW
MAX_CUSTOMERS = 20  # customers a name search looks at
CLAIMED = BankLineStatus.DECIDING  # while one decision books the line; never committed


def _transaction(row: BankTransactionRow) -> BankTransaction:
    return BankTransaction(
        booking_date=row.booking_date, amount=from_minor(row.amount_minor, row.currency),
        currency=row.currency, value_date=row.value_date,
        counterparty_name=row.counterparty_name, counterparty_iban=row.counterparty_iban,
        structured_reference=row.structured_reference, remittance=row.remittance,
        bank_reference=row.bank_reference, end_to_end_id=row.end_to_end_id,
        return_reason=row.return_reason, is_reversal=row.is_reversal,
    )  # fmt: skip


def _reasons(stored: str) -> tuple[Reason | str, ...]:
    """The codes matching stored, or the sentence of a line matched before codes."""
    if not stored.startswith("["):
        return (stored,) if stored else ()
    return many_from_json(json.loads(stored))


def _waiting(row: BankTransactionRow, customer_number: str | None) -> WaitingLine:
    return WaitingLine(row.id, _transaction(row), _reasons(row.reasons or ""),
                       tuple(json.loads(row.suggestions)), customer_number)  # fmt: skip


class SqlBankDecisions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def waiting(
        self,
        company_id: int,
        *,
        limit: int | None,
        offset: int,
        sort: Sort | None = None,
        payer: str = "",
    ) -> tuple[list[WaitingLine], int]:
        """A page of the lines waiting for review, oldest first unless sorted otherwise,
        and how many wait in all (0 when the page is past the end); `payer`: part of the
        payer's name."""
        t = BankTransactionRow
        column = {"date": t.booking_date, "amount": t.amount_minor,
                  "payer": t.counterparty_name}[sort.key if sort else "date"]  # fmt: skip
        down = sort is not None and sort.descending
        query = (
            select(t, CustomerRow.number, func.count().over())
            .outerjoin(CustomerRow, CustomerRow.id == t.customer_id)
            .where(t.company_id == company_id, t.status == REVIEW)
            .order_by(column.desc() if down else column.asc(), t.id.desc() if down else t.id)
            .limit(limit)
            .offset(offset)
        )
        if payer.strip():
            named = f"%{_like(payer.strip())}%"
            query = query.where(t.counterparty_name.ilike(named, escape="\\"))
        found = list(self.session.execute(query))
        lines = [_waiting(row, number) for row, number, _ in found]
        return lines, int(found[0][2]) if found else 0

    def from_customer(self, company_id: int, customer_id: int, name: str) -> list[WaitingLine]:
        """Lines waiting for review paid from an account the customer paid from before or
        bearing its name, latest first."""
        t, known = BankTransactionRow, CustomerIbanRow
        accounts = select(known.iban).where(
            known.company_id == company_id, known.customer_id == customer_id
        )
        who = t.counterparty_iban.in_(accounts) | t.counterparty_name.ilike(f"%{name}%")
        query = (
            select(t).where(t.company_id == company_id, t.status == REVIEW, who)
            .order_by(t.booking_date.desc())
        )  # fmt: skip
        return [_waiting(row, None) for row in self.session.scalars(query)]

    def line(self, company_id: int, line_id: int) -> WaitingLine | None:
        t = BankTransactionRow
        row = self.session.scalar(
            select(t).where(t.company_id == company_id, t.id == line_id, t.status == REVIEW)
        )
        return None if row is None else _waiting(row, None)

    def claim(self, company_id: int, line_id: int) -> bool:
        """Take the line out of review for this transaction; False when another decision
        took it first (PostgreSQL waits for that one's row lock, then sees it gone)."""
        t = BankTransactionRow
        result = self.session.execute(
            update(t)
            .where(t.company_id == company_id, t.id == line_id, t.status == REVIEW)
            .values(status=CLAIMED)
        )
        return bool(getattr(result, "rowcount", 0))

    def dismiss(self, line_id: int, reasons: str) -> None:
        t = BankTransactionRow
        self.session.execute(
            update(t).where(t.id == line_id).values(status=BankLineStatus.IGNORED, reasons=reasons)
        )

    def open_items(
        self,
        company_id: int,
        *,
        invoice_numbers: Sequence[str] = (),
        customer_number: str | None = None,
        limit: int = 200,
    ) -> list[tuple[int, int, OpenItem]]:
        """(invoice id, customer id, item) of open invoices named, or of one customer
        (oldest due first), with the costs and interest claimed on them."""
        i, c = InvoiceRow, CustomerRow
        query = (
            open_invoices(company_id, i.id, c.id)
            .order_by(i.due_date, i.issue_date, i.number)
            .limit(limit)
        )
        if invoice_numbers:
            query = query.where(i.number.in_(sorted(set(invoice_numbers))))
        if customer_number is not None:
            query = query.where(c.number == customer_number)
        found: list[Any] = [tuple(row) for row in self.session.execute(query)]
        claims: dict[str, Any] = {}
        for customer_id in {row[1] for row in found}:
            claims |= claims_left(self.session, company_id, customer_id=customer_id)
        return [
            (invoice_id, customer_id, with_claims(open_item(*columns), claims))
            for invoice_id, customer_id, *columns in found
        ]

    def search(self, company_id: int, term: str, *, limit: int) -> list[InvoiceChoice]:
        """Open invoices whose number starts with `term`, then those of customers whose
        number is `term` or whose name holds it. Two queries, each on its index: the
        invoice number range, and invoices by customer (an OR of both scans them all)."""
        i, c = InvoiceRow, CustomerRow
        columns = (i.number, c.number, c.name, i.currency, i.open_minor, i.due_date)
        by_number = (
            select(*columns)
            .join(c, c.id == i.customer_id)
            .where(i.company_id == company_id, i.kind == "invoice", i.number >= term,
                   i.number < term + "\uffff", i.open_minor > 0)
            .order_by(i.number)
            .limit(limit)
        )  # fmt: skip
        found = list(self.session.execute(by_number))
        if len(found) >= limit:
            return [_choice(*row) for row in found]
        # A name holds letters: without any, the term is a number (no scan of names).
        wanted = or_(c.number == term, c.name.ilike(f"%{_like(term)}%", escape="\\")) if any(
            ch.isalpha() for ch in term) else c.number == term  # fmt: skip
        customers = list(
            self.session.scalars(
                select(c.id).where(c.company_id == company_id, wanted).limit(MAX_CUSTOMERS)
            )
        )
        if customers:
            by_customer = (
                select(*columns)
                .join(c, c.id == i.customer_id)
                .where(i.customer_id.in_(customers), i.kind == "invoice", i.open_minor > 0)
                .order_by(c.number, i.due_date, i.number)
                .limit(limit)
            )
            seen = {row[0] for row in found}
            found += [row for row in self.session.execute(by_customer) if row[0] not in seen]
        return [_choice(*row) for row in found[:limit]]


def _choice(
    number: str, customer: str, name: str, currency: str, minor: int, due: date
) -> InvoiceChoice:
    return InvoiceChoice(number, customer, name, currency, from_minor(minor, currency), due)


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
