"""Read-model values the overviews show; filled by the database's report queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


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
class PaymentLine:
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None


@dataclass(frozen=True, slots=True)
class AppliedPayment:
    """How one payment settled one invoice: claimed costs and interest first (6:44 BW)."""

    paid_on: date
    invoice_number: str
    currency: str
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal

    @property
    def to_principal(self) -> Decimal:
        return self.amount - self.to_costs - self.to_interest
