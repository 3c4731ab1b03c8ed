"""The workspace's `/effects` page (issue 18): the response table, the share of messages
whose invoices were paid within 7 and 14 days with their 95 % intervals, grouped as the
user picks (always within stage, customer kind, country and amount band), sortable by
every column; below it the A/B tests of templates with their arms and verdict. The same
services as `tijdig effects`, `tijdig experiment status` and the API; a GET, so it
changes nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from tijdig.analytics.effects import DIMENSIONS, STRATA, EffectRow
from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.collection import CHANNEL_LABELS, STEP_LABELS
from tijdig.entrypoints.web.ui.lists import sorting
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services.collection import effects, experiments
from tijdig.services.read_models.lists import Sort, sort_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
LABELS = {
    "step": N_("Step"), "template": N_("Template"), "channel": N_("Channel"),
    "weekday": N_("Weekday"), "time": N_("Time of sending"), "variant": N_("Variant"),
    "stage": N_("Stage"), "kind": N_("Customer kind"), "country": N_("Country"),
    "band": N_("Amount band"), "n": N_("Messages"), "paid_7": N_("Paid within 7 days"),
    "paid_14": N_("Paid within 14 days"),
}  # fmt: skip
VALUES = {
    "under_500": N_("under €500"), "500_5000": N_("€500 to €5,000"),
    "over_5000": N_("over €5,000"), "morning": N_("morning"), "afternoon": N_("afternoon"),
    "evening": N_("evening"), "business": N_("business"), "consumer": N_("consumer"),
    "waiting": N_("waiting for both arms"), "no_difference": N_("no difference found"),
    "better": N_("better variant found"),
}  # fmt: skip
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))  # fmt: skip
FIGURES = ("n", "paid_7", "paid_14")
DEFAULT = Sort("paid_14", descending=True)


def _sort_value(row: EffectRow, key: str) -> Any:
    if key == "n":
        return row.n
    if key in ("paid_7", "paid_14"):
        return (row.paid_7 if key == "paid_7" else row.paid_14).share
    return dict(row.key).get(key, "")


@router.get("/effects", name="effects")
def effect_page(
    ws: WorkspaceDep,
    by: Annotated[list[str] | None, Query(max_length=20)] = None,
    sort: Annotated[str, Query(max_length=20)] = "",
    dir: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """The response table on the workspace's day, and the experiments."""
    try:
        wanted = effects.parse_by(by or ["step", "channel", "weekday"])
    except TijdigError as error:
        return ws.render(
            "effects.html", {**_common(), "error": error}, status_code=status_for(error)
        )
    table = effects.effects(ws.tijdig.uow(), ws.tijdig.sent_messages, ws.company,
                            as_of=ws.as_of, by=wanted)  # fmt: skip
    offered = (*wanted, *STRATA, *FIGURES)
    order = sort_of(sort, dir, offered=offered, default=DEFAULT)
    rows = sorted(table.rows, key=lambda r: _sort_value(r, order.key), reverse=order.descending)
    found = experiments.experiment_status(ws.tijdig.uow(), ws.tijdig.sent_messages,
                                          ws.company, as_of=ws.as_of)  # fmt: skip
    return ws.render("effects.html", {
        **_common(), "table": table, "rows": rows, "columns": [*wanted, *STRATA],
        "experiments": found,
        "sorting": sorting(ws, "effects", {"by": list(wanted)}, order, offered=offered,
                           default=DEFAULT), "wanted": wanted,
    })  # fmt: skip


def _common() -> dict[str, Any]:
    return {"labels": LABELS, "values": VALUES, "steps": STEP_LABELS, "channels": CHANNEL_LABELS,
            "weekdays": WEEKDAY_NAMES,
            "dimensions": DIMENSIONS, "wanted": (), "error": None, "rows": [], "table": None,
            "experiments": []}  # fmt: skip
