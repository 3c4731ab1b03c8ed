"""The dashboard of one company's receivables, and the chooser when a user sees several."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from tijdig.domain.parties import Company
from tijdig.entrypoints.web.auth import CurrentUser, csrf_protect, visible_companies
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.entrypoints.web.ui.charts import aging_chart, share
from tijdig.entrypoints.web.ui.workspace import Workspace, page, workspace
from tijdig.services import reports

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

TOP_OVERDUE = 25


@router.get("/", name="dashboard")
def dashboard(
    request: Request,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> Response:
    """Totals, aging chart and overdue customers; a chooser or an empty state otherwise."""
    companies = visible_companies(tijdig, signed_in.user)
    if not companies or (code is None and len(companies) > 1):
        return page(
            request,
            "dashboard.html",
            {"as_of": as_of, "company": None},
            signed_in=signed_in,
            companies=companies,
        )
    ws = workspace(request, tijdig, signed_in, as_of, code)
    return ws.render("dashboard.html", overview(ws))


def overview(ws: Workspace) -> dict[str, Any]:
    return _overview(ws, ws.company, as_of=ws.as_of)


def _overview(ws: Workspace, company: Company, *, as_of: date) -> dict[str, Any]:
    agings = reports.aging_report(ws.tijdig.reports, company, as_of=as_of)
    overdue = reports.customer_balances(ws.tijdig.reports, company, as_of=as_of, overdue_only=True)
    overdue.sort(key=lambda b: (-b.overdue_amount, b.oldest_due or date.max, b.number))
    return {
        "agings": agings,
        "charts": [aging_chart(a) for a in agings],
        "overdue_customers": overdue[:TOP_OVERDUE],
        "overdue_total_count": len(overdue),
        "top_overdue": TOP_OVERDUE,
        "share": share,
    }


__all__ = ["Depends", "router"]
