"""The daily run in the workspace: the runs, one run's proposals grouped by step and
paged, each message previewed as the customer will see it; approve or skip many at
once, and send what was approved (the same path as `tijdig send`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response

from tijdig import clock
from tijdig.domain.collection.run_items import RunItemStatus
from tijdig.domain.collection.run_schedule import is_run_day, next_run_day
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import MAX_ID, Id, IdValue, today
from tijdig.entrypoints.web.ui import run_preview
from tijdig.entrypoints.web.ui.collection import (
    PER_PAGE,
    PageNumber,
    Pager,
    kept,
    labels,
    see_other,
)
from tijdig.entrypoints.web.ui.run_rows import item_row
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services import background
from tijdig.services.collection import day, review
from tijdig.services.scheduler import schedule_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

RUNS_PER_PAGE = 20
STATUSES = tuple(RunItemStatus)
ACTIONS = {  # button -> (decision, whole group)
    "approve": ("approve", False),
    "skip": ("skip", False),
    "approve_group": ("approve", True),
    "skip_group": ("skip", True),
}
SENT_COUNTS = ("queued", "tasks", "dropped", "waiting", "not_queued", "sent", "retrying",
               "failed", "unconfirmed", "closed")  # fmt: skip


def _counts(ws: Workspace) -> dict[str, int]:
    """The outcome of a send, from the redirect's query (shown once, nothing trusted)."""
    found = {}
    for key in SENT_COUNTS:
        value = ws.request.query_params.get(key, "")
        if value.isdigit():
            found[key] = int(value)
    return found


@router.get("/runs", name="runs")
def runs(ws: WorkspaceDep, page: PageNumber = 1) -> Response:
    """The company's runs, newest first, and the buttons to start one and to send."""
    offset = (page - 1) * RUNS_PER_PAGE
    found = review.list_runs(ws.tijdig.uow(), ws.company, offset=offset, limit=RUNS_PER_PAGE)
    return ws.render(
        "runs.html",
        {
            "runs": found.runs,
            "outbox": {status.value: n for status, n in found.outbox.items()},
            "pager": Pager(page, RUNS_PER_PAGE, found.total),
            "page_url": lambda n: str(ws.url("runs", query=kept(ws) | {"page": n})),
            "kept": kept(ws),
            "sent_counts": _counts(ws),
            "can_change": ws.user.role.can_change,
            **run_day(ws),
            **labels(),
        },
    )


def run_day(ws: Workspace) -> dict[str, Any]:
    """Whether the day looked from is one of the company's run days, and if not, the
    next one: a run on another day holds every customer until the next contact day."""
    schedule = schedule_of(ws.tijdig.uow(), ws.company)
    if is_run_day(schedule, ws.as_of):
        return {"next_run_day": None}
    return {"next_run_day": next_run_day(schedule, ws.as_of)}


@router.post("/runs", name="runs_start")
def start_run(ws: WorkspaceDep) -> Response:
    """Start the run of the day looked from (today by default): the plans in force judged
    first, as `tijdig run` does."""
    require_change(ws.signed_in)
    day_run = day.run_the_day(
        ws.tijdig.uow(), ws.company, letters=ws.tijdig.plan_letters(), as_of=ws.as_of,
        actor=actor(ws.signed_in), at=now(), today=today(),
    )  # fmt: skip
    return see_other(ws.url("run", run_id=day_run.run.run_id, query=kept(ws)))


