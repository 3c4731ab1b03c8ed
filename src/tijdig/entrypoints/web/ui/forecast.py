"""The workspace's `/forecast` page (issue 17 §3): expected receipts per ISO week for the
13 weeks after the day looked from, with their 80 % interval, as an inline SVG drawn on the
server; the invoices left apart; and the forecast made 13 weeks earlier beside what came
in. The same service as `tijdig forecast` and `/api/v1/forecast`; a GET, so it changes
nothing."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Response

from tijdig.analytics.forecast import WEEKS, Apart, Fallback
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.ui.forecast_chart import forecast_chart
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services.risk import forecast as forecast_model

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
APART_LABELS = {
    Apart.DISPUTED: N_("disputed"),
    Apart.HANDED_OVER: N_("with the collection agency"),
}
FALLBACK_LABELS = {
    Fallback.NO_MODEL: N_("no risk model is stored"),
    Fallback.MODEL_OTHER_VERSION: N_(
        "the stored risk model was written by another scikit-learn version"
    ),
    Fallback.MODEL_UNREADABLE: N_("the stored risk model cannot be read"),
    Fallback.MODEL_TRAINED_LATER: N_("the stored risk model was trained as of a later day"),
    Fallback.NOT_ASKED: N_("the habits were asked for"),
}


@router.get("/forecast", name="forecast")
def forecast_page(ws: WorkspaceDep) -> Response:
    """The forecast from the day looked from, and the one made 13 weeks before it checked."""
    app = ws.tijdig
    data, reads = app.forecast_data, app.risk_reads
    made = forecast_model.cash_forecast(app.risk_uow(), reads, data, ws.company, as_of=ws.as_of)
    made_on = ws.as_of - timedelta(weeks=WEEKS)
    checked = forecast_model.check_forecast(app.risk_uow(), reads, data, ws.company,
                                            made_on=made_on, as_of=ws.as_of)  # fmt: skip
    return ws.render("forecast.html", {
        "made": made, "chart": forecast_chart(made), "checked": checked,
        "apart_labels": APART_LABELS, "fallback_labels": FALLBACK_LABELS,
        "nav_current": "dashboard",
    })  # fmt: skip
