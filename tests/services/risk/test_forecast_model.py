"""The cash-flow forecast with the stored risk model (services/risk/forecast.py) on a real
database with the demo's ledger: the model's quantiles are used when a model trained as
of the forecast's day or before is stored; otherwise the habits, saying why; a forecast
of the past never uses a model trained later, and a model trained as of a day has seen
nothing after it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import text

from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.analytics import risk_model
from tijdig.analytics.forecast import Basis, Fallback, OpenInvoice, Predicted, forecast
from tijdig.analytics.forecast_habits import HabitPredictor
from tijdig.analytics.risk_features import day_number, features
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import resolve_company
from tijdig.services.read_models import forecast as read_model
from tijdig.services.risk import forecast as with_model
from tijdig.services.risk import model

AT = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
BY = {"actor": "anne", "at": AT}
LAST = date(2026, 11, 24)


@pytest.fixture
def demo(app: Tijdig) -> tuple[Tijdig, Company]:
    load_demo(app.engine, DemoSpec(as_of=LAST, customers=120, invoices=4000, seed=17))
    return app, resolve_company(app.uow(), None)


def _made(app: Tijdig, company: Company, day: date) -> read_model.Forecast:
    return with_model.cash_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                    company, as_of=day)  # fmt: skip


class _Fixed:
    """A predictor answering what it was given."""

    def __init__(self, found: list[Predicted]) -> None:
        self.found = {q.invoice_id: q for q in found}

    def predict(self, invoices: list[OpenInvoice], as_of: date) -> list[Predicted]:
        return [self.found[i.id] for i in invoices]


@pytest.mark.parametrize("day", [LAST, LAST - timedelta(days=17)], ids=str)
def test_with_a_stored_model_the_forecast_uses_its_quantiles(
    demo: tuple[Tijdig, Company], day: date
) -> None:
    app, company = demo
    stored = model.train_model(app.risk_uow(), app.risk_reads, company,
                               as_of=day - timedelta(days=3), **BY)  # fmt: skip
    made = _made(app, company, day)
    assert (made.basis, made.fallback, made.model_id) == (Basis.MODEL, None, stored.info.id)

    # The model's quantiles of the days to payment, scored the day after the forecast's
    # day, computed here from the ledger and the model directly.
    found = model.stored_model(app.risk_uow(), company)
    assert found is not None
    risk = found[1]
    ledger = app.risk_reads.ledger(company.id or 0)
    book = app.forecast_data.book(company.id or 0, as_of=day,
                                  since=day - timedelta(days=730), currency="EUR")  # fmt: skip
    counted = [i for i in book.open if i.apart is None and i.amount > 0]
    index = {int(v): n for n, v in enumerate(ledger.invoice_id)}
    assert all(i.id in index for i in counted)
    rows = np.array([index[i.id] for i in counted], dtype=np.int64)
    scored = day + timedelta(days=1)
    x = features(ledger.history, rows, np.full(len(rows), day_number(scored)),
                 late_days=risk.late_days)  # fmt: skip
    days = risk.days_to_pay(x)
    by_model = [Predicted(i.id, i.amount, *(scored + timedelta(days=int(d)) for d in q))
                for i, q in zip(counted, days, strict=True)]  # fmt: skip
    expected = forecast(book.open, _Fixed(by_model), as_of=day)
    assert made.weeks == expected.weeks and made.later == expected.later

    # ... which the habits do not give: the test fails if the habits were used.
    habits = HabitPredictor(book.delays).predict(counted, day)
    assert sum(h.p50 != m.p50 for h, m in zip(habits, by_model, strict=True)) > len(counted) / 2
    assert made.weeks != forecast(book.open, HabitPredictor(book.delays), as_of=day).weeks


def test_without_a_usable_model_the_habits_are_used_and_the_forecast_says_why(
    demo: tuple[Tijdig, Company],
) -> None:
    app, company = demo
    habits = read_model.cash_forecast(app.forecast_data, company, as_of=LAST)
    none = _made(app, company, LAST)
    assert (none.basis, none.fallback, none.model_id) == (Basis.HABITS, Fallback.NO_MODEL, None)
    assert none.weeks == habits.weeks

    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=LAST, **BY)
    with app.engine.begin() as conn:
        conn.execute(text("UPDATE risk_models SET sklearn_version = '1.0.2' WHERE id = :i"),
                     {"i": stored.info.id})  # fmt: skip
    refused = _made(app, company, LAST)
    assert (refused.basis, refused.fallback) == (Basis.HABITS, Fallback.MODEL_OTHER_VERSION)
    assert refused.weeks == habits.weeks
    with app.engine.begin() as conn:
        conn.execute(text("UPDATE risk_models SET sklearn_version = :v, model = :b "
                          "WHERE id = :i"),
                     {"v": stored.figures["sklearn_version"], "b": b"no model",
                      "i": stored.info.id})  # fmt: skip
    broken = _made(app, company, LAST)
    assert (broken.basis, broken.fallback) == (Basis.HABITS, Fallback.MODEL_UNREADABLE)


def test_a_forecast_of_the_past_never_uses_a_model_trained_later(
    demo: tuple[Tijdig, Company],
) -> None:
    app, company = demo
    made_on = LAST - timedelta(weeks=13)
    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=LAST, **BY)
    assert _made(app, company, LAST).basis is Basis.MODEL
    before = _made(app, company, made_on)
    assert (before.basis, before.fallback, before.model_id) == (
        Basis.HABITS, Fallback.MODEL_TRAINED_LATER, stored.info.id)  # fmt: skip
    assert before.weeks == read_model.cash_forecast(app.forecast_data, company,
                                                    as_of=made_on).weeks  # fmt: skip
    checked = with_model.check_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                        company, made_on=made_on, as_of=LAST)  # fmt: skip
    assert checked.forecast.fallback is Fallback.MODEL_TRAINED_LATER
    assert checked.forecast.weeks == before.weeks
    # A model trained as of the forecast's day serves it (and one day later would not).
    model.train_model(app.risk_uow(), app.risk_reads, company, as_of=made_on, **BY)
    assert _made(app, company, made_on).basis is Basis.MODEL
    assert _made(app, company, made_on - timedelta(days=1)).fallback is (
        Fallback.MODEL_TRAINED_LATER)  # fmt: skip


def test_a_model_trained_as_of_a_day_has_seen_nothing_after_it(
    demo: tuple[Tijdig, Company],
) -> None:
    """Trained as of a day, the model is the one fitted on the ledger as known by its end
    (History.before), not on what came after: the invoices issued later are not in it,
    and it predicts as that fit does."""
    app, company = demo
    day = LAST - timedelta(weeks=13)
    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=day, **BY)
    ledger = app.risk_reads.ledger(company.id or 0)
    known = ledger.history.before(day_number(day) + 1)
    assert stored.figures["invoices"] == known.size < ledger.history.size
    found = model.stored_model(app.risk_uow(), company)
    assert found is not None
    fitted = risk_model.train(known, as_of=day).model
    x = features(ledger.history, np.arange(300, dtype=np.int64),
                 np.full(300, day_number(day)), late_days=30)  # fmt: skip
    assert np.array_equal(found[1].days_to_pay(x), fitted.days_to_pay(x))
    assert np.array_equal(found[1].probability(x), fitted.probability(x))
