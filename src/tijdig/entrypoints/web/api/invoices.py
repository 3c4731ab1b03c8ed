"""`/api/v1/invoices`: invoices and credit notes, oldest due date first, and one invoice
with what settled it (payments with their 6:44 BW parts, credit notes) and its disputes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from tijdig.entrypoints.web.api.common import (
    PAGED,
    CustomerFilter,
    InvoiceNumberPath,
    Limit,
    Offset,
    Queries,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.disputes import DisputeRead
from tijdig.entrypoints.web.api.schemas import Amount, InvoiceRead, described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import CompanyCode, Installation
from tijdig.services.read_models import ledger
from tijdig.services.read_models.common import Page, company_id_of
from tijdig.services.read_models.ledger import InvoiceDetail, InvoiceSettlement

router = APIRouter(prefix="/invoices", tags=["invoices"])

OpenOnly = Annotated[bool, Query(alias="open", description="Only open invoices.")]
KindFilter = Annotated[
    Literal["invoice", "credit_note"] | None,
    Query(description="An invoice and a credit note may share a number: which one."),
]


class SettlementRead(BaseModel):
    """A part of the invoice settled by a payment or a credit note."""

    model_config = ConfigDict(frozen=True)

    allocated_on: date = described("When it was allocated.")
    amount: Amount = described("Amount allocated to this invoice.")
    to_costs: Amount = described("Of which to claimed collection costs (art. 6:44 BW).")
    to_interest: Amount = described("Of which to claimed interest (art. 6:44 BW).")
    to_principal: Amount = described("Of which to the invoice itself.")
    payment_id: int | None = described("The payment (`/payments/{id}`), if a payment.")
    credit_note: str | None = described("The credit note's number, if a credit note.")

    @classmethod
    def from_settlement(cls, s: InvoiceSettlement) -> SettlementRead:
        return cls(
            allocated_on=s.allocated_on, amount=s.amount, to_costs=s.to_costs,
            to_interest=s.to_interest, to_principal=s.amount - s.to_costs - s.to_interest,
            payment_id=s.payment_id, credit_note=s.credit_note_number,
        )  # fmt: skip


class InvoiceDetailRead(InvoiceRead):
    """An invoice with what settled it, what was claimed on it and its disputes."""

    free_reference: str | None = described("The reference as the source gave it.")
    costs_claimed: Amount = described("Collection costs claimed and not yet paid.")
    interest_claimed: Amount = described("Interest claimed and not yet paid.")
    settlements: list[SettlementRead] = described("Payments and credit notes allocated.")
    disputes: list[DisputeRead] = described("Disputes on this invoice, newest first.")

    @classmethod
    def from_detail(cls, detail: InvoiceDetail, *, company: str) -> InvoiceDetailRead:
        base = InvoiceRead.from_invoice(detail.invoice, company=company)
        return cls(
            **base.model_dump(),
            free_reference=detail.invoice.free_reference,
            costs_claimed=detail.costs_claimed,
            interest_claimed=detail.interest_claimed,
            settlements=[SettlementRead.from_settlement(s) for s in detail.settlements],
            disputes=[DisputeRead.from_record(d) for d in detail.disputes],
        )


@router.get("", response_model=list[InvoiceRead], responses=PAGED)
def list_invoices(
    request: Request,
    response: Response,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    open_only: OpenOnly = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[InvoiceRead]:
    """A page of the company's invoices, filtered by customer and open or not."""
    company = company_for(tijdig, signed_in.user, code)
    invoices = ledger.list_invoices(
        tijdig.uow(),
        company,
        customer_number=customer,
        open_only=open_only,
        limit=limit,
        offset=offset,
    )
    customer_id = ledger.optional_customer_id(queries, company, customer)
    total = queries.count_invoices(
        company_id_of(company), customer_id=customer_id, open_only=open_only
    )
    paginate(request, response, Page((), total), window(limit, offset))
    return [InvoiceRead.from_invoice(i, company=company.code) for i in invoices]


@router.get("/{number}", response_model=InvoiceDetailRead)
def get_invoice(
    number: InvoiceNumberPath,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    kind: KindFilter = None,
) -> InvoiceDetailRead:
    """One invoice (or credit note) with its settlements, claims and disputes."""
    company = company_for(tijdig, signed_in.user, code)
    detail = ledger.invoice_detail(queries, company, number, kind=kind)
    return InvoiceDetailRead.from_detail(detail, company=company.code)
