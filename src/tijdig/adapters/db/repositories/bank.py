"""Bank statements and their transactions: stored once (dedup keys), per company. The
new lines an import books arrive as drafts (services/bank/drafts.py) and go in as rows
in one executemany."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Date, Insert, Table, Update, bindparam, func, insert, select, text, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import BankStatementRow
from tijdig.adapters.db.schema.ledger import BankAccountRow
from tijdig.domain.banking import AccountBalance, BankStatement
from tijdig.domain.money import Money, minor_units, round_half_up
from tijdig.domain.reason_texts import say_all
from tijdig.domain.reasons import Reason, many_to_json
from tijdig.matching.model import Suggestion
from tijdig.services.bank.drafts import LineOutcome, NewLine


class SqlBank:
    def __init__(self, session: Session) -> None:
        self.session = session

    def owner_of(self, iban: str) -> int | None:
        """The company whose bank account this is."""
        return self.session.scalar(
            select(BankAccountRow.company_id).where(BankAccountRow.iban == iban).limit(1)
        )

    def add_account(self, company_id: int, iban: str) -> None:
        self.session.add(BankAccountRow(company_id=company_id, iban=iban))
        self.session.flush()

    def last_closing(self, company_id: int, iban: str) -> tuple[date, Decimal] | None:
        """The closing date and balance of the account's latest statement."""
        row = self.session.execute(
            select(BankStatementRow.statement_date, BankStatementRow.closing_minor,
                   BankStatementRow.currency)
            .where(BankStatementRow.company_id == company_id,
                   BankStatementRow.account_iban == iban,
                   BankStatementRow.closing_minor.is_not(None))
            .order_by(BankStatementRow.statement_date.desc(), BankStatementRow.id.desc())
            .limit(1)
        ).first()  # fmt: skip
        if row is None or row[1] is None:
            return None
        return row[0], from_minor(row[1], row[2])

    def add_statement(
        self, company_id: int, statement: BankStatement, *, filename: str, imported_at: datetime
    ) -> int:
        cur = statement.currency
        row = BankStatementRow(
            company_id=company_id, account_iban=statement.account,
            statement_date=statement.last_date or imported_at.date(), imported_at=imported_at,
            statement_ref=statement.statement_id, currency=cur,
            opening_minor=_minor(statement.opening_balance, cur),
            closing_minor=_minor(statement.closing_balance, cur),
            opening_date=statement.opening_date, format=statement.format.value,
            filename=filename[:255], reconciles=statement.reconciles,
            closing_derived=statement.closing_derived,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def has_statement(self, company_id: int, statement: BankStatement) -> bool:
        """A statement of this account with the same reference, days and balances is
        stored already (how a statement without lines is known again)."""
        cur = statement.currency
        row = BankStatementRow
        found = self.session.scalar(
            select(row.id).where(
                row.company_id == company_id, row.account_iban == statement.account,
                row.currency == cur,
                _same(row.statement_ref, statement.statement_id),
                _same(row.opening_date, statement.opening_date),
                # undated, it was stored as of the day it came: any day is the same
                true() if statement.last_date is None
                else row.statement_date == statement.last_date,
                _same(row.opening_minor, _minor(statement.opening_balance, cur)),
                _same(row.closing_minor, _minor(statement.closing_balance, cur)),
            ).limit(1)
        )  # fmt: skip
        return found is not None

    def known_keys(self, company_id: int, keys: Iterable[str]) -> set[str]:
        wanted = sorted(set(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            found.update(
                self.session.scalars(
                    select(BankTransactionRow.dedup_key).where(
                        BankTransactionRow.company_id == company_id,
                        BankTransactionRow.dedup_key.in_(wanted[start : start + 500]),
                    )
                )
            )
        return found

    def add_lines(
        self,
        lines: Sequence[NewLine],
        *,
        ids: Sequence[int] | None = None,
        outcomes: Mapping[int, LineOutcome] | None = None,
        payments: Mapping[int, int] | None = None,
    ) -> None:
        """Insert new lines in bulk: with the `ids` `reserve_ids` gave them (one per line),
        each with its outcome when matching decided it and the payment booked from it."""
        if ids is None:
            rows = [_line_row(line) for line in lines]
        else:
            found, paid = outcomes or {}, payments or {}
            rows = [
                _line_row(line, i, found.get(i), paid.get(i))
                for line, i in zip(lines, ids, strict=True)
            ]
        insert_many(self.session, BankTransactionRow.__table__, rows)

    def reserve_ids(self, count: int) -> list[int]:
        """`count` fresh ids for lines inserted later in this transaction, so what refers
        to a line (its payment) can be written before the line itself.

        PostgreSQL draws them from the column's sequence. SQLite continues after the
        highest id: the import has written its statements by now, so it holds the
        database's write lock and no other writer can take the same ids before commit."""
        if count <= 0:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            query = text(
                "SELECT nextval(pg_get_serial_sequence('bank_transactions', 'id')) "
                "FROM generate_series(1, :count)"
            )
            return sorted(self.session.scalars(query, {"count": count}))
        last = self.session.scalar(select(func.max(BankTransactionRow.id))) or 0
        return list(range(last + 1, last + 1 + count))

    def accounts(self, company_id: int) -> list[AccountBalance]:
        """Per account: the last statement date, its closing balance (derived or not) and
        currency."""
        s = BankStatementRow
        latest = (
            select(s.account_iban, func.max(s.statement_date).label("day"))
            .where(s.company_id == company_id)
            .group_by(s.account_iban)
            .subquery()
        )
        query = (
            select(s.account_iban, s.statement_date, s.closing_minor, s.currency,
                   s.closing_derived)
            .join(latest, (latest.c.account_iban == s.account_iban)
                  & (latest.c.day == s.statement_date))
            .where(s.company_id == company_id)
            .order_by(s.account_iban, s.id.desc())
        )  # fmt: skip
        seen: dict[str, AccountBalance] = {}
        for iban, day, minor, cur, derived in self.session.execute(query):
            if iban not in seen:
                balance = None if minor is None else from_minor(minor, cur)
                seen[iban] = AccountBalance(iban, day, balance, cur, derived=bool(derived))
        return list(seen.values())


def _same(column: Any, value: object) -> Any:
    """`column = value`, where a missing value matches a missing one."""
    return column.is_(None) if value is None else column == value


def _minor(amount: Decimal | None, currency: str) -> int | None:
    return None if amount is None else to_minor(amount, currency)


def minor_amount(amount: Decimal, currency: str) -> int:
    """`to_minor`, without a Money per call: half a million calls in a large import."""
    places = _places(currency)
    return int(round_half_up(amount, places).scaleb(places))


@cache
def _places(currency: str) -> int:
    Money(currency, Decimal(0))  # refuses what is no ISO 4217 code, as Money would
    return minor_units(currency)


def _line_row(
    line: NewLine,
    line_id: int | None = None,
    outcome: LineOutcome | None = None,
    payment_id: int | None = None,
) -> dict[str, Any]:
    """The row of a new line (with its id when it has one), and its outcome if decided."""
    tx = line.transaction
    row = {
        "company_id": line.company_id, "statement_id": line.statement_id,
        "account_iban": line.account, "booking_date": tx.booking_date,
        "value_date": tx.value_date, "amount_minor": minor_amount(tx.amount, tx.currency),
        "currency": tx.currency,
        "counterparty_name": (tx.counterparty_name or None) and tx.counterparty_name[:200],
        "counterparty_iban": tx.counterparty_iban,
        "structured_reference": tx.structured_reference, "remittance": tx.remittance,
        "bank_reference": tx.bank_reference, "end_to_end_id": tx.end_to_end_id,
        "return_reason": tx.return_reason, "is_reversal": tx.is_reversal,
        "dedup_key": line.dedup_key,
    }  # fmt: skip
    if outcome is None:
        row.update(status=line.status.value, customer_id=None, payment_id=None, confidence=None,
                   reasons="", suggestions="[]")  # fmt: skip
    else:
        row.update(status=outcome.status.value, customer_id=outcome.customer_id,
                   payment_id=payment_id, confidence=outcome.confidence,
                   reasons=reasons_column(outcome.reasons),
                   suggestions=suggestions_json(outcome.suggestions))  # fmt: skip
    if line_id is not None:
        row["id"] = line_id
    return row


def outcome_values(outcome: LineOutcome, payment_id: int | None) -> dict[str, Any]:
    """The columns of a line that say what became of it."""
    return {
        "status": outcome.status.value, "customer_id": outcome.customer_id,
        "payment_id": payment_id, "confidence": outcome.confidence,
        "reasons": reasons_column(outcome.reasons),
        "suggestions": suggestions_json(outcome.suggestions),
    }  # fmt: skip


def reasons_column(reasons: tuple[Reason, ...] | str) -> str:
    """Matching's codes as JSON (the review queue says them in the reader's language), or
    the plain words a decided line keeps."""
    return reasons if isinstance(reasons, str) else json.dumps(many_to_json(reasons))


def suggestions_json(suggestions: Sequence[Suggestion]) -> str:
    """A review line's suggestions, as the review queue reads them back."""
    if not suggestions:
        return "[]"
    return json.dumps([
        {"customer": s.customer_number, "confidence": str(s.confidence),
         "reason": say_all(s.reasons), "reasons": many_to_json(s.reasons),
         "overpayment": str(s.overpayment),
         "allocations": [{k: str(v) for k, v in asdict(a).items()} for a in s.allocations]}
        for s in suggestions
    ])  # fmt: skip


def insert_many(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys, in one executemany. Not the ORM's bulk
    insert: that starts a new statement whenever the pattern of NULLs changes."""
    assert isinstance(table, Table)
    if rows:
        columns = list(rows[0])
        execute_many(session, insert(table).values({c: bindparam(c) for c in columns}), rows)


def execute_many(
    session: Session, statement: Insert | Update, rows: Sequence[dict[str, Any]]
) -> None:
    """Run `statement` once per row (dicts of its bound parameters), in one executemany.

    On SQLite the statement is compiled once and the driver gets plain tuples: for the
    hundreds of thousands of rows an import writes, SQLAlchemy's per-row parameter
    processing costs more than SQLite's own work (the demo loader does the same).
    Dates go in as ISO text, the form SQLAlchemy stores them in on SQLite."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(statement, list(rows))
        return
    compiled = statement.compile(connection)
    assert isinstance(compiled, SQLCompiler) and compiled.positiontup is not None
    names = compiled.positiontup
    dates = [isinstance(compiled.binds[n].type, Date) for n in names]
    values = [
        tuple(_iso(row[n]) if is_date else row[n] for n, is_date in zip(names, dates, strict=True))
        for row in rows
    ]
    connection.exec_driver_sql(str(compiled), values)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
