"""Open receivables in buckets of days past due, per currency, with the customers in
hardship on an insolvency line apart: `tijdig report aging`, `/api/v1/reports/aging`
and the dashboard's charts; and the days sales outstanding with the same line apart:
`tijdig report dso`, `/api/v1/reports/dso`."""

from __future__ import annotations

from datetime import date, timedelta

from tijdig.analytics.aging import Aging, age
from tijdig.analytics.dso import DEFAULT_DAYS, Dso, dso_of
from tijdig.domain.parties import Company
from tijdig.services.ports import Reports
from tijdig.services.read_models.common import company_id_of


def aging_report(reports: Reports, company: Company, *, as_of: date) -> list[Aging]:
    return age(reports.open_items(company_id_of(company), as_of=as_of), as_of=as_of)


def dso_report(
    reports: Reports, company: Company, *, as_of: date, days: int = DEFAULT_DAYS
) -> list[Dso]:
    """DSO per currency over the `days` up to and including `as_of`."""
    company_id = company_id_of(company)
    sales = reports.sales(company_id, start=as_of - timedelta(days=days - 1), end=as_of)
    return dso_of(aging_report(reports, company, as_of=as_of), sales, days=days)
