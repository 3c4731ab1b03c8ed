"""`/api/v1/companies/{code}/clause` and `/api/v1/customers/{number}/clause`: the damages
and interest clause for Belgian consumers (Book XIX WER), the company's terms or one
customer's own contract, through `services.clauses` as the CLI and the workspace.

Read by everyone who sees the company; the company's terms are changed by an
administrator (as on the settings page), a customer's own clause by a credit
controller too. A clause above the caps is 422 naming the field; nothing is stored."""

from __future__ import annotations

from decimal import Decimal
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from tijdig.domain.errors import NotFound
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerNumberPath, check_change
from tijdig.entrypoints.web.api.companies import CompanyPath
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now, require_admin
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.access.users import SignedIn
from tijdig.services.companies import clauses
from tijdig.services.companies.clauses import ClauseInForce

router = APIRouter(tags=["clauses"])

# Percent, as a decimal string ("8.5"): exact, never a binary float.
Rate = Annotated[
    Decimal, PlainSerializer(str, return_type=str, when_used="json"), Field(examples=["8.5"])
]
RateIn = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=4, examples=["8.5"])]
AmountIn = Annotated[Decimal, Field(ge=0, max_digits=11, decimal_places=2, examples=["20.00"])]
NONE = "nothing is announced or claimed from Belgian consumers"


class ClauseRead(BaseModel):
    """The clause in force: what a Belgian consumer's letters announce and claim."""

    model_config = ConfigDict(frozen=True)

    source: Literal["company", "customer"] = described(
        "Whose clause is in force: `company` (the company's terms) or `customer` (the "
        "customer's own contract, which overrides the terms)."
    )
    reference: str = described("Where the clause is, cited in the letters.")
    text: str = described("The clause's words, cited in the letters.")
    interest_rate: Rate | None = described(
        "Interest agreed, percent a year (never above the Late Payment Act rate); null: none."
    )
    legal_scale: bool = described("The damages are exactly the Book XIX maximum.")
    damages_percent: Rate = described("Damages, percent of the balance.")
    damages_minimum: Amount = described("Damages at least (EUR).")
    damages_maximum: Amount | None = described("Damages at most (EUR); null: no maximum.")

    @classmethod
    def from_clause(cls, found: ClauseInForce) -> ClauseRead:
        clause = found.clause
        assert clause is not None
        return cls(
            source="customer" if found.own else "company", reference=clause.reference,
            text=clause.text, interest_rate=clause.interest_rate,
            legal_scale=clause.legal_scale, damages_percent=clause.damages_percent,
            damages_minimum=clause.damages_minimum, damages_maximum=clause.damages_maximum,
        )  # fmt: skip


