"""What the letters about a payment plan state (S2-4, S0-5): the confirmation once it is
in force, and the reminder of a missed plan instalment.

- The confirmation states the schedule, a structured payment reference per plan
  instalment, and what follows a missed one: a call on the next working day and a
  reminder with a new day to pay by; unpaid past that day, the plan ends, what is left of
  it is due at once, and the plan's fallback (plan B) follows: the rung of the company's
  escalation ladder that the run will propose for it (`plan_fallback`).
- The missed-instalment reminder names the plan instalment missed, its amount and
  reference, a new day to pay by, and the same fallback.

Each plan instalment is paid by the plan's own structured reference (a Dutch
betalingskenmerk, a Belgian OGM/VCS or RF, by the creditor's country: see
`references.plan_reference_for`), the one matching books to the plan. The words are
said at the edge (adapters/render/plan_letters.py); here only the facts, as values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, business_day_on_or_after
from tijdig.domain.collection.ladder import AgreementKind, Ladder, Rung, fallback_of
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.refusals import Refusal

MISSED_TERM_DAYS = 7  # the reminder's new day to pay by: a week on, on a business day


class PlanLetterKind(StrEnum):
    CONFIRMATION = "plan_confirmation"
    MISSED_INSTALMENT = "plan_missed_instalment"


class Fallback(StrEnum):
    """What follows a broken plan, as the letter names it: the ladder's rung (plan B) or,
    without one, the collection policy again."""

    POLICY = "policy"  # the invoices follow the collection policy again
    NEW_TERM = "new_term"
    PAYMENT_PLAN = "payment_plan"  # one new plan, once
    AGENCY = "agency"  # handed over to a collection agency

    @classmethod
    def of(cls, rung: Rung | None) -> Fallback:
        """The letter's words for a rung; without one, the policy again."""
        return cls.POLICY if rung is None else cls(rung.value)


def plan_fallback(ladder: Ladder, broken_so_far: int) -> Fallback:
    """What will follow the plan if it breaks, as the letters name it: the rung the ladder
    gives a plan of a customer who broke `broken_so_far` agreements before it (the rung
    the run proposes once it breaks, `ladder.fallback_of`)."""
    return Fallback.of(fallback_of(AgreementKind.PLAN, ladder, broken_so_far))


@dataclass(frozen=True, slots=True)
class ScheduledPart:
    """One plan instalment as the letter lists it, with its reference (compact)."""

    instalment: PlanInstalment
    reference: str


@dataclass(frozen=True, slots=True)
class PlanLetter:
    """The facts one letter states. `missed` and `pay_by` only for a missed-instalment
    reminder; `written_on` is the letter's date."""

    kind: PlanLetterKind
    plan_id: int
    plan: PaymentPlan
    schedule: tuple[ScheduledPart, ...]
    fallback: Fallback
    written_on: date
    missed: ScheduledPart | None = None
    pay_by: date | None = None

    def __post_init__(self) -> None:
        if (self.kind is PlanLetterKind.MISSED_INSTALMENT) != (self.missed is not None):
            raise InvalidValue("missed", Refusal.ONLY_MISSED_REMINDER)
        if self.missed is not None and (self.pay_by is None or self.pay_by <= self.written_on):
            raise InvalidValue("pay_by", Refusal.PAY_BY_AFTER_LETTER)

    def key(self, company_id: int) -> str:
        """The letter's idempotency key: once per plan (and missed plan instalment)."""
        key = f"{self.kind.value}-{company_id}-{self.plan_id}"
        return key if self.missed is None else f"{key}-{self.missed.instalment.number}"

    @property
    def accepted_on(self) -> date:
        assert self.plan.accepted_on is not None  # checked when built
        return self.plan.accepted_on


def schedule_of(plan: PaymentPlan) -> tuple[ScheduledPart, ...]:
    """Each plan instalment with the reference to pay it by: the plan's own, the one
    matching books to the plan (a reference per instalment would be one more number
    for the customer to get wrong, and matching tells the instalments apart by date)."""
    return tuple(ScheduledPart(part, plan.reference) for part in plan.instalments)


def _accepted(plan: PaymentPlan) -> None:
    if plan.accepted_on is None:
        raise RuleViolation(Refusal.PLAN_NOT_ACCEPTED, plan=plan.reference)


def confirmation(
    plan: PaymentPlan, plan_id: int, *, country: str, fallback: Fallback, on: date
) -> PlanLetter:
    """The confirmation of a plan in force, written on `on`; `country` is the creditor's."""
    _accepted(plan)
    return PlanLetter(PlanLetterKind.CONFIRMATION, plan_id, plan,
                      schedule_of(plan), fallback, on)  # fmt: skip


def missed_pay_by(on: date, country: str) -> date:
    """The new day to pay a missed plan instalment by: a week after `on`, moved to a
    business day in `country`'s calendar (the Dutch one for a country Tijdig does not know)."""
    calendar = country if country in SUPPORTED_COUNTRIES else "NL"
    return business_day_on_or_after(on + timedelta(days=MISSED_TERM_DAYS), calendar)


def missed_reminder(
    plan: PaymentPlan,
    plan_id: int,
    number: int,
    *,
    country: str,
    fallback: Fallback,
    on: date,
    pay_by: date,
) -> PlanLetter:
    """The reminder of plan instalment `number`, missed: due before `on`, to be paid by
    `pay_by`."""
    _accepted(plan)
    schedule = schedule_of(plan)
    found = next((p for p in schedule if p.instalment.number == number), None)
    if found is None:
        raise InvalidValue("number", Refusal.PLAN_HAS_NO_INSTALMENT, plan=plan.reference,
                           number=number)  # fmt: skip
    if found.instalment.due_on >= on:
        raise RuleViolation(Refusal.INSTALMENT_DUE_ON, number=number, day=found.instalment.due_on)
    return PlanLetter(PlanLetterKind.MISSED_INSTALMENT, plan_id, plan, schedule, fallback, on,
                      missed=found, pay_by=pay_by)  # fmt: skip
