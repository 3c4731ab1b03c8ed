"""`/api/v1/tasks`: the agenda (S0-5), the day's calls and overdue follow-ups with their
script and contact; complete a task with its outcome (a promise or a dispute too), or
log that nobody answered and keep it open for the day to call back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.reason_texts import plain
from tijdig.entrypoints.web.api.common import (
    NO_NUL,
    PAGED,
    Day,
    Limit,
    Offset,
    check_change,
    id_path,
    moment,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.read_models.common import Page
from tijdig.services.records import agenda, tasks
from tijdig.services.records.agenda import AgendaItem
from tijdig.services.records.outcomes import Agreement

router = APIRouter(prefix="/tasks", tags=["tasks"])

TaskId = Annotated[int, id_path("task")]
PromisedAmount = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2)]


class CallContactRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = described("Who to call.")
    role: str = described("Their role at the customer.")
    phone: str | None = described("Number to call.")


class TaskRead(BaseModel):
    """A call or follow-up due on or before the day asked for."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The task's id (`/tasks/{id}/complete`).")
    kind: str = described("call, follow_up or hand_over.")
    customer: str = described("Customer number.")
    customer_name: str = described("Customer name.")
    due_on: date = described("When it is due.")
    days_overdue: int = described("Days past its due date (0 when due today).")
    title: str = described("What to do.")
    contact: CallContactRead | None = described("Who to call at the customer, if known.")
    script: str = described("The call script (S0-3 questions), in the customer's language.")

    @classmethod
    def from_item(cls, item: AgendaItem) -> TaskRead:
        t, c = item.task, item.contact
        contact = None if c is None else CallContactRead(name=c.name, role=c.role, phone=c.phone)
        return cls(
            id=item.task_id, kind=t.kind.value, customer=t.customer_number,
            customer_name=item.customer_name, due_on=t.due_on, days_overdue=item.days_overdue,
            title=plain(t.title), contact=contact, script=item.script,
        )  # fmt: skip


class TaskCompletion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str = Field(
        min_length=1, max_length=2000, pattern=NO_NUL, description="What came out of it."
    )
    reason: ReasonCode | None = described("Why the customer pays late (S0-3).", default=None)
    promise_date: Day | None = described("The customer promises to pay by.", default=None)
    amount: PromisedAmount | None = described(
        "Amount promised (with promise_date); default everything overdue.", default=None
    )
    dispute_invoice: str | None = Field(
        default=None, min_length=1, max_length=64, pattern=NO_NUL,
        description="Open a dispute on this invoice (needs a reason).",
    )  # fmt: skip
    done_on: Day | None = described("When it was done; default today.", default=None)


class TaskDoneRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The task completed.")
    customer: str = described("Customer number.")
    outcome: str = described("The outcome logged in the contact log.")
    promise_date: date | None = described("The promise recorded, if any.")
    disputed_invoice: str | None = described("The invoice disputed, if any.")


@router.get("", response_model=list[TaskRead], responses=PAGED)
def list_tasks(
    request: Request,
    response: Response,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[TaskRead]:
    """The agenda: open tasks due by `as_of`, oldest first. Reading it changes nothing:
    the daily run (`tijdig run`) judges the promises whose date has passed and raises a
    follow-up task for a broken one; until then `/promises?state=pending` lists them."""
    company = company_for(tijdig, signed_in.user, code)
    at = window(limit, offset)
    shown = agenda.agenda(tijdig.uow(), company, as_of=as_of, offset=at.offset, limit=at.limit)
    paginate(request, response, Page(shown.items, shown.total), at)
    return [TaskRead.from_item(i) for i in shown.items]


@router.post("/{task_id}/complete", response_model=TaskDoneRead)
def complete_task(
    task_id: TaskId,
    body: TaskCompletion,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> TaskDoneRead:
    """Close a task with its outcome, logged as a contact; it may record a promise to pay
    or open a dispute."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    agreed = Agreement(body.promise_date, body.amount, body.dispute_invoice)
    done = tasks.complete_task(
        tijdig.uow(), company, task_id, tasks.CallOutcome(body.outcome, body.reason, agreed),
        done_at=moment(body.done_on), by=signed_in.user.username, actor=actor(signed_in),
        at=now(),
    )  # fmt: skip
    number = done.event.customer_number
    return TaskDoneRead(
        id=task_id, customer=number, outcome=body.outcome,
        promise_date=done.promise.promised_date if done.promise else None,
        disputed_invoice=done.dispute.invoice_number if done.dispute else None,
    )  # fmt: skip


class TaskCallBack(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    call_back: Day = described("Not reached: call back on this day (after the attempt).")
    note: str = Field(default="", max_length=2000, pattern=NO_NUL,
                      description="What happened (voicemail...).")  # fmt: skip
    done_on: Day | None = described("When the call was tried; default today.", default=None)


class TaskCallBackRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The task, still open.")
    customer: str = described("Customer number.")
    due_on: date = described("The day it is due again.")


@router.post("/{task_id}/call-back", response_model=TaskCallBackRead)
def call_back(
    task_id: TaskId,
    body: TaskCallBack,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> TaskCallBackRead:
    """Not reached: the attempt is logged as a call, and the task stays open, due again
    on `call_back` (the agenda page's "not reached, call back on")."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = tasks.call_back(
        tijdig.uow(), company, task_id, body.call_back, note=body.note,
        done_at=moment(body.done_on), by=signed_in.user.username, actor=actor(signed_in),
        at=now(),
    )  # fmt: skip
    return TaskCallBackRead(id=task_id, customer=done.event.customer_number, due_on=body.call_back)
