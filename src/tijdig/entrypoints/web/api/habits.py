"""`/api/v1/customers/{number}/habits`: a customer's payment habits learned from its paid
invoices, and the tolerance they suggest; `/api/v1/tolerance-suggestions`: those waiting
for a person; `/customers/{number}/tolerance/accept` and `/dismiss`: deciding on one
(issue 17, S3-4). The same services as the customer page and the CLI (`tijdig customer
habits`, `tijdig tolerance ...`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tijdig.analytics.tolerance import CAP_DAYS, ToleranceDecision, ToleranceSuggestion
from tijdig.entrypoints.web.api.common import CustomerNumberPath, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation, today
from tijdig.services.records import habits

router = APIRouter(tags=["habits"])


class SuggestionRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    days: int = described("The suggested tolerance: days after the due date left alone.")
    invoices: int = described("Paid invoices it was learned from.")
    on_own: int = described("Of them, paid without a reminder, plan or agency.")
    p90: Decimal = described("The 90th percentile of their days late (before rounding up).")

    @classmethod
    def of(cls, s: ToleranceSuggestion) -> SuggestionRead:
        return cls(days=s.days, invoices=s.invoices, on_own=s.on_own, p90=s.p90)


class UsualDayRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = described("weekday (value 0 = Monday) or month_day (value 1..31).")
    value: int = described("The weekday or the day of the month.")
    share: Decimal = described("Its share of the days money came in.")


class MonthRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: str = described("Month of payment, YYYY-MM.")
    invoices: int = described("Invoices paid in full that month.")
    average_days_late: Decimal = described("Their average days late.")


class SettledRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    on_own: int = described("Paid without a reminder, plan or agency.")
    after_step: dict[str, int] = described("Paid after a step: per key of the last step.")
    by_plan: int = described("Settled by a payment plan.")
    by_agency: int = described("Settled after a hand-over to the agency.")


class HabitsRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    as_of: date = described("The day the habits are read on.")
    tolerance_days: int = described("The customer's tolerance today.")
    paid_invoices: int = described("Invoices paid in full in the last two years.")
    share_on_time: Decimal | None = described("Paid on or before the due date, 0..1.")
    weighted_days_late: Decimal | None = described("Days late, each payment by its amount.")
    median_days_late: Decimal | None = described("The typical delay.")
    iqr_days_late: Decimal | None = described("Its spread: the interquartile range.")
    usual_day: UsualDayRead | None = described("The usual payment day, when concentrated.")
    trend: str = described("no history, improving, stable or worsening.")
    trend_slope: Decimal | None = described("Days late per month, over 12 months.")
    months: list[MonthRead] = described("Average days late per month of payment.")
    first_time_late: bool = described("Late now, never late before.")
    settled: SettledRead = described("How earlier debts were settled.")
    suggestion: SuggestionRead | None = described("The tolerance waiting for a person.")


class WaitingRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    name: str = described("Customer name.")
    tolerance_days: int = described("The customer's tolerance today.")
    suggestion: SuggestionRead = described("The suggested tolerance.")


class DecisionCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    days: int = Field(ge=1, le=CAP_DAYS, description="The suggested days, as suggested.")


class DecisionRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The decision's id.")
    customer: str = described("Customer number.")
    decision: str = described("accepted or dismissed.")
    suggestion: SuggestionRead = described("What was decided on.")
    previous_days: int = described("The customer's tolerance before.")
    by: str = described("Who decided.")
    at: datetime = described("When.")

    @classmethod
    def of(cls, d: ToleranceDecision) -> DecisionRead:
        return cls(id=d.id or 0, customer=d.customer, decision=d.decision.value,
                   suggestion=SuggestionRead.of(d.suggestion), previous_days=d.previous_days,
                   by=d.by, at=d.at)  # fmt: skip


def _read(view: habits.CustomerHabits) -> HabitsRead:
    h = view.habits
    day = h.usual_day
    return HabitsRead(
        customer=view.customer.number, as_of=view.as_of,
        tolerance_days=view.customer.tolerance_days, paid_invoices=h.paid_invoices,
        share_on_time=h.share_on_time, weighted_days_late=h.weighted_days_late,
        median_days_late=h.delay.median if h.delay else None,
        iqr_days_late=h.delay.iqr if h.delay else None,
        usual_day=None if day is None else UsualDayRead(kind=day.kind.value, value=day.value,
                                                        share=day.share),
        trend=h.trend.trend.value, trend_slope=h.trend.slope,
        months=[MonthRead(month=m.month, invoices=m.invoices,
                          average_days_late=m.average_days_late) for m in h.trend.months],
        first_time_late=h.first_time_late,
        settled=SettledRead(on_own=h.settled.on_own, after_step=dict(h.settled.after_step),
                            by_plan=h.settled.by_plan, by_agency=h.settled.by_agency),
        suggestion=None if view.suggestion is None else SuggestionRead.of(view.suggestion),
    )  # fmt: skip


@router.get("/customers/{number}/habits", response_model=HabitsRead)
def customer_habits(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    as_of: AsOfDate, code: CompanyCode = None,
) -> HabitsRead:  # fmt: skip
    """The customer's payment habits on `as_of` and the tolerance they suggest."""
    company = company_for(tijdig, signed_in.user, code)
    return _read(habits.customer_habits(tijdig.uow(), tijdig.paid_history, company, number,
                                        as_of=as_of))  # fmt: skip


@router.get("/tolerance-suggestions", response_model=list[WaitingRead])
def tolerance_suggestions(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate, code: CompanyCode = None
) -> list[WaitingRead]:
    """The tolerances customers' habits suggest, waiting for a person."""
    company = company_for(tijdig, signed_in.user, code)
    waiting = habits.tolerance_suggestions(tijdig.uow(), tijdig.paid_history, company,
                                           as_of=as_of)  # fmt: skip
    return [WaitingRead(customer=w.customer, name=w.name, tolerance_days=w.current,
                        suggestion=SuggestionRead.of(w.suggestion)) for w in waiting]  # fmt: skip


@router.post("/customers/{number}/tolerance/accept", response_model=DecisionRead)
def accept_tolerance(
    number: CustomerNumberPath, body: DecisionCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> DecisionRead:  # fmt: skip
    """Accept today's suggestion of `days`: the customer's tolerance becomes `days` (422
    when the habit does not suggest exactly that today)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = habits.accept_tolerance(tijdig.uow(), tijdig.paid_history, company, number,
                                   days=body.days, as_of=today(), actor=actor(signed_in),
                                   at=now())  # fmt: skip
    return DecisionRead.of(done)


@router.post("/customers/{number}/tolerance/dismiss", response_model=DecisionRead)
def dismiss_tolerance(
    number: CustomerNumberPath, body: DecisionCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> DecisionRead:  # fmt: skip
    """Dismiss today's suggestion of `days`: the tolerance stays as it is (422 when the
    habit does not suggest exactly that today)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = habits.dismiss_tolerance(tijdig.uow(), tijdig.paid_history, company, number,
                                    days=body.days, as_of=today(), actor=actor(signed_in),
                                    at=now())  # fmt: skip
    return DecisionRead.of(done)
