"""A run's messages out of the review: one previewed as the customer will see it (sent
nowhere), and what was approved sent for one company through the same path as
`tijdig send`, each message sent audited for its customer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.services.collection_send import (
    ComposedMessage,
    Composer,
    MessageRequest,
    QueueReport,
    is_task,
    message_request,
    queue_approved,
    record_sent,
)
from tijdig.services.dunning import policies_for
from tijdig.services.dunning_views import RunItem
from tijdig.services.outbox import Mailer, SmsSender
from tijdig.services.run_payload import proposal_from_json
from tijdig.services.run_review import ReviewUnitOfWork, company_id, record_audit
from tijdig.services.sending import RetryPolicy, SendReport, send_pending


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
    """Render a run's message item as `tijdig send` would, sending nothing."""
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
        request = message_request(uow, company, proposal, policies, as_of, claims=claims)
    if request is None:
        return Preview(item, nothing="everything in it has been paid since the run")
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

    @property
    def counts(self) -> dict[str, int]:
        q, r = self.queued, self.report
        return {
            "queued": q.queued, "tasks": q.tasks, "dropped": q.dropped,
            "not_queued": len(q.failed), "sent": len(r.sent), "retrying": len(r.retrying),
            "failed": len(r.failed), "unconfirmed": len(r.unconfirmed),
        }  # fmt: skip


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
    """`tijdig send` for one company: approved messages into the outbox and calls into
    the agenda, then what is due is sent. `uow_factory` must see this company's outbox
    only. Every message sent is audited for its customer."""
    queued = queue_approved(uow_factory, company, composer, now=now, today=today)
    report = send_pending(
        uow_factory, mailroom.mailer, mailroom.sms, now=now, on_sent=record_sent(today, now),
        policy=mailroom.retry, printer=mailroom.printer,
    )  # fmt: skip
    sent = Sent(queued, report)
    with uow_factory() as uow:
        customers = uow.run_review.outbox_customers([o.outbox_id for o in report.sent])
    summary = ", ".join(f"{k} {v}" for k, v in sent.counts.items())
    entries = [AuditEntry(at=now, actor=actor, action="run.send", company_id=company.id,
                          subject="send", details=summary)]  # fmt: skip
    entries += [
        AuditEntry(at=now, actor=actor, action="message.send", company_id=company.id,
                   customer_id=customers.get(o.outbox_id), subject=o.key,
                   details=f"to {o.recipient}")
        for o in report.sent
    ]  # fmt: skip
    record_audit(uow_factory, entries)
    return sent
