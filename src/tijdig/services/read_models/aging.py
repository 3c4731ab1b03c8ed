"""Open receivables in buckets of days past due, per currency, with the customers in
hardship on an insolvency line apart: `tijdig report aging`, `/api/v1/reports/aging`
and the dashboard's charts."""

from __future__ import annotations

from datetime import date

from tijdig.analytics.aging import Aging, age
from tijdig.domain.parties import Company
from tijdig.services.ports import Reports
from tijdig.services.read_models.common import company_id_of


def aging_report(reports: Reports, company: Company, *, as_of: date) -> list[Aging]:
    return age(reports.open_items(company_id_of(company), as_of=as_of), as_of=as_of)
