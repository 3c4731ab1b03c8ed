"""`/api/v1/disputes`: disputed invoices, held until resolved (S3-2); open and resolve."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.api.common import (
    NO_NUL,
    PAGED,
    CustomerFilter,
    Day,
    InvoiceNumberPath,
    Limit,
    Offset,
    Queries,
    check_change,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.read_models import ledger as api_queries
from tijdig.services.read_models.common import Window
from tijdig.services.read_models.ledger import DisputeRecord, DisputeState
from tijdig.services.records import disputes

router = APIRouter(prefix="/disputes", tags=["disputes"])

StateFilter = Annotated[DisputeState, Query(alias="state", description="open, resolved or all.")]


class DisputeRead(BaseModel):
    """A complaint about one invoice; while open, that invoice (only) is held."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The dispute's id.")
    invoice: str = described("Number of the invoice disputed.")
    customer: str = described("Customer number.")
    reason: ReasonCode = described("Why the customer does not pay (S0-3 reason code).")
    note: str = described("What the customer says.")
    opened_on: date = described("When the dispute was opened.")
    resolved_on: date | None = described("When it was resolved; null while open.")

    @classmethod
    def from_record(cls, d: DisputeRecord) -> DisputeRead:
        return cls(
            id=d.id, invoice=d.invoice_number, customer=d.customer_number,
            reason=ReasonCode(d.reason), note=d.note, opened_on=d.opened_on,
            resolved_on=d.resolved_on,
        )  # fmt: skip


class DisputeCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    invoice: str = Field(min_length=1, max_length=64, pattern=NO_NUL, description="Invoice number.")
    reason: ReasonCode = described("Why the customer does not pay (S0-3 reason code).")
    note: str = Field(
        default="", max_length=2000, pattern=NO_NUL, description="What the customer says."
    )
    opened_on: Day | None = described("When it was opened; default today.", default=None)


class DisputeResolve(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    resolved_on: Day | None = described("When it was resolved; default today.", default=None)


def _latest(queries: Queries, company: Company, invoice: str) -> DisputeRead:
    """The invoice's dispute just opened or resolved: the last one stored."""
    page = queries.disputes(
        api_queries.company_id_of(company), Window(1), customer_id=None,
        invoice_number=invoice, state=DisputeState.ALL,
    )  # fmt: skip
    return DisputeRead.from_record(max(page.items, key=lambda d: d.id))


@router.get("", response_model=list[DisputeRead], responses=PAGED)
def list_disputes(
    request: Request,
    response: Response,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    state: StateFilter = DisputeState.OPEN,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[DisputeRead]:
    """Disputes, the latest recorded first: open ones by default."""
    company = company_for(tijdig, signed_in.user, code)
    customer_id = api_queries.optional_customer_id(queries, company, customer)
    at = window(limit, offset)
    page = queries.disputes(
        api_queries.company_id_of(company), at, customer_id=customer_id,
        invoice_number=None, state=state,
    )  # fmt: skip
    paginate(request, response, page, at)
    return [DisputeRead.from_record(d) for d in page.items]


@router.post("", response_model=DisputeRead, status_code=HTTPStatus.CREATED)
def open_dispute(
    body: DisputeCreate,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> DisputeRead:
    """Hold one invoice while the customer disputes it (409 when it is disputed already)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = body.opened_on or today()
    disputes.open_dispute(
        tijdig.uow(), company, body.invoice, body.reason, note=body.note, as_of=on,
        actor=actor(signed_in), at=now(),
    )  # fmt: skip
    return _latest(queries, company, body.invoice)


@router.post("/{invoice}/resolve", response_model=DisputeRead)
def resolve_dispute(
    invoice: InvoiceNumberPath,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    body: Annotated[DisputeResolve | None, Body()] = None,
) -> DisputeRead:
    """Resolve the invoice's open dispute: collection of it resumes."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = (body.resolved_on if body else None) or today()
    disputes.resolve_dispute(
        tijdig.uow(), company, invoice, as_of=on, actor=actor(signed_in), at=now()
    )
    return _latest(queries, company, invoice)
