"""`/api/v1/notes`: other departments' internal notes (S3-2). An open complaint, a
delivery pending or extra work holds the customer (or the one invoice named) until the
note is closed or its end date has passed."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.internal import MAX_NOTE_TEXT, Department, InternalNote, NoteKind
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerFilter, Day, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Id, Installation, today
from tijdig.services.records import notes

router = APIRouter(prefix="/notes", tags=["notes"])


class NoteState(StrEnum):
    HOLDING = "holding"
    ALL = "all"


class NoteRead(BaseModel):
    """One department's note on a customer or one invoice of theirs."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The note's id.")
    customer: str = described("Customer number.")
    invoice: str | None = described("The invoice it holds; null: the whole customer.")
    department: Department = described("Whose note it is.")
    kind: NoteKind = described("complaint, pending_delivery or extra_work.")
    text: str = described("What it is about.")
    opened_on: date = described("The day it holds from.")
    until: date | None = described("The last day it holds; null: until closed.")
    closed_on: date | None = described("The day it was closed; null: open.")
    holding: bool = described("Whether it holds today.")

    @classmethod
    def from_note(cls, note: InternalNote, on: date) -> NoteRead:
        assert note.id is not None
        return cls(
            id=note.id, customer=note.customer_number, invoice=note.invoice_number,
            department=note.department, kind=note.kind, text=note.text,
            opened_on=note.opened_on, until=note.until, closed_on=note.closed_on,
            holding=note.holds_on(on),
        )  # fmt: skip


class NoteCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str = Field(min_length=1, max_length=64, pattern=NO_NUL,
                          description="Customer number.")  # fmt: skip
    invoice: str | None = Field(default=None, min_length=1, max_length=64, pattern=NO_NUL,
                                description="Hold only this invoice of theirs.")  # fmt: skip
    department: Department = described("Whose note it is.")
    kind: NoteKind = described("complaint, pending_delivery or extra_work.")
    text: str = Field(min_length=1, max_length=MAX_NOTE_TEXT, pattern=NO_NUL,
                      description="What it is about.")  # fmt: skip
    until: Day | None = described("The last day it holds; default until closed.", default=None)
    opened_on: Day | None = described("The day it holds from; default today.", default=None)


class NoteClose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    closed_on: Day | None = described("The day it stops holding; default today.", default=None)


@router.get("", response_model=list[NoteRead])
def list_notes(
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    customer: CustomerFilter = None,
    state: Annotated[NoteState, Query(description="holding (today) or all.")] = NoteState.HOLDING,
) -> list[NoteRead]:
    """The notes holding today (or all), the latest first."""
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    found = notes.list_notes(tijdig.uow(), company, customer_number=customer,
                             holding_on=on if state is NoteState.HOLDING else None)  # fmt: skip
    return [NoteRead.from_note(n, on) for n in found]


@router.post("", response_model=NoteRead, status_code=HTTPStatus.CREATED)
def add_note(
    body: NoteCreate, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> NoteRead:
    """Register a note: the run holds the customer (or the invoice) from its first day."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    note = notes.add_note(
        tijdig.uow(), company, body.customer, department=body.department, kind=body.kind,
        text=body.text, invoice_number=body.invoice, until=body.until,
        as_of=body.opened_on or today(), actor=actor(signed_in), at=now(),
    )  # fmt: skip
    return NoteRead.from_note(note, today())


@router.post("/{note_id}/close", response_model=NoteRead)
def close_note(
    note_id: Id,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
    body: Annotated[NoteClose | None, Body()] = None,
) -> NoteRead:
    """Close a note: from that day it holds nothing (409 when closed already)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = (body.closed_on if body else None) or today()
    note = notes.close_note(tijdig.uow(), company, note_id, as_of=on, actor=actor(signed_in),
                            at=now())  # fmt: skip
    return NoteRead.from_note(note, today())
