"""`/api/v1/customers`: open and overdue balances per customer and currency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tijdig.entrypoints.web.api.schemas import CustomerRead
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services import reports

router = APIRouter(prefix="/customers", tags=["customers"])

OverdueOnly = Annotated[
    bool, Query(alias="overdue", description="Only customers with overdue invoices.")
]


@router.get("", response_model=list[CustomerRead])
def list_customers(
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
    overdue_only: OverdueOnly = False,
) -> list[CustomerRead]:
    """Customers with open invoices, one row per customer and currency."""
    company = company_for(tijdig, signed_in.user, code)
    balances = reports.customer_balances(
        tijdig.reports, company, as_of=as_of, overdue_only=overdue_only
    )
    return [CustomerRead.from_balance(b) for b in balances]
