"""`/api/v1/invoices`: invoices and credit notes, oldest due date first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tijdig.entrypoints.web.api.schemas import InvoiceRead
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import CompanyCode, Installation
from tijdig.services import reports

router = APIRouter(prefix="/invoices", tags=["invoices"])

MAX_LIMIT = 1000

CustomerNumber = Annotated[str | None, Query(description="Only this customer's invoices.")]
OpenOnly = Annotated[bool, Query(alias="open", description="Only open invoices.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many first.")]


@router.get("", response_model=list[InvoiceRead])
def list_invoices(
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerNumber = None,
    open_only: OpenOnly = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[InvoiceRead]:
    """A page of the company's invoices, filtered by customer and open or not."""
    company = company_for(tijdig, signed_in.user, code)
    invoices = reports.list_invoices(
        tijdig.uow(),
        company,
        customer_number=customer,
        open_only=open_only,
        limit=limit,
        offset=offset,
    )
    return [InvoiceRead.from_invoice(i, company=company.code) for i in invoices]
