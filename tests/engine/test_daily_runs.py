"""Properties of a sequence of daily runs: steps in order, never twice, none dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.reasons import Code
from tijdig.engine.advice import advise
from tijdig.engine.model import Advice, CompanyState, CustomerState

START = date(2026, 1, 5)


def _run(state: CustomerState, days: list[date]) -> tuple[CustomerState, list[Advice]]:
    """Run `decide` on each day and carry out every proposal, as the services do."""
    decisions = []
    for day in days:
        company = CompanyState(Company("acme", "Acme"), has_bank_import=True, last_statement_on=day)
        decision = advise(state, company, default_policy_set(), as_of=day)
        decisions.append(decision)
        if decision.proposal is None:
            continue
        proposal = decision.proposal
        new = tuple(
            StepTaken(line.invoice_number, line.step_key, day, proposal.channel.value,
                      proposal.deadline)
            for line in proposal.lines
            if line.step_key
        )  # fmt: skip
        state = replace(state, steps_taken=state.steps_taken + new, last_message_on=day)
    return state, decisions


@settings(max_examples=60, deadline=None)
@given(
    dues=st.lists(st.integers(0, 60), min_size=1, max_size=4),
    amounts=st.lists(st.integers(20, 9000), min_size=4, max_size=4),
    missed=st.sets(st.integers(0, 150), max_size=60),
    consumer=st.booleans(),
    country=st.sampled_from(["NL", "BE", "DE"]),
)
def test_daily_runs_take_every_step_in_order_and_never_twice(
    dues: list[int], amounts: list[int], missed: set[int], consumer: bool, country: str
) -> None:
    kind = CustomerKind.CONSUMER if consumer else CustomerKind.BUSINESS
    customer = Customer("C1", "Klant", kind=kind, country=country)
    invoices = tuple(
        Invoice(f"F{i}", "C1", START + timedelta(days=d - 30), START + timedelta(days=d),
                Decimal(amounts[i]))
        for i, d in enumerate(dues)
    )  # fmt: skip
    days = [START + timedelta(days=n) for n in range(200) if n not in missed]
    days += [START + timedelta(days=n) for n in range(200, 260)]  # the run comes back
    state, decisions = _run(CustomerState(customer, invoices), days)
    policy = next(p for p in default_policy_set().policies if p.code == decisions_policy(decisions))
    order = [s.key for s in policy.steps]
    sent_days = sorted({t.taken_on for t in state.steps_taken})
    assert all(b - a >= timedelta(days=7) for a, b in pairwise(sent_days))
    handed = [t for t in state.steps_taken if t.step_key == "hand_over"]
    assert handed, "the customer was never handed over"
    for invoice in invoices:
        taken = [t for t in state.steps_taken if t.invoice_number == invoice.number]
        keys = [t.step_key for t in taken]
        assert len(keys) == len(set(keys)), "a step was taken twice"
        assert keys == sorted(keys, key=order.index), "steps out of order"
        for earlier, later in pairwise(taken):
            assert earlier.deadline is None or later.taken_on > earlier.deadline, (
                f"{later.step_key} on {later.taken_on} before the deadline {earlier.deadline}"
            )
        after_due = [k for k in order if k != "friendly"]
        if keys[-1] != "hand_over":  # the customer was handed over for another invoice
            after_due.remove("hand_over")
            assert _held_as_handed_over(decisions, invoice.number)
        assert [k for k in keys if k != "friendly"] == after_due, "an after-due step was dropped"


def _held_as_handed_over(decisions: list[Advice], number: str) -> bool:
    return any(
        h.invoice_number == number and h.reason.code is Code.ALREADY_HANDED_OVER
        for d in decisions
        for h in d.holds
    )


def decisions_policy(decisions: list[Advice]) -> str:
    return next(d.proposal.policy_code for d in decisions if d.proposal is not None)
