"""What the hardship section of the customer page shows (its routes are in `hardship.py`),
and the company's own task texts on the settings page: the statuses with their history,
the forms, and a refusal in the reader's words."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from tijdig.domain.errors import Conflict, InvalidValue, RuleViolation, TijdigError
from tijdig.domain.hardship import HardshipKind, HardshipStatus, active_on
from tijdig.domain.reason_texts import WORDS
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.records import hardship

# A refusal, by what the service refused, in the reader's words.
REFUSALS = {
    "evidence": N_("Say what shows the status: a letter or a ruling (at most 2000 characters)."),
    "evidence_file": N_("The file reference has 1 to 300 characters."),
    "ended_on": N_("A status cannot end before it began."),
    "day": N_("Give the day as YYYY-MM-DD."),
    "text": N_("A task text has 1 to 300 characters."),
    "later": N_("A status cannot begin or end after the day looked from."),
    "running": N_("The customer has a running status: end it first."),
}
DONE = {
    "set": N_("Hardship status recorded: collection is paused and a task is in the agenda."),
    "ended": N_("Hardship status ended: collection resumes."),
}


def kind_label(kind: HardshipKind) -> str:
    """The msgid of a kind's name (reason_texts.WORDS["kind"])."""
    return WORDS["kind"][kind.value]


def default_task(kind: HardshipKind) -> str:
    """The msgid of a kind's default task text (reason_texts.WORDS["task"])."""
    return WORDS["task"][kind.value]


def refusal(error: TijdigError) -> str:
    """The msgid saying why the form was refused."""
    if isinstance(error, InvalidValue) and error.field in REFUSALS:
        return REFUSALS[error.field]
    if isinstance(error, Conflict):
        return REFUSALS["running"]
    if isinstance(error, RuleViolation):
        return REFUSALS["later"]
    raise error


@dataclass(frozen=True, slots=True)
class HardshipForm:
    """What was typed in the form to give a status."""

    kind: str = HardshipKind.DEBT_COUNSELLING.value
    since: str = ""
    evidence: str = ""
    evidence_file: str = ""


@dataclass(frozen=True, slots=True)
class HardshipSection:
    history: tuple[HardshipStatus, ...]
    active: HardshipStatus | None
    running: HardshipStatus | None  # not ended, whether begun by the day looked from or not
    can_change: bool
    form: HardshipForm
    kinds: tuple[tuple[str, str], ...] = tuple((k.value, kind_label(k)) for k in HardshipKind)
    error: str = ""
    done: str = ""
    labels: dict[str, str] = field(default_factory=lambda: {k.value: kind_label(k)
                                                             for k in HardshipKind})  # fmt: skip

    def refused(self, form: HardshipForm, error: TijdigError) -> HardshipSection:
        return replace(self, form=form, error=refusal(error), done="")


def hardship_section(ws: Workspace, number: str) -> HardshipSection:
    history = tuple(hardship.hardship_history(ws.tijdig.uow(), ws.company, number))
    done = DONE.get(ws.request.query_params.get("hardship", ""), "")
    return HardshipSection(
        history=history,
        active=active_on(history, ws.as_of),
        running=next((s for s in history if s.ended_on is None), None),
        can_change=ws.user.role.can_change,
        form=HardshipForm(since=ws.as_of.isoformat()),
        done=done,
    )


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("day", Refusal.NOT_A_DAY_ISO, value=text) from None


@dataclass(frozen=True, slots=True)
class TaskText:
    kind: str
    label: str  # msgid
    text: str  # the company's own, else the default in the reader's language
    own: bool


def task_texts(ws: Workspace) -> tuple[TaskText, ...]:
    """Each kind's task text for the settings page: the company's own or the default."""
    own = hardship.task_texts(ws.tijdig.uow(), ws.company)
    return tuple(
        TaskText(kind.value, kind_label(kind),
                 own.get(kind) or i18n.gettext(ws.language, default_task(kind)), kind in own)
        for kind in HardshipKind
    )  # fmt: skip
