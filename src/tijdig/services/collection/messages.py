"""What an approved message is on the day it is sent, and what sending it records.

`message_for_send` works the approved proposal out again for the send day and the
channel the customer can be reached by (engine/at_send.py): every stated date, days
overdue and interest amount holds on that day. `record_sent` is the hook that, in the
transaction marking a message sent, writes the steps taken (with the deadline stated),
the claims and a contact-log entry. Queueing and tasks are in queue.py.

Every message shows, under each invoice, the costs and interest an earlier message
claimed and payments have not yet met (art. 6:44 BW), read here from the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.policy import Policy, PolicySet, StepChannel
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.collection.run_items import RunItemStatus, check_transition
from tijdig.domain.contact_quality import deliverable_email
from tijdig.domain.errors import NotFound
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import apportion
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.at_send import Ready, SendOutcome, at_send
from tijdig.engine.message import OpenClaim, open_claims
from tijdig.engine.model import Claim, Proposal
from tijdig.matching.model import OpenItem
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.experiment_ports import ExperimentStore
from tijdig.services.collection.payload import MessagePayload, StoredProposal
from tijdig.services.collection.run import CollectionUnitOfWork, company_state
from tijdig.services.mailbox.personal_log import log_personal
from tijdig.services.outbox import Attachment, DeliveryChannel, OutboxEntry, OutboxUnitOfWork
from tijdig.services.ports import UnitOfWork
from tijdig.services.records.case_ports import DisputeCase, DisputeCases
from tijdig.services.records.ports import ContactLog, Tasks

SENDER = "Tijdig"
_LOGGED = {DeliveryChannel.EMAIL: ContactKind.EMAIL_SENT,
           DeliveryChannel.LETTER: ContactKind.LETTER_SENT,
           DeliveryChannel.SMS: ContactKind.SMS_SENT}  # fmt: skip


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
    # A hand-over's file: every dispute of its invoices, with the lines and the outcome.
    disputes: tuple[DisputeCase, ...] = ()
    # The template's text to render with (a preview of an edit, not yet stored); None:
    # the company's own wording if it has one, else the shipped template.
    template_text: str | None = None
    # The variant of the template an A/B test gave the customer (issue 18); None: none.
    variant: str | None = None


@dataclass(frozen=True, slots=True)
class ComposedMessage:
    subject: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]  # for a letter: the letter PDF first
    # How the elements the letter rules ask for read in it (domain/legal/letter_rules.py).
    stated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class Composer(Protocol):
    def compose(self, request: MessageRequest) -> ComposedMessage: ...


class OpenItems(Protocol):
    """Open invoices with the costs and interest claimed on them and not yet paid."""

    def open_items(self, company_id: int) -> list[OpenItem]: ...


class SendUnitOfWork(CollectionUnitOfWork, OutboxUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def contact_log(self) -> ContactLog: ...
    @property
    def tasks(self) -> Tasks: ...
    @property
    def matching(self) -> OpenItems: ...
    @property
    def dispute_cases(self) -> DisputeCases: ...
    @property
    def experiments(self) -> ExperimentStore: ...


ClaimsOpen = Mapping[str, tuple[Decimal, Decimal]]


def claims_still_open(uow: SendUnitOfWork, company: Company) -> dict[str, tuple[Decimal, Decimal]]:
    """Costs and interest claimed and not yet paid, per open invoice of the company."""
    assert company.id is not None
    return {
        item.invoice_number: (item.costs, item.interest)
        for item in uow.matching.open_items(company.id)
        if item.costs or item.interest
    }


def message_for_send(
    uow: SendUnitOfWork,
    company: Company,
    proposal: Proposal,
    policies: PolicySet,
    on: date,
    *,
    claims: ClaimsOpen | None = None,
) -> tuple[SendOutcome, MessageRequest | None]:
    """The approved `proposal` worked out for sending on `on` by the channel it can
    actually take (engine/at_send.py), and the request to render when it is ready.
    `claims` (from `claims_still_open`, read once for many messages) else comes from `uow`."""
    assert company.id is not None
    customer = uow.customers.get(company.id, proposal.customer_number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.CUSTOMER_GONE, customer=proposal.customer_number)
    state = uow.run_data.customer_state(company.id, customer.id, as_of=on)
    if state is None:
        raise NotFound(Refusal.CUSTOMER_GONE, customer=proposal.customer_number)
    company_now = company_state(uow, company)[0]
    channel = channel_for(proposal.step.channel, customer)
    outcome = at_send(proposal, state, company_now, policies, on=on, channel=channel)
    if not isinstance(outcome, Ready):
        return outcome, None
    request = message_request(
        uow, company, customer, state.invoices, outcome.proposal, policies, on, claims
    )
    return outcome, request


def message_request(
    uow: SendUnitOfWork,
    company: Company,
    customer: Customer,
    invoices: tuple[Invoice, ...],
    proposal: Proposal,
    policies: PolicySet,
    on: date,
    claims: ClaimsOpen | None,
) -> MessageRequest:
    by_number = {i.number: i for i in invoices}
    ids = [by_number[line.invoice_number].id for line in proposal.lines]
    copies = uow.invoices.copies([i for i in ids if i is not None])
    with_what_sold = with_lines(uow, by_number, [i for i in ids if i is not None])
    listed = tuple(with_what_sold[line.invoice_number] for line in proposal.lines)
    left = claims_still_open(uow, company) if claims is None else claims
    disputes: tuple[DisputeCase, ...] = ()
    if proposal.step.hand_over and company.id is not None:  # what goes along with the file
        disputes = tuple(uow.dispute_cases.of_invoices(company.id, [i for i in ids if i]))
    return MessageRequest(
        company=company,
        customer=customer,
        proposal=proposal,
        policy=policies.policy(proposal.policy_code),
        invoices=listed,
        invoice_pdfs={i.number: copies[i.id] for i in listed if i.id in copies},
        as_of=on,
        channel=proposal.step.channel,
        claims=open_claims(proposal.lines, left),
        disputes=disputes,
    )


def with_lines(uow: UnitOfWork, invoices: dict[str, Invoice], ids: list[int]) -> dict[str, Invoice]:
    """The message's invoices with their lines (what was sold), read for these alone."""
    found = uow.invoices.lines(ids)
    return {
        number: replace(invoice, lines=found.get(invoice.id, ()))
        if invoice.id in found else invoice
        for number, invoice in invoices.items()
    }  # fmt: skip


