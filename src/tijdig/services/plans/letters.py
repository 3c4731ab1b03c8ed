"""The letters about a payment plan, queued in the outbox (S2-4, S0-5): the confirmation
of a plan in force, and the reminder of a missed plan instalment. `tijdig send` sends
them.

Each goes once: its idempotency key is the plan's (`plan_confirmation-<company>-<plan>`,
`plan_missed_instalment-<company>-<plan>-<number>`), so a retried request or a second
call finds it queued and adds nothing. It goes by e-mail to the customer's accounts
payable address (else their own), with the letter as a PDF to keep; without an e-mail
address, as a letter to the print queue. In the customer's language, with its amounts
and dates as read there; the references follow the creditor's country
(`domain/collection/plan_letters.py`). What follows a broken plan is the rung the
company's escalation ladder gives it (plan B: `services/ladder/`), with the customer's
agreements broken so far.

- `queue_confirmation`: called by `accept_plan` in the transaction that puts the plan
  in force (the outbox row is written with the acceptance, or neither is).
- `queue_missed_reminder`: one missed plan instalment, in its own transaction, for the
  caller that decides a reminder is due (not decided here); `add_missed_reminder` the
  same within the caller's (judging a plan in force: `judging.judge_plans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.plan_letters import (
    Fallback,
    PlanLetter,
    confirmation,
    missed_pay_by,
    missed_reminder,
    plan_fallback,
)
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.messages import email_of
from tijdig.services.outbox import Attachment, DeliveryChannel
from tijdig.services.plans.ports import PlansUnitOfWork, StoredPlan
from tijdig.services.records.ports import company_id_of

PDF = "application/pdf"


@dataclass(frozen=True, slots=True)
class RenderedLetter:
    """A plan letter in the customer's words: the e-mail and the letter as a PDF."""

    subject: str
    text: str
    html: str
    pdf: bytes
    filename: str


class PlanLetters(Protocol):
    def render(self, letter: PlanLetter, *, company: Company, customer: Customer) -> RenderedLetter:
        """The letter in `customer`'s language and formats, from `company`."""
        ...


def _customer(uow: PlansUnitOfWork, company_id: int, stored: StoredPlan) -> Customer:
    customer = uow.customers.get(company_id, stored.plan.customer_number)
    if customer is None:
        raise NotFound(Refusal.NOT_FOUND, thing="customer", key=stored.plan.customer_number)
    return customer


def _fallback(uow: PlansUnitOfWork, company_id: int, stored: StoredPlan, on: date) -> Fallback:
    """What the run will propose should the plan break: the fallback a person chose for
    it, else the rung the company's ladder gives it (the default ladder when it set
    none), counting the customer's agreements broken by `on`."""
    if stored.fallback is not None:
        return Fallback.of(stored.fallback)
    ladder = uow.agreements.ladder(company_id)
    broken = uow.agreements.broken(company_id, as_of=on, customer_id=stored.customer_id)
    return plan_fallback(ladder, len(broken.get(stored.customer_id, ())))


def _enqueue(
    uow: PlansUnitOfWork,
    letters: PlanLetters,
    company: Company,
    customer: Customer,
    letter: PlanLetter,
    *,
    now: datetime,
) -> int:
    company_id = company_id_of(company)
    rendered = letters.render(letter, company=company, customer=customer)
    email = email_of(customer)
    if email:
        channel, recipient = DeliveryChannel.EMAIL, email
    else:
        channel = DeliveryChannel.LETTER
        recipient = "\n".join(part for part in (customer.name, customer.address) if part)
    return uow.outbox.enqueue(
        key=letter.key(company_id),
        company_id=company_id, channel=channel, recipient=recipient,
        subject=rendered.subject, text=rendered.text, html=rendered.html,
        attachments=(Attachment(rendered.filename, PDF, rendered.pdf),),
        customer_id=customer.id, created_at=now,
    )  # fmt: skip


def queue_confirmation(
    uow: PlansUnitOfWork,
    letters: PlanLetters,
    company: Company,
    stored: StoredPlan,
    *,
    fallback: Fallback | None = None,
    on: date,
    now: datetime,
) -> int:
    """Queue the confirmation of `stored`, in force, within the caller's transaction;
    the outbox id (the one queued before, if any). It names `fallback` as what follows a
    broken plan, by default the ladder's rung (`_fallback`)."""
    company_id = company_id_of(company)
    customer = _customer(uow, company_id, stored)
    named = fallback or _fallback(uow, company_id, stored, on)
    letter = confirmation(stored.plan, stored.plan_id, country=company.country,
                          fallback=named, on=on)  # fmt: skip
    return _enqueue(uow, letters, company, customer, letter, now=now)


def queue_missed_reminder(
    uow: PlansUnitOfWork,
    letters: PlanLetters,
    company: Company,
    plan_id: int,
    number: int,
    *,
    fallback: Fallback | None = None,
    on: date,
    pay_by: date | None = None,
    actor: str,
    now: datetime,
) -> int:
    """Queue the reminder of plan instalment `number` of plan `plan_id`, missed, written
    on the business day `on` and asking payment by `pay_by` (else `missed_pay_by`).
    Audited as `plan.missed_reminder`; the outbox id (the one queued before, if any)."""
    company_id = company_id_of(company)
    with uow:
        stored = uow.plans.get(company_id, plan_id)
        if stored is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="payment plan", key=plan_id,
                           company=company.code)  # fmt: skip
        day = pay_by or missed_pay_by(on, company.country)
        outbox_id = add_missed_reminder(uow, letters, company, stored, number,
                                        fallback=fallback, on=on, pay_by=day, now=now)  # fmt: skip
        audit.record(uow, actor=actor, at=now, action="plan.missed_reminder",
                     company_id=company_id, customer_ids=[stored.customer_id],
                     subject=f"plan {stored.plan.reference}",
                     details=f"plan instalment {number}, pay by {day}")  # fmt: skip
        uow.commit()
    return outbox_id


def add_missed_reminder(
    uow: PlansUnitOfWork,
    letters: PlanLetters,
    company: Company,
    stored: StoredPlan,
    number: int,
    *,
    fallback: Fallback | None = None,
    on: date,
    pay_by: date,
    now: datetime,
) -> int:
    """Queue the reminder of plan instalment `number` of `stored`, missed, within the
    caller's transaction (not audited here); the outbox id (the one queued before, if any).
    It names `fallback`, by default the ladder's rung, as the confirmation does."""
    company_id = company_id_of(company)
    customer = _customer(uow, company_id, stored)
    named = fallback or _fallback(uow, company_id, stored, on)
    letter = missed_reminder(stored.plan, stored.plan_id, number, country=company.country,
                             fallback=named, on=on, pay_by=pay_by)  # fmt: skip
    return _enqueue(uow, letters, company, customer, letter, now=now)
