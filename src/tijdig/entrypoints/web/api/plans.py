"""`/api/v1/plans`: payment plans; offered at once within the company's limits, else
proposed for a person to approve; in force once the customer accepted in writing."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from decimal import Decimal
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.plans import (
    AcceptanceWay,
    Frequency,
    PaymentPlan,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Reason
from tijdig.entrypoints.web.api.common import (
    NO_NUL,
    PAGED,
    CustomerFilter,
    Day,
    Limit,
    Offset,
    check_change,
    id_path,
    moment,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.plans import plans
from tijdig.services.plans.ports import StoredPlan
from tijdig.services.read_models.common import Page

router = APIRouter(prefix="/plans", tags=["plans"])
PlanIdPath = Annotated[int, id_path("plan")]
StatusFilter = Annotated[PlanStatus | None, Query(alias="status", description="Only these.")]
Positive = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2)]


class PlanInstalmentRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = described("1, 2, ... in order; 0 is the deposit.")
    due_on: date = described("The day it is to be paid.")
    amount: Amount = described("Its amount.")


class PlanRead(BaseModel):
    """A payment plan: the invoices it covers, its total and its plan instalments."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The plan's id.")
    reference: str = described("The payment reference a plan instalment is paid with.")
    customer: str = described("Customer number.")
    status: PlanStatus = described("proposed, offered, in_force, kept, broken or cancelled.")
    invoices: list[str] = described("The invoices it covers.")
    currency: str = described("ISO 4217 currency.")
    principal: Amount = described("The open principal of the invoices.")
    costs: Amount = described("Costs already owed, included.")
    interest: Amount = described("Interest already owed, included.")
    total: Amount = described("What the plan instalments add up to.")
    made_on: date = described("The day the plan was made.")
    accepted_on: date | None = described("The day it was accepted in writing.")
    payment_order: str = described("The order of payment the plan states; empty: none.")
    instalments: list[PlanInstalmentRead] = described("Its plan instalments, in order.")
    outside_limits: list[str] = described("Why it needed a person's approval (English).")

    @classmethod
    def of(cls, plan_id: int, p: PaymentPlan, outside: tuple[Reason, ...]) -> PlanRead:
        parts = [PlanInstalmentRead(number=i.number, due_on=i.due_on, amount=i.amount)
                 for i in p.instalments]  # fmt: skip
        return cls(
            id=plan_id, reference=p.reference, customer=p.customer_number, status=p.status,
            invoices=list(p.invoice_numbers), currency=p.currency, principal=p.principal,
            costs=p.costs, interest=p.interest, total=p.total, made_on=p.made_on,
            accepted_on=p.accepted_on, payment_order=p.payment_order, instalments=parts,
            outside_limits=[say(r) for r in outside],
        )  # fmt: skip

    @classmethod
    def stored(cls, s: StoredPlan) -> PlanRead:
        return cls.of(s.plan_id, s.plan, s.outside_limits)


Text = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]


class PlanCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: Text = described("Customer number.")
    invoices: list[Text] = Field(min_length=1, max_length=200, description="Invoice numbers.")
    instalments: int = Field(ge=1, le=120, description="How many plan instalments.")
    first: Day = described("The first plan instalment's day.")
    frequency: Frequency = described("monthly or weekly.", default=Frequency.MONTHLY)
    deposit: Positive | None = described("A deposit first.", default=None)
    deposit_on: Day | None = described("The deposit's day; default `first`.", default=None)


class PlanAcceptance(BaseModel):
    """The customer's written acceptance kept as a file (the portal records its own)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    way: Literal["signed_copy", "email_reply"] = described("What the file is.")
    filename: Annotated[str, Field(min_length=1, max_length=255, pattern=NO_NUL)] = described(
        "The file's name."
    )
    mime_type: str = Field(default="application/octet-stream", max_length=100, pattern=NO_NUL)
    content: str = Field(
        min_length=1,
        max_length=14_000_000,
        pattern=r"^[A-Za-z0-9+/=]+$",
        description="The file, base64.",
    )
    accepted_on: Day | None = described("The day it was accepted; default today.", default=None)


class PlanCancel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    note: str = Field(default="", max_length=2000, pattern=NO_NUL, description="Why.")


@router.get("", response_model=list[PlanRead], responses=PAGED)
def list_plans(
    request: Request,
    response: Response,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    status: StatusFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[PlanRead]:
    """The company's payment plans, oldest first."""
    company = company_for(tijdig, signed_in.user, code)
    found = plans.plans_of(tijdig.uow(), company, status=status, customer_number=customer)
    at = window(limit, offset)
    page = Page(tuple(found[offset : offset + limit]), len(found))
    paginate(request, response, page, at)
    return [PlanRead.stored(s) for s in page.items]


@router.post("", response_model=PlanRead, status_code=HTTPStatus.CREATED)
def offer_plan(
    body: PlanCreate, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> PlanRead:
    """Offer a plan over open invoices; outside the company's limits it is proposed, with
    a task for a person to approve it."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    terms = plans.PlanTerms(tuple(body.invoices), body.instalments, body.first,
                            body.frequency, body.deposit, body.deposit_on)  # fmt: skip
    done = plans.offer_plan(tijdig.uow(), company, body.customer, terms, on=today(),
                            actor=actor(signed_in), at=now())  # fmt: skip
    return PlanRead.of(done.plan_id, done.plan, done.outside_limits)


@router.post("/{plan_id}/approve", response_model=PlanRead)
def approve_plan(
    plan_id: PlanIdPath, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> PlanRead:
    """Approve a plan outside the limits: it is offered to the customer."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    plans.approve_plan(tijdig.uow(), company, plan_id, actor=actor(signed_in), at=now())
    return PlanRead.stored(plans.plan_of(tijdig.uow(), company, plan_id))


@router.post("/{plan_id}/accept", response_model=PlanRead)
def accept_plan(
    plan_id: PlanIdPath,
    body: PlanAcceptance,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> PlanRead:
    """Record the customer's written acceptance (a signed copy or an e-mail reply): the
    plan is in force from that day."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    try:
        content = base64.b64decode(body.content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidValue("content", "is not base64") from None
    on = body.accepted_on or today()
    evidence = WrittenAcceptance(AcceptanceWay(body.way), moment(on), filename=body.filename,
                                 mime_type=body.mime_type, content=content)  # fmt: skip
    plans.accept_plan(tijdig.uow(), company, plan_id, evidence, on=on, actor=actor(signed_in),
                      at=now())  # fmt: skip
    return PlanRead.stored(plans.plan_of(tijdig.uow(), company, plan_id))


@router.post("/{plan_id}/cancel", response_model=PlanRead)
def cancel_plan(
    plan_id: PlanIdPath,
    tijdig: Installation,
    signed_in: CurrentUser,
    body: PlanCancel | None = None,
    code: CompanyCode = None,
) -> PlanRead:
    """Cancel a plan: its invoices follow the policy again."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    plans.cancel_plan(tijdig.uow(), company, plan_id, note=body.note if body else "",
                      actor=actor(signed_in), at=now())  # fmt: skip
    return PlanRead.stored(plans.plan_of(tijdig.uow(), company, plan_id))
