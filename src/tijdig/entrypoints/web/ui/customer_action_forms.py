"""What the actions section of the customer page shows (its routes are in
`customer_actions.py`): the forms to log a contact, record a promise, open a dispute,
pause dunning, set the next action and offer a plan; the pause that holds; what was
typed and the refusal in the reader's words when a form was refused; the done message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.plans import Frequency
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.money import parse_amount
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.ui.collection import REASON_LABELS
from tijdig.entrypoints.web.ui.timeline import KIND_LABELS
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.records import pauses
from tijdig.services.records.contacts import LOGGABLE

DONE = {
    "contact": N_("Contact logged: it is in the timeline."),
    "promise": N_("Promise to pay recorded: reminders wait for it."),
    "dispute": N_("Dispute opened: the invoice is held until its outcome."),
    "pause": N_("Dunning paused: no reminder and no call until the day set."),
    "lift": N_("Dunning resumes today."),
    "next": N_("Next action set: it is in the agenda."),
    "statement": N_("Statement of account queued: it goes with the next sending."),
    "plan": N_("Payment plan offered to the customer."),
    "plan_proposed": N_("Payment plan proposed outside the limits: a task asks to approve it."),
}
FREQUENCIES = ((Frequency.MONTHLY.value, N_("monthly")), (Frequency.WEEKLY.value, N_("weekly")))


@dataclass(frozen=True, slots=True)
class ActionsSection:
    """The actions section: `action` names the form that `form` and `error` belong to."""

    can_change: bool
    paused: DunningPause | None  # the pause that holds on the day looked from
    as_of: date
    form: Mapping[str, str] = field(default_factory=dict)
    action: str = ""
    error: TijdigError | None = None
    done: str = ""
    contact_kinds: tuple[tuple[str, str], ...] = tuple(
        (k.value, KIND_LABELS[k.value]) for k in LOGGABLE
    )
    reasons: tuple[tuple[str, str], ...] = tuple((r.value, REASON_LABELS[r]) for r in ReasonCode)
    frequencies: tuple[tuple[str, str], ...] = FREQUENCIES

    def refused(self, action: str, typed: Mapping[str, str], error: TijdigError) -> ActionsSection:
        return replace(self, action=action, form=typed, error=error, done="")

    def typed(self, action: str, name: str, default: str = "") -> str:
        """What was typed in field `name` of form `action`, when it was refused."""
        return self.form.get(name, default) if self.action == action else default


def actions_section(
    ws: Workspace, number: str, *, done: str = "", plan: str = ""
) -> ActionsSection:
    """`plan`: invoice numbers (comma-separated) the plan form starts with ticked."""
    found = pauses.pauses_of(ws.tijdig.uow(), ws.company, number)
    holding = [p for p in found if p.holds_on(ws.as_of)]
    shown = done or ws.request.query_params.get("done", "")
    section = ActionsSection(
        can_change=ws.user.role.can_change,
        paused=max(holding, key=lambda p: p.until) if holding else None,
        as_of=ws.as_of,
        done=DONE.get(shown, ""),
    )
    ticked = ",".join(n.strip() for n in plan.split(",") if n.strip())
    return replace(section, action="plan", form={"invoices": ticked}) if ticked else section


def day(text: str, field_name: str) -> date:
    """A day typed in a date field, refused with the field's name."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(field_name, Refusal.NOT_A_DAY_ISO, value=text) from None


def optional_day(text: str, field_name: str) -> date | None:
    return day(text, field_name) if text.strip() else None


def optional_amount(text: str, field_name: str = "amount") -> Decimal | None:
    return parse_amount(text, field=field_name) if text.strip() else None


def whole_number(text: str, field_name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidValue(field_name, Refusal.NOT_A_NUMBER, value=text) from None


def moment(ws: Workspace, now: datetime) -> datetime:
    """When a contact happened: now, or the day looked from at the time it is now."""
    local = now.astimezone(BUSINESS_TIMEZONE)
    if local.date() == ws.as_of:
        return now
    return datetime.combine(ws.as_of, local.timetz())
