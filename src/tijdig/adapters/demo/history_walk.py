"""One customer's walk up the dunning ladder, in plain day numbers: fast enough for a
million invoices, and checked against the engine in tests/adapters/test_demo_history.py.

The engine's rules as engine/schedule.py, engine/deadline.py and engine/advice.py state
them, for the policies the demo uses: the next step of an invoice is the one after the
last taken (a pre-due step gives way once the due date has passed); it falls due the
policy's days from the (shifted) due date or the previous step, not before the day
after the previous message's deadline, a legal notice never before default began, a
consumer's costs step not before its letter's term has passed. On a day that is a run
day and a contact day of the customer, outside the minimum interval and any promise in
force, every invoice due a step takes it in one message, whose step is the most
escalated; a disputed invoice waits until its dispute is resolved. The deadline a
message states is the engine's own (`stated_deadline`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tijdig.domain.collection.policy import Basis, LegalNotice, Policy, Step
from tijdig.domain.collection.records import StepTaken
from tijdig.engine import claims
from tijdig.engine.deadline import stated_deadline

MAX_DAYS_ASKED = 150  # days looked at per customer: a bound, not a target


@dataclass(slots=True)
class Rung:
    """An invoice on its way up: the last step taken (policy index), when, its deadline."""

    id: int
    number: str
    issue: int
    due: int
    shifted: int  # the due date after-due steps count from (own term, tolerance)
    payable: int
    paid: tuple[tuple[int, int], ...]
    currency: str
    reference: str
    index: int = -1
    taken_on: int | None = None
    deadline: int | None = None
    taken: list[StepTaken] = field(default_factory=list)
    dispute: tuple[int, int | None] | None = None  # opened, resolved (ordinals)
    settled: int | None = None  # the day it was paid in full (set after creation)
    planned: int | None = None  # the day a payment plan covering it came into force

    def __post_init__(self) -> None:
        if self.paid and sum(amount for _, amount in self.paid) >= self.payable:
            self.settled = self.paid[-1][0]

    def open_on(self, day: int) -> int:
        if not self.paid or day < self.paid[0][0]:
            return self.payable
        if self.settled is not None and day >= self.settled:
            return 0
        return self.payable - sum(amount for when, amount in self.paid if when <= day)

    def disputed_on(self, day: int) -> bool:
        if self.dispute is None:
            return False
        opened, resolved = self.dispute
        return opened <= day and (resolved is None or resolved > day)


@dataclass(frozen=True, slots=True)
class Message:
    """A message sent on `day`: (rung, step index) of each invoice taking a step, the open
    invoices it lists, its step and deadline."""

    day: int
    steps: tuple[tuple[Rung, int], ...]
    lines: tuple[tuple[Rung, int], ...]  # (invoice, open amount)
    step: Step
    deadline: date | None


class Walk:
    """The walk of one customer until `as_of` (exclusive); `work_day(day)` gives the
    first run day on or after `day` that is a contact day of the customer (or None)."""

    def __init__(self, policy: Policy, *, consumer: bool, as_of: int,
                 work_day: Callable[[int], int | None]) -> None:  # fmt: skip
        self.policy, self.steps, self.consumer = policy, policy.steps, consumer
        self.as_of, self.work_day = as_of, work_day
        self.minimum = int(policy.min_amount * 100)
        self.last: int | None = None
        self.promises: list[tuple[int, int]] = []  # made, promised (ordinals)

    def next_step(self, rung: Rung, day: int) -> tuple[int, int] | None:
        """(step index, day it falls due) of the invoice's next step, seen on `day`."""
        index = rung.index
        while True:
            index += 1
            if index >= len(self.steps):
                return None
            step = self.steps[index]
            on = self.planned(step, rung, rung.taken_on)
            if rung.deadline is not None:
                on = max(on, rung.deadline + 1)
            if step.basis is Basis.BEFORE_DUE and (day > rung.due or on <= rung.issue):
                continue
            if step.claims_costs and claims.needs_term(self.policy.country, self.consumer):
                on = max(on, self._term_passed(rung))
            return index, on

    def planned(self, step: Step, rung: Rung, previous: int | None) -> int:
        """The policy's day for `step` (engine.schedule.step_date, no earlier days)."""
        basis = step.basis
        if basis is Basis.BEFORE_DUE:
            return rung.due - step.days
        if basis is Basis.AFTER_ISSUE:
            on = rung.issue + step.days
        elif basis is Basis.AFTER_DUE or previous is None:
            on = rung.shifted + step.days
        elif basis is Basis.AFTER_PREVIOUS:
            on = previous + step.days
        else:
            raise ValueError(f"the demo has no {basis} step")
        if step.legal_notice is not LegalNotice.NONE:
            on = max(on, rung.due + 1)
        return on

    def _term_passed(self, rung: Rung) -> int:
        found = claims.term_costs_from(self.policy.country, self.policy, rung.taken,
                                       consumer=self.consumer)  # fmt: skip
        return 0 if found is None else found.toordinal()

    def message(self, rungs: list[Rung], day: int) -> Message | None:
        """What the run of `day` sends (None: nothing, or only a hand-over)."""
        lines = [
            (r, left)
            for r in rungs
            if r.issue <= day and (left := r.open_on(day)) > 0 and not r.disputed_on(day)
        ]
        due = []
        for rung, _ in lines:
            found = self.next_step(rung, day)
            if found is not None and found[1] <= day:
                due.append((rung, found[0]))
        if not due or sum(left for _, left in lines) < self.minimum:
            return None
        step = self.steps[max(index for _, index in due)]
        return Message(day, tuple(due), tuple(lines), step, self._deadline(step, due, lines, day))

    def _deadline(self, step: Step, due: list[tuple[Rung, int]],
                  lines: list[tuple[Rung, int]], day: int) -> date | None:  # fmt: skip
        following = [
            date.fromordinal(self.planned(self.steps[index + 1], rung, day))
            for rung, index in due
            if index + 1 < len(self.steps)
        ]
        return stated_deadline(
            step, sent_on=date.fromordinal(day), channel=step.channel,
            first_due=date.fromordinal(min(r.due for r, _ in lines)), next_steps_on=following,
        )  # fmt: skip

    def take(self, message: Message, *, channel: str | None = None) -> None:
        """The message's steps taken (`channel`: "task" for a hand-over carried out)."""
        deadline = None if message.deadline is None else message.deadline.toordinal()
        on, channel = date.fromordinal(message.day), channel or message.step.channel.value
        for rung, index in message.steps:
            rung.index, rung.taken_on, rung.deadline = index, message.day, deadline
            key = self.steps[index].key
            rung.taken.append(StepTaken(rung.number, key, on, channel, message.deadline))
        self.last = message.day

    def held(self, day: int) -> int | None:
        """The first day after the minimum interval or a promise in force, when `day` is
        inside one."""
        later = None
        if self.last is not None and day < self.last + self.policy.min_interval_days:
            later = self.last + self.policy.min_interval_days
        for made, promised in self.promises:
            if made <= day <= promised:
                later = max(later or 0, promised + 1)
        return later

    def next_day(self, rungs: list[Rung], day: int) -> int | None:
        """The next day a step could fall due, not inside a hold."""
        soonest = None
        for rung in rungs:
            if rung.settled is not None and rung.settled <= day:
                continue
            if rung.disputed_on(day):
                resolved = rung.dispute[1] if rung.dispute else None
                if resolved is not None and (soonest is None or resolved < soonest):
                    soonest = resolved
                continue
            found = self.next_step(rung, day)
            if found is not None and (soonest is None or found[1] < soonest):
                soonest = found[1]
        if soonest is None:
            return None
        candidate = max(soonest, day + 1)
        while (later := self.held(candidate)) is not None:
            candidate = later
        return self.work_day(candidate)
