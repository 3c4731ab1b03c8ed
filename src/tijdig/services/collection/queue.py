"""Carrying out what a person approved, on the day it is sent: messages into the outbox,
calls and hand-overs into the agenda.

Each approved message is worked out again for the send day (messages.py):
- ready: rendered into the outbox for that day (its key names the run item and the day);
  invoices of the approval that no longer take the step are named in the item's note;
- waiting: not a contact day of the customer; it keeps its approval for the next one;
- dropped: nothing in it is due any more; the item says why (paid since the run:
  `superseded`, as before; anything else: `dropped`).
What an item notes on how it ended, and the title of a task it puts in the agenda, are
reasons (codes with their values), said in the reader's language where they are read.
A hand-over is a task for a person: it is recorded as the step taken on its invoices
(channel `task`), so the customer is not proposed for a hand-over again.

A message in the outbox holds for the day it was worked out for. One not released by
the end of that day (a mail server down, a retry later) is expired, and its run item is
queued again, worked out for the day it will go (`expire_stale`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.records import TASK_CHANNEL, Task, TaskKind
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus, check_transition
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.errors import TijdigError
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, ContactRole
from tijdig.domain.reason_texts import say, say_all
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine.at_send import Dropped, Ready, Waiting
from tijdig.services.collection.experiments import variant_for
from tijdig.services.collection.messages import (
    ClaimsOpen,
    ComposedMessage,
    Composer,
    MessageRequest,
    SendUnitOfWork,
    claims_still_open,
    is_task,
    message_for_send,
    recipient_of,
)
from tijdig.services.collection.payload import CallPayload, MessagePayload, StoredProposal
from tijdig.services.collection.run import policies_for
from tijdig.services.collection.views import RunItem
from tijdig.services.records.case_ports import DisputeCase

Kind, Status = RunItemKind, RunItemStatus


@dataclass
class QueueReport:
    """What queueing did; every line names the run item and the customer."""

    queued: int = 0
    tasks: int = 0
    dropped: int = 0
    failed: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # not a contact day: kept for later
    dropped_why: list[str] = field(default_factory=list)
    partly: list[str] = field(default_factory=list)  # sent without some of its invoices
    # (customer number, step key) of each approved hand-over carried out: a case opens
    handed_over: list[tuple[str, str]] = field(default_factory=list)


def expire_stale(uow_factory: Callable[[], SendUnitOfWork], *, today: date, now: datetime) -> int:
    """Expire the run messages worked out for an earlier day and never released, and
    put their run items back to approved; how many."""
    with uow_factory() as uow:
        items = uow.outbox.expire(before=today, now=now)
        # Only run messages are queued: a message item queued goes back to approved.
        check_transition(Kind.MESSAGE, Status.QUEUED, Status.APPROVED)
        uow.runs.set_status(items, Status.APPROVED, only_from=(Status.QUEUED,), at=now)
        uow.commit()
    return len(items)


def queue_approved(
    uow_factory: Callable[[], SendUnitOfWork],
    company: Company,
    composer: Composer,
    *,
    now: datetime,
    today: date,
    run_id: int | None = None,
) -> QueueReport:
    """Work each approved message out for `today`, render it into the outbox (once: its
    key is the run item and the day), and turn approved calls and hand-overs into agenda
    tasks; of the run `run_id` only, when named. A message that cannot be rendered is
    marked failed with the reason; the others go on."""
    assert company.id is not None
    report = QueueReport()
    with uow_factory() as uow:
        policies = policies_for(uow, company)[1]
        messages = _approved(uow, company.id, Kind.MESSAGE, run_id)
        calls = _approved(uow, company.id, Kind.CALL, run_id)
        left = claims_still_open(uow, company) if messages else {}
    for item in messages:
        with uow_factory() as uow:
            _queue(uow, company, composer, item, policies, claims=left, now=now, today=today,
                   report=report)  # fmt: skip
            uow.commit()
    for item in calls:
        with uow_factory() as uow:
            _call_task(uow, company, item, now=now)
            uow.commit()
        report.tasks += 1
    return report


def _approved(
    uow: SendUnitOfWork, company_id: int, kind: RunItemKind, run_id: int | None
) -> list[RunItem]:
    """The company's approved items of `kind`: of the run `run_id` only, when named."""
    found = uow.runs.items_with_status(company_id, kind, (Status.APPROVED,))
    return [item for item in found if run_id is None or item.run_id == run_id]


