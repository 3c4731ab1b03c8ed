"""The workspace's invoice list and its customer list in any order
(services/read_models/lists.py): one Core statement
filters and sorts, a page adds its limit, the export reads the same statement in
batches. The default (open, by due date) walks the partial index of the open invoices
by due date (`ix_invoices_open_due`), so a page of a million invoices stops early."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Engine, Select, func, or_, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.paging import count, paged
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.views.balances import (
    balance_figures,
    customer_amounts,
    customer_matches,
    open_items,
)
from tijdig.services.read_models.balances import CustomerFilter, CustomerLine
from tijdig.services.read_models.common import Page, Window
from tijdig.services.read_models.lists import (
    CUSTOMER_DEFAULT,
    InvoiceFilter,
    InvoiceLine,
    InvoiceState,
    Sort,
)

BATCH = 2000  # rows the export fetches at a time

_I, _C = InvoiceRow, CustomerRow
INVOICE_COLUMNS: dict[str, Any] = {
    "number": _I.number, "customer": _C.name, "issued": _I.issue_date, "due": _I.due_date,
    "total": _I.total_minor, "open": _I.open_minor,
}  # fmt: skip


def _where(
    company_id: int, wanted: InvoiceFilter, as_of: date, *, by_customer: bool = False
) -> list[ColumnElement[bool]]:
    # By customer, the customers lead (their name index) and each one's invoices follow
    # by its own index: `+ 0` keeps SQLite's planner from starting at an invoice index
    # on the company (it did, with statistics: 7.6 s for a page of 1,000,000 invoices).
    company = _I.company_id + 0 if by_customer else _I.company_id
    where: list[ColumnElement[bool]] = [company == company_id]
    if wanted.state is not InvoiceState.ALL:
        where.append(p.is_open())
    if wanted.state is InvoiceState.OVERDUE:
        where.append(p.is_overdue(as_of))
    if wanted.due_from is not None:
        where.append(_I.due_date >= wanted.due_from)
    if wanted.due_to is not None:
        where.append(_I.due_date <= wanted.due_to)
    if wanted.currency:
        where.append(_I.currency == wanted.currency)
    text = wanted.search.strip()
    if text:
        # the customers found first (a set), so counting needs no join of every invoice
        customers = select(_C.id).where(
            _C.company_id == company_id, _C.number.startswith(text, autoescape=True)
        )
        where.append(or_(_I.number.startswith(text, autoescape=True),
                         _I.customer_id.in_(customers)))  # fmt: skip
    return where


InvoiceColumns = Select[str, str, str, str, date, date, str, int, int]


def _invoices(company_id: int, wanted: InvoiceFilter, sort: Sort, as_of: date) -> InvoiceColumns:
    """In the order asked, ties by id: each order walks an index (schema/ledger.py,
    `LIST_SORTS`) and stops after a page. By customer: the customers by name (their
    index), each one's invoices by due date, so one customer's invoices stay together."""
    by_customer = sort.key == "customer"
    columns = [INVOICE_COLUMNS[sort.key], _I.id]
    if by_customer:
        columns = [_C.name, _C.number, _I.due_date, _I.id]
    order = [c.desc() if sort.descending else c.asc() for c in columns]
    return (
        select(_I.number, _I.kind, _C.number, _C.name, _I.issue_date, _I.due_date,
               _I.currency, _I.total_minor, _I.open_minor)
        .join(_C, _C.id == _I.customer_id)
        # the customer's company too, so that the planner may walk the customers' index
        .where(*_where(company_id, wanted, as_of, by_customer=by_customer),
               _C.company_id == company_id)
        .order_by(*order)
    )  # fmt: skip


def _line(row: Any) -> InvoiceLine:
    number, kind, customer, name, issued, due, currency, total, open_minor = row
    return InvoiceLine(number, kind, customer, name, issued, due, currency,
                       from_minor(total, currency), from_minor(open_minor, currency))  # fmt: skip


# --- customers, in any order but the default (views/balances.py: largest overdue first) ---

# By a customer's own column the page is cut from the customers' index and the balance
# figures are asked for its customers alone: an aggregate over every open invoice first
# cost 300 ms a page at 1,000,000 invoices. (Not null: NULLS LAST would defeat the index.)
CUSTOMER_OWN: dict[str, Any] = {"number": _C.number, "name": _C.name, "country": _C.country}


def _own_order(company_id: int, wanted: CustomerFilter, sort: Sort, as_of: date) -> Select[Any]:
    column = CUSTOMER_OWN[sort.key]
    order = column.desc() if sort.descending else column.asc()
    return cast(
        "Select[Any]",
        select(_C.id, _C.number, _C.name, _C.country, _C.credit_hold)
        .where(*customer_matches(company_id, wanted, as_of))
        .order_by(order, _C.number),
    )


def _is_own_order(wanted: CustomerFilter, sort: Sort) -> bool:
    return sort.key in CUSTOMER_OWN and not wanted.overdue_only


def _late_and_oldest(
    session: Session, company_id: int, rows: list[tuple[Any, ...]], as_of: date
) -> list[tuple[Any, ...]]:
    """The rows with their customers' overdue invoice count and oldest overdue due date
    (the columns the aggregate gives in the other orders), for one page or batch."""
    ids = [row[0] for row in rows]
    figures = balance_figures(as_of)
    query = (
        select(_I.customer_id, figures[2], figures[3])
        .where(*open_items(company_id), _I.customer_id.in_(ids))
        .group_by(_I.customer_id)
    )
    found = {cid: (late, oldest) for cid, late, oldest in session.execute(query)}
    return [(*row, *found.get(row[0], (None, None))) for row in rows]


CUSTOMER_BATCH = 500  # customers whose amounts an export reads at a time


def _customers(company_id: int, wanted: CustomerFilter, sort: Sort, as_of: date) -> Select[Any]:
    """Every customer the filter finds, with its open items' figures (none: zero), in
    the order asked; ties by number. The default order puts those with open items first,
    as the list's own query does (views/balances.py)."""
    i = InvoiceRow
    balance = (
        select(i.customer_id.label("cid"), *balance_figures(as_of))
        .where(*open_items(company_id))
        .group_by(i.customer_id)
        .subquery()
    )
    zero = func.coalesce
    columns: dict[str, Any] = {
        "number": _C.number, "name": _C.name, "country": _C.country,
        "overdue": zero(balance.c.overdue, 0), "open": zero(balance.c.open, 0),
        "late": zero(balance.c.late, 0), "oldest": balance.c.oldest,
    }  # fmt: skip
    column = columns[sort.key]
    order = [column.desc().nulls_last() if sort.descending else column.asc().nulls_last()]
    if sort == CUSTOMER_DEFAULT:
        order = [balance.c.cid.is_(None), *order, zero(balance.c.open, 0).desc()]
    query = (
        select(_C.id, _C.number, _C.name, _C.country, _C.credit_hold, balance.c.late,
               balance.c.oldest)
        .outerjoin(balance, balance.c.cid == _C.id)
        .where(*customer_matches(company_id, wanted, as_of))
        .order_by(*order, _C.number)
    )  # fmt: skip
    return query.where(balance.c.late > 0) if wanted.overdue_only else query


