"""`/api/v1/forecast`: the latest stored forecast (made on `as_of` or before: the job
"forecast" stores one daily after the run), expected receipts per ISO week for the 13
weeks after it was made with an 80 % interval; a 404 while none is stored. Making one
takes minutes at a million invoices, so a GET never does. `/api/v1/forecast/check`: a
forecast made on an earlier day beside what came in (issue 17 §3)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from tijdig.analytics.forecast import Forecast, Week
from tijdig.domain.errors import NotFound
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import FIRST_DAY, LAST_DAY, AsOfDate, CompanyCode, Installation
from tijdig.services.risk import forecast as forecast_model

router = APIRouter(prefix="/forecast", tags=["forecast"])


class WeekRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    week: str | None = described("ISO week, 2026-W37; null for the later bucket.")
    start: date | None = described("Its Monday (the first week may start before as_of).")
    expected: Amount = described("Expected receipts: the mean over the simulations.")
    low: Amount = described("The 80 % interval's lower end: the 10th percentile.")
    high: Amount = described("Its upper end: the 90th percentile.")

    @classmethod
    def of(cls, w: Week) -> WeekRead:
        return cls(week=None if w.start is None else w.start.strftime("%G-W%V"), start=w.start,
                   expected=w.expected, low=w.low, high=w.high)  # fmt: skip


class ApartRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    reason: str = described("disputed, or handed_over (the customer is with the agency).")
    invoices: int = described("Open invoices left out of the weeks for this reason.")
    amount: Amount = described("Their open amount.")


class BasisRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    basis: str = described("Where the payment dates came from: model (the stored risk "
                           "model's quantiles) or habits (the customers' habits).")  # fmt: skip
    fallback: str | None = described(
        "With the habits, why not the model: no_model, model_other_version, "
        "model_unreadable, model_trained_later (trained as of a later day than the "
        "forecast's: it may not forecast the past), not_asked.")  # fmt: skip
    model_id: int | None = described("The stored model used (or refused as trained later).")
    common_spread: float = described(
        "c: each week's sum is multiplied by a common factor exp(s z - s^2/2), "
        "s^2 = c x (weeks ahead + 1), estimated from the backtests of the forecasts made "
        "13 and 26 weeks before (0: customers independent only).")  # fmt: skip

    @classmethod
    def fields(cls, f: Forecast) -> dict[str, object]:
        return {"basis": f.basis.value, "model_id": f.model_id, "common_spread": f.spread,
                "fallback": None if f.fallback is None else f.fallback.value}  # fmt: skip


class ForecastRead(BasisRead):
    as_of: date = described("The day the forecast was made on, with what was known then.")
    made_at: datetime | None = described("When it was made and stored.")
    currency: str = described("The forecast's currency (invoices in others are left out).")
    invoices: int = described("Open invoices in the weeks and the later bucket.")
    weeks: list[WeekRead] = described("The 13 ISO weeks after as_of.")
    later: WeekRead = described("Expected after the 13 weeks.")
    apart: list[ApartRead] = described("Open invoices left out of the weeks, and why.")

    @classmethod
    def of(cls, f: Forecast, made_at: datetime | None = None) -> ForecastRead:
        return cls(**BasisRead.fields(f), as_of=f.as_of, made_at=made_at, currency=f.currency,
                   invoices=f.invoices,
                   weeks=[WeekRead.of(w) for w in f.weeks], later=WeekRead.of(f.later),
                   apart=[ApartRead(reason=a.reason.value, invoices=a.invoices, amount=a.amount)
                          for a in f.apart])  # fmt: skip


class WeekCheckRead(WeekRead):
    actual: Amount | None = described("Money in that week for the forecast's invoices; "
                                      "null while the week has not passed.")  # fmt: skip
    error: Amount | None = described("actual - expected.")
    inside: bool | None = described("Whether the actual fell inside the 80 % interval.")


class CheckRead(BasisRead):
    made_on: date = described("The day the forecast was made on.")
    as_of: date = described("The day it is checked on: weeks ended by then have passed.")
    currency: str = described("The forecast's currency.")
    weeks: list[WeekCheckRead] = described("The forecast's weeks with what came in.")
    passed: int = described("Weeks passed.")
    without_receipts: int = described("Passed weeks with nothing in (not in the MAPE).")
    mape_percent: float | None = described("Mean absolute percentage error over the passed "
                                           "weeks with money in.")  # fmt: skip
    coverage_percent: float | None = described("Passed weeks whose actual fell inside the "
                                               "interval, in percent.")  # fmt: skip


@router.get("", response_model=ForecastRead)
def forecast_read(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate, code: CompanyCode = None
) -> ForecastRead:
    """The latest forecast stored made on `as_of` or before: expected receipts per ISO
    week for the 13 weeks after the day it was made, each with an 80 % interval; disputed
    invoices and those with the agency apart. 404 while none is stored."""
    company = company_for(tijdig, signed_in.user, code)
    stored = forecast_model.stored_forecast(tijdig.risk_uow(), company, as_of=as_of)
    if stored is None:
        raise NotFound(Refusal.FORECAST_NOT_STORED, day=as_of)
    return ForecastRead.of(stored.forecast, stored.made_at)


@router.get("/check", response_model=CheckRead)
def forecast_check_read(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate,
    made_on: Annotated[date, Query(ge=FIRST_DAY, le=LAST_DAY,
                                   description="The day the forecast was made on.")],
    code: CompanyCode = None,
) -> CheckRead:  # fmt: skip
    """The forecast as made on `made_on` (with only what was known then) beside the money
    that came in for its invoices in each week passed by `as_of`."""
    company = company_for(tijdig, signed_in.user, code)
    done = forecast_model.check_forecast(tijdig.risk_uow(), tijdig.risk_reads,
                                         tijdig.forecast_data, company, made_on=made_on,
                                         as_of=as_of)  # fmt: skip
    weeks = [WeekCheckRead(**WeekRead.of(w.week).model_dump(), actual=w.actual, error=w.error,
                           inside=w.inside) for w in done.weeks]  # fmt: skip
    return CheckRead(
        **BasisRead.fields(done.forecast), made_on=made_on, as_of=as_of,
        currency=done.forecast.currency, weeks=weeks,
        passed=done.passed, without_receipts=done.without_receipts,
        mape_percent=None if done.mape is None else float(done.mape),
        coverage_percent=None if done.coverage is None else float(done.coverage),
    )  # fmt: skip
