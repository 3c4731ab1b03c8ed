"""The cash-flow forecast's payment dates from the risk model (issue 17 §3): which
predictor a forecast made on D uses, and the forecast and its check made with it.

The stored risk model (`tijdig model train`) serves when it was trained as of D or
before: its fit then saw only what was known by D (`train_model` trains on the ledger as
it was known on its day). Otherwise the customers' habits serve, and the forecast says
why: no model stored, one written by another scikit-learn version or unreadable, or one
trained as of a later day (a forecast made again for a past day, as `forecast check`
does, must not be made with a model that knew what came after it).

`store_forecast` makes the forecast on D and stores it (the job "forecast" the scheduler
queues daily, `tijdig forecast --store`): the one made on D replaces any made that day,
the earlier days' are kept. `stored_forecast` reads the latest stored: what the
`/forecast` page and `/api/v1/forecast` show, so no page view forecasts (at a million
invoices making one takes minutes).

`model_as_of` trains a model as of D in memory (not stored) on what was known by then,
for backtests that want the model on every past day (bench/forecast_backtest.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from tijdig.analytics import risk_model
from tijdig.analytics.forecast import WEEKS, Basis, Fallback, Forecast, PaymentDatePredictor
from tijdig.analytics.forecast_check import Check
from tijdig.analytics.forecast_model import ModelPredictor
from tijdig.analytics.risk_features import day_number
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.read_models import forecast as read_model
from tijdig.services.read_models.forecast import ForecastData, PaymentDates
from tijdig.services.records.ports import company_id_of
from tijdig.services.risk.model import stored_model
from tijdig.services.risk.ports import RiskLedger, RiskReads, RiskUnitOfWork, StoredForecast

REFUSED = {
    Refusal.RISK_MODEL_OTHER_VERSION: Fallback.MODEL_OTHER_VERSION,
    Refusal.RISK_MODEL_UNREADABLE: Fallback.MODEL_UNREADABLE,
}


def _with_model(
    model: risk_model.RiskModel, ledger: RiskLedger, habits: PaymentDatePredictor
) -> PaymentDatePredictor:
    return ModelPredictor(model, ledger.history, ledger.invoice_id, habits)


def payment_dates(
    uow: RiskUnitOfWork, reads: RiskReads, company: Company, *, as_of: date
) -> PaymentDates:
    """The stored model's quantiles when it may serve a forecast made on `as_of`, else
    the habits with the reason."""
    try:
        found = stored_model(uow, company)
    except RuleViolation as refused:
        code = refused.code
        return PaymentDates(fallback=REFUSED.get(code, Fallback.MODEL_UNREADABLE)
                            if code is not None else Fallback.MODEL_UNREADABLE)  # fmt: skip
    if found is None:
        return PaymentDates(fallback=Fallback.NO_MODEL)
    info, model = found
    if info.as_of > as_of:
        return PaymentDates(fallback=Fallback.MODEL_TRAINED_LATER, model_id=info.id)
    ledger = reads.ledger(company_id_of(company))
    return PaymentDates(partial(_with_model, model, ledger), Basis.MODEL, None, info.id)


def model_as_of(reads: RiskReads, company: Company, *, as_of: date) -> PaymentDates:
    """A model trained as of `as_of` on what was known by its end, in memory (a
    backtest's); the habits when there is too little history to train one."""
    ledger = reads.ledger(company_id_of(company))
    known = ledger.history.before(day_number(as_of + timedelta(days=1)))
    try:
        trained = risk_model.train(known, as_of=as_of)
    except RuleViolation:
        return PaymentDates(fallback=Fallback.NO_MODEL)
    return PaymentDates(partial(_with_model, trained.model, ledger), Basis.MODEL, None, None)


def cash_forecast(
    uow: RiskUnitOfWork, reads: RiskReads, data: ForecastData, company: Company, *,
    as_of: date,
) -> Forecast:  # fmt: skip
    """The forecast on `as_of` (read_models/forecast.py) with the payment dates chosen."""
    dates = payment_dates(uow, reads, company, as_of=as_of)
    return read_model.cash_forecast(data, company, as_of=as_of, dates=dates)


def check_forecast(
    uow: RiskUnitOfWork, reads: RiskReads, data: ForecastData, company: Company, *,
    made_on: date, as_of: date,
) -> Check:  # fmt: skip
    """The forecast made on `made_on` with the payment dates that could serve then,
    checked against what came in by `as_of`."""
    dates = payment_dates(uow, reads, company, as_of=made_on)
    return read_model.check_forecast(data, company, made_on=made_on, as_of=as_of,
                                     dates=dates)  # fmt: skip


def store_forecast(
    uow: RiskUnitOfWork, reads: RiskReads, data: ForecastData, company: Company, *,
    as_of: date, actor: str, at: datetime,
) -> Forecast:  # fmt: skip
    """Make the forecast on `as_of` and the one made WEEKS before it checked against what
    came in since, and store both in place of what was made that day; earlier days' stay.
    Audited `forecast.stored`."""
    made = cash_forecast(uow, reads, data, company, as_of=as_of)
    checked = check_forecast(uow, reads, data, company, made_on=as_of - timedelta(weeks=WEEKS),
                             as_of=as_of)  # fmt: skip
    company_id = company_id_of(company)
    with uow:
        uow.stored_forecasts.put(company_id, made, checked=checked, made_at=at, made_by=actor)
        basis = made.basis.value if made.fallback is None else f"habits ({made.fallback.value})"
        audit.record(uow, actor=actor, at=at, action="forecast.stored", company_id=company_id,
                     subject="cash-flow forecast",
                     details=f"made on {as_of} by {basis}"
                     f"{'' if made.model_id is None else f' model {made.model_id}'}: "
                     f"{made.invoices} open invoices, {made.currency} "
                     f"{made.expected_total} expected in {len(made.weeks)} weeks")  # fmt: skip
        uow.commit()
    return made


def stored_forecast(uow: RiskUnitOfWork, company: Company, *, as_of: date) -> StoredForecast | None:
    """The latest forecast stored made on `as_of` or before (None: none); reads only."""
    with uow:
        return uow.stored_forecasts.latest(company_id_of(company), made_by_day=as_of)
