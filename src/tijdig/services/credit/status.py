"""The credit status of customers: worked out, held or lifted by hand, and announced.

A status depends on the day (an invoice grows overdue without anything being booked),
so the last status announced for each customer is stored, and `refresh_credit_statuses`
works all of them out again: for each change (the state, or which rules speak) it
stores the new status and queues one webhook event per URL of the company, in the same
transaction, so an event is never lost and never made twice for one change. It is
called by `tijdig credit refresh`, the day's run, a bank import that booked payments,
and a hold or lift by hand. Reading a status (`customer_status`) writes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.credit import (
    OK,
    CreditFacts,
    CreditRules,
    CreditStatus,
    ManualHold,
    credit_status,
)
from tijdig.domain.errors import Conflict, InvalidValue, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import params_to_json
from tijdig.domain.refusals import Refusal
from tijdig.domain.webhooks import CREDIT_STATUS_CHANGED
from tijdig.services import audit
from tijdig.services.credit.ports import CreditUnitOfWork
from tijdig.services.records.ports import company_id_of

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Change:
    customer: str
    before: CreditStatus
    after: CreditStatus


@dataclass(frozen=True, slots=True)
class Refreshed:
    checked: int
    changes: tuple[Change, ...]
    events: int  # webhook events queued


def _facts(
    uow: CreditUnitOfWork, company_id: int, as_of: date, numbers: Collection[str] | None
) -> dict[int, CreditFacts]:
    return uow.credit.facts(company_id, as_of=as_of, numbers=numbers)


def customer_status(
    uow: CreditUnitOfWork, company: Company, number: str, *, as_of: date
) -> CreditStatus:
    """The customer's status on `as_of`, worked out now (nothing stored)."""
    company_id = company_id_of(company)
    with uow:
        found = _facts(uow, company_id, as_of, [number])
        rules = uow.credit.rules(company_id)
    if not found:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    (facts,) = found.values()
    return credit_status(facts, rules, as_of)


def event_body(
    company: Company, change: Change, *, event_id: str, as_of: date, at: datetime
) -> str:
    """The JSON an event sends: its id, type, moment, and the customer's new status with
    each reason's code, params and text (English)."""
    data = {
        "customer": change.customer,
        "status": change.after.state.value,
        "previous_status": change.before.state.value,
        "as_of": as_of.isoformat(),
        "reasons": [
            {"code": r.code.value, "params": params_to_json(r.params), "text": say(r)}
            for r in change.after.reasons
        ],
    }
    event = {"id": event_id, "type": CREDIT_STATUS_CHANGED, "created_at": at.isoformat(),
             "company": company.code, "data": data}  # fmt: skip
    return json.dumps(event, sort_keys=True, separators=(",", ":"))


def _refresh(
    uow: CreditUnitOfWork, company: Company, *, as_of: date, at: datetime,
    numbers: Collection[str] | None = None,
) -> Refreshed:  # fmt: skip
    """The refresh inside the caller's transaction."""
    company_id = company_id_of(company)
    rules = uow.credit.rules(company_id)
    announced = uow.credit.announced(company_id)
    hooks = uow.webhooks.active(company_id)
    facts = _facts(uow, company_id, as_of, numbers)
    changes: list[Change] = []
    events = 0
    for customer_id, customer_facts in sorted(facts.items(), key=lambda f: f[1].customer_number):
        before = announced.get(customer_id, OK)
        after = credit_status(customer_facts, rules, as_of)
        if (before.state, before.codes) == (after.state, after.codes):
            continue
        change = Change(customer_facts.customer_number, before, after)
        changes.append(change)
        uow.credit.announce(company_id, customer_id, after, as_of=as_of, at=at)
        for hook in hooks:
            event_id = str(uuid.uuid4())
            body = event_body(company, change, event_id=event_id, as_of=as_of, at=at)
            uow.webhooks.enqueue(company_id, hook.id, event_id=event_id,
                                 kind=CREDIT_STATUS_CHANGED, customer_id=customer_id,
                                 body=body, at=at)  # fmt: skip
            events += 1
    return Refreshed(len(facts), tuple(changes), events)


def _describe(changes: tuple[Change, ...]) -> str:
    return "; ".join(f"{c.customer} {c.before.state.value} -> {c.after.state.value}"
                     for c in changes)  # fmt: skip


def refresh_credit_statuses(
    uow: CreditUnitOfWork,
    company: Company,
    *,
    as_of: date,
    actor: str,
    at: datetime,
    numbers: Collection[str] | None = None,
) -> Refreshed:
    """Work out the status of every customer (or those `numbers` names) on `as_of`; each
    change is stored with one webhook event per URL. Audited as `credit.refresh` when
    anything changed."""
    with uow:
        done = _refresh(uow, company, as_of=as_of, at=at, numbers=numbers)
        if done.changes:
            audit.record(uow, actor=actor, at=at, action="credit.refresh",
                         company_id=company.id, subject=f"company {company.code}",
                         details=_describe(done.changes)[:2000])  # fmt: skip
        uow.commit()
    return done


