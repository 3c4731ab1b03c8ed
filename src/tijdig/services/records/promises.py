"""Promises to pay (S0-5): recording one, and judging those whose date has passed.

When a promise counts as kept: every invoice that was overdue when it was made is
settled, or, for a promise with an amount, payments dated from the day it was made up
to and including the promised date add up to that amount. Otherwise it is broken, and
a FOLLOW_UP task is raised for the next working day after the promised date (S3-10).

Judging is done once per promise, by the first daily run (`tijdig run`) dated after its
date, and never for a day after today (`judge_promises`). Reads write nothing: until a
run has judged it, the agenda shows a lapsed promise the rule finds not kept, with the
follow-up the run will raise (`LapsedPromise`), worked out as it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, next_business_day
from tijdig.domain.collection.ladder import AgreementKind
from tijdig.domain.collection.records import ContactEvent, ContactKind, Promise, Task, TaskKind
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.services.records.outcomes import Agreement, Recorded, audit_agreed, write_contact
from tijdig.services.records.ports import DuePromise, RecordsUnitOfWork, company_id_of


def write_promise(
    uow: RecordsUnitOfWork,
    company_id: int,
    customer_number: str,
    promised_date: date,
    *,
    amount: Decimal | None = None,
    made_at: datetime,
    by: str = "",
) -> Recorded:
    """The promise with its note in the contact log, in the caller's transaction (no
    audit entry: the use case writes it, as `add_promise` does)."""
    if amount is None:
        made = reason(Code.PROMISE_MADE_ALL, promised=promised_date)
    else:  # in euros, as `make_promise` records it (Promise.currency)
        made = reason(Code.PROMISE_MADE, amount=Money("EUR", amount),
                      promised=promised_date)  # fmt: skip
    event = ContactEvent(customer_number, ContactKind.NOTE, made_at, made, by=by)
    return write_contact(uow, company_id, event, Agreement(promised_date, amount))


def add_promise(
    uow: RecordsUnitOfWork,
    company: Company,
    customer_number: str,
    promised_date: date,
    *,
    amount: Decimal | None = None,
    made_at: datetime,
    by: str = "",
    actor: str,
    at: datetime,
) -> Promise:
    """A promise to pay (S0-5) made at `made_at` (back-dated or now), written in the
    contact log as a note; audited as `promise.add`."""
    company_id = company_id_of(company)
    with uow:
        recorded = write_promise(
            uow, company_id, customer_number, promised_date, amount=amount, made_at=made_at, by=by
        )
        assert recorded.promise is not None
        audit_agreed(uow, company_id, recorded, actor=actor, at=at)
        uow.commit()
    return recorded.promise


@dataclass(frozen=True, slots=True)
class LapsedPromise:
    """A promise whose date has passed, not yet judged, that the rule finds not kept on
    the day looked from: the next daily run marks it broken and raises `follow_up`,
    which is not stored until then."""

    promise_id: int
    promise: Promise
    customer_name: str
    contact: CallContact | None
    follow_up: Task


def is_kept(due: DuePromise) -> bool:
    """The rule in this module's docstring."""
    amount = due.promise.amount
    return due.still_open <= 0 or (amount is not None and due.paid >= amount)


def _calendar(*countries: str) -> str:
    return next((c for c in countries if c in SUPPORTED_COUNTRIES), "NL")


def follow_up(due: DuePromise, company: Company) -> Task:
    """The task a broken promise raises: call on the next working day after its date."""
    p = due.promise
    if p.kind is AgreementKind.NEW_TERM:
        why = reason(Code.NEW_TERM_NOT_KEPT, promised=p.promised_date)
    elif p.amount is None:
        why = reason(Code.PROMISE_NOT_KEPT_ALL, promised=p.promised_date)
    else:
        why = reason(Code.PROMISE_NOT_KEPT, amount=Money(p.currency, p.amount),
                     promised=p.promised_date)  # fmt: skip
    return Task(
        p.customer_number,
        TaskKind.FOLLOW_UP,
        next_business_day(p.promised_date, _calendar(due.country, company.country)),
        why,
        script=call_script(
            "new_term_broken" if p.kind is AgreementKind.NEW_TERM else "promise_broken",
            due.language,
        ),
        contact_role="accounts_payable",
        reasons=(why,),
    )


def judge_promises(
    uow: RecordsUnitOfWork, company: Company, *, as_of: date, today: date
) -> int | None:
    """Judge the promises dated before `as_of` by this module's rule: mark each kept or
    broken, and raise the follow-up of a broken one; the number raised. Nothing is judged
    for a day after `today` (None): what becomes due is judged on its day, not ahead of
    it. Runs in the caller's unit of work (the daily run's), which commits and audits."""
    if as_of > today:
        return None
    company_id, raised = company_id_of(company), 0
    for due in uow.promises.due_unkept(company_id, as_of):
        if is_kept(due):
            uow.promises.mark_kept(company_id, due.promise_id)
            continue
        uow.promises.mark_broken(company_id, due.promise_id)
        uow.tasks.add(
            company_id, due.customer_id, follow_up(due, company), promise_id=due.promise_id
        )
        raised += 1
    return raised


def lapsed_promises(
    uow: RecordsUnitOfWork,
    company: Company,
    as_of: date,
    customers: dict[str, Customer | None] | None = None,
    *,
    limit: int | None = None,
) -> tuple[int, list[LapsedPromise]]:
    """How many promises dated before `as_of` no run has judged yet and the rule finds
    not kept now, and the first `limit` of them (all: None), soonest first, each with
    the follow-up a run would raise. Reads only; `customers` caches the customers
    looked up (only those of the promises returned: a page, not hundreds)."""
    company_id, found = company_id_of(company), []
    known = {} if customers is None else customers
    count, lapsed = uow.promises.due_not_kept(company_id, as_of, limit=limit)
    for due in lapsed:
        number = due.promise.customer_number
        if number not in known:
            known[number] = uow.customers.get(company_id, number)
        customer, task = known[number], follow_up(due, company)
        found.append(
            LapsedPromise(
                due.promise_id,
                due.promise,
                customer.name if customer else number,
                contact_for(customer, task.contact_role) if customer else None,
                task,
            )
        )
    return count, found
