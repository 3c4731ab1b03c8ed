"""Carrying out what a person approved: messages into the outbox, calls and hand-overs
into the agenda; then sending, where each sent message writes its steps taken and a
contact-log entry in the same transaction that marks it sent.

Every message shows, under each invoice, the costs and interest an earlier message
claimed and payments have not yet met (art. 6:44 BW), read here from the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from tijdig.domain.collection.policy import Channel as StepChannel
from tijdig.domain.collection.policy import Policy, PolicySet
from tijdig.domain.collection.records import ContactEvent, ContactKind, Task, TaskKind
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.errors import NotFound, TijdigError
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import apportion
from tijdig.domain.parties import Company, ContactRole, Customer
from tijdig.engine.message import OpenClaim, open_claims
from tijdig.engine.model import Proposal
from tijdig.matching.model import OpenItem
from tijdig.services.dunning import CollectionUnitOfWork, policies_for
from tijdig.services.dunning_views import RunItem
from tijdig.services.outbox import Attachment, Channel, OutboxEntry, OutboxUnitOfWork
from tijdig.services.ports import UnitOfWork
from tijdig.services.records import ContactLog, Tasks
from tijdig.services.run_payload import proposal_from_json

SENDER = "Tijdig"
_LOGGED = {Channel.EMAIL: ContactKind.EMAIL_SENT, Channel.LETTER: ContactKind.LETTER_SENT,
           Channel.SMS: ContactKind.SMS_SENT}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MessageRequest:
    """Everything a message shows, for the composer (an adapter) to render."""

    company: Company
    customer: Customer
    proposal: Proposal
    policy: Policy
    invoices: tuple[Invoice, ...]
    invoice_pdfs: Mapping[str, bytes]
    as_of: date
    channel: StepChannel
    claims: tuple[OpenClaim, ...] = ()  # claimed earlier, still open, per invoice listed


@dataclass(frozen=True, slots=True)
class ComposedMessage:
    subject: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]  # for a letter: the letter PDF first


class Composer(Protocol):
    def compose(self, request: MessageRequest) -> ComposedMessage: ...


class OpenItems(Protocol):
    """Open invoices with the costs and interest claimed on them and not yet paid."""

    def open_items(self, company_id: int) -> list[OpenItem]: ...


class SendUnitOfWork(CollectionUnitOfWork, OutboxUnitOfWork, Protocol):
    @property
    def contact_log(self) -> ContactLog: ...
    @property
    def tasks(self) -> Tasks: ...
    @property
    def matching(self) -> OpenItems: ...


ClaimsOpen = Mapping[str, tuple[Decimal, Decimal]]


def claims_still_open(uow: SendUnitOfWork, company: Company) -> dict[str, tuple[Decimal, Decimal]]:
    """Costs and interest claimed and not yet paid, per open invoice of the company."""
    assert company.id is not None
    return {
        item.invoice_number: (item.costs, item.interest)
        for item in uow.matching.open_items(company.id)
        if item.costs or item.interest
    }


@dataclass
class QueueReport:
    queued: int = 0
    tasks: int = 0
    dropped: int = 0
    failed: list[str] = field(default_factory=list)


def queue_approved(
    uow_factory: Callable[[], SendUnitOfWork],
    company: Company,
    composer: Composer,
    *,
    now: datetime,
    today: date,
) -> QueueReport:
    """Render each approved message into the outbox (once: its key is the run item) and
    turn approved calls and hand-overs into agenda tasks. A message that cannot be
    rendered is marked failed with the reason; the others go on."""
    assert company.id is not None
    report = QueueReport()
    with uow_factory() as uow:
        policies = policies_for(uow, company)[1]
        messages = uow.runs.items_with_status(company.id, "message", ("approved",))
        calls = uow.runs.items_with_status(company.id, "call", ("approved",))
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
    proposal = proposal_from_json(item.payload, policies)
    try:
        request = message_request(uow, company, proposal, policies, today, claims=claims)
        composed = None if request is None or is_task(request) else composer.compose(request)
    except TijdigError as error:
        _close(uow, item, "failed", f"not sent: {error}", now)
        report.failed.append(f"item {item.id} ({item.customer_number}): {error}")
        return
    if request is None:
        _close(uow, item, "superseded", "everything in it was paid since the run", now)
        report.dropped += 1
    elif composed is None:
        _task_from_message(uow, company, request, item)
        _close(uow, item, "done", "", now)
        report.tasks += 1
    else:
        _enqueue(uow, request, composed, item, now)
        _close(uow, item, "queued", "", now)
        report.queued += 1


def is_task(request: MessageRequest) -> bool:
    return request.proposal.step.hand_over or request.channel is StepChannel.CALL


def _close(uow: SendUnitOfWork, item: RunItem, status: str, note: str, now: datetime) -> None:
    uow.runs.set_status([item.id], status, only_from=("approved",), at=now)
    if note:
        uow.runs.note(item.id, note)


def message_request(
    uow: SendUnitOfWork,
    company: Company,
    proposal: Proposal,
    policies: PolicySet,
    today: date,
    *,
    claims: ClaimsOpen | None = None,
) -> MessageRequest | None:
    """The message as it stands now; None when every invoice in it has been paid.
    `claims` (from `claims_still_open`, read once for many messages) else comes from `uow`."""
    assert company.id is not None
    customer = uow.customers.get(company.id, proposal.customer_number)
    if customer is None or customer.id is None:
        raise NotFound(f"customer {proposal.customer_number} no longer exists")
    numbers = {line.invoice_number for line in proposal.lines}
    still_open = {
        i.number: i
        for i in uow.invoices.search(company.id, customer_id=customer.id, open_only=True)
        if i.number in numbers
    }
    lines = tuple(line for line in proposal.lines if line.invoice_number in still_open)
    if not any(line.step_key for line in lines):
        return None
    ids = [i.id for i in still_open.values() if i.id is not None]
    copies = uow.invoices.copies(ids)
    pdfs = {i.number: copies[i.id] for i in still_open.values() if i.id in copies}
    still_open = with_lines(uow, still_open, ids)
    return MessageRequest(
        company=company,
        customer=customer,
        proposal=replace(proposal, lines=lines),
        policy=policies.policy(proposal.policy_code),
        invoices=tuple(still_open[line.invoice_number] for line in lines),
        invoice_pdfs=pdfs,
        as_of=today,
        channel=_channel(proposal.step.channel, customer),
        claims=open_claims(lines, claims_still_open(uow, company) if claims is None else claims),
    )


def with_lines(uow: UnitOfWork, invoices: dict[str, Invoice], ids: list[int]) -> dict[str, Invoice]:
    """The message's invoices with their lines (what was sold), read for these alone."""
    found = uow.invoices.lines(ids)
    return {
        number: replace(invoice, lines=found.get(invoice.id, ()))
        if invoice.id in found else invoice
        for number, invoice in invoices.items()
    }  # fmt: skip


