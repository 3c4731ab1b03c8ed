"""Response schemas of the API (`*Read`): amounts as decimal strings, dates in ISO."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from tijdig.domain.invoices import Invoice
from tijdig.services.views import CustomerBalance

# "123.45": exact, with the currency's minor digits, never a binary float.
Amount = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str, when_used="json"),
    Field(examples=["1210.00"]),
]


class HealthRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "error"]
    database: Literal["ok", "unavailable"]


class CustomerRead(BaseModel):
    """One customer's open and overdue amounts in one currency."""

    model_config = ConfigDict(frozen=True)

    number: str
    name: str
    kind: str
    country: str
    currency: str
    open: Amount
    overdue: Amount
    overdue_invoices: int
    oldest_due: date | None = Field(description="Due date of the oldest overdue invoice.")
    credit_hold: bool

    @classmethod
    def from_balance(cls, balance: CustomerBalance) -> CustomerRead:
        return cls(
            number=balance.number,
            name=balance.name,
            kind=balance.kind,
            country=balance.country,
            currency=balance.currency,
            open=balance.open_amount,
            overdue=balance.overdue_amount,
            overdue_invoices=balance.overdue_invoices,
            oldest_due=balance.oldest_due,
            credit_hold=balance.credit_hold,
        )


class InvoiceRead(BaseModel):
    """An invoice or credit note; `open` is what remains to be paid or settled."""

    model_config = ConfigDict(frozen=True)

    number: str
    company: str
    customer: str
    kind: str
    currency: str
    total: Amount
    open: Amount
    issue_date: date
    due_date: date
    payment_reference: str | None

    @classmethod
    def from_invoice(cls, invoice: Invoice, *, company: str) -> InvoiceRead:
        return cls(
            number=invoice.number,
            company=company,
            customer=invoice.customer_number,
            kind=invoice.kind.value,
            currency=invoice.currency,
            total=invoice.total,
            open=invoice.outstanding,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            payment_reference=invoice.payment_reference,
        )
