"""Credit hold by rule: the company's rules (read by everyone who sees the company,
changed by an administrator; the statuses follow at once), and, for administrators
only, the webhook URLs that hear of each change (add, remove; the secret is shown once,
in the answer to adding) with the delivery log: attempts, status codes, next attempt."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.credit import CreditRules
from tijdig.domain.errors import TijdigError
from tijdig.domain.money import parse_amount
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.credit import status as credit
from tijdig.services.credit import webhooks as hooks

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

DONE = {
    "rules": N_("Credit rules saved."),
    "removed": N_("Webhook removed."),
}
# An event's state, as the log shows it (services/credit/ports.EventStatus).
STATUS_WORDS = (N_("pending"), N_("sending"), N_("delivered"), N_("cancelled"))
PAGE = "settings_credit.html"


def _context(ws: Workspace) -> dict[str, Any]:
    admin = ws.user.role.can_administer
    return {
        "rules": credit.rules(ws.tijdig.uow(), ws.company),
        "is_admin": admin,
        "webhooks": hooks.webhooks(ws.tijdig.uow(), ws.company) if admin else [],
        "log": hooks.delivery_log(ws.tijdig.uow(), ws.company) if admin else [],
        "errors": {}, "form": {}, "done": "", "secret": None, "added": None,
    }  # fmt: skip


def _page(ws: Workspace, status_code: int = 200, **extra: Any) -> Response:
    return ws.render(PAGE, _context(ws) | extra, status_code=status_code)


def _refused(ws: Workspace, section: str, error: TijdigError, form: dict[str, Any]) -> Response:
    return _page(ws, status_for(error), errors={section: said(error, ws.language)}, form=form)


@router.get("/settings/credit", name="settings_credit")
def credit_page(ws: WorkspaceDep, done: Annotated[str, Query(max_length=20)] = "") -> Response:
    return _page(ws, done=DONE.get(done, ""))


def _saved(ws: Workspace, done: str, section: str) -> Response:
    url = ws.url("settings_credit", query={"done": done})
    return RedirectResponse(f"{url}#{section}", status_code=303)


def _amount(text: str) -> Decimal | None:
    return parse_amount(text, field="overdue_amount") if text.strip() else None


@router.post("/settings/credit/rules", name="settings_credit_rules")
def save_rules(
    ws: WorkspaceDep,
    overdue_days: Annotated[str, Form(max_length=6)] = "",
    overdue_amount: Annotated[str, Form(max_length=30)] = "",
    over_limit: Annotated[bool, Form()] = False,
    broken_plan: Annotated[bool, Form()] = False,
    handed_over: Annotated[bool, Form()] = False,
) -> Response:
    """Store the rules; a blank threshold is off."""
    require_admin(ws.signed_in)
    typed = {"overdue_days": overdue_days, "overdue_amount": overdue_amount}
    try:
        days = int(overdue_days) if overdue_days.strip().isdigit() else None
        if overdue_days.strip() and days is None:
            days = -1  # refused by CreditRules, naming the field
        rules = CreditRules(days, _amount(overdue_amount), over_limit, broken_plan, handed_over)
        credit.save_rules(ws.tijdig.uow(), ws.company, rules, as_of=ws.as_of,
                          actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _refused(ws, "rules", error, typed)
    return _saved(ws, "rules", "rules")


@router.post("/settings/webhooks", name="settings_add_webhook")
def add_webhook(ws: WorkspaceDep, url: Annotated[str, Form(max_length=500)]) -> Response:
    """Add a URL: the page shows its signing secret this once."""
    require_admin(ws.signed_in)
    try:
        made = hooks.add_webhook(ws.tijdig.uow(), ws.company, url,
                                 allow_local_http=ws.tijdig.settings.webhooks_allow_local_http,
                                 actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _refused(ws, "webhooks", error, {"url": url})
    return _page(ws, secret=made.secret, added=made.webhook.url)


@router.post("/settings/webhooks/remove", name="settings_remove_webhook")
def remove_webhook(
    ws: WorkspaceDep, webhook_id: Annotated[int, Form(ge=1, le=2**31 - 1)]
) -> Response:
    require_admin(ws.signed_in)
    hooks.remove_webhook(ws.tijdig.uow(), ws.company, webhook_id, actor=actor(ws.signed_in),
                         at=now())  # fmt: skip
    return _saved(ws, "removed", "webhooks")
