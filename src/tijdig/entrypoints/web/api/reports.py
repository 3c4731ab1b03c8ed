"""`/api/v1/reports`: the aging of open receivables per currency, with an insolvency
line for customers in hardship."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from tijdig.analytics.aging import BUCKET_LABELS, BUCKETS, Aging
from tijdig.analytics.dso import DEFAULT_DAYS
from tijdig.domain.money import minor_units
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.read_models import aging as aging_model

router = APIRouter(prefix="/reports", tags=["reports"])


def exact(amount: Decimal, currency: str) -> Decimal:
    """With the currency's minor digits: an empty bucket is "0.00", not "0"."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)))


class BucketRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    bucket: str = described("not_due, 1-30, 31-60, 61-90 or 90+ (days past due).")
    label: str = described("The bucket in words.")
    amount: Amount = described("Open in this bucket (credit notes negative).")
    items: int = described("How many open invoices and credit notes it holds.")


class AgingRead(BaseModel):
    """Open receivables of one currency by days past due."""

    model_config = ConfigDict(frozen=True)

    currency: str = described("ISO 4217 currency; currencies are never mixed.")
    total: Amount = described("Open in total, the insolvency line included.")
    overdue: Amount = described("Open and past due, in the buckets.")
    buckets: list[BucketRead] = described("Per bucket, not yet due first.")
    insolvency: Amount = described(
        "Open at customers in hardship (debt counselling, WSNP, bankruptcy, death) on the "
        "day: apart from the buckets and not overdue, as they are not collected; nothing "
        "is written off."
    )
    insolvency_items: int = described("How many open invoices and credit notes it holds.")

    @classmethod
    def from_aging(cls, aging: Aging) -> AgingRead:
        return cls(
            currency=aging.currency, total=exact(aging.total, aging.currency),
            overdue=exact(aging.overdue, aging.currency),
            buckets=[
                BucketRead(bucket=b, label=BUCKET_LABELS[b],
                           amount=exact(aging.buckets[b], aging.currency), items=aging.counts[b])
                for b in BUCKETS
            ],
            insolvency=exact(aging.insolvency, aging.currency),
            insolvency_items=aging.insolvency_count,
        )  # fmt: skip


class AgingReportRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    company: str = described("The company's code.")
    as_of: date = described("The day the report looks from.")
    currencies: list[AgingRead] = described("One aging per currency, alphabetically.")


@router.get("/aging", response_model=AgingReportRead)
def aging(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate, code: CompanyCode = None
) -> AgingReportRead:
    """Open receivables by days past due, per currency."""
    company = company_for(tijdig, signed_in.user, code)
    report = aging_model.aging_report(tijdig.reports, company, as_of=as_of)
    return AgingReportRead(
        company=company.code, as_of=as_of, currencies=[AgingRead.from_aging(a) for a in report]
    )


class DsoRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    currency: str = described("ISO 4217 code.")
    dso: Decimal | None = described(
        "Days sales outstanding, to one decimal; null without sales in the period."
    )
    receivables: Amount = described("Open on the day, customers in hardship left out.")
    sales: Amount = described("Invoiced less credited in the period, the same customers left out.")
    insolvency: Amount = described("Open on the day for customers in hardship (apart).")


class DsoReportRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    company: str = described("The company's code.")
    as_of: date = described("The last day of the period.")
    days: int = described("The period of the sales, in days.")
    currencies: list[DsoRead] = described("One DSO per currency, alphabetically.")


@router.get("/dso", response_model=DsoReportRead)
def dso(
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
    days: Annotated[int, Query(ge=1, le=3660, description="The period, in days.")] = DEFAULT_DAYS,
) -> DsoReportRead:
    """Days sales outstanding per currency, customers in hardship on a line apart."""
    company = company_for(tijdig, signed_in.user, code)
    report = aging_model.dso_report(tijdig.reports, company, as_of=as_of, days=days)
    currencies = [
        DsoRead(currency=d.currency, dso=d.value, receivables=exact(d.receivables, d.currency),
                sales=exact(d.sales, d.currency), insolvency=exact(d.insolvency, d.currency))
        for d in report
    ]  # fmt: skip
    return DsoReportRead(company=company.code, as_of=as_of, days=days, currencies=currencies)