def _queue(
    uow: SendUnitOfWork,
    company: Company,
    composer: Composer,
    item: RunItem,
    policies: PolicySet,
    *,
    claims: ClaimsOpen,
    now: datetime,
    today: date,
    report: QueueReport,
) -> None:
    who = f"item {item.id} ({item.customer_number})"
    payload = item.payload
    if not isinstance(payload, MessagePayload):
        _close(uow, item, Status.FAILED, (reason(Code.DETAIL_ERASED),), now)
        report.failed.append(f"{who}: its detail was erased")
        return
    approved = payload.approved.proposal(policies)
    try:
        outcome, request = message_for_send(uow, company, approved, policies, today,
                                            claims=claims)  # fmt: skip
        if request is not None and not is_task(request) and company.id is not None:
            # an A/B test of the step's template: the customer's variant (issue 18)
            request = variant_for(uow, company.id, request, on=today)
        composed = None if request is None or is_task(request) else composer.compose(request)
    except TijdigError as error:
        # the refusal's words are English until refusals carry codes of their own
        _close(uow, item, Status.FAILED, (reason(Code.NOT_SENT_REFUSED, error=str(error)),), now)
        report.failed.append(f"{who}: {error}")
        return
    if isinstance(outcome, Waiting):
        report.waiting.append(f"{who}: waits: {say(outcome.reason)}")
    elif isinstance(outcome, Dropped):
        _drop(uow, item, outcome, now, report)
    else:
        assert request is not None
        _carry_out(uow, company, item, outcome, request, composed, now=now, today=today,
                   report=report)  # fmt: skip


def _drop(
    uow: SendUnitOfWork, item: RunItem, outcome: Dropped, now: datetime, report: QueueReport
) -> None:
    why = say_all(outcome.reasons)
    paid = all(r.code is Code.PAID_SINCE_RUN for r in outcome.reasons)
    notes = (reason(Code.NOT_SENT), *outcome.reasons)
    _close(uow, item, Status.SUPERSEDED if paid else Status.DROPPED, notes, now)
    report.dropped += 1
    report.dropped_why.append(f"item {item.id} ({item.customer_number}): not sent: {why}")


def _carry_out(
    uow: SendUnitOfWork,
    company: Company,
    item: RunItem,
    outcome: Ready,
    request: MessageRequest,
    composed: ComposedMessage | None,
    *,
    now: datetime,
    today: date,
    report: QueueReport,
) -> None:
    sent = replace(StoredProposal.of(request.proposal), variant=request.variant)
    uow.runs.set_sent_payload(item.id, sent, sent_on=today)
    if outcome.dropped:
        uow.runs.note(item.id, (reason(Code.SENT_WITHOUT), *outcome.dropped))
        without = "sent without: " + say_all(outcome.dropped)
        report.partly.append(f"item {item.id} ({item.customer_number}): {without}")
    if composed is None:
        _task_from_message(uow, company, request, item, today=today)
        _close(uow, item, Status.DONE, (), now)
        report.tasks += 1
        if request.proposal.step.hand_over:
            report.handed_over.append((request.customer.number, request.proposal.step.key))
        return
    _enqueue(uow, request, composed, item, now, today)
    _close(uow, item, Status.QUEUED, (), now)
    report.queued += 1


