"""What the collection pages (runs, agenda, disputes) share: paging, redirects after a
form, the date kept in links, labels of steps, statuses and reason codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import RedirectResponse
from starlette.datastructures import URL

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import parse_amount
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import now
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, known_routes

PER_PAGE = 25
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="Page, from 1.")]

STEP_LABELS = {
    "friendly": N_("Friendly reminder"),
    "reminder": N_("Reminder"),
    "first_reminder": N_("First reminder"),
    "formal_demand": N_("Formal demand"),
    "fourteen_day_letter": N_("14-day letter"),
    "notice_of_default": N_("Notice of default"),
    "final_notice": N_("Final notice"),
    "costs_claim": N_("Costs claim"),
    "hand_over": N_("Hand-over"),
    "fallback": N_("Plan B"),
    "new_term": N_("New term"),
    "payment_plan": N_("Payment plan"),
    "agency": N_("Collection agency"),
    "call": N_("Calls"),
    "hold": N_("Holds"),
    "warning": N_("Warnings"),
}
STATUS_LABELS = {
    "proposed": N_("proposed"),
    "approved": N_("approved"),
    "skipped": N_("skipped"),
    "superseded": N_("superseded"),
    "dropped": N_("not sent"),
    "queued": N_("queued"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "info": N_("info"),
    "done": N_("done"),
}
REASON_LABELS = {
    ReasonCode.INVOICE_INCORRECT: N_("Invoice incorrect"),
    ReasonCode.PAYMENT_METHOD: N_("Payment method not usable"),
    ReasonCode.INFORMATION_MISSING: N_("Information missing"),
    ReasonCode.DISSATISFIED: N_("Dissatisfied with goods or service"),
    ReasonCode.WANTS_OTHER_DATE: N_("Wants another date or way to pay"),
    ReasonCode.CASH_FLOW: N_("Cash-flow problems"),
    ReasonCode.OTHER: N_("Other"),
}
TASK_KIND_LABELS = {
    "call": N_("Call"),
    "follow_up": N_("Follow-up"),
    "hand_over": N_("Hand-over"),
}
ROLE_LABELS = {
    "accounts_payable": N_("accounts payable"),
    "purchasing": N_("purchasing"),
    "management": N_("management"),
    "other": N_("other"),
}
# Why a run item's preview shows no message (services.collection.preview.Preview.nothing).
NOTHING_LABELS = {
    "not_a_message": N_("a call, hold or warning sends no message"),
    "waits": N_("it waits"),
    "not_due": N_("nothing in it is due any more"),
    "task": N_("this step is a task for a person: no message"),
    "erased": N_("its detail was erased"),
}
CHANNEL_LABELS = {
    "email": N_("e-mail"),
    "letter": N_("letter"),
    "sms": N_("SMS"),
    "call": N_("call"),
}


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    per_page: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_shown(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_shown(self) -> int:
        return min(self.total, self.offset + self.per_page)


def kept(ws: Workspace) -> dict[str, str]:
    """The date to look from, in links and form actions, when the page was given one."""
    chosen = ws.request.query_params.get("as_of")
    return {"as_of": ws.as_of.isoformat()} if chosen else {}


def see_other(url: URL | str) -> RedirectResponse:
    """Post-redirect-get: the answer to a form that changed something."""
    return RedirectResponse(str(url), status_code=303)


def customer_url(ws: Workspace, number: str) -> str | None:
    """The customer's page, where the app has one."""
    if "customer" not in known_routes(ws.request):
        return None
    return str(ws.url("customer", number=number))


def moment(as_of: date) -> datetime:
    """Now, or the day looked from at the current time of day (as `--as-of` does)."""
    current = now().astimezone(BUSINESS_TIMEZONE)
    if as_of == current.date():
        return current
    return datetime.combine(as_of, time(current.hour, current.minute), BUSINESS_TIMEZONE)


def optional_date(text: str, *, field: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field, Refusal.NOT_A_DAY_ISO, value=text) from None


def optional_amount(text: str, *, field: str) -> Decimal | None:
    return parse_amount(text, field=field) if text.strip() else None


def optional_reason(text: str, *, field: str = "reason") -> ReasonCode | None:
    text = text.strip()
    if not text:
        return None
    try:
        return ReasonCode(text)
    except ValueError:
        codes = ", ".join(r.value for r in ReasonCode)
        raise InvalidValue(field, Refusal.NOT_A_REASON_CODE, value=text, codes=codes) from None


def labels() -> dict[str, Any]:
    """The label tables, for the templates."""
    return {
        "step_labels": STEP_LABELS,
        "status_labels": STATUS_LABELS,
        "reason_labels": {r.value: label for r, label in REASON_LABELS.items()},
        "task_kind_labels": TASK_KIND_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "role_labels": ROLE_LABELS,
        "nothing_labels": NOTHING_LABELS,
    }
