"""The dashboard of one company's receivables, and the chooser when a user sees several."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from tijdig.domain.parties import Company
from tijdig.entrypoints.web.auth import CurrentUser, csrf_protect, visible_companies
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.entrypoints.web.ui.charts import aging_chart, share
from tijdig.entrypoints.web.ui.collection import TASK_KIND_LABELS
from tijdig.entrypoints.web.ui.runs import run_day
from tijdig.entrypoints.web.ui.workspace import Workspace, known_routes, page, workspace
from tijdig.services.read_models import balances
from tijdig.services.read_models import dashboard as dashboard_model
from tijdig.services.risk import scoring

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

TOP_OVERDUE = 25
AGENDA_SHOWN = 5  # the first calls of the day; the agenda page has them all


@router.get("/", name="dashboard")
def dashboard(
    request: Request,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> Response:
    """What to do first today, the key figures (DSO counted back, days late, overdue share,
    trend, promises, disputes), totals, aging chart and overdue customers; a chooser or an
    empty state otherwise."""
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
    """Every figure comes from SQL that aggregates in the database: the page stays fast
    on a million invoices (no open item or balance row is loaded into Python)."""
    queries = ws.tijdig.workspace
    figures = dashboard_model.key_figures(ws.tijdig.reports, ws.tijdig.kpis, company, as_of=as_of)
    agings = figures.agings
    # Who to act on: a customer in hardship is on the aging's insolvency line instead.
    to_act_on = balances.CustomerFilter(overdue_only=True, hardship_apart=True)
    overdue = balances.list_customers(
        ws.tijdig.balances, company, to_act_on, as_of=as_of, size=TOP_OVERDUE
    )
    queues = dashboard_model.queues(queries, company, as_of=as_of, agenda=AGENDA_SHOWN)
    # The risk figure reads the stored scores (`tijdig risk score`): no scoring on a view.
    risk = scoring.risk_figure(ws.tijdig.risk_uow(), company)
    return {
        "risk": risk,
        "queues": queues,
        "figures": figures,
        "task_kind_labels": TASK_KIND_LABELS,
        "has_route": _routes(ws),
        "agings": agings,
        "charts": [aging_chart(a) for a in agings],
        "overdue_customers": overdue.lines,
        "overdue_total_count": overdue.total,
        "top_overdue": TOP_OVERDUE,
        "share": share,
        **run_day(ws),  # a day that is not a run day names the next one
    }


def _routes(ws: Workspace) -> frozenset[str]:
    """The page names that exist, so the dashboard links only to pages that are there."""
    return known_routes(ws.request)
