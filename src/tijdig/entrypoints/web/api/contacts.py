"""`/api/v1/contacts/quality`: the customers whose e-mail or phone is missing, invalid,
bounced for good or not confirmed for the company's months (S2-1), the most overdue
first, in pages (`X-Total-Count`, `Link`). A read: it changes nothing."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict

from tijdig.domain.contact_quality import ContactIssue
from tijdig.entrypoints.web.api.common import PAGED, Limit, Offset, paginate, window
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.contacts import quality
from tijdig.services.contacts.quality import QualityRow

router = APIRouter(prefix="/contacts", tags=["contacts"])


class ContactQualityRead(BaseModel):
    """One customer whose contact details need attention."""

    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    name: str = described("The customer's name.")
    email: str | None = described("The address messages go to now; null: none that works.")
    phone: str | None = described("The customer's phone number, as stored.")
    confirmed_on: date | None = described("When the customer last confirmed its details.")
    overdue: Amount = described("Open and past due on the day, in euro: what sorts the list.")
    issues: list[ContactIssue] = described(
        "What is wrong: email_missing, email_invalid, email_bounced, phone_missing, "
        "phone_invalid, not_confirmed."
    )

    @classmethod
    def of(cls, row: QualityRow) -> ContactQualityRead:
        return cls(customer=row.customer_number, name=row.name, email=row.email,
                   phone=row.phone, confirmed_on=row.confirmed_on, overdue=row.overdue,
                   issues=list(row.issues))  # fmt: skip


@router.get(
    "/quality", response_model=list[ContactQualityRead], responses=PAGED, name="api_contact_quality"
)
def contact_quality(
    request: Request,
    response: Response,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[ContactQualityRead]:
    """Customers whose contact details need attention, the most overdue first."""
    company = company_for(tijdig, signed_in.user, code)
    at = window(limit, offset)
    report = quality.contact_quality(tijdig.uow(), company, as_of=as_of, window=at)
    paginate(request, response, report.page, at)
    return [ContactQualityRead.of(row) for row in report.page.items]