class SqlLists:
    """Read-only; one connection per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def invoice_page(
        self, company_id: int, wanted: InvoiceFilter, sort: Sort, window: Window, *, as_of: date
    ) -> Page[InvoiceLine]:
        query = _invoices(company_id, wanted, sort, as_of)
        # the count needs no customer's row: the invoices (and their indexes) alone
        alone = select(func.count()).select_from(_I).where(*_where(company_id, wanted, as_of))
        with self.engine.connect() as conn:
            rows = conn.execute(paged(query, window)).all()
            total = conn.scalar(alone)
        return Page(tuple(_line(r) for r in rows), int(total or 0))

    def invoice_rows(
        self, company_id: int, wanted: InvoiceFilter, sort: Sort, *, as_of: date
    ) -> Iterator[InvoiceLine]:
        query = _invoices(company_id, wanted, sort, as_of)
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=BATCH).execute(query)
            for row in result:
                yield _line(row)

    def customer_page(
        self, company_id: int, wanted: CustomerFilter, sort: Sort, window: Window, *, as_of: date
    ) -> Page[CustomerLine]:
        own = _is_own_order(wanted, sort)
        query = (_own_order if own else _customers)(company_id, wanted, sort, as_of)
        with Session(self.engine) as session:
            rows = [tuple(r) for r in session.execute(paged(query, window))]
            if own:
                rows = _late_and_oldest(session, company_id, rows, as_of)
            # Every customer the filter finds is listed (those without open items too):
            # counted from the customers alone, not by the whole query again.
            counted = query
            if not wanted.overdue_only:
                counted = select(_C.id).where(*customer_matches(company_id, wanted, as_of))
            total = count(session, counted)
            return Page(tuple(customer_amounts(session, company_id, rows, as_of)), total)

    def customer_rows(
        self, company_id: int, wanted: CustomerFilter, sort: Sort, *, as_of: date
    ) -> Iterator[CustomerLine]:
        own = _is_own_order(wanted, sort)
        query = (_own_order if own else _customers)(company_id, wanted, sort, as_of)
        with Session(self.engine) as session:
            result = session.execute(query.execution_options(yield_per=CUSTOMER_BATCH))
            for batch in result.partitions():
                rows = [tuple(r) for r in batch]
                if own:
                    rows = _late_and_oldest(session, company_id, rows, as_of)
                yield from customer_amounts(session, company_id, rows, as_of)