def _customer_id(uow: CreditUnitOfWork, company: Company, number: str) -> int:
    customer = uow.customers.get(company_id_of(company), number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    return customer.id


def hold(
    uow: CreditUnitOfWork,
    company: Company,
    number: str,
    *,
    reason: str,
    as_of: date,
    actor: str,
    at: datetime,
) -> Refreshed:
    """Put the customer on hold by hand, saying why; its status is announced at once.
    Refused while a hold by hand of the customer runs. Audited as `credit.hold`."""
    why = reason.strip()
    if not why or len(why) > MAX_REASON:
        raise InvalidValue("reason", Refusal.CREDIT_HOLD_REASON)
    company_id = company_id_of(company)
    with uow:
        customer_id = _customer_id(uow, company, number)
        running = uow.credit.active_hold(company_id, customer_id)
        if running is not None:
            held = running[1]
            raise Conflict(Refusal.CREDIT_HELD_ALREADY, customer=number, since=held.since,
                           by=held.by)  # fmt: skip
        done = put_on_hold(uow, company, customer_id, number, ManualHold(why, actor, as_of),
                           at=at)  # fmt: skip
        uow.commit()
    return done


def put_on_hold(
    uow: CreditUnitOfWork,
    company: Company,
    customer_id: int,
    number: str,
    held: ManualHold,
    *,
    at: datetime,
) -> Refreshed:
    """In the caller's transaction: the hold by hand (from `held.since`), its status
    announced at once, audited as `credit.hold`. (`hold`, and a hand-over's hold.)"""
    company_id = company_id_of(company)
    uow.credit.add_hold(company_id, customer_id, held, at=at)
    done = _refresh(uow, company, as_of=held.since, at=at, numbers=[number])
    audit.record(uow, actor=held.by, at=at, action="credit.hold", company_id=company_id,
                 customer_ids=[customer_id], subject=f"customer {number}",
                 details=held.reason)  # fmt: skip
    return done


def lift(
    uow: CreditUnitOfWork, company: Company, number: str, *, as_of: date, actor: str,
    at: datetime,
) -> Refreshed:  # fmt: skip
    """Lift the customer's hold by hand (who and when are kept); the rules may still hold
    it. Audited as `credit.lift`."""
    company_id = company_id_of(company)
    with uow:
        customer_id = _customer_id(uow, company, number)
        running = uow.credit.active_hold(company_id, customer_id)
        if running is None:
            raise NotFound(Refusal.NO_CREDIT_HOLD, customer=number)
        uow.credit.lift_hold(running[0], by=actor, at=at)
        done = _refresh(uow, company, as_of=as_of, at=at, numbers=[number])
        audit.record(uow, actor=actor, at=at, action="credit.lift", company_id=company_id,
                     customer_ids=[customer_id], subject=f"customer {number}",
                     details=f"held since {running[1].since} by {running[1].by}")  # fmt: skip
        uow.commit()
    return done


@dataclass(frozen=True, slots=True)
class HandHold:
    """A hold by hand as the history shows it: who lifted it, when (None: in force)."""

    hold: ManualHold
    lifted_by: str | None
    lifted_at: datetime | None


def hold_history(uow: CreditUnitOfWork, company: Company, number: str) -> list[HandHold]:
    """The customer's holds by hand, the latest first, lifted ones too."""
    with uow:
        customer_id = _customer_id(uow, company, number)
        found = uow.credit.hold_history(company_id_of(company), customer_id)
    return [HandHold(hold, by, at) for hold, by, at in found]


def rules(uow: CreditUnitOfWork, company: Company) -> CreditRules:
    with uow:
        return uow.credit.rules(company_id_of(company))


def save_rules(
    uow: CreditUnitOfWork, company: Company, new: CreditRules, *, as_of: date, actor: str,
    at: datetime,
) -> Refreshed:  # fmt: skip
    """Store the company's rules (an administrator's change) and work the statuses out
    again under them at once; audited as `credit.rules`."""
    company_id = company_id_of(company)
    with uow:
        if uow.credit.rules(company_id) == new:
            return Refreshed(0, (), 0)
        uow.credit.save_rules(company_id, new, at=at)
        done = _refresh(uow, company, as_of=as_of, at=at)
        audit.record(uow, actor=actor, at=at, action="credit.rules", company_id=company_id,
                     subject=f"company {company.code}",
                     details=f"{new.describe()}; {len(done.changes)} changed")  # fmt: skip
        uow.commit()
    return done
