"""`/api/v1/promises`: promises to pay (S0-5); reminders wait while one is in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.entrypoints.web.api.common import (
    NO_NUL,
    PAGED,
    CustomerFilter,
    Day,
    Limit,
    Offset,
    Queries,
    check_change,
    moment,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation
from tijdig.services.read_models import ledger as api_queries
from tijdig.services.read_models.common import Window
from tijdig.services.read_models.ledger import PromiseRecord, PromiseState
from tijdig.services.records import promises

router = APIRouter(prefix="/promises", tags=["promises"])

StateFilter = Annotated[
    PromiseState,
    Query(alias="state", description="pending (not yet judged), kept, broken or all."),
]
PromisedAmount = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2)]


class PromiseRead(BaseModel):
    """A promise to pay by a date; judged kept or broken by the first daily run after it."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The promise's id.")
    customer: str = described("Customer number.")
    promised_date: date = described("The date the customer will pay by.")
    made_on: date = described("When the promise was made.")
    amount: Amount | None = described("Amount promised; null: everything overdue.")
    currency: str = described("ISO 4217 currency of the amount.")
    kept: bool | None = described("Kept (true), broken (false), or not yet judged (null).")

    @classmethod
    def from_record(cls, p: PromiseRecord) -> PromiseRead:
        return cls(
            id=p.id, customer=p.customer_number, promised_date=p.promised_date,
            made_on=p.made_on, amount=p.amount, currency=p.currency, kept=p.kept,
        )  # fmt: skip


class PromiseCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str = Field(
        min_length=1, max_length=64, pattern=NO_NUL, description="Customer number."
    )
    promised_date: Day = described("The date the customer will pay by.")
    amount: PromisedAmount | None = described(
        "Amount promised (EUR); leave out for everything overdue.", default=None
    )
    made_on: Day | None = described("When it was promised; default today.", default=None)


@router.get("", response_model=list[PromiseRead], responses=PAGED)
def list_promises(
    request: Request,
    response: Response,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    state: StateFilter = PromiseState.ALL,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[PromiseRead]:
    """Promises to pay, the latest recorded first."""
    company = company_for(tijdig, signed_in.user, code)
    customer_id = api_queries.optional_customer_id(queries, company, customer)
    at = window(limit, offset)
    page = queries.promises(
        api_queries.company_id_of(company), at, customer_id=customer_id, state=state
    )
    paginate(request, response, page, at)
    return [PromiseRead.from_record(p) for p in page.items]


@router.post("", response_model=PromiseRead, status_code=HTTPStatus.CREATED)
def add_promise(
    body: PromiseCreate,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> PromiseRead:
    """Record a promise to pay; it is also written in the contact log."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    customer_id = api_queries.customer_id(queries, company, body.customer)
    promises.add_promise(
        tijdig.uow(), company, body.customer, body.promised_date, amount=body.amount,
        made_at=moment(body.made_on), by=signed_in.user.username, actor=actor(signed_in),
        at=now(),
    )  # fmt: skip
    page = queries.promises(
        api_queries.company_id_of(company), Window(1), customer_id=customer_id,
        state=PromiseState.ALL,
    )  # fmt: skip
    return PromiseRead.from_record(max(page.items, key=lambda p: p.id))
