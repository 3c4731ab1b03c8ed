"""`/api/v1/disputes`: disputed invoices, each held (alone) until its outcome (S3-2):
open one with its owner, deadline and lines; record its outcome; resolve it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.internal import Department, OutcomeKind
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
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.read_models import ledger as api_queries
from tijdig.services.read_models.common import Window
from tijdig.services.read_models.ledger import DisputeRecord, DisputeState
from tijdig.services.records import dispute_cases, disputes
from tijdig.services.records.case_ports import DisputeCase
from tijdig.services.records.dispute_cases import MAX_EXPLANATION

router = APIRouter(prefix="/disputes", tags=["disputes"])

OutcomeAmount = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2)]
StateFilter = Annotated[DisputeState, Query(alias="state", description="open, resolved or all.")]


class DisputedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: int = described("The line's number on the invoice, from 1.")
    name: str = described("What the line sold.")
    amount: Amount | None = described("The line's net amount, as the invoice states it.")


class DisputeRead(BaseModel):
    """A complaint about one invoice; while open, that invoice (only) is held, as a whole."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The dispute's id.")
    invoice: str = described("Number of the invoice disputed.")
    customer: str = described("Customer number.")
    reason: ReasonCode = described("Why the customer does not pay (S0-3 reason code).")
    note: str = described("What the customer says.")
    opened_on: date = described("When the dispute was opened.")
    resolved_on: date | None = described("When it was resolved; null while open.")
    department: Department | None = described("The department that owns it.", default=None)
    owner: str | None = described("The user who decides it.", default=None)
    deadline: date | None = described("Decide by this day (a task in the agenda).", default=None)
    lines: list[DisputedLine] = described("The invoice lines disputed; empty: all.", default=[])
    disputed_amount: Amount | None = described("The disputed lines' amounts added up.",
                                               default=None)  # fmt: skip
    outcome: OutcomeKind | None = described("How it ended; null while open.", default=None)
    explanation: str = described("The explanation sent with a rejection.", default="")
    credit_note: str | None = described("The credit note set off against it.", default=None)
    corrected_invoice: str | None = described("The invoice that replaced it.", default=None)
    plan_id: int | None = described("The payment plan that resolved it.", default=None)

    @classmethod
    def from_record(cls, d: DisputeRecord, case: DisputeCase | None = None) -> DisputeRead:
        read = cls(
            id=d.id, invoice=d.invoice_number, customer=d.customer_number,
            reason=ReasonCode(d.reason), note=d.note, opened_on=d.opened_on,
            resolved_on=d.resolved_on,
        )  # fmt: skip
        return read if case is None else read.model_copy(update=_case_fields(case))


def _case_fields(case: DisputeCase) -> dict[str, object]:
    return {
        "department": case.department, "owner": case.owner, "deadline": case.deadline,
        "lines": [DisputedLine(line=x.seq, name=x.name, amount=x.amount) for x in case.lines],
        "disputed_amount": case.disputed_amount, "outcome": case.outcome,
        "explanation": case.explanation, "credit_note": case.credit_note,
        "corrected_invoice": case.replacement, "plan_id": case.plan_id,
    }  # fmt: skip


class DisputeCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    invoice: str = Field(min_length=1, max_length=64, pattern=NO_NUL, description="Invoice number.")
    reason: ReasonCode = described("Why the customer does not pay (S0-3 reason code).")
    note: str = Field(
        default="", max_length=2000, pattern=NO_NUL, description="What the customer says."
    )
    opened_on: Day | None = described("When it was opened; default today.", default=None)
    department: Department | None = described(
        "The department that owns it (needed with an owner or a deadline).", default=None
    )
    owner: str | None = Field(default=None, min_length=1, max_length=64, pattern=NO_NUL,
                              description="The user who decides it.")  # fmt: skip
    deadline: Day | None = described("Decide by this day: a task in the agenda.", default=None)
    lines: list[Annotated[int, Field(ge=1)]] = Field(
        default=[], max_length=500, description="The disputed lines' numbers on the invoice."
    )


class DisputeOutcome(BaseModel):
    """How the dispute ends, with what its effect needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: OutcomeKind = described("credit_note, corrected_invoice, rejected or plan.")
    number: str | None = Field(
        default=None, min_length=1, max_length=64, pattern=NO_NUL,
        description="credit_note: an imported credit note's number (or the number of the one "
        "recorded); corrected_invoice: the corrected invoice's number.",
    )  # fmt: skip
    amount: OutcomeAmount | None = described(
        "The amount of a credit note or corrected invoice not imported.", default=None
    )
    due_on: Day | None = described("The corrected invoice's due date.", default=None)
    explanation: str = Field(default="", max_length=MAX_EXPLANATION, pattern=NO_NUL,
                             description="rejected: why, sent to the customer.")  # fmt: skip
    plan_id: int | None = described("plan: the payment plan's id.", default=None)
    on: Day | None = described("The day of the outcome; default today.", default=None)


class DisputeResolve(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    resolved_on: Day | None = described("When it was resolved; default today.", default=None)


def _reads(tijdig: Tijdig, company: Company, records: list[DisputeRecord]) -> list[DisputeRead]:
    cases = dispute_cases.cases_by_id(tijdig.uow(), company, [d.id for d in records])
    return [DisputeRead.from_record(d, cases.get(d.id)) for d in records]


def _latest(tijdig: Tijdig, queries: Queries, company: Company, invoice: str) -> DisputeRead:
    """The invoice's dispute just opened or resolved: the last one stored."""
    page = queries.disputes(
        api_queries.company_id_of(company), Window(1), customer_id=None,
        invoice_number=invoice, state=DisputeState.ALL,
    )  # fmt: skip
    [read] = _reads(tijdig, company, [max(page.items, key=lambda d: d.id)])
    return read


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
    return _reads(tijdig, company, list(page.items))


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
    ownership = dispute_cases.Ownership(body.department, body.owner, body.deadline,
                                        tuple(body.lines))  # fmt: skip
    dispute_cases.open_case(
        tijdig.uow(), company, body.invoice, body.reason, note=body.note, ownership=ownership,
        as_of=on, actor=actor(signed_in), at=now(),
    )  # fmt: skip
    return _latest(tijdig, queries, company, body.invoice)


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
    return _latest(tijdig, queries, company, invoice)


@router.post("/{invoice}/outcome", response_model=DisputeRead)
def record_outcome(
    invoice: InvoiceNumberPath,
    body: DisputeOutcome,
    tijdig: Installation,
    queries: Queries,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> DisputeRead:
    """Close the invoice's open dispute with its outcome and its effect: a credit note set
    off against the invoice, a corrected invoice that replaces it, a rejection whose
    explanation is queued to the customer, or a payment plan covering it."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    outcome = dispute_cases.Outcome(body.kind, body.number, body.amount, body.due_on,
                                    body.explanation, body.plan_id)  # fmt: skip
    dispute_cases.close_case(
        tijdig.uow(), tijdig.dispute_letters(), company, outcome, invoice_number=invoice,
        as_of=body.on or today(), actor=actor(signed_in), at=now(),
    )  # fmt: skip
    return _latest(tijdig, queries, company, invoice)
