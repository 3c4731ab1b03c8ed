"""The workspace's `/forecast` page (issue 17 §3): expected receipts per ISO week for the
13 weeks after the day the forecast was made, with their 80 % interval, as an inline SVG
drawn on the server; and the invoices left apart.

The page reads the latest forecast stored on or before the day looked from (the job
"forecast" the scheduler queues after the day's run, `tijdig forecast --store`): making
one reads the whole book, backtests and simulates, minutes at a million invoices, so a
GET only reads, and says the day it was made. With none stored it says so, and a person
who may change things can queue the job (POST /forecast/make) and follow it on its
page. Below it, the forecast made 13 weeks before, checked against what came in by the
day it was stored (stored with it: `tijdig forecast check` and `/api/v1/forecast/check`
check any day on request)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from tijdig.analytics.forecast import Apart, Fallback
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.ui.collection import kept, see_other
from tijdig.entrypoints.web.ui.forecast_chart import forecast_chart
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services import background
from tijdig.services.background import JobKind
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
    """The latest stored forecast made by the day looked from; reads only."""
    stored = forecast_model.stored_forecast(ws.tijdig.risk_uow(), ws.company, as_of=ws.as_of)
    made = None if stored is None else stored.forecast
    return ws.render("forecast.html", {
        "stored": stored, "made": made, "chart": None if made is None else forecast_chart(made),
        "checked": None if stored is None else stored.checked,
        "apart_labels": APART_LABELS, "fallback_labels": FALLBACK_LABELS,
        "can_change": ws.user.role.can_change, "nav_current": "dashboard",
    })  # fmt: skip


@router.post("/forecast/make", name="forecast_make")
def make_forecast(ws: WorkspaceDep) -> Response:
    """Queue the job that makes the forecast as of the day looked from and stores it; its
    page follows it."""
    require_change(ws.signed_in)
    tijdig = ws.tijdig
    job_id = background.queue_job(
        tijdig.jobs(), tijdig.job_queue(), ws.company, JobKind.FORECAST,
        {"day": ws.as_of.isoformat()}, actor=actor(ws.signed_in), at=now(),
    )  # fmt: skip
    return see_other(ws.url("job", job_id=job_id, query=kept(ws)))
