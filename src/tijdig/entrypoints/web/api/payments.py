"""`/api/v1/payments`: booked payments and how each was allocated: to claimed costs and
interest first, then the principal (art. 6:44 BW)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from tijdig.entrypoints.web.api.common import (
    PAGED,
    CustomerFilter,
    Limit,
    Offset,
    Queries,
    id_path,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import CompanyCode, Installation
from tijdig.services.read_models import ledger
from tijdig.services.read_models.common import company_id_of
from tijdig.services.read_models.ledger import PaymentPart, PaymentRecord

router = APIRouter(prefix="/payments", tags=["payments"])

Since = Annotated[date | None, Query(alias="from", description="Paid on or after this day.")]
Until = Annotated[date | None, Query(alias="to", description="Paid on or before this day.")]
PaymentId = Annotated[int, id_path("payment")]


class AllocationRead(BaseModel):
    """The part of a payment that settled one invoice."""

    model_config = ConfigDict(frozen=True)

    invoice: str = described("Number of the invoice settled.")
    allocated_on: date = described("When it was allocated.")
    amount: Amount = described("Amount allocated to the invoice.")
    to_costs: Amount = described("Of which to claimed collection costs (art. 6:44 BW).")
    to_interest: Amount = described("Of which to claimed interest (art. 6:44 BW).")
    to_principal: Amount = described("Of which to the invoice itself.")

    @classmethod
    def from_part(cls, part: PaymentPart) -> AllocationRead:
        return cls(
            invoice=part.invoice_number, allocated_on=part.allocated_on, amount=part.amount,
            to_costs=part.to_costs, to_interest=part.to_interest,
            to_principal=part.to_principal,
        )  # fmt: skip


class PaymentRead(BaseModel):
    """A payment received from a customer, with its allocations."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The payment's id.")
    customer: str = described("Customer number.")
    paid_on: date = described("When it was paid (booking date).")
    amount: Amount = described("Amount received.")
    currency: str = described("ISO 4217 currency.")
    reference: str | None = described("Payment reference or remittance text.")
    bank_transaction_id: int | None = described("The bank line it came in on, if any.")
    unallocated: Amount = described("Not allocated to any invoice (a credit on the customer).")
    allocations: list[AllocationRead] = described("How it settled invoices.")

    @classmethod
    def from_record(cls, p: PaymentRecord) -> PaymentRead:
        return cls(
            id=p.id, customer=p.customer_number, paid_on=p.paid_on, amount=p.amount,
            currency=p.currency, reference=p.reference, bank_transaction_id=p.bank_transaction_id,
            unallocated=p.unallocated, allocations=[AllocationRead.from_part(x) for x in p.parts],
        )  # fmt: skip


@router.get("", response_model=list[PaymentRead], responses=PAGED)
def list_payments(
    request: Request,
    response: Response,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[PaymentRead]:
    """Booked payments, the latest first, with their allocations."""
    company = company_for(tijdig, signed_in.user, code)
    customer_id = ledger.optional_customer_id(queries, company, customer)
    at = window(limit, offset)
    page = queries.payments(
        company_id_of(company), at, customer_id=customer_id, since=since,
        until=until,
    )  # fmt: skip
    paginate(request, response, page, at)
    return [PaymentRead.from_record(p) for p in page.items]


@router.get("/{payment_id}", response_model=PaymentRead)
def get_payment(
    payment_id: PaymentId,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> PaymentRead:
    """One payment with its allocations."""
    company = company_for(tijdig, signed_in.user, code)
    return PaymentRead.from_record(ledger.payment(queries, company, payment_id))
