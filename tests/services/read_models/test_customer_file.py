"""The customer file's read models: days-to-pay per month (pure), and on a real database
the next planned step, as the run would decide it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.entrypoints.web.conftest import (
    AS_OF,
    add_customers,
    seed_acme,
)
from tijdig.adapters.db.views.workspace import SqlWorkspace
from tijdig.analytics.behaviour import Settled
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code
from tijdig.engine.advice import advise as real_advise
from tijdig.engine.model import Advice, CollectionSettings, CompanyState, CustomerState
from tijdig.services.read_models import customer_file
from tijdig.services.read_models.customer_file import MonthFigure, days_to_pay_by_month

NOW = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)


def test_days_to_pay_are_averaged_per_month_of_payment() -> None:
    history = [
        Settled(date(2026, 1, 10), date(2026, 1, 20)),  # 10 days late
        Settled(date(2026, 1, 31), date(2026, 1, 25)),  # 6 days early
        Settled(date(2026, 3, 1), date(2026, 3, 4)),
        Settled(date(2025, 1, 1), date(2025, 2, 1)),  # more than a year ago: left out
        Settled(date(2026, 3, 1), date(2026, 3, 20)),  # after as-of: left out
    ]
    assert days_to_pay_by_month(history, as_of=date(2026, 3, 15)) == (
        MonthFigure("2026-01", 2, Decimal("2.0")),
        MonthFigure("2026-03", 1, Decimal("3.0")),
    )


def test_the_twelve_months_start_at_the_first_of_a_month() -> None:
    history = [
        Settled(date(2025, 4, 1), date(2025, 4, 1)),
        Settled(date(2025, 3, 31), date(2025, 3, 31)),
    ]
    months = days_to_pay_by_month(history, as_of=date(2026, 3, 15))
    assert [m.month for m in months] == ["2025-04"]


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def _step(app: Tijdig, company: Company, number: str, as_of: date) -> customer_file.NextStep:
    assert company.id is not None
    with app.uow() as uow:
        customer = uow.customers.get(company.id, number)
    assert customer is not None and customer.id is not None
    return customer_file.next_step(
        SqlWorkspace(app.engine), company, customer.id, settings=CollectionSettings(),
        policies=default_policy_set(), as_of=as_of,
    )  # fmt: skip


def test_the_next_step_is_what_the_run_would_decide_today(app: Tijdig, acme: Company) -> None:
    step = _step(app, acme, "C002", AS_OF)  # F-003, 104 days late, no bank statement yet
    assert step.today is not None or step.holds
    assert Code.NO_BANK_IMPORT in [w.code for w in step.warnings]


def test_before_anything_is_due_the_next_step_says_when(app: Tijdig, acme: Company) -> None:
    step = _step(app, acme, "C001", date(2026, 1, 2))  # F-001 due 31 January
    assert step.today is None
    assert [r.params["invoice"] for r in step.upcoming] == ["F-001"]
    assert step.upcoming_on is not None and step.upcoming_on > date(2026, 1, 2)


def test_a_customer_without_open_invoices_has_nothing_planned(app: Tijdig, acme: Company) -> None:
    add_customers(app, acme, [Customer("C009", "Leeg BV")])
    assert _step(app, acme, "C009", AS_OF).nothing


def test_the_next_step_weighs_the_companys_clause_as_the_run_does(
    app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run decides with the company's damages clause (dunning.company_state); the
    customer page's next step must too, else a Belgian consumer's page shows another
    claim than the run proposes."""
    assert acme.id is not None
    clause = DamagesClause("artikel 7", "Bij niet-betaling ...", damages_percent=Decimal(8))
    with app.uow() as uow:
        uow.clauses.save(acme.id, clause, customer_id=None, at=NOW)
        uow.commit()
    seen: list[CompanyState] = []

    def advise(state: CustomerState, company: CompanyState, *args: Any, **kw: Any) -> Advice:
        seen.append(company)
        return real_advise(state, company, *args, **kw)

    monkeypatch.setattr(customer_file, "advise", advise)
    _step(app, acme, "C002", AS_OF)
    assert [c.clause for c in seen] == [clause]
