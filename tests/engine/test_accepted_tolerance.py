"""A tolerance accepted from the customer's habit (issue 17, S3-4) holds the first
reminder back until the due date plus the tolerance plus the step's own days, on the
shipped NL business policy, whatever day the run is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Customer
from tijdig.engine.schedule import plan_invoice

POLICY = default_policy_set().policy("nl_business")  # reminder: 7 days after due
DUE = date(2026, 4, 1)
INVOICE = Invoice("G-1", "C1", date(2026, 3, 2), DUE, Decimal(500))


@pytest.mark.parametrize("tolerance", [0, 3, 7, 30])
@pytest.mark.parametrize("after_due", [1, 6, 7, 9, 13, 14, 20, 36, 37, 45])
def test_no_reminder_before_the_due_date_plus_the_accepted_tolerance(
    tolerance: int, after_due: int
) -> None:
    as_of = DUE + timedelta(days=after_due)
    plan = plan_invoice(INVOICE, POLICY, (), Customer("C1", "K", tolerance_days=tolerance),
                        as_of=as_of)  # fmt: skip
    assert plan.step is not None and plan.step.key == "reminder"
    assert plan.on == DUE + timedelta(days=tolerance + 7)
    assert plan.is_due(as_of) is (after_due >= tolerance + 7)
