"""`/api/v1/companies`: the companies (creditors) the signed-in user sees."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict

from tijdig.domain.parties import Company
from tijdig.entrypoints.web.api.common import NO_NUL, PAGED, Limit, Offset, paginate, window
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, company_for, visible_companies
from tijdig.entrypoints.web.deps import Installation
from tijdig.services.read_models.common import Page

router = APIRouter(prefix="/companies", tags=["companies"])

CompanyPath = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=NO_NUL,
         description="Company code, KvK/KBO number or VAT id."),
]  # fmt: skip


class BankAccountRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    iban: str = described("IBAN the company is paid on.")
    bic: str | None = described("BIC of the bank, if known.")


class CompanyRead(BaseModel):
    """A creditor: one installation serves many, each isolated."""

    model_config = ConfigDict(frozen=True)

    code: str = described("Short code; `?company=CODE` on the other resources.")
    name: str = described("Legal name.")
    country: str = described("ISO 3166 country code (NL, BE).")
    registration_number: str | None = described("KvK (NL) or KBO/BCE (BE) number.")
    vat_id: str | None = described("VAT identification number.")
    payment_term_days: int = described("Default payment term in days.")
    email: str | None = described("Sender address of collection e-mails.")
    phone: str | None = described("Telephone number printed on letters.")
    bank_accounts: list[BankAccountRead] = described("Accounts customers pay to.")

    @classmethod
    def from_company(cls, company: Company) -> CompanyRead:
        return cls(
            code=company.code, name=company.name, country=company.country,
            registration_number=company.registration_number, vat_id=company.vat_id,
            payment_term_days=company.payment_term_days, email=company.email,
            phone=company.phone,
            bank_accounts=[BankAccountRead(iban=a.iban, bic=a.bic) for a in company.bank_accounts],
        )  # fmt: skip


@router.get("", response_model=list[CompanyRead], responses=PAGED)
def list_companies(
    request: Request,
    response: Response,
    tijdig: Installation,
    signed_in: CurrentUser,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[CompanyRead]:
    """The companies granted to you (an administrator sees all), by code."""
    companies = visible_companies(tijdig, signed_in.user)
    at = window(limit, offset)
    chosen = companies[at.offset : at.offset + at.limit]
    paginate(request, response, Page(tuple(chosen), len(companies)), at)
    return [CompanyRead.from_company(c) for c in chosen]


@router.get("/{code}", response_model=CompanyRead)
def get_company(code: CompanyPath, tijdig: Installation, signed_in: CurrentUser) -> CompanyRead:
    """One company you see; a company not granted to you is answered as not found."""
    return CompanyRead.from_company(company_for(tijdig, signed_in.user, code))
