"""Schemas the API shares (`*Read`): amounts as decimal strings, dates in ISO, errors.

Each resource's own schemas live beside its router."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from tijdig.domain.invoices import Invoice
from tijdig.services.read_models.balances import CustomerBalance

# "123.45": exact, with the currency's minor digits, never a binary float.
Amount = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str, when_used="json"),
    Field(examples=["1210.00"]),
]


def described(text: str, **kwargs: Any) -> Any:
    """A field with its description (every field of the API has one)."""
    return Field(description=text, **kwargs)


class ErrorRead(BaseModel):
    """Every refusal of the API: what went wrong, and which field when it was one; a
    refusal of Tijdig's own also gives its code and params, to word it in any language."""

    model_config = ConfigDict(frozen=True)

    detail: str = described("What went wrong, for a person to read (English).")
    field: str | None = described(
        "The parameter or body field refused (`as_of`, `items.0`), or null."
    )
    code: str | None = described(
        "The refusal's code (`not_found_at`, `clause.damages_above_cap`): absent for a "
        "request the API could not read, null for a refusal without one.",
        default=None,
    )
    params: dict[str, Any] | None = described(
        "What the refusal names, by the code's params: text and whole numbers as they are, "
        'an amount as {"money": "12.50", "currency": "EUR"}, a day as {"date": ...}.',
        default=None,
    )


class HealthRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "error"] = described("`ok` when the app and its database answer.")
    database: Literal["ok", "unavailable"] = described("Whether the database answered.")


class CustomerNamed(BaseModel):
    """Who a customer is, as every customer schema starts (a list row, the file)."""

    model_config = ConfigDict(frozen=True)

    number: str = described("Customer number.")
    name: str = described("Customer name.")
    kind: str = described("`business` or `consumer`.")
    country: str = described("ISO 3166 country code.")


class CustomerRead(CustomerNamed):
    """One customer's open and overdue amounts in one currency."""

    currency: str = described("ISO 4217 currency of the amounts in this row.")
    open: Amount = described("Open in total: invoices less open credit notes.")
    overdue: Amount = described("Overdue, with open credit notes set against it first.")
    overdue_invoices: int = described("How many invoices are overdue.")
    oldest_due: date | None = described("Due date of the oldest overdue invoice.")
    credit_hold: bool = described("Deliveries are stopped (credit hold).")

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

    number: str = described("Invoice or credit note number.")
    company: str = described("The company's code.")
    customer: str = described("Customer number.")
    kind: str = described("`invoice` or `credit_note`.")
    currency: str = described("ISO 4217 currency.")
    total: Amount = described("Total including VAT.")
    open: Amount = described("What remains to be paid (or, for a credit note, settled).")
    issue_date: date = described("Date of the invoice.")
    due_date: date = described("Date it is due.")
    payment_reference: str | None = described("Structured payment reference, if any.")

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