def is_task(request: MessageRequest) -> bool:
    """A hand-over or a call step is carried out by a person: a task, no message."""
    return request.proposal.step.hand_over or request.channel is StepChannel.CALL


def channel_for(wanted: StepChannel, customer: Customer) -> StepChannel:
    """E-mail needs an address and SMS a phone number; without one, a letter goes."""
    if wanted is StepChannel.EMAIL and not email_of(customer):
        return StepChannel.LETTER
    if wanted is StepChannel.SMS and not customer.phone:
        return StepChannel.EMAIL if email_of(customer) else StepChannel.LETTER
    return wanted


def email_of(customer: Customer) -> str | None:
    """Accounts payable first (S3-5), then the customer's own address; one that bounced
    for good is passed over as if it were missing (S2-1), so the next contact, or else
    the next channel, takes over."""
    return deliverable_email(customer)


def recipient_of(request: MessageRequest) -> tuple[DeliveryChannel, str]:
    customer = request.customer
    if request.channel is StepChannel.EMAIL:
        return DeliveryChannel.EMAIL, email_of(customer) or ""
    if request.channel is StepChannel.SMS:
        return DeliveryChannel.SMS, customer.phone or ""
    address = "\n".join(part for part in (customer.name, customer.address) if part)
    return DeliveryChannel.LETTER, address


def record_requeued(*, actor: str, at: datetime) -> Callable[[SendUnitOfWork, OutboxEntry], None]:
    """The hook of a message settled as not delivered: audit it for its customer
    ("message.settle"), in the transaction that queues it again."""

    def on_requeued(uow: SendUnitOfWork, entry: OutboxEntry) -> None:
        audit.record(uow, actor=actor, at=at, action="message.settle", company_id=entry.company_id,
                     customer_ids=[entry.customer_id], subject=entry.key,
                     details="not delivered: queued again")  # fmt: skip

    return on_requeued


