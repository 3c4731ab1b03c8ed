"""The demo's collection history: what the dunning ladder did for one customer until
yesterday, as the runs would have done it.

Generated, not replayed: no daily run is stored and read back. For each customer with
dunned invoices (history_input.py) the walk (history_walk.py) jumps from one day a step
could fall due to the next, with the invoices open on that day, the steps taken so far,
the disputes open and the promises in force, and sends what the run of that day would
have proposed, approved and sent that morning. A hand-over proposed more than
`HAND_OVER_AFTER` days ago was approved (a case opened with the agency, dunning
stops); a recent one waits for a person (today's run proposes it again). After some
messages past the due date a person calls the next work day, reached or not; some calls
end in a promise, kept or broken as the ledger's payments say. A customer who disputes
gets disputes on its late invoices, resolved when the invoice was settled. A recent call
that reached someone who cannot pay soon may end in a payment plan for the invoices of
that message: accepted in writing a few days later, it holds them (no further steps), its
first plan instalment due after today. Days are the
engine's: run days (Tuesday to Friday, no Sunday or holiday), the customer's contact
days and business days, the policy's delays and minimum interval.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tijdig.adapters.demo.habits import Habit, between
from tijdig.adapters.demo.history_input import LADDER_LEAD, Dunned
from tijdig.adapters.demo.history_walk import MAX_DAYS_ASKED, Message, Rung, Walk
from tijdig.domain.collection.plans import add_months
from tijdig.domain.collection.policy import Basis, Policy, PolicySet
from tijdig.domain.collection.records import TASK_CHANNEL, Dispute, ReasonCode
from tijdig.domain.collection.run_schedule import RunSchedule, is_run_day
from tijdig.domain.parties import Customer
from tijdig.engine.schedule import is_contact_day
from tijdig.engine.segments import matching_rule

CALL_SHARE = 0.3  # of the messages after the due date: a call the next work day
HAND_OVER_AFTER = 10  # days: a hand-over proposed since then still waits for a person
SEARCH_DAYS = 40  # to the next run day that is a contact day of the customer
CALL_REACHED = 0.7
PROMISE_SHARE = 0.5  # of the calls that reach someone who will not pay soon
PAYING_PROMISE_SHARE = 0.9  # of those who will: they say when
PLAN_SHARE = 0.5  # of the reached calls without a promise whose invoices are unpaid
PLAN_FIRST_AFTER = 28  # days from the call to the first plan instalment, at the earliest
PLAN_WINDOW = 60  # days: a plan agreed on an older call was due already (kept or broken)
PLAN_INSTALMENTS = 3  # monthly
DISPUTE_LATE_DAYS = 20  # a disputing customer's invoice this late was disputed
DISPUTE_REASONS = (
    (ReasonCode.DISSATISFIED, "Levering incompleet, wacht op nalevering"),
    (ReasonCode.INVOICE_INCORRECT, "Prijs wijkt af van de offerte"),
    (ReasonCode.INFORMATION_MISSING, "Inkoopordernummer ontbreekt op de factuur"),
    (ReasonCode.DISSATISFIED, "Beschadigde goederen geretourneerd"),
)
RUN_SCHEDULE = RunSchedule()


@dataclass(frozen=True, slots=True)
class Call:
    """A call logged by a person; `promised`: the date promised, if any."""

    day: date
    reached: bool
    promised: date | None = None
    kept: bool | None = None
    plan: bool = False  # the call agreed the story's payment plan


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """A payment plan agreed on a call and accepted in writing (an e-mail reply):
    the invoices it covers (id, number, amount in minor units), in force since
    `accepted_on`, its first plan instalment due on `first_due`."""

    made_on: date
    accepted_on: date
    first_due: date
    currency: str
    invoices: tuple[tuple[int, str, int], ...]


@dataclass
class Story:
    """One customer's collection history."""

    customer: Customer
    policy: Policy
    sent: list[Message] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    disputes: list[tuple[int, Dispute]] = field(default_factory=list)  # by invoice id
    handed_over: Message | None = None  # the hand-over a person approved, carried out
    plan: DemoPlan | None = None


def policy_of(customer: Customer, policies: PolicySet) -> Policy:
    rule = matching_rule(customer, policies)
    return policies.policies[0] if rule is None else policies.policy(rule.policy)


def is_work_day(day: date, customer: Customer) -> bool:
    """A day a run sends to this customer: a run day and one of its contact days."""
    return is_run_day(RUN_SCHEDULE, day) and is_contact_day(day, customer)


def rung(row: Dunned, customer: Customer) -> Rung:
    invoice_id, number, issued, due, currency, total, _, prepaid, paid, reference = row
    shifted = due
    if customer.payment_term_days is not None:
        shifted = max(due, issued + customer.payment_term_days)
    return Rung(invoice_id, number, issued, due, shifted + customer.tolerance_days,
                total - prepaid, paid, currency, reference)  # fmt: skip