def _channel(wanted: StepChannel, customer: Customer) -> StepChannel:
    """E-mail needs an address and SMS a phone number; without one, a letter goes."""
    if wanted is StepChannel.EMAIL and not email_of(customer):
        return StepChannel.LETTER
    if wanted is StepChannel.SMS and not customer.phone:
        return StepChannel.EMAIL if email_of(customer) else StepChannel.LETTER
    return wanted


def email_of(customer: Customer) -> str | None:
    """Accounts payable first (S3-5), then the customer's own address."""
    for contact in customer.contacts:
        if contact.role is ContactRole.ACCOUNTS_PAYABLE and contact.email:
            return contact.email
    return customer.email


def _recipient(request: MessageRequest) -> tuple[Channel, str]:
    customer = request.customer
    if request.channel is StepChannel.EMAIL:
        return Channel.EMAIL, email_of(customer) or ""
    if request.channel is StepChannel.SMS:
        return Channel.SMS, customer.phone or ""
    address = "\n".join(part for part in (customer.name, customer.address) if part)
    return Channel.LETTER, address


def _enqueue(
    uow: SendUnitOfWork,
    request: MessageRequest,
    composed: ComposedMessage,
    item: RunItem,
    now: datetime,
) -> None:
    assert request.company.id is not None
    channel, recipient = _recipient(request)
    uow.outbox.enqueue(
        key=f"run-item-{item.id}",
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
    )


