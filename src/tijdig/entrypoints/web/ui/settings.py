"""Settings of one company: its details, bank accounts, collection settings and policies,
the damages clause for Belgian consumers, debtor portal and privacy retention. Everyone
who sees the company reads them; only an administrator changes them, each change
audited. A refused value re-shows the page with the field named (422); a change
redirects back (POST-redirect-GET).

Users are in `settings_users.py`, the message preview in `settings_templates.py`, the
clause's routes in `clauses.py`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.collection.ladder import Ladder, Rung
from tijdig.domain.collection.policy_toml import default_policy_set, dump_policy_set
from tijdig.domain.collection.run_schedule import RunSchedule, parse_run_time
from tijdig.domain.errors import TijdigError
from tijdig.domain.money import parse_amount
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.clause_form import company_section
from tijdig.entrypoints.web.ui.customer_action_forms import whole_number
from tijdig.entrypoints.web.ui.hardship_form import task_texts
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services import privacy, scheduler
from tijdig.services.collection import run as dunning
from tijdig.services.companies import company_settings
from tijdig.services.companies.company_settings import CompanyDetails
from tijdig.services.ladder import fallbacks

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

DONE = {
    "company": "Company details saved.",
    "account_added": "Bank account added.",
    "account_removed": "Bank account removed.",
    "collection": "Collection settings saved.",
    "ladder": "Escalation ladder saved.",
    "policies": "Policies saved.",
    "portal": "Portal settings saved.",
    "retention": "Retention period saved.",
    "applied": "Retention applied.",
    "erased": "Customer anonymised.",
    "clause": "Clause saved.",
    "clause_removed": "Clause removed.",
    "no_clause": "There was no clause to remove.",
    "hardship": "Hardship task texts saved.",
    "schedule": "Schedule saved.",
}
Text = Annotated[str, Form(max_length=500)]
RUNG_LABELS = {  # the ladder's rungs, in escalation order, as the page names them
    Rung.NEW_TERM.value: N_("New term"),
    Rung.PAYMENT_PLAN.value: N_("Payment plan"),
    Rung.AGENCY.value: N_("Collection agency"),
}
WEEKDAYS = (  # the run days a company may choose (never a Sunday)
    (0, N_("Monday")), (1, N_("Tuesday")), (2, N_("Wednesday")), (3, N_("Thursday")),
    (4, N_("Friday")), (5, N_("Saturday")),
)  # fmt: skip


def settings_context(ws: Workspace) -> dict[str, Any]:
    """What the settings page shows of the company."""
    with ws.tijdig.uow() as uow:
        collection, stored_toml = uow.collection_settings.get(ws.company_id)
        portal = uow.portal.get(ws.company_id)
        schedule = uow.run_schedules.get(ws.company_id)
    return {
        "schedule": schedule,
        "weekdays": WEEKDAYS,
        "collection": collection,
        "policies_toml": stored_toml or dump_policy_set(default_policy_set()),
        "policies_default": stored_toml is None,
        "portal": portal,
        "retention": privacy.retention(ws.tijdig.uow(), ws.company),
        "clause": company_section(ws),
        "hardship_tasks": task_texts(ws),
        "ladder": fallbacks.show_ladder(ws.tijdig.uow(), ws.company),
        "rungs": RUNG_LABELS,
        "is_admin": ws.user.role.can_administer,
        "errors": {},
        "form": {},
        "done": "",
    }


@router.get("/settings", name="settings")
def settings_page(ws: WorkspaceDep, done: Annotated[str, Query(max_length=20)] = "") -> Response:
    return ws.render("settings.html", settings_context(ws) | {"done": DONE.get(done, "")})


def refused(
    ws: WorkspaceDep, section: str, error: TijdigError, form: dict[str, Any] | None = None
) -> Response:
    """The settings page again, with the error in its section and what was typed."""
    context = settings_context(ws) | {
        "errors": {section: said(error, ws.language)},
        "form": form or {},
    }
    return ws.render("settings.html", context, status_code=status_for(error))


def saved(ws: Workspace, done: str, section: str) -> Response:
    url = ws.url("settings", query={"done": done})
    return RedirectResponse(f"{url}#{section}", status_code=303)


@router.post("/settings/company", name="settings_company")
def save_company(
    ws: WorkspaceDep,
    name: Annotated[str, Form(max_length=200)],
    address: Text = "",
    email: Annotated[str, Form(max_length=254)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    registration_number: Annotated[str, Form(max_length=32)] = "",
    vat_id: Annotated[str, Form(max_length=32)] = "",
    payment_term_days: Annotated[int, Form(ge=0, le=365)] = 30,
    can_deduct_vat: Annotated[bool, Form()] = False,
    creditor_id: Annotated[str, Form(max_length=35)] = "",
) -> Response:
    require_admin(ws.signed_in)
    details = CompanyDetails(name, address, email, phone, registration_number, vat_id,
                             payment_term_days, can_deduct_vat, creditor_id)  # fmt: skip
    try:
        company_settings.update_company(ws.tijdig.uow(), ws.company, details,
                                        actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "company", error, {"company": details})
    return saved(ws, "company", "company")


@router.post("/settings/accounts", name="settings_add_account")
def add_account(
    ws: WorkspaceDep,
    iban: Annotated[str, Form(max_length=50)],
    bic: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    require_admin(ws.signed_in)
    try:
        company_settings.add_bank_account(ws.tijdig.uow(), ws.company, iban, bic,
                                          actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "accounts", error, {"iban": iban, "bic": bic})
    return saved(ws, "account_added", "accounts")


@router.post("/settings/accounts/remove", name="settings_remove_account")
def remove_account(ws: WorkspaceDep, iban: Annotated[str, Form(max_length=50)]) -> Response:
    require_admin(ws.signed_in)
    company_settings.remove_bank_account(ws.tijdig.uow(), ws.company, iban,
                                         actor=actor(ws.signed_in), at=now())  # fmt: skip
    return saved(ws, "account_removed", "accounts")


@router.post("/settings/collection", name="settings_collection")
def save_collection(
    ws: WorkspaceDep,
    large_amount: Annotated[str, Form(max_length=30)],
    bank_stale_working_days: Annotated[int, Form(ge=0, le=60)],
    auto_approve_friendly: Annotated[bool, Form()] = False,
    risk_late_days: Annotated[int | None, Form(ge=1, le=365)] = None,
    risk_high_percent: Annotated[int | None, Form(ge=1, le=99)] = None,
    reply_hold_days: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The collection settings; the reply hold days (issue 19) stay as they are when the
    form leaves them out, and are refused naming the field outside 0 to 20."""
    require_admin(ws.signed_in)
    try:
        amount = parse_amount(large_amount, field="large_amount")
        typed_hold = reply_hold_days.strip()
        hold = whole_number(typed_hold, "reply_hold_days") if typed_hold else None
        dunning.update_settings(
            ws.tijdig.uow(), ws.company, actor=actor(ws.signed_in), at=now(),
            auto_approve_friendly=auto_approve_friendly,
            large_amount=amount, bank_stale_working_days=bank_stale_working_days,
            risk_late_days=risk_late_days, risk_high_percent=risk_high_percent,
            reply_hold_working_days=hold,
        )  # fmt: skip
    except TijdigError as error:
        typed = {"large_amount": large_amount, "reply_hold_days": reply_hold_days}
        return refused(ws, "collection", error, {"collection": typed})
    return saved(ws, "collection", "collection")


