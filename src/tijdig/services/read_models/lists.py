"""What the workspace's lists share: the column a list is sorted on and which way,
checked against the columns the list offers, and the invoice list (`/invoices`, its
CSV and Excel export): filtered, sorted and paged in SQL (adapters/db/views/lists.py),
so the page stays fast on a million invoices and the export holds exactly the rows the
filter finds, in the order shown."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.read_models.balances import (
    Balances,
    CustomerFilter,
    CustomerLine,
    CustomerPage,
    check_page,
    list_customers,
)
from tijdig.services.read_models.common import Page, Window, company_id_of

MAX_SEARCH = 100


@dataclass(frozen=True, slots=True)
class Sort:
    """The column a list is sorted on, and whether the largest (latest, Z) comes first."""

    key: str
    descending: bool = False


def sort_of(key: str, direction: str, *, offered: Sequence[str], default: Sort) -> Sort:
    """The sort asked for in the URL (`sort`, `dir`), the list's default without one."""
    if not key:
        return default
    if key not in offered:
        raise InvalidValue("sort", Refusal.ONE_OF, value=key, allowed=", ".join(offered))
    if direction not in ("", "asc", "desc"):
        raise InvalidValue("dir", Refusal.ONE_OF, value=direction, allowed="asc, desc")
    return Sort(key, direction == "desc")


DISPUTE_SORTS = ("invoice", "customer", "reason", "opened", "amount")
DISPUTE_DEFAULT = Sort("opened")  # the oldest first


BANK_SORTS = ("date", "amount", "payer")
BANK_DEFAULT = Sort("date")  # the oldest first


class InvoiceState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    ALL = "all"


INVOICE_SORTS = ("number", "customer", "issued", "due", "total", "open")
INVOICE_DEFAULT = Sort("due")


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """`search`: the invoice number from its start, or the customer's number from its
    start; `state`: open, overdue on the day, or every invoice; due between two days."""

    search: str = ""
    state: InvoiceState = InvoiceState.OPEN
    due_from: date | None = None
    due_to: date | None = None
    currency: str = ""

    def __post_init__(self) -> None:
        if len(self.search) > MAX_SEARCH:
            raise InvalidValue("q", Refusal.AT_MOST_CHARACTERS, length=MAX_SEARCH)


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    number: str
    kind: str  # invoice | credit_note
    customer_number: str
    customer_name: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    open_amount: Decimal


class ListQueries(Protocol):
    def invoice_page(
        self, company_id: int, wanted: InvoiceFilter, sort: Sort, window: Window, *, as_of: date
    ) -> Page[InvoiceLine]: ...
    def invoice_rows(
        self, company_id: int, wanted: InvoiceFilter, sort: Sort, *, as_of: date
    ) -> Iterator[InvoiceLine]: ...


def invoice_page(
    queries: ListQueries,
    company: Company,
    wanted: InvoiceFilter,
    sort: Sort,
    window: Window,
    *,
    as_of: date,
) -> Page[InvoiceLine]:
    """One page of the invoices the filter finds, in the order asked."""
    return queries.invoice_page(company_id_of(company), wanted, sort, window, as_of=as_of)


def invoice_rows(
    queries: ListQueries, company: Company, wanted: InvoiceFilter, sort: Sort, *, as_of: date
) -> Iterator[InvoiceLine]:
    """Every invoice the filter finds, in the order asked (the export), read in batches."""
    return queries.invoice_rows(company_id_of(company), wanted, sort, as_of=as_of)


# --- customers ---------------------------------------------------------------------------

CUSTOMER_SORTS = ("number", "name", "country", "overdue", "open", "late", "oldest")
CUSTOMER_DEFAULT = Sort("overdue", descending=True)  # then the largest open amount


class CustomerQueries(Protocol):
    def customer_page(
        self, company_id: int, wanted: CustomerFilter, sort: Sort, window: Window, *, as_of: date
    ) -> Page[CustomerLine]: ...
    def customer_rows(
        self, company_id: int, wanted: CustomerFilter, sort: Sort, *, as_of: date
    ) -> Iterator[CustomerLine]: ...


def customer_page(
    balances: Balances,
    queries: CustomerQueries,
    company: Company,
    wanted: CustomerFilter,
    sort: Sort,
    *,
    as_of: date,
    page: int,
    size: int,
) -> CustomerPage:
    """A page of customers in the order asked: the default, the largest overdue amount
    first, is the balance read model's own (balances.list_customers)."""
    if sort == CUSTOMER_DEFAULT:
        return list_customers(balances, company, wanted, as_of=as_of, page=page, size=size)
    check_page(page, size)
    found = queries.customer_page(company_id_of(company), wanted, sort,
                                  Window(size, (page - 1) * size), as_of=as_of)  # fmt: skip
    return CustomerPage(found.items, found.total, page, size)


def customer_rows(
    queries: CustomerQueries, company: Company, wanted: CustomerFilter, sort: Sort, *, as_of: date
) -> Iterator[CustomerLine]:
    """Every customer the filter finds, in the order asked (the export)."""
    return queries.customer_rows(company_id_of(company), wanted, sort, as_of=as_of)