@router.get("/runs/{run_id}", name="run")
def run(
    ws: WorkspaceDep,
    run_id: Id,
    group: Annotated[str | None, Query(max_length=60)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    page: PageNumber = 1,
) -> Response:
    """One run: its groups (steps, calls, holds) with counts, and a page of one group."""
    if status and status not in STATUSES:
        raise InvalidValue("status", Refusal.ONE_OF, value=status, allowed=", ".join(STATUSES))
    shown = review.review_run(
        ws.tijdig.uow(), ws.company, run_id, group=group or None,
        status=RunItemStatus(status) if status else None,
        offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
    )  # fmt: skip
    if group and shown.group is None:
        raise NotFound(Refusal.RUN_HAS_NO_GROUP, run=run_id, group=group)
    return ws.render("run.html", _run_context(ws, shown, status or "", page))


def _run_context(ws: Workspace, shown: review.RunPage, status: str, page: int) -> dict[str, Any]:
    query = ws.request.query_params
    group = {"group": shown.group.key} if shown.group else {}
    filters = kept(ws) | group | ({"status": status} if status else {})

    def page_url(number: int) -> str:
        return str(ws.url("run", run_id=shown.run.id, query=filters | {"page": number}))

    def with_kept(**params: str) -> dict[str, str]:
        return kept(ws) | params

    return {
        "page_url": page_url,
        "with_kept": with_kept,
        "run": shown.run,
        "warnings": shown.warnings,
        "groups": shown.groups,
        "group": shown.group,
        "rows": [item_row(ws, item) for item in shown.items],
        "status": status,
        "statuses": STATUSES,
        "pager": Pager(page, PER_PAGE, shown.matching),
        "kept": kept(ws),
        "decided": int(query["decided"]) if query.get("decided", "").isdigit() else None,
        "decision": query.get("decision") if query.get("decision") in ("approve", "skip") else "",
        "sent_counts": _counts(ws),
        "can_change": ws.user.role.can_change,
        **labels(),
    }


@router.post("/runs/{run_id}/decide", name="run_decide")
def decide(
    ws: WorkspaceDep,
    run_id: Id,
    action: Annotated[str, Form(max_length=20)],
    item: Annotated[list[IdValue] | None, Form()] = None,
    group: Annotated[str, Form(max_length=60)] = "",
    status: Annotated[str, Form(max_length=20)] = "",
    page: Annotated[int, Form(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Approve or skip the items ticked, or every proposal of the group shown."""
    require_change(ws.signed_in)
    if action not in ACTIONS:
        raise InvalidValue("action", Refusal.ONE_OF, value=action, allowed=", ".join(ACTIONS))
    decision, whole_group = ACTIONS[action]
    if whole_group and not group:
        raise InvalidValue("group", Refusal.NAME_THE_GROUP)
    decided = review.decide(
        ws.tijdig.uow(), ws.company, run_id=run_id, decision=decision,
        item_ids=() if whole_group else (item or ()),
        group=group if whole_group else None, actor=actor(ws.signed_in), at=now(),
    )  # fmt: skip
    back = {"group": group, "status": status, "page": page if page > 1 else ""}
    query = {k: v for k, v in back.items() if v} | kept(ws)
    return see_other(
        ws.url("run", run_id=run_id, query=query | {"decided": decided.moved, "decision": decision})
    )


@router.post("/runs/send", name="runs_send")
def send(ws: WorkspaceDep, run: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None) -> Response:
    """Send, in the background, what was approved (of the run named, from a run's page;
    else of every run), for this company only: a worker sends it as of the moment it
    goes, and a message states the dates of that day (whatever day the page shows).
    The job's page follows it; the user may go elsewhere meanwhile. Another company's
    run is a 404, now."""
    require_change(ws.signed_in)
    tijdig = ws.tijdig
    # A calendar replayed (TIJDIG_AS_OF) sends as of its day; else the worker's day.
    replayed = clock.today() if clock.today() != clock.real_today() else None
    job_id = background.queue_send(
        tijdig.jobs(), tijdig.job_queue(), tijdig.company_uow(ws.company_id), ws.company,
        run_id=run, day=replayed, actor=actor(ws.signed_in), at=clock.now(),
    )  # fmt: skip
    return see_other(ws.url("job", job_id=job_id, query=kept(ws)))


# The previews' routes (run_item_preview ...) belong with the run's.
router.include_router(run_preview.router)
