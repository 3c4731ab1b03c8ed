"""The workspace's read queries: the customer list, the dashboard's queues, one invoice.

The customer list sorts 100,000 customers by their overdue amount: one aggregate over
the open invoices only (the partial index `ix_invoices_open_due` finds them), joined to
the customers that pass the filter, with the page cut off by LIMIT/OFFSET in SQL and the
count taken by a window function in the same pass. Customers without open invoices
come after, by number, from the customers' own (company_id, number) index.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, Engine, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from tijdig.domain.invoices import Invoice
from tijdig.engine.model import CustomerState
from tijdig.services.workspace import (
    AgendaLine,
    Amount,
    CustomerFilter,
    CustomerLine,
    Queues,
    StatementDate,
    WaitingRun,
)

from . import converters as conv
from .banking_rows import BankTransactionRow
from .collection_rows import BankStatementRow, RunItemRow, RunRow, TaskRow
from .customer_state import load_customer_state
from .rows import CustomerRow, InvoiceRow

Line = tuple[int, str, str, str, bool, int, date | None]


def _matches(company_id: int, wanted: CustomerFilter) -> list[ColumnElement[bool]]:
    c = CustomerRow
    where: list[ColumnElement[bool]] = [c.company_id == company_id]
    if wanted.on_hold:
        where.append(c.credit_hold.is_(True))
    text = wanted.search.strip().lower()
    if text:
        where.append(
            or_(
                func.lower(c.number).startswith(text, autoescape=True),
                func.lower(c.name).contains(text, autoescape=True),
            )
        )
    return where


def _with_open_ids(company_id: int) -> Select[int]:
    """Customers with open items: one set, built once per query (NOT IN), rather than a
    probe of every customer's invoices (NOT EXISTS) on a list of 100,000."""
    i = InvoiceRow
    return select(i.customer_id).where(i.company_id == company_id, i.open_minor != 0)


