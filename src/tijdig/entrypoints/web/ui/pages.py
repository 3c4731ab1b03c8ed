"""The pages: the dashboard of one company's receivables."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.entrypoints.web.rendering import templates
from tijdig.entrypoints.web.ui.charts import aging_chart, share
from tijdig.services import reports
from tijdig.services.companies import list_companies, resolve_company

router = APIRouter(include_in_schema=False)

TOP_OVERDUE = 25


@router.get("/", name="dashboard")
def dashboard(
    request: Request, tijdig: Installation, as_of: AsOfDate, code: CompanyCode = None
) -> Response:
    """Totals, aging chart and overdue customers; a chooser or an empty state otherwise."""
    companies = list_companies(tijdig.uow())
    company = _chosen(tijdig, companies, code)
    context: dict[str, Any] = {"companies": companies, "company": company, "as_of": as_of}
    if company is not None:
        context |= _overview(tijdig, company, as_of=as_of)
    return templates.TemplateResponse(request, "dashboard.html", context)


def _chosen(tijdig: Tijdig, companies: list[Company], code: str | None) -> Company | None:
    """The company named, or the only one; None when there is none or a choice to make."""
    if code:
        return resolve_company(tijdig.uow(), code)
    return companies[0] if len(companies) == 1 else None


def _overview(tijdig: Tijdig, company: Company, *, as_of: date) -> dict[str, Any]:
    agings = reports.aging_report(tijdig.reports, company, as_of=as_of)
    overdue = reports.customer_balances(tijdig.reports, company, as_of=as_of, overdue_only=True)
    overdue.sort(key=lambda b: (-b.overdue_amount, b.oldest_due or date.max, b.number))
    return {
        "agings": agings,
        "charts": [aging_chart(a) for a in agings],
        "overdue_customers": overdue[:TOP_OVERDUE],
        "overdue_total_count": len(overdue),
        "top_overdue": TOP_OVERDUE,
        "share": share,
    }
