"""Sending what was approved, the one use case behind `tijdig send` and the workspace's
send button; and previewing a run's message as it would go out today (sent nowhere).

`send_approved`, for one company:
1. Only at an allowed moment (domain/collection/contact_hours.py: 07:00 to 20:00
   Amsterdam time, never on a Sunday or an Atw holiday); otherwise nothing is queued
   or sent, and the report says when sending may start.
2. Messages worked out for an earlier day and never handed over are expired, their run
   items approved again (send_queue.expire_stale).
3. Each approved message is worked out for `today` and the channel it can take, then
   queued, kept for a contact day, or dropped with its reason (send_queue.py).
4. What is due in the company's outbox is sent exactly once (sending.py).
Every message sent is audited for its customer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tijdig.domain.collection.contact_hours import RULE, next_send_moment
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.engine.at_send import Dropped, Waiting
from tijdig.services.collection_send import (
    ComposedMessage,
    Composer,
    MessageRequest,
    is_task,
    message_for_send,
    record_sent,
)
from tijdig.services.dunning import policies_for
from tijdig.services.dunning_views import RunItem
from tijdig.services.outbox import Mailer, SmsSender
from tijdig.services.run_payload import proposal_from_json
from tijdig.services.run_review import ReviewUnitOfWork, company_id, record_audit
from tijdig.services.send_queue import QueueReport, expire_stale, queue_approved
from tijdig.services.sending import Outcome, RetryPolicy, SendReport, send_pending

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True, slots=True)
class Preview:
    """A message item rendered as it would go out now, or why nothing would."""

    item: RunItem
    request: MessageRequest | None = None
    message: ComposedMessage | None = None
    nothing: str = ""  # why there is no message to show


def preview_item(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    composer: Composer,
    run_id: int,
    item_id: int,
    *,
    as_of: date,
) -> Preview:
    """Render a run's message item as `tijdig send` would on `as_of`, sending nothing."""
    with uow_factory() as uow:
        item = uow.run_review.item(company_id(company), run_id, item_id)
        if item is None:
            raise NotFound(f"run {run_id} of {company.code} has no item {item_id}")
        if item.kind != "message":
            return Preview(item, nothing="a call, hold or warning sends no message")
        policies = policies_for(uow, company)[1]
        proposal = proposal_from_json(item.payload, policies)
        # Only this customer's claims: the company's would read every open invoice.
        claims = uow.run_review.claims_left(company_id(company), proposal.customer_number)
        outcome, request = message_for_send(uow, company, proposal, policies, as_of,
                                            claims=claims)  # fmt: skip
    if isinstance(outcome, Waiting):
        return Preview(item, nothing=f"it waits: {outcome.reason}")
    if isinstance(outcome, Dropped):
        return Preview(item, nothing="nothing in it is due any more: " + "; ".join(outcome.reasons))
    assert request is not None
    if is_task(request):
        return Preview(item, request, nothing="this step is a task for a person: no message")
    return Preview(item, request, composer.compose(request))


@dataclass(frozen=True, slots=True)
class Mailroom:
    """Where messages go: the installation's mailer, SMS sender and letter printer."""

    mailer: Mailer
    sms: SmsSender
    printer: Mailer | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True, slots=True)
class Sent:
    queued: QueueReport
    report: SendReport
    expired: int = 0  # messages of an earlier day worked out again
    closed_until: datetime | None = None  # outside the allowed hours: nothing was done

    @property
    def counts(self) -> dict[str, int]:
        q, r = self.queued, self.report
        return {
            "queued": q.queued, "tasks": q.tasks, "dropped": q.dropped,
            "waiting": len(q.waiting), "not_queued": len(q.failed), "sent": len(r.sent),
            "retrying": len(r.retrying), "failed": len(r.failed),
            "unconfirmed": len(r.unconfirmed),
        }  # fmt: skip


def closed_until(now: datetime) -> datetime | None:
    """None when a message may go out at `now`; else the moment sending may start."""
    local = now.astimezone(AMSTERDAM)
    opens = next_send_moment(local)
    return None if opens == local else opens


def send_approved(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    composer: Composer,
    mailroom: Mailroom,
    *,
    actor: str,
    now: datetime,
    today: date,
) -> Sent:
    """`tijdig send` for one company (see the module's steps). `uow_factory` must see
    this company's outbox only. Every message sent is audited for its customer."""
    opens = closed_until(now)
    if opens is not None:
        _audit(uow_factory, company, actor, now, f"nothing sent: {RULE}; opens {opens}", [])
        return Sent(QueueReport(), SendReport(), closed_until=opens)
    expired = expire_stale(uow_factory, today=today, now=now)
    queued = queue_approved(uow_factory, company, composer, now=now, today=today)
    report = send_pending(
        uow_factory, mailroom.mailer, mailroom.sms, now=now, on_sent=record_sent(today, now),
        policy=mailroom.retry, printer=mailroom.printer,
    )  # fmt: skip
    sent = Sent(queued, report, expired)
    summary = ", ".join(f"{k} {v}" for k, v in sent.counts.items())
    _audit(uow_factory, company, actor, now, summary, report.sent)
    return sent


def _audit(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    actor: str,
    now: datetime,
    summary: str,
    sent: Sequence[Outcome],
) -> None:
    entries = [AuditEntry(at=now, actor=actor, action="run.send", company_id=company.id,
                          subject="send", details=summary)]  # fmt: skip
    with uow_factory() as uow:
        customers = uow.run_review.outbox_customers([o.outbox_id for o in sent])
    entries += [
        AuditEntry(at=now, actor=actor, action="message.send", company_id=company.id,
                   customer_id=customers.get(o.outbox_id), subject=o.key,
                   details=f"to {o.recipient}")
        for o in sent
    ]  # fmt: skip
    record_audit(uow_factory, entries)
