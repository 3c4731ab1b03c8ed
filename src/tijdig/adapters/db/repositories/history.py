"""Payment history from the books, in bulk (services/receivables/history.py).

The same records the demo writes (adapters/demo/ledger.py): a payment row and its
allocation per payment, an allocation from the credit note for a set-off, the invoices'
open amounts. An import books up to hundreds of thousands of lines into a database of a
million invoices: Core statements in chunks, no ORM objects, no query per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.domain.money import minor_units
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
                        id=item_id,
                        kind=kind,
                        number=number,
                        customer_id=customer_id,
                        customer_number=customer_number,
                        issue_date=issued,
                        due_date=due,
                        currency=currency,
                        total=_amount(total, currency),
                        prepaid=_amount(prepaid, currency),
                        open_amount=_amount(open_minor, currency),
                        allocated=_amount(int(allocated_minor), currency),
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
        connection = self.session.connection()
        writer = _Writer(connection)
        with writer.large_cache():
            for start in range(0, len(bookings), BATCH):
                self._book_chunk(writer, company_id, bookings[start : start + BATCH])
            changes = [
                (_minor(amount, currency), item_id)
                for item_id, (amount, currency) in sorted(open_amounts.items())
            ]
            for start in range(0, len(changes), BATCH):
                writer.many(_OPEN_UPDATE, ("open_minor", "item_id"), changes[start : start + BATCH])

    def _book_chunk(
        self, writer: _Writer, company_id: int, bookings: Sequence[HistoryBooking]
    ) -> None:
        """The payments first (their ids back in order), then every allocation."""
        payments = [b for b in bookings if b.credit_note_id is None]
        rows = [
            (company_id, b.customer_id, writer.day(b.paid_on), _minor(b.amount, b.currency),
             b.currency, (b.reference or None) and b.reference[:REFERENCE_LENGTH])
            for b in payments
        ]  # fmt: skip
        by_key = dict(zip((b.key for b in payments), writer.payments(rows), strict=True))
        allocations = [
            (company_id, b.invoice_id, by_key.get(b.key), b.credit_note_id,
             _minor(b.amount, b.currency), writer.day(b.paid_on), b.key)
            for b in bookings
        ]  # fmt: skip
        writer.many(_insert(AllocationRow.__table__, _ALLOCATION_COLUMNS), _ALLOCATION_COLUMNS,
                    allocations)  # fmt: skip


_PAYMENT_COLUMNS = ("company_id", "customer_id", "paid_on", "amount_minor", "currency", "reference")
_ALLOCATION_COLUMNS = ("company_id", "invoice_id", "payment_id", "credit_note_id",
                       "amount_minor", "allocated_on", "history_key")  # fmt: skip
_OPEN_UPDATE = (
    update(InvoiceRow.__table__)  # type: ignore[arg-type]
    .where(InvoiceRow.id == bindparam("item_id"))
    .values(open_minor=bindparam("open_minor"))
)
SQLITE_CACHE_KIB = 262_144  # page cache while booking: the indexes of a large ledger fit


def _insert(table: Any, columns: Sequence[str]) -> Any:
    """An insert of exactly these columns, their parameters in this order."""
    return insert(table).values({c: bindparam(c) for c in columns})


def _amount(minor: int, currency: str) -> Decimal:
    """`converters.from_minor` without a Money per value."""
    return Decimal(minor).scaleb(-minor_units(currency))


def _minor(amount: Decimal, currency: str) -> int:
    """Minor units of an amount the service checked (at most the currency's decimals):
    `Money.to_minor` without a Money per row (hundreds of thousands of them)."""
    return int(amount.scaleb(minor_units(currency)))


class _Writer:
    """Bulk statements for the dialect. SQLite gets the Core-compiled statement with
    plain tuples (as the demo loader does): SQLAlchemy's per-row parameter processing
    cost as much as SQLite's own work. Elsewhere the tuples become dicts."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"

    def day(self, value: date) -> date | str:
        """A date as the dialect's driver takes it (SQLite: ISO text, as SQLAlchemy
        stores it; the sqlite3 driver's own date adapter is deprecated)."""
        return value.isoformat() if self.sqlite else value

    @contextmanager
    def large_cache(self) -> Iterator[None]:
        """On SQLite, a page cache that holds the indexes the inserts land in at random
        (the customer's payments, the invoice's allocations, the history keys); the
        connection's own size again afterwards, before it goes back to the pool."""
        if not self.sqlite:
            yield
            return
        before = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
        self.connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            self.connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")

    def many(self, statement: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if not self.sqlite:
            self.connection.execute(statement, [dict(zip(columns, r, strict=True)) for r in rows])
            return
        compiled = statement.compile(self.connection)
        if list(compiled.positiontup) != list(columns):
            raise RuntimeError("compiled parameter order differs from the columns given")
        self.connection.exec_driver_sql(str(compiled), rows)

    def payments(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert payment rows; their ids, in the rows' order.

        PostgreSQL returns them in order (RETURNING, sorted by SQLAlchemy's sentinel).
        SQLite cannot order a many-row RETURNING, and SQLAlchemy then inserts one row per
        statement; instead one executemany, and the ids are the last ones: the
        transaction holds SQLite's write lock from its first insert, so no one else
        inserts, and a table without AUTOINCREMENT gives each new row max(id) + 1.
        """
        if not rows:
            return []
        table = PaymentRow.__table__
        if not self.sqlite:
            returning = insert(table).returning(  # type: ignore[arg-type]
                PaymentRow.id, sort_by_parameter_order=True
            )
            values = [dict(zip(_PAYMENT_COLUMNS, r, strict=True)) for r in rows]
            return [int(i) for i in self.connection.execute(returning, values).scalars()]
        self.many(_insert(table, _PAYMENT_COLUMNS), _PAYMENT_COLUMNS, rows)
        last = int(self.connection.scalar(select(func.max(PaymentRow.id))) or 0)
        return list(range(last - len(rows) + 1, last + 1))
