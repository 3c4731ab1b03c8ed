"""Payment history from the books, in bulk (services/receivables/history.py).

The same records the demo writes (adapters/demo/ledger.py): a payment row and its
allocation per payment, an allocation from the credit note for a set-off, the invoices'
open amounts. An import books up to hundreds of thousands of lines into a database of a
million invoices: Core statements in chunks, no ORM objects, no query per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates
from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.services.receivables.history_ports import HistoryBooking, StoredItem

LOOKUP = 500  # values per IN (...): well inside every database's limit of bound parameters
BATCH = 3000  # rows per bulk statement
REFERENCE_LENGTH = 200  # PaymentRow.reference


class SqlHistory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def items(self, company_id: int, numbers: Iterable[str]) -> list[StoredItem]:
        i, c, a = InvoiceRow, CustomerRow, AllocationRow
        paid = select(func.coalesce(func.sum(a.amount_minor), 0)).where(a.invoice_id == i.id)
        settled = select(func.coalesce(func.sum(a.amount_minor), 0)).where(a.credit_note_id == i.id)
        allocated = case(
            (i.kind == predicates.CREDIT_NOTE, settled.scalar_subquery()),
            else_=paid.scalar_subquery(),
        )
        query = (
            select(
                i.id,
                i.kind,
                i.number,
                i.customer_id,
                c.number,
                i.issue_date,
                i.due_date,
                i.currency,
                i.total_minor,
                i.prepaid_minor,
                i.open_minor,
                allocated,
            )
            .join(c, c.id == i.customer_id)
            .where(
                i.company_id == company_id,
                i.kind.in_((predicates.INVOICE, predicates.CREDIT_NOTE)),
                i.number.in_(bindparam("numbers", expanding=True)),
            )
        )
        wanted = sorted(set(numbers))
        found: list[StoredItem] = []
        for start in range(0, len(wanted), LOOKUP):
            chunk = wanted[start : start + LOOKUP]
            for row in self.session.execute(query, {"numbers": chunk}):
                (
                    item_id,
                    kind,
                    number,
                    customer_id,
                    customer_number,
                    issued,
                    due,
                    currency,
                    total,
                    prepaid,
                    open_minor,
                    allocated_minor,
                ) = tuple(row)
                found.append(
                    StoredItem(
                        item_id,
                        kind,
                        number,
                        customer_id,
                        customer_number,
                        issued,
                        due,
                        currency,
                        from_minor(total, currency),
                        from_minor(prepaid, currency),
                        from_minor(open_minor, currency),
                        from_minor(int(allocated_minor), currency),
                    )
                )
        return found

    def known_keys(self, company_id: int, keys: Iterable[str]) -> set[str]:
        a = AllocationRow
        query = select(a.history_key).where(
            a.company_id == company_id, a.history_key.in_(bindparam("keys", expanding=True))
        )
        wanted = sorted(set(keys))
        known: set[str] = set()
        for start in range(0, len(wanted), LOOKUP):
            chunk = wanted[start : start + LOOKUP]
            known.update(key for (key,) in self.session.execute(query, {"keys": chunk}) if key)
        return known

    def book(
        self,
        company_id: int,
        bookings: Sequence[HistoryBooking],
        open_amounts: Mapping[int, tuple[Decimal, str]],
    ) -> None:
        for start in range(0, len(bookings), BATCH):
            self._book_chunk(company_id, bookings[start : start + BATCH])
        changes = [
            {"item_id": item_id, "open_minor": to_minor(amount, currency)}
            for item_id, (amount, currency) in open_amounts.items()
        ]
        statement = (
            update(InvoiceRow.__table__)  # type: ignore[arg-type]
            .where(InvoiceRow.id == bindparam("item_id"))
            .values(open_minor=bindparam("open_minor"))
        )
        connection = self.session.connection()
        for start in range(0, len(changes), BATCH):
            connection.execute(statement, changes[start : start + BATCH])

    def _book_chunk(self, company_id: int, bookings: Sequence[HistoryBooking]) -> None:
        """The payments first (their ids back in order), then every allocation."""
        connection = self.session.connection()
        payments = [b for b in bookings if b.credit_note_id is None]
        ids: list[int] = []
        if payments:
            rows = [
                {
                    "company_id": company_id,
                    "customer_id": b.customer_id,
                    "paid_on": b.paid_on,
                    "amount_minor": to_minor(b.amount, b.currency),
                    "currency": b.currency,
                    "reference": (b.reference or None) and b.reference[:REFERENCE_LENGTH],
                }
                for b in payments
            ]
            ids = _inserted_ids(connection, rows)
        by_key = dict(zip((b.key for b in payments), ids, strict=True))
        allocations = [
            {
                "company_id": company_id,
                "invoice_id": b.invoice_id,
                "payment_id": by_key.get(b.key),
                "credit_note_id": b.credit_note_id,
                "amount_minor": to_minor(b.amount, b.currency),
                "allocated_on": b.paid_on,
                "history_key": b.key,
            }
            for b in bookings
        ]
        connection.execute(insert(AllocationRow.__table__), allocations)  # type: ignore[arg-type]


def _inserted_ids(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert payment rows; their ids, in the rows' order.

    PostgreSQL returns them in order (RETURNING, sorted by SQLAlchemy's sentinel). SQLite
    cannot order a many-row RETURNING and SQLAlchemy then inserts one row per statement
    (20,000 payments: 20,000 statements); instead one executemany, and the ids are the
    last ones: the transaction holds SQLite's write lock from its first insert, so no
    one else inserts, and a table without AUTOINCREMENT gives each new row max(id) + 1.
    """
    table = PaymentRow.__table__
    if connection.dialect.name != "sqlite":
        returning = insert(table).returning(  # type: ignore[arg-type]
            PaymentRow.id, sort_by_parameter_order=True
        )
        return [int(payment_id) for payment_id in connection.execute(returning, rows).scalars()]
    connection.execute(insert(table), rows)  # type: ignore[arg-type]
    last = int(connection.scalar(select(func.max(PaymentRow.id))) or 0)
    return list(range(last - len(rows) + 1, last + 1))