class SqlWorkspace:
    """Read-only; one short session per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- the customer list ---------------------------------------------------------------

    def customer_page(
        self, company_id: int, wanted: CustomerFilter, *, as_of: date, limit: int, offset: int
    ) -> tuple[list[CustomerLine], int]:
        with Session(self.engine) as session:
            lines, with_open = self._with_open(session, company_id, wanted, as_of, limit, offset)
            if wanted.overdue_only:
                return self._amounts(session, lines, as_of), with_open
            matching = session.scalar(
                select(func.count()).select_from(CustomerRow).where(*_matches(company_id, wanted))
            )
            total = max(int(matching or 0), with_open)
            if len(lines) < limit and offset + len(lines) < total:
                rest = max(0, offset - with_open)
                lines += self._without_open(session, company_id, wanted, limit - len(lines), rest)
            return self._amounts(session, lines, as_of), total

    def _with_open(
        self,
        session: Session,
        company_id: int,
        wanted: CustomerFilter,
        as_of: date,
        limit: int,
        offset: int,
    ) -> tuple[list[Line], int]:
        """The page's customers with open items, largest overdue first, and their count."""
        query = _balances(company_id, wanted, as_of).limit(limit).offset(offset)
        rows = session.execute(query).all()
        if rows:
            return [tuple(r[:7]) for r in rows], int(rows[0][7])  # type: ignore[misc]
        count = select(func.count()).select_from(
            _balances(company_id, wanted, as_of).order_by(None).subquery()
        )
        return [], int(session.scalar(count) or 0)

    def _without_open(
        self, session: Session, company_id: int, wanted: CustomerFilter, limit: int, offset: int
    ) -> list[Line]:
        c = CustomerRow
        query = (
            select(c.id, c.number, c.name, c.country, c.credit_hold)
            .where(*_matches(company_id, wanted), c.id.not_in(_with_open_ids(company_id)))
            .order_by(c.number)
            .limit(limit)
            .offset(offset)
        )
        return [(*tuple(r), 0, None) for r in session.execute(query)]  # type: ignore[misc]

    def _amounts(self, session: Session, lines: list[Line], as_of: date) -> list[CustomerLine]:
        """Open and overdue per currency for the customers shown (at most one page)."""
        i = InvoiceRow
        ids = [line[0] for line in lines]
        overdue = (i.kind == "invoice") & (i.due_date < as_of)
        signed = case((i.kind == "credit_note", -i.open_minor), else_=i.open_minor)
        query = (
            select(i.customer_id, i.currency, func.sum(signed),
                   func.sum(case((overdue, i.open_minor), else_=0))
                   + func.sum(case((i.kind == "credit_note", -i.open_minor), else_=0)))
            .where(i.customer_id.in_(ids), i.open_minor != 0)
            .group_by(i.customer_id, i.currency)
            .order_by(i.customer_id, i.currency)
        )  # fmt: skip
        found: dict[int, list[Amount]] = defaultdict(list)
        for cid, currency, total, due in session.execute(query) if ids else ():
            found[cid].append(
                Amount(
                    currency,
                    conv.from_minor(int(total), currency),
                    conv.from_minor(max(0, int(due or 0)), currency),
                )
            )
        return [
            CustomerLine(number, name, country, bool(hold), int(n or 0), oldest,
                         tuple(found.get(cid, ())))
            for cid, number, name, country, hold, n, oldest in lines
        ]  # fmt: skip

    # --- the dashboard ----------------------------------------------------------------------

    # --- the dashboard's queues -------------------------------------------------------------

    def queues(self, company_id: int, *, as_of: date, agenda_limit: int) -> Queues:
        with Session(self.engine) as session:
            t = TaskRow
            due = and_(t.company_id == company_id, t.done_on.is_(None), t.due_on <= as_of)
            agenda_count = session.scalar(select(func.count()).select_from(t).where(due))
            first = session.execute(
                select(t.id, t.kind, t.due_on, t.title, CustomerRow.number, CustomerRow.name)
                .join(CustomerRow, CustomerRow.id == t.customer_id)
                .where(due)
                .order_by(t.due_on, t.id)
                .limit(agenda_limit)
            )
            return Queues(
                agenda_count=int(agenda_count or 0),
                agenda=tuple(AgendaLine(*row) for row in first),
                runs=tuple(self._waiting_runs(session, company_id)),
                bank_review=int(
                    session.scalar(
                        select(func.count()).where(
                            BankTransactionRow.company_id == company_id,
                            BankTransactionRow.status == "review",
                        )
                    )
                    or 0
                ),
                statements=tuple(self._statements(session, company_id)),
            )

    def _waiting_runs(self, session: Session, company_id: int) -> list[WaitingRun]:
        r, item = RunRow, RunItemRow
        query = (
            select(r.id, r.as_of, func.count(item.id))
            .join(item, and_(item.run_id == r.id, item.status == "proposed"))
            .where(r.company_id == company_id)
            .group_by(r.id, r.as_of)
            .order_by(r.id.desc())
        )
        return [WaitingRun(run_id, day, int(n)) for run_id, day, n in session.execute(query)]

    def _statements(self, session: Session, company_id: int) -> list[StatementDate]:
        s = BankStatementRow
        query = (
            select(s.account_iban, func.max(s.statement_date))
            .where(s.company_id == company_id)
            .group_by(s.account_iban)
            .order_by(s.account_iban)
        )
        return [StatementDate(iban, day) for iban, day in session.execute(query)]

    # --- one customer ---------------------------------------------------------------------

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None:
        with Session(self.engine) as session:
            return load_customer_state(session, company_id, customer_id, as_of=as_of)

    def customer_waiting(self, company_id: int, customer_id: int) -> bool:
        """An approved message for the customer not yet sent (the run holds a new one)."""
        item = RunItemRow
        query = select(
            exists().where(
                item.company_id == company_id,
                item.customer_id == customer_id,
                item.kind == "message",
                item.status.in_(("approved", "queued")),
            )
        )
        with Session(self.engine) as session:
            return bool(session.scalar(query))

    def last_statement_on(self, company_id: int) -> date | None:
        query = select(func.max(BankStatementRow.statement_date)).where(
            BankStatementRow.company_id == company_id
        )
        with Session(self.engine) as session:
            return session.scalar(query)

    def invoice(self, company_id: int, customer_id: int, number: str) -> Invoice | None:
        """The customer's invoice (else credit note) with this number; None if not theirs."""
        i = InvoiceRow
        query = (
            select(i, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == i.customer_id)
            .where(i.company_id == company_id, i.customer_id == customer_id, i.number == number)
            .order_by(i.kind.desc())
            .limit(1)
        )
        with Session(self.engine) as session:
            found = session.execute(query).first()
            return None if found is None else conv.invoice_from_row(found[0], found[1])


def _balances(company_id: int, wanted: CustomerFilter, as_of: date) -> Select[tuple[object, ...]]:
    """Customers with open items and their totals, sorted, with the total row count."""
    i, c = InvoiceRow, CustomerRow
    overdue = (i.kind == "invoice") & (i.due_date < as_of)
    signed = case((i.kind == "credit_note", -i.open_minor), else_=i.open_minor)
    balance = (
        select(
            i.customer_id.label("cid"),
            func.sum(case((overdue, i.open_minor), else_=0)).label("overdue"),
            func.sum(signed).label("open"),
            func.sum(case((overdue, 1), else_=0)).label("late"),
            func.min(case((overdue, i.due_date), else_=None)).label("oldest"),
        )
        .where(i.company_id == company_id, i.open_minor != 0)
        .group_by(i.customer_id)
        .subquery()
    )
    query = (
        select(c.id, c.number, c.name, c.country, c.credit_hold, balance.c.late,
               balance.c.oldest, func.count().over())
        .join(balance, balance.c.cid == c.id)
        .where(*_matches(company_id, wanted))
        .order_by(balance.c.overdue.desc(), balance.c.open.desc(), c.number)
    )  # fmt: skip
    if wanted.overdue_only:
        query = query.where(balance.c.late > 0)
    return query
