"""Payment plans in force judged against the bank (S0-5, S3-10): kept, broken, or still
running.

A plan instalment counts as missed once the bank statement of the working day after its
day is booked and the payments booked to the plan (matching books a payment to the plan
in force covering the invoices it goes to: `services/bank/matching.py`) do not reach
what was due by then (`plan_rules.missed_instalment`): the plan is broken, its invoices
follow the policy again, and a call is planned for the next working day. A plan whose
payments reach its total is kept. Nothing is judged for a day after today, and only the
statements booked up to the day judged count.

`tijdig run` and the workspace's "start run" judge the plans before the run decides
(`services/collection/day.run_the_day`), and `tijdig plan judge` does it alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.calendar import SUPPORTED_COUNTRIES
from tijdig.domain.collection.plan_rules import MissedInstalment, is_paid, missed_instalment
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services import audit
from tijdig.services.plans.ports import PlansUnitOfWork, StoredPlan
from tijdig.services.records.ports import company_id_of


@dataclass(frozen=True, slots=True)
class Judged:
    kept: int = 0
    broken: int = 0  # each with its call planned


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


def _judge_one(
    uow: PlansUnitOfWork, company: Company, stored: StoredPlan, last: date, as_of: date
) -> str | None:
    """`kept`, `broken` (with its call), or None: still running."""
    company_id, plan = company_id_of(company), stored.plan
    payments = uow.plans.payments(company_id, stored.plan_id)
    customer = uow.customers.get(company_id, plan.customer_number)
    country = customer.country if customer is not None else company.country
    calendar = country if country in SUPPORTED_COUNTRIES else "NL"
    missed = missed_instalment(plan, payments, last_statement_on=last, country=calendar)
    if missed is not None:
        uow.plans.move(company_id, stored.plan_id, PlanStatus.IN_FORCE, PlanStatus.BROKEN,
                       on=missed.counted_on)  # fmt: skip
        language = customer.language.value if customer is not None else "nl"
        uow.tasks.add(company_id, stored.customer_id, call_for(plan, missed, language))
        return "broken"
    if is_paid(plan, payments):
        uow.plans.move(company_id, stored.plan_id, PlanStatus.IN_FORCE, PlanStatus.KEPT, on=as_of)
        return "kept"
    return None


def judge_plans(
    uow: PlansUnitOfWork,
    company: Company,
    *,
    as_of: date,
    today: date,
    actor: str,
    at: datetime,
) -> Judged | None:
    """Judge the company's plans in force on `as_of` by this module's rule, audited per
    plan (`plan.kept`, `plan.broken`); None when `as_of` is after `today`."""
    if as_of > today:
        return None
    company_id, counts = company_id_of(company), {"kept": 0, "broken": 0}
    with uow:
        last = uow.plans.last_statement_on(company_id)
        if last is None:
            return Judged()
        for stored in uow.plans.listed(company_id, status=PlanStatus.IN_FORCE):
            if not stored.plan.is_in_force(as_of):
                continue
            verdict = _judge_one(uow, company, stored, min(last, as_of), as_of)
            if verdict is None:
                continue
            counts[verdict] += 1
            audit.record(uow, actor=actor, at=at, action=f"plan.{verdict}",
                         company_id=company_id, customer_ids=[stored.customer_id],
                         subject=f"plan {stored.plan.reference}")  # fmt: skip
        uow.commit()
    return Judged(counts["kept"], counts["broken"])
