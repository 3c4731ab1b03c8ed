"""The workspace's `/forecast` page (issue 17 §3): expected receipts per ISO week for the
13 weeks after the day looked from, with their 80 % interval, as an inline SVG drawn on the
server; the invoices left apart; and the forecast made 13 weeks earlier beside what came
in. The same service as `tijdig forecast` and `/api/v1/forecast`; a GET, so it changes
nothing."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Response

from tijdig.analytics.forecast import WEEKS, Apart
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.ui.forecast_chart import forecast_chart
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services.read_models import forecast as forecast_model

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
APART_LABELS = {
    Apart.DISPUTED: N_("disputed"),
    Apart.HANDED_OVER: N_("with the collection agency"),
}


@router.get("/forecast", name="forecast")
def forecast_page(ws: WorkspaceDep) -> Response:
    """The forecast from the day looked from, and the one made 13 weeks before it checked."""
    data = ws.tijdig.forecast_data
    made = forecast_model.cash_forecast(data, ws.company, as_of=ws.as_of)
    made_on = ws.as_of - timedelta(weeks=WEEKS)
    checked = forecast_model.check_forecast(data, ws.company, made_on=made_on, as_of=ws.as_of)
    return ws.render("forecast.html", {
        "made": made, "chart": forecast_chart(made), "checked": checked,
        "apart_labels": APART_LABELS, "nav_current": "dashboard",
    })  # fmt: skip
