"""What the habits panel of the customer page shows (its routes are in `habits.py`): the
payment habits learned from the paid invoices, the suggested tolerance waiting for a
person, the decisions taken before, and what a form just did or why it was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.records import habits

WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))  # fmt: skip
DONE = {
    "accepted": N_("Tolerance accepted: no reminder before the due date plus these days."),
    "dismissed": N_("Suggestion dismissed: the tolerance stays as it was."),
}


@dataclass(frozen=True, slots=True)
class HabitsSection:
    view: habits.CustomerHabits
    can_change: bool
    done: str = ""  # msgid
    error: TijdigError | None = None
    weekdays: tuple[str, ...] = field(default=WEEKDAY_NAMES)


def habits_section(
    ws: Workspace, number: str, *, done: str = "", error: TijdigError | None = None
) -> HabitsSection:
    view = habits.customer_habits(ws.tijdig.uow(), ws.tijdig.paid_history, ws.company, number,
                                  as_of=ws.as_of)  # fmt: skip
    shown = done or ws.request.query_params.get("habits", "")
    return HabitsSection(view, ws.user.role.can_change, DONE.get(shown, ""), error)