def _close(
    uow: SendUnitOfWork,
    item: RunItem,
    status: RunItemStatus,
    notes: tuple[Reason, ...],
    now: datetime,
) -> None:
    """Move an item read as approved on to `status`, with notes on why (if any), refused
    when the table does not allow it; an item someone moved meanwhile stays as it is."""
    check_transition(item.kind, item.status, status)
    uow.runs.set_status([item.id], status, only_from=(item.status,), at=now)
    if notes:
        uow.runs.note(item.id, notes)


def _enqueue(
    uow: SendUnitOfWork,
    request: MessageRequest,
    composed: ComposedMessage,
    item: RunItem,
    now: datetime,
    today: date,
) -> None:
    assert request.company.id is not None
    channel, recipient = recipient_of(request)
    uow.outbox.enqueue(
        key=f"run-item-{item.id}-{today:%Y%m%d}",
        company_id=request.company.id,
        channel=channel,
        recipient=recipient,
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        attachments=composed.attachments,
        customer_id=request.customer.id,
        run_item_id=item.id,
        created_at=now,
        valid_on=today,
    )


def _task_from_message(
    uow: SendUnitOfWork, company: Company, request: MessageRequest, item: RunItem, *, today: date
) -> None:
    """A hand-over (or a call step) for a person; an approved hand-over is recorded as the
    step taken on its invoices, so it is proposed once (S0-7)."""
    assert company.id is not None and request.customer.id is not None
    step = request.proposal.step
    kind = TaskKind.HAND_OVER if step.hand_over else TaskKind.CALL
    numbers = ", ".join(line.invoice_number for line in request.proposal.lines)
    task = Task(
        customer_number=request.customer.number,
        kind=kind,
        due_on=request.as_of,
        title=reason(
            Code.TASK_STEP, step=step.key, customer=request.customer.name, invoices=numbers
        ),
        # the reasons say why, in the reader's language; a call step gets the standard
        # call script in the customer's language from the agenda
        contact_role=ContactRole.ACCOUNTS_PAYABLE.value,
        # a hand-over's file says what was disputed, which lines and how it ended
        reasons=(*request.proposal.reasons, *(dispute_reason(d) for d in request.disputes)),
    )
    uow.tasks.add(company.id, request.customer.id, task)
    if step.hand_over:
        steps = [(line.invoice_number, line.step_key) for line in request.proposal.lines
                 if line.step_key]  # fmt: skip
        uow.runs.record_steps(company.id, item.id, steps, channel=TASK_CHANNEL, taken_on=today)


def dispute_reason(case: DisputeCase) -> Reason:
    """A dispute of a hand-over's invoice, as its task says it."""
    lines = ", ".join(str(line.seq) for line in case.lines) or "all"
    amount = case.disputed_amount
    shown = case.invoice.open_amount if amount is None else amount
    ended = "open" if case.resolved_on is None else (case.outcome or "resolved")
    return reason(Code.HAND_OVER_DISPUTE, invoice=case.invoice.number, why=case.reason.value,
                  since=case.opened_on, lines=lines,
                  amount=Money(case.invoice.currency, shown), outcome=str(ended))  # fmt: skip


def _call_task(uow: SendUnitOfWork, company: Company, item: RunItem, *, now: datetime) -> None:
    assert company.id is not None
    customer = uow.customers.get(company.id, item.customer_number or "")
    if customer is None or customer.id is None:
        _close(uow, item, Status.FAILED, (reason(Code.CUSTOMER_GONE),), now)
        return
    call = item.payload
    if not isinstance(call, CallPayload):
        _close(uow, item, Status.FAILED, (reason(Code.DETAIL_ERASED),), now)
        return
    task = Task(
        customer_number=customer.number,
        kind=TaskKind.CALL,
        due_on=call.due_on,
        title=reason(Code.TASK_CALL, customer=customer.name),  # its reasons say why
        script=call_script(call.script, customer.language.value),
        contact_role=call.contact_role,
        reasons=call.reasons,
    )
    uow.tasks.add(company.id, customer.id, task)
    _close(uow, item, Status.DONE, (), now)
