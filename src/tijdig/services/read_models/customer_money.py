"""Money from one customer, on its page (issue 15): the payments received, latest first,
each with how it was applied (claimed costs, then interest, then the principal: art. 6:44
BW) and what was left unallocated; and the bank lines waiting for review that came from an
account the customer is known to pay from, each with the page of the bank review that
lists it. "We paid yesterday" is answered on the customer page (`tijdig bank find` stays
for the command line).

Reads only. Every query is bounded by the company id and the customer: another company's
or another customer's money is never found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.domain.parties import Company
from tijdig.services.bank.review import PER_PAGE as REVIEW_PER_PAGE
from tijdig.services.read_models.common import Page, Window, company_id_of
from tijdig.services.read_models.ledger import PaymentRecord

PAYMENTS_PER_PAGE = 10
MAX_UNMATCHED = 20  # lines shown; the bank review has them all


@dataclass(frozen=True, slots=True)
class UnmatchedLine:
    """A credit waiting in the bank review, paid from one of the customer's accounts."""

    id: int
    booked_on: date
    amount: Decimal
    currency: str
    payer: str | None
    account: str
    remittance: str
    position: int  # its place in the bank review's queue (oldest first), from 1

    @property
    def review_page(self) -> int:
        """The page of the bank review that lists this line."""
        return (self.position - 1) // REVIEW_PER_PAGE + 1


@dataclass(frozen=True, slots=True)
class CustomerMoney:
    payments: Page[PaymentRecord]  # this page of them, and how many in all
    page: int
    per_page: int
    unmatched: Page[UnmatchedLine]

    @property
    def pages(self) -> int:
        return max(1, -(-self.payments.total // self.per_page))


class PaymentQueries(Protocol):
    """A customer's payments with their allocations (`ApiQueries.payments`)."""

    def payments(
        self,
        company_id: int,
        window: Window,
        *,
        customer_id: int | None,
        since: date | None,
        until: date | None,
    ) -> Page[PaymentRecord]: ...


class KnownAccountLines(Protocol):
    """adapters/db/views/customer_money.py"""

    def unmatched_lines(
        self, company_id: int, customer_id: int, *, limit: int
    ) -> Page[UnmatchedLine]: ...


def customer_money(
    payments: PaymentQueries,
    lines: KnownAccountLines,
    company: Company,
    customer_id: int,
    *,
    page: int = 1,
    per_page: int = PAYMENTS_PER_PAGE,
) -> CustomerMoney:
    """A page of the customer's payments (latest first) and the lines waiting for review
    from its known accounts (latest first)."""
    company_id = company_id_of(company)
    window = Window(per_page, (page - 1) * per_page)
    found = payments.payments(company_id, window, customer_id=customer_id, since=None, until=None)
    waiting = lines.unmatched_lines(company_id, customer_id, limit=MAX_UNMATCHED)
    return CustomerMoney(found, page, per_page, waiting)
