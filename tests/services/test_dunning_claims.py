"""The case found: costs of EUR 150 claimed on invoice A by a notice of default that was
sent; the next message over A and the invoices late since must not count A's costs
again, and claims A's interest only from the day after the notice (real database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.services.test_collection_send import NOTICE_DAY, _send_step, _setup
from tijdig.bootstrap import Tijdig
from tijdig.engine.model import ClaimPart
from tijdig.engine.preview import preview_proposal
from tijdig.services.dunning import company_state

LATER = date(2026, 11, 24)  # A, B (60.50) and C (250) all overdue


def test_a_later_claim_leaves_out_the_costs_and_interest_already_claimed(
    app: Tijdig, tmp_path: Path
) -> None:
    company = _setup(app, "nl")
    assert company.id is not None
    _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)  # A: 150 + 11.96
    with app.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=LATER, customer_number="C1")
        notice = preview_proposal(customer, state, policies, "notice_of_default", as_of=LATER)
        demand = preview_proposal(customer, state, policies, "formal_demand", as_of=LATER)
    assert [(c.invoice_number, c.costs) for c in customer.claimed] == [("A", Decimal("150.00"))]
    assert notice.claim is not None and demand.announced is not None
    assert notice.covered == ("A", "C", "B")  # by due date
    # B and C: EUR 40 each (the minimum); A's 150 not again (it was 230, with A's 150).
    assert notice.claim.costs == demand.announced.costs == Decimal("80.00")
    parts = {p.invoice_number: p for p in notice.claim.parts}
    assert parts["A"] == ClaimPart("A", Decimal(0), Decimal("11.68"))  # 42 days at 10.15 %
    assert (parts["B"].costs, parts["C"].costs) == (Decimal("40.00"), Decimal("40.00"))
    assert "A: interest 11.68 from 2026-10-14 to 2026-11-24" in notice.claim.explanation