@router.post("/settings/schedule", name="settings_schedule")
def save_schedule(
    ws: WorkspaceDep,
    run_time: Annotated[str, Form(max_length=8)],
    run_day: Annotated[list[int] | None, Form(max_length=7)] = None,
) -> Response:
    """The company's run time and run days (the scheduler, `tijdig schedule`)."""
    require_admin(ws.signed_in)
    days = frozenset(run_day or ())
    try:
        schedule = RunSchedule(parse_run_time(run_time), days)
        scheduler.save_schedule(ws.tijdig.uow(), ws.company, schedule,
                                actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "schedule", error, {"run_time": run_time, "run_days": days})
    return saved(ws, "schedule", "schedule")


@router.post("/settings/ladder", name="settings_ladder")
def save_ladder(
    ws: WorkspaceDep,
    name_agency_after: Annotated[int, Form(ge=0, le=100)],
    new_term_days: Annotated[int, Form(ge=1, le=90)],
    rung: Annotated[list[str] | None, Form(max_length=3)] = None,
) -> Response:
    """The company's escalation ladder (plan B): the rungs ticked, in escalation order."""
    require_admin(ws.signed_in)
    try:
        rungs = tuple(r for r in Rung if r.value in (rung or ()))
        ladder = Ladder(rungs, name_agency_after, new_term_days)
        fallbacks.set_ladder(ws.tijdig.uow(), ws.company, ladder, actor=actor(ws.signed_in),
                             at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "ladder", error)
    return saved(ws, "ladder", "ladder")


@router.post("/settings/policies", name="settings_policies")
def save_policies(
    ws: WorkspaceDep, policies_toml: Annotated[str, Form(max_length=200_000)]
) -> Response:
    require_admin(ws.signed_in)
    try:
        dunning.save_policies(ws.tijdig.uow(), ws.company, policies_toml,
                              actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "policies", error, {"policies_toml": policies_toml})
    return saved(ws, "policies", "policies")


@router.post("/settings/portal", name="settings_portal")
def save_portal(
    ws: WorkspaceDep,
    max_promise_days: Annotated[int, Form(ge=-1000, le=1000)],
    payment_link: Text = "",
    enabled: Annotated[bool, Form()] = False,
) -> Response:
    require_admin(ws.signed_in)
    try:
        company_settings.save_portal(ws.tijdig.uow(), ws.company, enabled=enabled,
                                     max_promise_days=max_promise_days,
                                     payment_link=payment_link, actor=actor(ws.signed_in),
                                     at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "portal", error)
    return saved(ws, "portal", "portal")
