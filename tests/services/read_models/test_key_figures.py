"""The dashboard's key figures read from the database (adapters/db/views/kpis.py) and
computed in analytics/kpis.py, worked out by hand on ACME's ledger (the web tests'):

    EUR open on 15 March 2026: 1210 + 605 + 2420 - 121 = 4114, of which 605 not yet due.
    EUR sales by month: March (1-15) 605; February -121 (the credit note); January
    1210 + 100 = 1310; December 0; November 2420.
    Counting back: 4114 - 605 = 3509 (15 days); 3509 + 121 = 3630 (+ 28 = 43);
    3630 - 1310 = 2320 (+ 31 = 74); December sold nothing (+ 31 = 105); November's 2420
    covers 2320 / 2420 of its 30 days (28.76): 133.8 days.
    Best possible: 605 against March's 605: 15.0 days. Days late 118.8.
    USD: 500 open, all overdue, sold in February: 15 + 28 = 43.0 days, all of them late.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import AS_OF, add_invoices, invoice, seed_acme
from tijdig.analytics.dso import CountBack
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.read_models.dashboard import key_figures
from tijdig.services.records import promises

D = Decimal
MADE = datetime(2026, 3, 8, 9, tzinfo=UTC)


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def test_dso_is_counted_back_over_the_months_as_they_were(app: Tijdig, acme: Company) -> None:
    figures = key_figures(app.reports, app.kpis, acme, as_of=AS_OF)
    eur, usd = figures.currencies
    assert (eur.currency, eur.dso, eur.best_possible) == ("EUR", CountBack(D("133.8")),
                                                          CountBack(D("15.0")))  # fmt: skip
    assert eur.days_late == D("118.8")
    assert eur.overdue_share == D("85.3")  # 3509 of 4114
    assert (usd.dso.days, usd.days_late, usd.overdue_share) == (D("43.0"), D("43.0"), D("100.0"))


def test_the_trend_ends_today_and_each_month_end_before(app: Tijdig, acme: Company) -> None:
    [eur, _] = key_figures(app.reports, app.kpis, acme, as_of=AS_OF).currencies
    assert [p.day for p in eur.trend[-3:]] == [date(2026, 1, 31), date(2026, 2, 28), AS_OF]
    assert eur.trend[-1].dso == eur.dso
    # on 28 February: 4114 less March's 605 sold since = 3509, counted back from February
    # (-121: + 28 days), January (1310: + 31), December (+ 31), November's 2420 covering
    # 2320 / 2420 of 30 days: 118.8
    assert (eur.trend[-2].receivables, eur.trend[-2].dso.days) == (D("3509.00"), D("118.8"))


def test_promises_this_week_and_disputes_waiting_by_age(app: Tijdig, acme: Company) -> None:
    # 15 March 2026 is a Sunday: its week runs from Monday 9 March
    for day, amount in ((date(2026, 3, 9), "100"), (date(2026, 3, 15), None),
                        (date(2026, 3, 16), "50")):  # fmt: skip
        promises.add_promise(app.uow(), acme, "C001", day, amount=amount and D(amount),
                             made_at=MADE, actor="test", at=MADE)  # fmt: skip
    figures = key_figures(app.reports, app.kpis, acme, as_of=AS_OF)
    assert (figures.week.start, figures.week.end) == (date(2026, 3, 9), AS_OF)
    assert figures.promises_due == 2
    assert [(p.currency, p.amount) for p in figures.promises] == [("EUR", D("100.00"))]
    assert figures.disputes_waiting == 0
    assert set(figures.disputes) == {"0-7", "8-30", "31-60", "60+"}


def test_figures_follow_invoices_added_after_the_first_read(app: Tijdig, acme: Company) -> None:
    """The day sums kept between reads catch up with what is added since."""
    before = key_figures(app.reports, app.kpis, acme, as_of=AS_OF).currencies[0]
    add_invoices(app, acme, [invoice("F-010", "C001", AS_OF - timedelta(days=1), AS_OF, "4114.00")])
    after = key_figures(app.reports, app.kpis, acme, as_of=AS_OF).currencies[0]
    # 8228 open; March sold 4719 (605 had it not caught up: 7623 left, far more days);
    # 3509 left after March, as before
    assert before.dso.days == D("133.8")
    assert after.dso.days == D("133.8")
    assert after.trend[-1].receivables == D("8228.00")
