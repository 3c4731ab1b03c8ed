"""The dated examples of docs/dunning.md, "Plan B: the escalation ladder", read from the
document and run on the fakes: each example's rows, in order, are one test. Edit an
example there, not here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from tests.services.ladder.world import World
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.services.collection.payload import HoldPayload, MessagePayload
from tijdig.services.collection.views import RunItem

DOC = Path(__file__).parents[3] / "docs" / "dunning.md"
SECTION = "## Plan B: the escalation ladder"
DAY = r"(\d{4}-\d{2}-\d{2})"


@dataclass(frozen=True)
class Row:
    day: date
    event: str
    expect: tuple[str, ...]


@dataclass
class Example:
    number: str
    rows: list[Row] = field(default_factory=list)


def read_examples() -> list[Example]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    examples: dict[str, Example] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].isdigit():
            continue
        number, day, event, expect = cells
        found = re.match(DAY, day)
        assert found, line
        wanted = tuple(e.strip() for e in expect.split(";") if e.strip() not in ("", "-"))
        row = Row(date.fromisoformat(found.group(1)), event, wanted)
        examples.setdefault(number, Example(number)).rows.append(row)
    return list(examples.values())


EXAMPLES = read_examples()


def test_the_document_has_the_examples() -> None:
    assert len(EXAMPLES) >= 2 and all(len(e.rows) > 3 for e in EXAMPLES)


class Player:
    """Plays one example's rows on a `World`, checking each row's expectations."""

    def __init__(self) -> None:
        self.world = World()
        self.items: list[RunItem] = []

    def play(self, row: Row) -> None:
        w, event = self.world, row.event
        if found := re.fullmatch(f"promise by {DAY}", event):
            made = row.day
            w.promise(date.fromisoformat(found.group(1)), made)
        elif found := re.fullmatch(f"plan broken on {DAY}", event):
            w.broken_plan(date(2028, 1, 31), ended=date.fromisoformat(found.group(1)))
        elif event == "run":
            self.items = w.run_all(row.day)
        elif event in ("approve", "skip"):
            (item,) = self._plan_b(RunItemStatus.PROPOSED)
            w.decide(event, item, row.day)
        else:
            raise AssertionError(f"unknown event {event!r}")
        for wanted in row.expect:
            assert self.holds(wanted), f"{row.day} {event}: {wanted}"

    def _plan_b(self, status: RunItemStatus | None = None) -> list[RunItem]:
        return [i for i in self.items if i.kind is RunItemKind.FALLBACK
                and status in (None, i.status)]  # fmt: skip

    def _message(self) -> MessagePayload | None:
        found = [i.payload for i in self.items if i.kind is RunItemKind.MESSAGE]
        return found[0] if found and isinstance(found[0], MessagePayload) else None

    def holds(self, wanted: str) -> bool:  # noqa: PLR0911 - one branch per expectation
        w = self.world
        if wanted.startswith("plan B "):
            return [i.step_key for i in self._plan_b()] == [wanted.removeprefix("plan B ")]
        if wanted == "no plan B":
            return not self._plan_b()
        if wanted in ("agency named", "agency not named"):
            message = self._message()
            return message is not None and message.approved.names_agency is (
                wanted == "agency named"
            )
        if wanted == "held":
            holds = [i.payload for i in self.items if i.kind is RunItemKind.HOLD]
            return self._message() is None and any(isinstance(h, HoldPayload) for h in holds)
        if found := re.fullmatch(f"new term to {DAY}", wanted):
            return w.new_terms() == [date.fromisoformat(found.group(1))]
        if wanted == "task offer a plan":
            return any(k is TaskKind.FOLLOW_UP and "Offer a payment plan" in t
                       for k, t in w.tasks())  # fmt: skip
        if wanted == "hand-over F1":
            return any(k is TaskKind.HAND_OVER for k, _ in w.tasks()) and w.handed_over() == ["F1"]
        raise AssertionError(f"unknown expectation {wanted!r}")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"plan-b-{e.number}")
def test_plan_b_example(example: Example) -> None:
    player = Player()
    for row in example.rows:
        player.play(row)