def _task_from_message(
    uow: SendUnitOfWork, company: Company, request: MessageRequest, item: RunItem
) -> None:
    assert company.id is not None and request.customer.id is not None
    step = request.proposal.step
    kind = TaskKind.HAND_OVER if step.hand_over else TaskKind.CALL
    numbers = ", ".join(line.invoice_number for line in request.proposal.lines)
    task = Task(
        customer_number=request.customer.number,
        kind=kind,
        due_on=request.as_of,
        title=f"{step.key}: {request.customer.name} ({numbers})",
        script="; ".join(request.proposal.reasons),
        contact_role=ContactRole.ACCOUNTS_PAYABLE.value,
    )
    uow.tasks.add(company.id, request.customer.id, task)


def _call_task(uow: SendUnitOfWork, company: Company, item: RunItem, *, now: datetime) -> None:
    assert company.id is not None
    customer = uow.customers.get(company.id, item.customer_number or "")
    if customer is None or customer.id is None:
        _close(uow, item, "failed", "the customer no longer exists", now)
        return
    detail = item.payload
    task = Task(
        customer_number=customer.number,
        kind=TaskKind.CALL,
        due_on=date.fromisoformat(detail["due_on"]),
        title=f"Call {customer.name}: {detail['reason']}",
        script=call_script(detail.get("script", "standard"), customer.language.value),
        contact_role=detail.get("contact_role"),
    )
    uow.tasks.add(company.id, customer.id, task)
    _close(uow, item, "done", "", now)


def record_sent(today: date, now: datetime) -> Callable[[SendUnitOfWork, OutboxEntry], None]:
    """The on-sent hook: in the transaction that marks a message sent, mark its run item
    sent, store the step each invoice took, and log the contact."""

    def on_sent(uow: SendUnitOfWork, entry: OutboxEntry) -> None:
        if entry.run_item_id is None or entry.customer_id is None:
            return
        item = uow.runs.item(entry.run_item_id)
        if item is None:
            return
        uow.runs.set_status([item.id], "sent", only_from=("queued",), at=now)
        steps = [(line["invoice"], line["step"]) for line in item.payload.get("lines", [])
                 if line.get("step")]  # fmt: skip
        uow.runs.record_steps(entry.company_id, item.id, steps, channel=entry.channel.value,
                              taken_on=today)  # fmt: skip
        claims = claims_per_invoice(item.payload)
        if claims:
            uow.runs.record_claims(entry.company_id, item.id, claims, claimed_on=today)
        event = ContactEvent(
            customer_number=item.customer_number or "",
            kind=_LOGGED.get(entry.channel, ContactKind.EMAIL_SENT),
            occurred_at=now,
            summary=f"{item.step_key}: {entry.subject or entry.channel.value} to {entry.recipient}",
            by=SENDER,
        )
        uow.contact_log.add(entry.company_id, entry.customer_id, event)

    return on_sent


def claims_per_invoice(payload: Mapping[str, Any]) -> list[tuple[str, Decimal, Decimal, str]]:
    """The costs and interest a sent message claimed, per invoice: what a payment settles
    first (art. 6:44 BW) and what a later claim leaves out (engine/claims.py).

    The engine's parts per invoice, exactly as computed. A payload from before the parts
    were stored has only the totals: they are apportioned over the invoices it covers by
    their open amounts (the best that can be said of it now)."""
    claim = payload.get("claim")
    if not claim or not (Decimal(claim["costs"]) or Decimal(claim["interest"])):
        return []
    parts = claim.get("parts")
    if parts:
        found = [(p["invoice"], Decimal(p["costs"]), Decimal(p["interest"])) for p in parts]
        return [(n, c, i, claim["currency"]) for n, c, i in found if c or i]
    return _apportioned(payload, claim)


def _apportioned(
    payload: Mapping[str, Any], claim: Mapping[str, Any]
) -> list[tuple[str, Decimal, Decimal, str]]:
    """An old payload's totals apportioned over the covered invoices by open amount."""
    lines = payload.get("lines", [])
    covered = payload.get("covered") or [line["invoice"] for line in lines if line.get("step")]
    opens = {line["invoice"]: Decimal(line["open"]) for line in lines}
    weights = [max(opens.get(number, Decimal(0)), Decimal(0)) for number in covered]
    if not covered or sum(weights, Decimal(0)) <= 0:
        return []
    costs = apportion(Decimal(claim["costs"]), weights)
    interest = apportion(Decimal(claim["interest"]), weights)
    return [(n, c, i, claim["currency"]) for n, c, i in zip(covered, costs, interest, strict=True)]
