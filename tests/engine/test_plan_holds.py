"""A payment plan in force holds the invoices it covers, and only those: the customer's
other invoices follow the policy. A plan only offered holds nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.plans import PaymentPlan, PlanStatus, build_schedule
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Ready, at_send
from tijdig.engine.model import CompanyState, CustomerState, Hold

POLICIES = default_policy_set()
RUN = date(2026, 3, 13)  # A and B, due Fri 03-06, are due their reminder
A = Invoice("A", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("500.00"))
B = Invoice("B", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("300.00"))
ACCEPTED = date(2026, 3, 10)


def _company(day: date) -> CompanyState:
    return CompanyState(Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=day)


def _plan(*numbers: str, status: PlanStatus = PlanStatus.IN_FORCE) -> PaymentPlan:
    total = sum((i.outstanding for i in (A, B) if i.number in numbers), Decimal(0))
    parts = build_schedule(total, 2, date(2026, 4, 1))
    accepted = ACCEPTED if status is PlanStatus.IN_FORCE else None
    return PaymentPlan("C1", "RF28PLAN1", numbers, "EUR", total, Decimal(0), Decimal(0), parts,
                       date(2026, 3, 9), status, accepted_on=accepted)  # fmt: skip


def _state(*plans: PaymentPlan) -> CustomerState:
    return CustomerState(Customer("C1", "Klant"), (A, B), plans=plans)


def _held(number: str) -> Hold:
    why = reason(Code.PLAN_IN_FORCE, invoice=number, plan="RF28PLAN1", accepted=ACCEPTED)
    return Hold("C1", why, number)


def test_a_plan_in_force_holds_its_invoices_and_the_others_follow_the_policy() -> None:
    decision = advise(_state(_plan("A")), _company(RUN), POLICIES, as_of=RUN)
    assert decision.proposal is not None
    assert [line.invoice_number for line in decision.proposal.lines] == ["B"]
    assert decision.holds == (_held("A"),)


def test_a_plan_covering_everything_holds_every_invoice_not_the_customer() -> None:
    decision = advise(_state(_plan("A", "B")), _company(RUN), POLICIES, as_of=RUN)
    assert decision.proposal is None
    assert decision.holds == (_held("A"), _held("B"))


def test_a_plan_not_yet_accepted_holds_nothing() -> None:
    for plan in (
        _plan("A", status=PlanStatus.OFFERED),
        replace(_plan("A"), accepted_on=date(2026, 3, 14)),
    ):
        decision = advise(_state(plan), _company(RUN), POLICIES, as_of=RUN)
        assert decision.proposal is not None and decision.holds == ()
        assert [line.invoice_number for line in decision.proposal.lines] == ["A", "B"]


def test_a_plan_accepted_after_the_approval_drops_its_invoices_from_the_message() -> None:
    approved = advise(_state(), _company(RUN), POLICIES, as_of=RUN).proposal
    assert approved is not None
    outcome = at_send(approved, _state(_plan("A")), _company(date(2026, 3, 17)), POLICIES,
                      on=date(2026, 3, 17), channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(outcome, Ready)
    assert [line.invoice_number for line in outcome.proposal.lines] == ["B"]
    assert outcome.dropped == (_held("A").reason,)
