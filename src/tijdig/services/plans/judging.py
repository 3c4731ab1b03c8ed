"""Payment plans in force judged against the bank (S0-5, S3-10): kept, reminded, broken,
or still running.

A plan instalment counts as missed once the bank statement of the working day after its
day is booked and the payments booked to the plan (matching books a payment to the plan
in force covering the invoices it goes to: `services/bank/matching.py`) do not reach
what was due by then (`plan_rules.missed_instalment`). Then a call is planned for the
next working day and the missed-instalment reminder is queued, with a new day to pay by
(`plan_letters.missed_pay_by`, a week after the day judged); the plan stays in force and
records what it reminded. Only once the statement of the working day after that new day
is booked without the plan instalment paid is the plan broken: its invoices follow the
policy again, and the run proposes its fallback (plan B, `services/ladder`). A plan whose
payments reach its total is kept. Nothing is judged for a day after today, and only the
statements booked up to the day judged count.

`tijdig run` and the workspace's "start run" judge the plans before the run decides
(`services/collection/day.run_the_day`), and `tijdig plan judge` does it alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.calendar import SUPPORTED_COUNTRIES
from tijdig.domain.collection.plan_letters import missed_pay_by
from tijdig.domain.collection.plan_rules import (
    MissedInstalment,
    Reminded,
    is_paid,
    missed_instalment,
)
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services import audit
from tijdig.services.plans.letters import PlanLetters, add_missed_reminder
from tijdig.services.plans.ports import PlansUnitOfWork, StoredPlan
from tijdig.services.records.ports import company_id_of


@dataclass(frozen=True, slots=True)
class Judged:
    kept: int = 0
    broken: int = 0  # each past its missed-instalment reminder's day: plan B follows
    reminded: int = 0  # each with its call planned and its reminder queued


def call_for(plan: PaymentPlan, missed: MissedInstalment, language: str) -> Task:
    """The call a missed plan instalment plans, on the next working day."""
    part = missed.instalment
    why = reason(Code.PLAN_INSTALMENT_MISSED, plan=plan.reference, due=part.due_on,
                 amount=Money(plan.currency, part.amount), counted=missed.counted_on)  # fmt: skip
    return Task(
        plan.customer_number, TaskKind.CALL, missed.call_on,
        reason(Code.TASK_PLAN_MISSED, plan=plan.reference, due=part.due_on),
        script=call_script("promise_broken", language), contact_role="accounts_payable",
        reasons=(why,),
    )  # fmt: skip


def _remind(
    uow: PlansUnitOfWork,
    company: Company,
    stored: StoredPlan,
    missed: MissedInstalment,
    *,
    letters: PlanLetters,
    language: str,
    as_of: date,
    at: datetime,
) -> str:
    """The call on the next working day and the reminder with its new day to pay by."""
    company_id, number = company_id_of(company), missed.instalment.number
    uow.tasks.add(company_id, stored.customer_id, call_for(stored.plan, missed, language))
    pay_by = missed_pay_by(as_of, company.country)
    add_missed_reminder(uow, letters, company, stored, number, on=as_of, pay_by=pay_by, now=at)
    uow.plans.remind(company_id, stored.plan_id, Reminded(number, pay_by))
    return "reminded"


def _judge_one(
    uow: PlansUnitOfWork, company: Company, stored: StoredPlan, last: date, *,
    letters: PlanLetters, as_of: date, at: datetime,
) -> str | None:  # fmt: skip
    """`kept`, `reminded` (a call and a reminder), `broken`, or None: still running."""
    company_id, plan = company_id_of(company), stored.plan
    payments = uow.plans.payments(company_id, stored.plan_id)
    customer = uow.customers.get(company_id, plan.customer_number)
    country = customer.country if customer is not None else company.country
    calendar = country if country in SUPPORTED_COUNTRIES else "NL"
    missed = missed_instalment(plan, payments, last_statement_on=last, country=calendar,
                               reminded=stored.reminded)  # fmt: skip
    if missed is not None and missed.after_reminder:
        uow.plans.move(company_id, stored.plan_id, PlanStatus.IN_FORCE, PlanStatus.BROKEN,
                       on=missed.counted_on)  # fmt: skip
        return "broken"
    if missed is not None:
        language = customer.language.value if customer is not None else "nl"
        return _remind(uow, company, stored, missed, letters=letters, language=language,
                       as_of=as_of, at=at)  # fmt: skip
    if is_paid(plan, payments):
        uow.plans.move(company_id, stored.plan_id, PlanStatus.IN_FORCE, PlanStatus.KEPT, on=as_of)
        return "kept"
    return None


ACTIONS = {"kept": "plan.kept", "broken": "plan.broken", "reminded": "plan.missed_reminder"}


def judge_plans(
    uow: PlansUnitOfWork,
    company: Company,
    *,
    letters: PlanLetters,
    as_of: date,
    today: date,
    actor: str,
    at: datetime,
) -> Judged | None:
    """Judge the company's plans in force on `as_of` by this module's rule, audited per
    plan (`plan.kept`, `plan.missed_reminder`, `plan.broken`); None when `as_of` is after
    `today`. A reminder is written on `as_of` by `letters`."""
    if as_of > today:
        return None
    company_id, counts = company_id_of(company), dict.fromkeys(ACTIONS, 0)
    with uow:
        last = uow.plans.last_statement_on(company_id)
        if last is None:
            return Judged()
        for stored in uow.plans.listed(company_id, status=PlanStatus.IN_FORCE):
            if not stored.plan.is_in_force(as_of):
                continue
            verdict = _judge_one(uow, company, stored, min(last, as_of), letters=letters,
                                 as_of=as_of, at=at)  # fmt: skip
            if verdict is None:
                continue
            counts[verdict] += 1
            audit.record(uow, actor=actor, at=at, action=ACTIONS[verdict],
                         company_id=company_id, customer_ids=[stored.customer_id],
                         subject=f"plan {stored.plan.reference}")  # fmt: skip
        uow.commit()
    return Judged(counts["kept"], counts["broken"], counts["reminded"])
