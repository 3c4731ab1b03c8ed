"""`/api/v1/runs`: the daily runs, their items (proposals, calls, holds, warnings) with
their reasons, and approving or skipping the latest run's proposals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.api.common import (
    PAGED,
    CustomerFilter,
    Limit,
    Offset,
    Queries,
    check_change,
    id_path,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import MAX_ID, CompanyCode, Installation
from tijdig.services.access.users import SignedIn
from tijdig.services.collection import review
from tijdig.services.collection.payload import payload_to_json
from tijdig.services.collection.views import RunItem
from tijdig.services.read_models import ledger as api_queries
from tijdig.services.read_models.ledger import RunRecord

router = APIRouter(prefix="/runs", tags=["runs"])

RunId = Annotated[int, id_path("run")]
# The wire names of RunItemKind and RunItemStatus, spelled out for the OpenAPI schema.
Kind = Literal["message", "call", "hold", "warning", "fallback"]
Status = Literal[
    "proposed",
    "approved",
    "skipped",
    "superseded",
    "dropped",
    "queued",
    "sent",
    "failed",
    "info",
    "done",
]
KindFilter = Annotated[list[Kind] | None, Query(alias="kind", description="Only these kinds.")]
StatusFilter = Annotated[
    list[Status] | None, Query(alias="status", description="Only items with these statuses.")
]
ItemId = Annotated[int, Field(ge=1, le=MAX_ID)]


class CountRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = described("message, call, hold, warning or fallback (plan B).")
    status: str = described("proposed, approved, skipped, superseded, queued, sent ...")
    count: int = described("How many items of this kind have this status.")


class RunRead(BaseModel):
    """A run: what the engine proposed for every customer on a day."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The run's id.")
    as_of: date = described("The day the run decided for.")
    created_at: datetime = described("When the run was made.")
    latest: bool = described("Whether it is the company's latest run (only it is decided).")
    counts: list[CountRead] = described("Its items per kind and status.")

    @classmethod
    def from_record(cls, run: RunRecord, *, latest_id: int | None) -> RunRead:
        return cls(
            id=run.id, as_of=run.as_of, created_at=run.created_at, latest=run.id == latest_id,
            counts=[CountRead(kind=k, status=s, count=n) for k, s, n in run.counts],
        )  # fmt: skip


class RunItemRead(BaseModel):
    """A proposal, call, hold or warning, with its reasons."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The item's id (to approve or skip it).")
    run: int = described("The run's id.")
    kind: str = described("message, call, hold, warning or fallback (plan B).")
    status: str = described("proposed, approved, skipped, superseded, queued, sent ...")
    customer: str | None = described("Customer number (null for a company warning).")
    customer_name: str | None = described("Customer name.")
    policy: str | None = described("The policy applied.")
    step: str | None = described("The policy step proposed.")
    channel: str | None = described("email, letter, sms or call.")
    summary: str = described("What and why, in one line.")
    auto_approved: bool = described("Approved automatically (a friendly step).")
    detail: dict[str, Any] = described("The proposal's detail: invoices, amounts, reasons.")

    @classmethod
    def from_item(cls, i: RunItem) -> RunItemRead:
        return cls(
            id=i.id, run=i.run_id, kind=i.kind, status=i.status, customer=i.customer_number,
            customer_name=i.customer_name, policy=i.policy_code, step=i.step_key,
            channel=i.channel, summary=i.line, auto_approved=i.auto_approved,
            detail=payload_to_json(i.payload),
        )  # fmt: skip


class ApproveItems(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: list[ItemId] | None = Field(
        default=None, max_length=10_000,
        description="Item ids to approve; leave out (null) to approve every proposal.",
    )  # fmt: skip


class SkipItems(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: list[ItemId] = Field(min_length=1, max_length=10_000, description="Item ids to skip.")


class DecidedRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    run: int = described("The run decided on.")
    decided: int = described("How many items moved (those still proposed).")
    status: Literal["approved", "skipped"] = described("What they became.")


@router.get("", response_model=list[RunRead], responses=PAGED)
def list_runs(
    request: Request,
    response: Response,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[RunRead]:
    """The company's runs, the latest first, with their items counted."""
    company_id = api_queries.company_id_of(company_for(tijdig, signed_in.user, code))
    at = window(limit, offset)
    page = queries.runs(company_id, at)
    paginate(request, response, page, at)
    latest = queries.latest_run_id(company_id)
    return [RunRead.from_record(r, latest_id=latest) for r in page.items]


@router.get("/{run_id}", response_model=RunRead)
def get_run(
    run_id: RunId,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> RunRead:
    """One run with its items counted per kind and status."""
    company = company_for(tijdig, signed_in.user, code)
    found = api_queries.run(queries, company, run_id)
    latest = queries.latest_run_id(api_queries.company_id_of(company))
    return RunRead.from_record(found, latest_id=latest)


@router.get("/{run_id}/items", response_model=list[RunItemRead], responses=PAGED)
def list_run_items(
    request: Request,
    response: Response,
    run_id: RunId,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    customer: CustomerFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[RunItemRead]:
    """A run's items in order, filtered by kind, status and customer."""
    company = company_for(tijdig, signed_in.user, code)
    api_queries.run(queries, company, run_id)
    customer_id = api_queries.optional_customer_id(queries, company, customer)
    at = window(limit, offset)
    page = queries.run_items(
        api_queries.company_id_of(company), run_id, at,
        kinds=[RunItemKind(k) for k in kind or ()],
        statuses=[RunItemStatus(s) for s in status or ()], customer_id=customer_id,
    )  # fmt: skip
    paginate(request, response, page, at)
    return [RunItemRead.from_item(i) for i in page.items]


def _decide(
    tijdig: Installation,
    signed_in: SignedIn,
    company: Company,
    run_id: int,
    items: list[int] | None,
    *,
    approve: bool,
) -> DecidedRead:
    decided = review.decide(
        tijdig.uow(), company, run_id=run_id, decision="approve" if approve else "skip",
        item_ids=items or (), every=items is None, actor=actor(signed_in), at=now(),
    )  # fmt: skip
    status: Literal["approved", "skipped"] = "approved" if approve else "skipped"
    return DecidedRead(run=decided.run_id, decided=decided.moved, status=status)


@router.post("/{run_id}/approve", response_model=DecidedRead)
def approve_items(
    run_id: RunId,
    body: ApproveItems,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> DecidedRead:
    """Approve proposals and calls of the latest run; sending carries them out once."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    return _decide(tijdig, signed_in, company, run_id, body.items, approve=True)


@router.post("/{run_id}/skip", response_model=DecidedRead)
def skip_items(
    run_id: RunId,
    body: SkipItems,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> DecidedRead:
    """Skip proposals of the latest run: nothing is sent for them."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    return _decide(tijdig, signed_in, company, run_id, body.items, approve=False)
