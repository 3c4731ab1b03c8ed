"""A customer's payment habits and its suggested tolerance (issue 17, S1-5, S3-4).

Reads (`customer_habits`, `tolerance_suggestions`) learn the habit from the paid history
of the last `HISTORY_DAYS` and suggest a tolerance (analytics/tolerance.py); they write
nothing, so a suggestion is computed on each read. A person accepts it (the customer's
`tolerance_days` becomes the suggested days, which the engine counts after-due steps
from: engine/schedule.py `shifted_due`) or dismisses it (not shown again while the habit
suggests the same days). Either is kept as a record with the habit it was based on and
audited (`customer.tolerance_accept`, `customer.tolerance_dismiss`) in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from tijdig.analytics.habits import Habits, Paid, habits_of
from tijdig.analytics.tolerance import (
    Decision,
    ToleranceDecision,
    ToleranceSuggestion,
    suggest_tolerance,
)
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of

HISTORY_DAYS = 730  # two years of payments: enough invoices, still today's customer


class PaidHistory(Protocol):
    def paid(
        self, company_id: int, *, since: date, customer_id: int | None = None
    ) -> dict[int, list[Paid]]: ...
    def is_overdue(self, company_id: int, customer_id: int, *, as_of: date) -> bool: ...


class ToleranceStore(Protocol):
    def add(self, company_id: int, customer_id: int, decision: ToleranceDecision) -> int: ...
    def decided(
        self, company_id: int, *, customer_id: int | None = None
    ) -> list[ToleranceDecision]: ...
    def set_tolerance(self, company_id: int, customer_id: int, days: int) -> None: ...


class TolerancesUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def tolerances(self) -> ToleranceStore: ...


@dataclass(frozen=True, slots=True)
class CustomerHabits:
    """The customer page's habits panel: the figures, the suggestion waiting for a
    person (None: none), and the decisions taken before, the latest first."""

    customer: Customer
    habits: Habits
    suggestion: ToleranceSuggestion | None
    decisions: tuple[ToleranceDecision, ...]
    as_of: date


def _since(as_of: date) -> date:
    return as_of - timedelta(days=HISTORY_DAYS)


def _waiting(
    paid: Sequence[Paid], customer: Customer, decisions: Sequence[ToleranceDecision], *,
    as_of: date,
) -> ToleranceSuggestion | None:  # fmt: skip
    """The suggestion, unless a person dismissed one of the same days."""
    known = [p for p in paid if p.paid_on <= as_of]
    found = suggest_tolerance(known, current=customer.tolerance_days,
                              own_term=customer.payment_term_days)  # fmt: skip
    dismissed = {d.suggestion.days for d in decisions if d.decision is Decision.DISMISSED}
    return None if found is None or found.days in dismissed else found


def customer_habits(
    uow: TolerancesUnitOfWork, history: PaidHistory, company: Company, number: str, *,
    as_of: date,
) -> CustomerHabits:  # fmt: skip
    """The customer's habits on `as_of` and its suggested tolerance. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, number)
        assert customer.id is not None
        decisions = tuple(uow.tolerances.decided(company_id, customer_id=customer.id))
    paid = history.paid(company_id, since=_since(as_of), customer_id=customer.id).get(
        customer.id, []
    )
    overdue = history.is_overdue(company_id, customer.id, as_of=as_of)
    return CustomerHabits(
        customer, habits_of(paid, as_of=as_of, overdue_now=overdue),
        _waiting(paid, customer, decisions, as_of=as_of), decisions, as_of,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Waiting:
    """A suggestion waiting for a person, with the customer's tolerance today."""

    customer: str
    name: str
    current: int
    suggestion: ToleranceSuggestion


def tolerance_suggestions(
    uow: TolerancesUnitOfWork, history: PaidHistory, company: Company, *, as_of: date
) -> list[Waiting]:
    """Every suggestion waiting for a person in the company, by customer number. Writes
    nothing."""
    company_id = company_id_of(company)
    with uow:
        customers = {c.id: c for c in uow.customers.all(company_id) if c.id is not None}
        decided: dict[str, list[ToleranceDecision]] = {}
        for d in uow.tolerances.decided(company_id):
            decided.setdefault(d.customer, []).append(d)
    found = []
    for customer_id, paid in history.paid(company_id, since=_since(as_of)).items():
        customer = customers.get(customer_id)
        if customer is None:
            continue
        waiting = _waiting(paid, customer, decided.get(customer.number, []), as_of=as_of)
        if waiting is not None:
            found.append(Waiting(customer.number, customer.name, customer.tolerance_days, waiting))
    return sorted(found, key=lambda w: w.customer)


def accept_tolerance(
    uow: TolerancesUnitOfWork, history: PaidHistory, company: Company, number: str, *,
    days: int, as_of: date, actor: str, at: datetime,
) -> ToleranceDecision:  # fmt: skip
    """Accept the suggestion of `days` (refused unless the habit suggests exactly that on
    `as_of`): the customer's tolerance becomes `days`. Audited."""
    return _decide(uow, history, company, number, Decision.ACCEPTED, days=days, as_of=as_of,
                   actor=actor, at=at)  # fmt: skip


def dismiss_tolerance(
    uow: TolerancesUnitOfWork, history: PaidHistory, company: Company, number: str, *,
    days: int, as_of: date, actor: str, at: datetime,
) -> ToleranceDecision:  # fmt: skip
    """Dismiss the suggestion of `days`: the tolerance stays; the same suggestion is not
    shown again. Audited."""
    return _decide(uow, history, company, number, Decision.DISMISSED, days=days, as_of=as_of,
                   actor=actor, at=at)  # fmt: skip


def _decide(
    uow: TolerancesUnitOfWork, history: PaidHistory, company: Company, number: str,
    decision: Decision, *, days: int, as_of: date, actor: str, at: datetime,
) -> ToleranceDecision:  # fmt: skip
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, number)
        assert customer.id is not None
        paid = history.paid(company_id, since=_since(as_of), customer_id=customer.id)
        decisions = uow.tolerances.decided(company_id, customer_id=customer.id)
        waiting = _waiting(paid.get(customer.id, []), customer, decisions, as_of=as_of)
        if waiting is None or waiting.days != days:
            raise RuleViolation(Refusal.NO_TOLERANCE_SUGGESTION, customer=customer.number,
                                days=days)  # fmt: skip
        kept = ToleranceDecision(customer.number, waiting, decision, as_of, actor, at,
                                 customer.tolerance_days)  # fmt: skip
        kept_id = uow.tolerances.add(company_id, customer.id, kept)
        if decision is Decision.ACCEPTED:
            uow.tolerances.set_tolerance(company_id, customer.id, days)
        verb = "accept" if decision is Decision.ACCEPTED else "dismiss"
        audit.record(uow, actor=actor, at=at, action=f"customer.tolerance_{verb}",
                     company_id=company_id, customer_ids=[customer.id],
                     subject=f"customer {customer.number}",
                     details=f"{days} days (was {customer.tolerance_days}); "
                             f"{waiting.on_own} of {waiting.invoices} paid on their own, "
                             f"p90 {waiting.p90}")  # fmt: skip
        uow.commit()
    return ToleranceDecision(kept.customer, waiting, decision, as_of, actor, at,
                             kept.previous_days, kept_id)  # fmt: skip
