"""The API's list of balances, below the web (moved from the web tests): one row per
customer and currency, with the open credit set off against what is overdue; the day
looked from moves what is overdue; overdue only leaves out the rest. On a real database
(the read model is SQL), ACME's ledger of the web tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import AS_OF, seed_acme
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.read_models import balances as balance_model
from tijdig.services.read_models.balances import BalanceFilter, CustomerBalance
from tijdig.services.read_models.common import Window


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def _page(
    app: Tijdig, company: Company, wanted: BalanceFilter, as_of: date
) -> list[CustomerBalance]:
    found = balance_model.balance_page(app.balances, company, wanted, Window(100), as_of=as_of)
    assert found.total == len(found.items)
    return list(found.items)


def test_one_row_per_customer_and_currency_with_the_credit_set_off(
    app: Tijdig, acme: Company
) -> None:
    rows = {(b.number, b.currency): b for b in _page(app, acme, BalanceFilter(), AS_OF)}
    assert set(rows) == {("C001", "EUR"), ("C002", "EUR"), ("C003", "USD")}
    jansen = rows["C001", "EUR"]
    assert jansen.open_amount == Decimal("1694.00")  # 1210 + 605 - credit note 121
    assert jansen.overdue_amount == Decimal("1089.00")  # the open credit note first
    assert (jansen.overdue_invoices, jansen.oldest_due) == (1, date(2026, 1, 31))
    assert rows["C002", "EUR"].credit_hold and not jansen.credit_hold


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (date(2026, 1, 15), [("C002", Decimal("2420.00"))]),
        (date(2026, 2, 15), [("C001", Decimal("1089.00")), ("C002", Decimal("2420.00"))]),
    ],
)
def test_overdue_only_moves_with_the_day_looked_from(
    app: Tijdig, acme: Company, as_of: date, overdue: list[tuple[str, Decimal]]
) -> None:
    found = _page(app, acme, BalanceFilter(overdue_only=True), as_of)
    assert [(b.number, b.overdue_amount) for b in found] == overdue