class ClauseWrite(BaseModel):
    """A clause as the contract words it; refused (422, naming the field) above the
    Book XIX caps: damages at most EUR 20 up to EUR 150, EUR 30 + 10 % of the part
    above 150, EUR 65 + 5 % of the part above 500, EUR 2,000 in all; interest at most
    the Late Payment Act rate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference: str = Field(
        min_length=1, max_length=200, pattern=NO_NUL,
        description="Where the clause is: 'artikel 7 van onze algemene voorwaarden'.",
    )  # fmt: skip
    text: str = Field(
        min_length=1, max_length=10_000, pattern=NO_NUL,
        description="The clause's words, cited in the letters.",
    )  # fmt: skip
    interest_rate: RateIn | None = described(
        "Interest agreed, percent a year; leave out for none.", default=None
    )
    legal_scale: bool = described("Damages exactly the Book XIX maximum.", default=False)
    damages_percent: RateIn = described("Damages, percent of the balance.", default=Decimal(0))
    damages_minimum: AmountIn = described("Damages at least (EUR).", default=Decimal(0))
    damages_maximum: AmountIn | None = described("Damages at most (EUR).", default=None)

    def clause(self) -> DamagesClause:
        return DamagesClause(
            self.reference, self.text, self.interest_rate, self.damages_percent,
            self.damages_minimum, self.damages_maximum, self.legal_scale,
        )  # fmt: skip


def _in_force(tijdig: Installation, company: Company, number: str | None) -> ClauseRead:
    found = clauses.clause_in_force(tijdig.uow(), company, customer_number=number)
    if found.clause is None:
        whose = f"customer {number}" if number else company.code
        raise NotFound(f"no clause in force for {whose}: {NONE}")
    return ClauseRead.from_clause(found)


def _put(
    tijdig: Installation, signed_in: SignedIn, company: Company, number: str | None,
    body: ClauseWrite,
) -> ClauseRead:  # fmt: skip
    clauses.set_clause(
        tijdig.uow(), company, body.clause(), customer_number=number, actor=actor(signed_in),
        now=now(), today=today(),
    )  # fmt: skip
    return _in_force(tijdig, company, number)


def _delete(
    tijdig: Installation, signed_in: SignedIn, company: Company, number: str | None
) -> Response:
    removed = clauses.remove_clause(
        tijdig.uow(), company, customer_number=number, actor=actor(signed_in), now=now()
    )
    if not removed:
        whose = f"customer {number} has no clause of its own" if number else "no clause"
        raise NotFound(f"{whose} to remove at {company.code}")
    return Response(status_code=HTTPStatus.NO_CONTENT)


@router.get("/companies/{code}/clause", response_model=ClauseRead)
def get_company_clause(
    code: CompanyPath, tijdig: Installation, signed_in: CurrentUser
) -> ClauseRead:
    """The company's clause for Belgian consumers; 404 when there is none (then nothing
    is announced or claimed from them)."""
    return _in_force(tijdig, company_for(tijdig, signed_in.user, code), None)


@router.put("/companies/{code}/clause", response_model=ClauseRead)
def put_company_clause(
    code: CompanyPath, body: ClauseWrite, tijdig: Installation, signed_in: CurrentUser
) -> ClauseRead:
    """Store the company's clause (administrators), once checked against the caps; audited."""
    require_admin(signed_in)
    return _put(tijdig, signed_in, company_for(tijdig, signed_in.user, code), None, body)


@router.delete(
    "/companies/{code}/clause", status_code=HTTPStatus.NO_CONTENT, response_class=Response
)
def delete_company_clause(
    code: CompanyPath, tijdig: Installation, signed_in: CurrentUser
) -> Response:
    """Remove the company's clause (administrators); 404 when there was none. Audited."""
    require_admin(signed_in)
    return _delete(tijdig, signed_in, company_for(tijdig, signed_in.user, code), None)


@router.get("/customers/{number}/clause", response_model=ClauseRead, tags=["customers"])
def get_customer_clause(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> ClauseRead:  # fmt: skip
    """The clause in force for the customer: their own contract's, else the company's;
    404 when there is none."""
    return _in_force(tijdig, company_for(tijdig, signed_in.user, code), number)


@router.put("/customers/{number}/clause", response_model=ClauseRead, tags=["customers"])
def put_customer_clause(
    number: CustomerNumberPath, body: ClauseWrite, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> ClauseRead:  # fmt: skip
    """Store the customer's own contract clause, which overrides the company's; checked
    against the caps; audited."""
    check_change(signed_in)
    return _put(tijdig, signed_in, company_for(tijdig, signed_in.user, code), number, body)


@router.delete(
    "/customers/{number}/clause", status_code=HTTPStatus.NO_CONTENT, response_class=Response,
    tags=["customers"],
)  # fmt: skip
def delete_customer_clause(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> Response:  # fmt: skip
    """Remove the customer's own clause (the company's then applies); 404 when they had
    none. Audited."""
    check_change(signed_in)
    return _delete(tijdig, signed_in, company_for(tijdig, signed_in.user, code), number)
