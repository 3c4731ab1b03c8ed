"""`/api/v1/customers/{number}/pause`, `/pause/lift`, `/tasks` and `/statement`: what a
credit controller does from the customer's page, for other programs: pause dunning until
a day with the reason (and lift it), set the customer's next action (a task in the
agenda), send a statement of account now. The same services as the page and the CLI
(`tijdig customer pause`, `tijdig task add`, `tijdig customer statement`)."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.pauses import MAX_PAUSE_REASON
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerNumberPath, Day, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.records import pauses, statements, tasks

router = APIRouter(prefix="/customers", tags=["customers"])


class PauseCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    until: Day = described("The day dunning resumes; after today.")
    reason: str = Field(min_length=1, max_length=MAX_PAUSE_REASON, pattern=NO_NUL,
                        description="Why dunning waits (what was agreed).")  # fmt: skip


class PauseRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The pause's id.")
    customer: str = described("Customer number.")
    since: date = described("The day it holds from (the day it was set).")
    until: date = described("The day dunning resumes.")
    reason: str = described("Why dunning waits.")


class NextActionCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    due_on: Day = described("The day of the next action; today or later.")
    title: str = Field(min_length=1, max_length=tasks.MAX_TASK_TITLE, pattern=NO_NUL,
                       description="What is to be done.")  # fmt: skip


class NextActionRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The task's id (`/tasks/{id}/complete`).")
    customer: str = described("Customer number.")
    due_on: date = described("The day of the next action.")
    title: str = described("What is to be done.")


@router.post("/{number}/pause", response_model=PauseRead, status_code=HTTPStatus.CREATED)
def pause_dunning(
    number: CustomerNumberPath, body: PauseCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> PauseRead:  # fmt: skip
    """Pause dunning of the customer from today until `until`: the run proposes nothing
    and plans no call for them until then (422 when `until` is not after today)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = pauses.pause_dunning(tijdig.uow(), company, number, until=body.until,
                                why=body.reason, as_of=today(), actor=actor(signed_in),
                                at=now())  # fmt: skip
    assert done.id is not None
    return PauseRead(id=done.id, customer=done.customer_number, since=done.since,
                     until=done.until, reason=done.reason)  # fmt: skip


@router.post("/{number}/pause/lift", response_model=list[PauseRead])
def lift_pause(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> list[PauseRead]:  # fmt: skip
    """Resume dunning of the customer from today: the pauses that held today (404 when
    none does)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    lifted = pauses.lift_pause(tijdig.uow(), company, number, as_of=today(),
                               actor=actor(signed_in), at=now())  # fmt: skip
    return [PauseRead(id=p.id or 0, customer=p.customer_number, since=p.since, until=p.until,
                      reason=p.reason) for p in lifted]  # fmt: skip


@router.post("/{number}/tasks", response_model=NextActionRead, status_code=HTTPStatus.CREATED)
def add_next_action(
    number: CustomerNumberPath, body: NextActionCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> NextActionRead:  # fmt: skip
    """Set the customer's next action for a day: a task in the agenda (422 for a day
    before today)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    task_id, task = tasks.add_task(tijdig.uow(), company, number, title=body.title,
                                   due_on=body.due_on, as_of=today(), actor=actor(signed_in),
                                   at=now())  # fmt: skip
    return NextActionRead(id=task_id, customer=task.customer_number, due_on=task.due_on,
                          title=str(task.title))  # fmt: skip


class StatementRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    outbox_id: int = described("The queued message (`tijdig send` sends it).")
    customer: str = described("Customer number.")
    on: date = described("The day the statement shows.")
    recipient: str = described("The e-mail address it goes to.")
    invoices: list[str] = described("The open invoices and credit notes it lists.")


@router.post("/{number}/statement", response_model=StatementRead, status_code=HTTPStatus.CREATED)
def send_statement(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> StatementRead:  # fmt: skip
    """E-mail the customer a statement of account of today, in their language: queued
    once a day (422 when nothing is open or the customer has no e-mail address)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    sent = statements.send_statement(tijdig.uow(), tijdig.statement_letters(), company, number,
                                     as_of=today(), actor=actor(signed_in), at=now())  # fmt: skip
    shown = sent.statement
    return StatementRead(outbox_id=sent.outbox_id, customer=shown.customer_number, on=shown.on,
                         recipient=sent.recipient,
                         invoices=[line.number for line in shown.lines])  # fmt: skip
