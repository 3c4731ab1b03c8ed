"""What each customer owes and how much of it is overdue, per currency: the one balance
read model behind `tijdig customers`, `/api/v1/customers` (and a customer's credit
status) and the workspace's customer list and dashboard.

Open is invoices less open credit notes; overdue is the invoices past their due date
less the open credit notes (set off against the overdue invoices first, as the customer
would), never below zero. The SQL is `adapters/db/views/balances.py` on the shared predicates
(`adapters/db/predicates.py`); the customer list sorts by the overdue amount it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.read_models.common import Page, Window, company_id_of

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50
MAX_SEARCH = 100


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    """One customer's open and overdue amounts in one currency."""

    number: str
    name: str
    kind: str
    country: str
    currency: str
    open_amount: Decimal
    overdue_amount: Decimal
    overdue_invoices: int
    oldest_due: date | None
    credit_hold: bool


@dataclass(frozen=True, slots=True)
class Exposure:
    """A customer's open items in one currency, seen on a day."""

    currency: str
    open_amount: Decimal
    overdue_amount: Decimal
    overdue_invoices: int
    oldest_due: date | None
    disputed_amount: Decimal


@dataclass(frozen=True, slots=True)
class BalanceFilter:
    """The API's filter of the balances."""

    search: str | None = None  # anywhere in the number or the name
    overdue_only: bool = False
    credit_hold: bool | None = None


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What the workspace's list shows: a search on number (from its start) or name,
    overdue only, on hold only; `hardship_apart`: without the customers in hardship on
    the day (the dashboard's overdue customers, the ones to act on: like the aging and
    the DSO, which show those apart, on their insolvency line)."""

    search: str = ""
    overdue_only: bool = False
    on_hold: bool = False
    hardship_apart: bool = False

    def __post_init__(self) -> None:
        if len(self.search) > MAX_SEARCH:
            raise InvalidValue("q", Refusal.AT_MOST_CHARACTERS, length=MAX_SEARCH)


@dataclass(frozen=True, slots=True)
class Amount:
    currency: str
    open_amount: Decimal
    overdue_amount: Decimal


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One customer in the list, with its open and overdue amounts per currency."""

    number: str
    name: str
    country: str
    credit_hold: bool
    overdue_invoices: int = 0
    oldest_due: date | None = None
    amounts: tuple[Amount, ...] = ()


@dataclass(frozen=True, slots=True)
class CustomerPage:
    lines: tuple[CustomerLine, ...]
    total: int  # customers matching the filter, over all pages
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return 0 if not self.lines else (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + len(self.lines)


class Balances(Protocol):
    """The balance read model's queries (adapters/db/views/balances.py)."""

    def balances(self, company_id: int, *, as_of: date) -> list[CustomerBalance]: ...
    def balance_page(
        self, company_id: int, wanted: BalanceFilter, window: Window, *, as_of: date
    ) -> Page[CustomerBalance]: ...
    def exposure(self, company_id: int, customer_id: int, *, as_of: date) -> list[Exposure]: ...
    def customer_page(
        self, company_id: int, wanted: CustomerFilter, *, as_of: date, limit: int, offset: int
    ) -> tuple[list[CustomerLine], int]: ...


def customer_balances(
    balances: Balances, company: Company, *, as_of: date, overdue_only: bool = False
) -> list[CustomerBalance]:
    """Every customer with open items, by number and currency (`tijdig customers`)."""
    rows = balances.balances(company_id_of(company), as_of=as_of)
    if overdue_only:
        rows = [r for r in rows if r.overdue_invoices > 0]
    return rows


def balance_page(
    balances: Balances, company: Company, wanted: BalanceFilter, window: Window, *, as_of: date
) -> Page[CustomerBalance]:
    """A page of the balances, filtered, by number and currency (the API's list)."""
    return balances.balance_page(company_id_of(company), wanted, window, as_of=as_of)


def exposure(
    balances: Balances, company: Company, customer_id: int, *, as_of: date
) -> list[Exposure]:
    """One customer's balances, with what is held by open disputes (credit status)."""
    return balances.exposure(company_id_of(company), customer_id, as_of=as_of)


def check_page(page: int, size: int) -> None:
    if page < 1:
        raise InvalidValue("page", Refusal.ONE_OR_MORE)
    if size not in PAGE_SIZES:
        raise InvalidValue(
            "size", Refusal.ONE_OF, value=size, allowed=", ".join(map(str, PAGE_SIZES))
        )


def list_customers(
    balances: Balances,
    company: Company,
    wanted: CustomerFilter,
    *,
    as_of: date,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
) -> CustomerPage:
    """One page of customers, the largest overdue amount first (the overdue amount shown:
    open credit notes set off against it), then the largest open amount, then by number;
    customers without open invoices come last, by number."""
    check_page(page, size)
    lines, total = balances.customer_page(
        company_id_of(company), wanted, as_of=as_of, limit=size, offset=(page - 1) * size
    )
    return CustomerPage(tuple(lines), total, page, size)
