"""What the dispute pages' forms (ui/disputes.py) and the customer page's internal
notes (ui/notes.py) read and show: the typed fields parsed into the service's values
(each refusal a coded `TijdigError` the page shows in the reader's words), the notes
section, and the labels of departments, note kinds and outcomes (reason_texts.WORDS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.internal import (
    Department,
    InternalNote,
    NoteKind,
    OutcomeKind,
    parse_department,
)
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.money import parse_amount
from tijdig.domain.reason_texts import WORDS
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.ui.workspace import Workspace
from tijdig.services.records import dispute_cases, notes

DEPARTMENTS = [(d.value, WORDS["department"][d.value]) for d in Department]
NOTE_KINDS = [(k.value, WORDS["note_kind"][k.value]) for k in NoteKind]
OUTCOMES = [(o.value, WORDS["outcome"][o.value]) for o in OutcomeKind]


def labels() -> dict[str, object]:
    return {
        "departments": DEPARTMENTS, "note_kinds": NOTE_KINDS, "outcomes": OUTCOMES,
        "department_labels": dict(DEPARTMENTS), "note_kind_labels": dict(NOTE_KINDS),
        "outcome_labels": dict(OUTCOMES),
    }  # fmt: skip


def optional_day(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(field, Refusal.NOT_A_DAY_ISO, value=text) from None


def optional_amount(text: str) -> Decimal | None:
    return parse_amount(text, field="amount") if text.strip() else None


def line_numbers(text: str) -> tuple[int, ...]:
    """ "1, 3" -> (1, 3): the disputed lines' numbers on the invoice."""
    found: list[int] = []
    for part in text.replace(";", ",").split(","):
        if part.strip():
            if not part.strip().isdigit() or int(part) < 1:
                raise InvalidValue("lines", Refusal.NOT_A_NUMBER, value=part.strip())
            found.append(int(part))
    return tuple(found)


def ownership(department: str, owner: str, deadline: str, lines: str) -> dispute_cases.Ownership:
    return dispute_cases.Ownership(
        department=parse_department(department) if department.strip() else None,
        owner=owner.strip() or None, deadline=optional_day(deadline, "deadline"),
        lines=line_numbers(lines),
    )  # fmt: skip


def optional_id(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidValue("plan", Refusal.NOT_A_NUMBER, value=text.strip())
    return int(text)


@dataclass(frozen=True, slots=True)
class NotesSection:
    """The customer's notes (the latest first) and which hold on the day looked from."""

    notes: tuple[InternalNote, ...]
    holding: frozenset[int]
    can_change: bool
    form: dict[str, str] = field(default_factory=dict)
    error: TijdigError | None = None


def notes_section(ws: Workspace, number: str) -> NotesSection:
    found = tuple(notes.list_notes(ws.tijdig.uow(), ws.company, customer_number=number))
    holding = frozenset(n.id for n in found if n.id is not None and n.holds_on(ws.as_of))
    return NotesSection(found, holding, ws.user.role.can_change)