class Teller:
    """Tells the stories of a company's customers up to (not including) `as_of`."""

    def __init__(self, rng: random.Random, policies: PolicySet, as_of: date) -> None:
        self.rng, self.policies, self.as_of = rng, policies, as_of.toordinal()
        self.work_days: dict[tuple[str, tuple[str, ...]], dict[int, int | None]] = {}

    def story(self, customer: Customer, habit: Habit, dunned: list[Dunned]) -> Story:
        story = Story(customer, policy_of(customer, self.policies))
        rungs = [rung(row, customer) for row in dunned]
        if habit is Habit.DISPUTES:
            story.disputes = self._disputes(rungs)
        walk = Walk(story.policy, consumer=customer.is_consumer, as_of=self.as_of,
                    work_day=self._work_day_of(customer))  # fmt: skip
        self._walk(story, walk, rungs)
        return story

    def _work_day_of(self, customer: Customer) -> Callable[[int], int | None]:
        """The first work day on or after a day, cached per country and contact days."""
        cache = self.work_days.setdefault((customer.country, customer.contact_days), {})

        def first(day: int) -> int | None:
            if day not in cache:
                days = range(day, day + SEARCH_DAYS)
                cache[day] = next(
                    (d for d in days if is_work_day(date.fromordinal(d), customer)), None
                )
            return cache[day]

        return first

    def _walk(self, story: Story, walk: Walk, rungs: list[Rung]) -> None:
        if not rungs:
            return
        day = walk.work_day(min(r.due for r in rungs) - LADDER_LEAD)
        for _ in range(MAX_DAYS_ASKED):
            if day is None or day >= self.as_of:
                return
            rungs = [r for r in rungs if _held(r, day) is False]  # days only grow
            message = walk.message(rungs, day)
            if message is not None:
                if message.step.hand_over:
                    self._hand_over(story, walk, message)
                    return  # dunning stops; or today's run proposes it again
                walk.take(message)
                story.sent.append(message)
                if message.step.basis is not Basis.BEFORE_DUE and self.rng.random() < CALL_SHARE:
                    self._call(story, walk, message)
            day = walk.next_day(rungs, day)

    def _hand_over(self, story: Story, walk: Walk, message: Message) -> None:
        """A hand-over proposed long enough ago was approved and carried out (a case
        opened); a recent one still waits for a person."""
        if message.day > self.as_of - HAND_OVER_AFTER:
            return
        walk.take(message, channel=TASK_CHANNEL)
        story.handed_over = message

    def _call(self, story: Story, walk: Walk, message: Message) -> None:
        """A call the next work day; reached, it may end in a promise to pay."""
        rng = self.rng
        day = walk.work_day(message.day + 1)
        if day is None or day >= self.as_of:
            return
        when = date.fromordinal(day)
        if rng.random() >= CALL_REACHED:
            story.calls.append(Call(when, reached=False))
            return
        paid = sorted(w for r, _ in message.lines for w, _ in r.paid if day < w <= day + 21)
        if rng.random() >= (PAYING_PROMISE_SHARE if paid else PROMISE_SHARE):
            planned = not paid and self._plan(story, message, day)
            story.calls.append(Call(when, reached=True, plan=planned))
            return
        # About to pay: promises about that day (and keeps it); else a day it will miss.
        promised = max(paid[0] + between(rng, 0, 2), day + 2) if paid else day + between(rng, 5, 14)
        kept = None if promised >= self.as_of else any(day < w <= promised for w in paid)
        story.calls.append(Call(when, True, date.fromordinal(promised), kept))
        walk.promises.append((day, promised))

    def _plan(self, story: Story, message: Message, day: int) -> bool:
        """A plan for the message's invoices that are unpaid to this day and undisputed,
        on a recent call; its first plan instalment is still ahead (on the first of next
        month where four weeks from the call have passed: "from next month on")."""
        rng = self.rng
        first, accepted = day + PLAN_FIRST_AFTER, day + between(rng, 1, 3)
        if first < self.as_of:
            today = date.fromordinal(self.as_of)
            first = add_months(today.replace(day=1), 1).toordinal()
        covered = [r for r, _ in message.lines if not r.paid and r.dispute is None]
        currencies = {r.currency for r in covered}
        recent = day >= self.as_of - PLAN_WINDOW
        if story.plan is not None or not recent or accepted >= self.as_of:
            return False
        if not covered or len(currencies) != 1 or rng.random() >= PLAN_SHARE:
            return False
        for r in covered:
            r.planned = accepted
        story.plan = DemoPlan(
            date.fromordinal(day), date.fromordinal(accepted), date.fromordinal(first),
            currencies.pop(), tuple((r.id, r.number, r.payable) for r in covered),
        )  # fmt: skip
        return True

    def _disputes(self, rungs: list[Rung]) -> list[tuple[int, Dispute]]:
        """A disputing customer's invoices settled late (or not yet) were disputed."""
        found = []
        for r in rungs:
            settled = r.settled
            if (settled or self.as_of) < r.due + DISPUTE_LATE_DAYS or self.rng.random() < 0.2:
                continue
            opened = r.due + between(self.rng, 8, 18)
            if opened >= self.as_of or (settled is not None and settled <= opened):
                continue
            reason, note = DISPUTE_REASONS[between(self.rng, 0, len(DISPUTE_REASONS) - 1)]
            r.dispute = (opened, settled)
            resolved = None if settled is None else date.fromordinal(settled)
            dispute = Dispute(r.number, reason, date.fromordinal(opened), note, resolved)
            found.append((r.id, dispute))
        return found


def _held(r: Rung, day: int) -> bool:
    """Whether `r` is out of the ladder on `day`: paid in full, or held by a plan."""
    return (r.settled is not None and r.settled <= day) or (
        r.planned is not None and r.planned <= day
    )