def record_sent(
    *, today: date, actor: str, at: datetime
) -> Callable[[SendUnitOfWork, OutboxEntry], None]:
    """The on-sent hook: in the transaction that marks a message sent, audit it for its
    customer ("message.send"), mark its run item sent, store the step each invoice took
    (with the deadline the message stated) and what it claimed, as the message went out
    (`as_sent`), and log the contact."""
    now = at

    def on_sent(uow: SendUnitOfWork, entry: OutboxEntry) -> None:
        audit.record(uow, actor=actor, at=at, action="message.send", company_id=entry.company_id,
                     customer_ids=[entry.customer_id], subject=entry.key,
                     details=f"to {entry.recipient}")  # fmt: skip
        if entry.written_by is not None:  # a personal e-mail, sent again by a run
            log_personal(uow, entry)
            return
        if entry.run_item_id is None or entry.customer_id is None:
            return
        item = uow.runs.item(entry.run_item_id)
        if item is None:
            return
        # Only a message is queued; one moved meanwhile (expired) stays as it is.
        check_transition(item.kind, RunItemStatus.QUEUED, RunItemStatus.SENT)
        uow.runs.set_status([item.id], RunItemStatus.SENT, only_from=(RunItemStatus.QUEUED,),
                            at=now)  # fmt: skip
        payload = item.payload
        if isinstance(payload, MessagePayload):  # else its detail was erased
            _record_steps_and_claims(uow, entry, item.id, payload.sent, today)
        event = ContactEvent(
            customer_number=item.customer_number or "",
            kind=_LOGGED.get(entry.channel, ContactKind.EMAIL_SENT),
            occurred_at=now,
            summary=reason(
                Code.MESSAGE_SENT,
                step=item.step_key or "",
                channel=entry.channel.value,
                recipient=entry.recipient,
            ),
            by=SENDER,
        )
        uow.contact_log.add(entry.company_id, entry.customer_id, event)

    return on_sent


def _record_steps_and_claims(
    uow: SendUnitOfWork, entry: OutboxEntry, item_id: int, sent: StoredProposal, today: date
) -> None:
    """The step each invoice took (with the deadline stated) and what it claimed."""
    uow.runs.record_steps(entry.company_id, item_id, sent.steps_taken(),
                          channel=entry.channel.value, taken_on=today,
                          deadline=sent.deadline)  # fmt: skip
    claims = claims_per_invoice(sent)
    if claims:
        uow.runs.record_claims(entry.company_id, item_id, claims, claimed_on=today)


def claims_per_invoice(sent: StoredProposal) -> list[tuple[str, Decimal, Decimal, str]]:
    """The costs and interest a sent message claimed, per invoice: what a payment settles
    first (art. 6:44 BW) and what a later claim leaves out (engine/claims.py).

    The engine's parts per invoice, exactly as computed. A payload from before the parts
    were stored has only the totals: they are apportioned over the invoices it covers by
    their open amounts (the best that can be said of it now)."""
    claim = sent.claim
    if claim is None or not (claim.costs or claim.interest):
        return []
    if claim.parts:
        found = [(p.invoice_number, p.costs, p.interest) for p in claim.parts]
        return [(n, c, i, claim.currency) for n, c, i in found if c or i]
    return _apportioned(sent, claim)


def _apportioned(sent: StoredProposal, claim: Claim) -> list[tuple[str, Decimal, Decimal, str]]:
    """An old payload's totals apportioned over the covered invoices by open amount."""
    covered = sent.covered or tuple(number for number, _ in sent.steps_taken())
    opens = {line.invoice_number: line.open_amount for line in sent.lines}
    weights = [max(opens.get(number, Decimal(0)), Decimal(0)) for number in covered]
    if not covered or sum(weights, Decimal(0)) <= 0:
        return []
    costs = apportion(claim.costs, weights)
    interest = apportion(claim.interest, weights)
    return [(n, c, i, claim.currency) for n, c, i in zip(covered, costs, interest, strict=True)]
