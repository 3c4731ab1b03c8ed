"""`/api/v1/customers/{number}/hardship`: a debtor in hardship (debt counselling, WSNP,
Belgian debt mediation or collective settlement, bankruptcy, death). While a status is
active the run proposes nothing for the customer and claims no costs or interest."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.hardship import MAX_EVIDENCE, MAX_FILE_REFERENCE, HardshipKind, HardshipStatus
from tijdig.domain.reason_texts import plain
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerNumberPath, Day, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.records import hardship

router = APIRouter(prefix="/customers", tags=["customers"])

KINDS = ", ".join(k.value for k in HardshipKind)


class HardshipRead(BaseModel):
    """One hardship status of a customer; ended ones are kept as its history."""

    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    kind: HardshipKind = described(f"What the hardship is: {KINDS}.")
    since: date = described("The day the status applies from.")
    ended_on: date | None = described("The day it ended (collection resumed); null: running.")
    evidence: str = described("What shows it: a letter, a court ruling.")
    evidence_file: str | None = described("The reference of the stored evidence file.")
    active: bool = described("Whether it is active today: collection of the customer paused.")

    @classmethod
    def from_status(cls, status: HardshipStatus, on: date) -> HardshipRead:
        return cls(
            customer=status.customer_number, kind=status.kind, since=status.since,
            ended_on=status.ended_on, evidence=status.evidence,
            evidence_file=status.evidence_file, active=status.is_active(on),
        )  # fmt: skip


class HardshipSetRead(HardshipRead):
    task: str = described("The title of the task made for the credit controller (English).")


class HardshipCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: HardshipKind = described(f"What the hardship is: {KINDS}.")
    since: Day = described("The day the status applies from; not after today.")
    evidence: str = Field(min_length=1, max_length=MAX_EVIDENCE, pattern=NO_NUL,
                          description="What shows it: a letter, a court ruling.")  # fmt: skip
    evidence_file: str | None = Field(
        default=None, min_length=1, max_length=MAX_FILE_REFERENCE, pattern=NO_NUL,
        description="The reference of the stored evidence file.",
    )  # fmt: skip


class HardshipEnd(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ended_on: Day | None = described("The day it ended; default today.", default=None)


@router.get("/{number}/hardship", response_model=list[HardshipRead])
def list_hardship(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> list[HardshipRead]:  # fmt: skip
    """The customer's hardship statuses, the latest begun first (ended ones too)."""
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    return [HardshipRead.from_status(s, on)
            for s in hardship.hardship_history(tijdig.uow(), company, number)]  # fmt: skip


@router.post("/{number}/hardship", response_model=HardshipSetRead, status_code=HTTPStatus.CREATED)
def set_hardship(
    number: CustomerNumberPath, body: HardshipCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> HardshipSetRead:  # fmt: skip
    """Give the customer a status: dunning, costs and interest pause, and a task is put in
    the agenda (409 while another status runs)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    done = hardship.set_hardship(
        tijdig.uow(), company, number, body.kind, since=body.since,
        evidence=hardship.Evidence(body.evidence, body.evidence_file), as_of=on,
        actor=actor(signed_in), at=now(),
    )  # fmt: skip
    read = HardshipRead.from_status(done.status, on)
    return HardshipSetRead(**read.model_dump(), task=plain(done.task.title))


@router.post("/{number}/hardship/end", response_model=HardshipRead)
def end_hardship(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None, body: Annotated[HardshipEnd | None, Body()] = None,
) -> HardshipRead:  # fmt: skip
    """End the customer's running status: collection resumes from that day."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    ended = hardship.end_hardship(
        tijdig.uow(), company, number, ended_on=(body.ended_on if body else None) or on,
        as_of=on, actor=actor(signed_in), at=now(),
    )  # fmt: skip
    return HardshipRead.from_status(ended, on)
