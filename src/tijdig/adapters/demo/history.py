"""The demo's collection history: what the dunning ladder did for one customer until
yesterday, decided by the engine itself.

Generated, not replayed: no daily run is stored and read back. For each customer with
dunned invoices (history_input.py) the generator jumps from one day a step could fall
due to the next, and on each such day asks the pure engine (`advise`) what the run of
that day would have proposed, with the invoices open on that day, the steps taken so
far, the disputes open and the promises in force. A proposal is taken as approved and
sent that morning; a hand-over is left for a person to decide (today's run proposes
it again). Calls planned beside a message are logged the next contact day, reached or
not, and some end in a promise, kept or broken as the ledger's payments say. A
customer who disputes gets disputes on its late invoices, resolved when the invoice
was settled. Days are the engine's: run days (Tuesday to Friday), the customer's
contact days and business days, the policy's delays and minimum interval.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from tijdig.adapters.demo.habits import Habit, between
from tijdig.adapters.demo.history_input import LADDER_LEAD, Dunned
from tijdig.domain.collection.policy import Policy, PolicySet
from tijdig.domain.collection.records import Dispute, Promise, ReasonCode, StepTaken
from tijdig.domain.collection.run_schedule import RunSchedule, is_run_day
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Customer
from tijdig.engine.advice import advise, plan_one, taken_by_invoice
from tijdig.engine.model import CompanyState, CustomerState, Proposal
from tijdig.engine.schedule import is_contact_day
from tijdig.engine.segments import matching_rule

MAX_DAYS_ASKED = 150  # days the engine is asked about per customer: a bound, not a target
SEARCH_DAYS = 40  # to the next run day that is a contact day of the customer
CALL_REACHED = 0.7
PROMISE_SHARE = 0.65  # of the calls that reach someone
DISPUTE_LATE_DAYS = 20  # a disputing customer's invoice this late was disputed
DISPUTE_REASONS = (
    (ReasonCode.DISSATISFIED, "Levering incompleet, wacht op nalevering"),
    (ReasonCode.INVOICE_INCORRECT, "Prijs wijkt af van de offerte"),
    (ReasonCode.INFORMATION_MISSING, "Inkoopordernummer ontbreekt op de factuur"),
    (ReasonCode.DISSATISFIED, "Beschadigde goederen geretourneerd"),
)
RUN_SCHEDULE = RunSchedule()


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the run proposed on `day`, approved and sent that morning."""

    day: date
    proposal: Proposal


@dataclass(frozen=True, slots=True)
class Call:
    """A call logged by a person; `promised`: the date promised, if any."""

    day: date
    reached: bool
    promised: date | None = None
    kept: bool | None = None


@dataclass
class Story:
    """One customer's collection history."""

    customer: Customer
    sent: list[Sent] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    disputes: list[tuple[int, Dispute]] = field(default_factory=list)  # by invoice id


@dataclass(frozen=True, slots=True)
class _Item:
    """A dunned invoice, with its settlements."""

    id: int
    invoice: Invoice  # as issued; its open amount is set per day
    payable: int
    paid: tuple[tuple[int, int], ...]

    def open_on(self, day: int) -> int:
        return self.payable - sum(amount for when, amount in self.paid if when <= day)

    @property
    def settled_on(self) -> int | None:
        return self.paid[-1][0] if self.paid and self.open_on(self.paid[-1][0]) <= 0 else None


def policy_of(customer: Customer, policies: PolicySet) -> Policy:
    rule = matching_rule(customer, policies)
    return policies.policies[0] if rule is None else policies.policy(rule.policy)


def item(row: Dunned, customer_number: str) -> _Item:
    invoice_id, number, issued, due, currency, total, net, prepaid, paid, reference = row
    invoice = Invoice(
        number=number, customer_number=customer_number, issue_date=date.fromordinal(issued),
        due_date=date.fromordinal(due), total=_money(total), net_amount=_money(net),
        prepaid=_money(prepaid), currency=currency, payment_reference=reference,
        id=invoice_id,
    )  # fmt: skip
    return _Item(invoice_id, invoice, total - prepaid, paid)


def _money(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)  # EUR, USD and GBP all have cents


def is_work_day(day: date, customer: Customer) -> bool:
    """A day a run sends to this customer: a run day and one of its contact days."""
    return is_run_day(RUN_SCHEDULE, day) and is_contact_day(day, customer)


class Teller:
    """Tells the stories of a company's customers up to (not including) `as_of`."""

    def __init__(self, rng: random.Random, company: CompanyState, policies: PolicySet,
                 as_of: date) -> None:  # fmt: skip
        self.rng, self.company, self.policies, self.as_of = rng, company, policies, as_of

    def story(self, customer: Customer, habit: Habit, dunned: list[Dunned]) -> Story:
        story = Story(customer)
        items = [item(row, customer.number) for row in dunned]
        if habit is Habit.DISPUTES:
            story.disputes = self._disputes(items)
        _Ladder(self, story, items).walk()
        return story

    def _disputes(self, items: list[_Item]) -> list[tuple[int, Dispute]]:
        """A disputing customer's invoices settled late (or not yet) were disputed."""
        found = []
        as_of = self.as_of.toordinal()
        for entry in items:
            due = entry.invoice.due_date.toordinal()
            settled = entry.settled_on
            if (settled or as_of) < due + DISPUTE_LATE_DAYS or self.rng.random() < 0.2:
                continue
            opened = due + between(self.rng, 8, 18)
            if opened >= as_of or (settled is not None and settled <= opened):
                continue
            reason, note = DISPUTE_REASONS[between(self.rng, 0, len(DISPUTE_REASONS) - 1)]
            resolved = None if settled is None else date.fromordinal(settled)
            dispute = Dispute(entry.invoice.number, reason, date.fromordinal(opened), note,
                              resolved)  # fmt: skip
            found.append((entry.id, dispute))
        return found


class _Ladder:
    """One customer's walk from step to step."""

    def __init__(self, teller: Teller, story: Story, items: list[_Item]) -> None:
        self.teller, self.story, self.items = teller, story, items
        self.policy = policy_of(story.customer, teller.policies)
        self.taken: list[StepTaken] = []
        self.promises: list[Promise] = []
        self.last_sent: date | None = None

    def walk(self) -> None:
        if not self.items:
            return
        first = min(i.invoice.due_date for i in self.items) - timedelta(days=LADDER_LEAD)
        day = self._work_day(first)
        for _ in range(MAX_DAYS_ASKED):
            if day is None or day >= self.teller.as_of:
                return
            state = self._state(day)
            advice = advise(state, self.teller.company, self.teller.policies, as_of=day)
            if advice.proposal is not None:
                if advice.proposal.step.hand_over:
                    return  # a person decides; today's run proposes it again
                self._send(day, advice.proposal, call=bool(advice.calls))
            day = self._next_day(day)

    def _state(self, day: date) -> CustomerState:
        """The customer as the run of `day` would have loaded it."""
        ordinal = day.toordinal()
        invoices = []
        for entry in self.items:
            left = entry.open_on(ordinal)
            if entry.invoice.issue_date <= day and left > 0:
                invoices.append(_with_open(entry.invoice, left))
        disputes = tuple(d for _, d in self.story.disputes if d.is_open(day))
        return CustomerState(
            customer=self.story.customer, invoices=tuple(invoices), steps_taken=tuple(self.taken),
            disputes=disputes, promises=tuple(self.promises), last_message_on=self.last_sent,
        )  # fmt: skip

    def _send(self, day: date, proposal: Proposal, *, call: bool) -> None:
        self.story.sent.append(Sent(day, proposal))
        channel = proposal.channel.value
        for line in proposal.lines:
            if line.step_key:
                self.taken.append(StepTaken(line.invoice_number, line.step_key, day, channel,
                                            proposal.deadline))  # fmt: skip
        self.last_sent = day
        if call or (not proposal.step.friendly and self.teller.rng.random() < 0.25):
            self._call(day, proposal)

    def _call(self, sent: date, proposal: Proposal) -> None:
        """A call the next contact day; reached, it may end in a promise to pay."""
        rng = self.teller.rng
        day = self._work_day(sent + timedelta(days=1))
        if day is None or day >= self.teller.as_of:
            return
        if rng.random() >= CALL_REACHED:
            self.story.calls.append(Call(day, reached=False))
            return
        if rng.random() >= PROMISE_SHARE:
            self.story.calls.append(Call(day, reached=True))
            return
        promised = day + timedelta(days=between(rng, 5, 14))
        kept = self._kept(proposal, promised)
        self.story.calls.append(Call(day, True, promised, kept))
        self.promises.append(Promise(self.story.customer.number, promised, day))

    def _kept(self, proposal: Proposal, promised: date) -> bool | None:
        """Whether the invoices of the message were paid by the promised date (None: that
        date has not passed yet)."""
        if promised >= self.teller.as_of:
            return None
        numbers = {line.invoice_number for line in proposal.lines}
        by = promised.toordinal()
        return all(e.open_on(by) <= 0 for e in self.items if e.invoice.number in numbers)

    def _next_day(self, day: date) -> date | None:
        """The next day something could fall due: the earliest next step of an invoice
        still open, not before the minimum interval or a promise's date has passed."""
        soonest = self._soonest_step(day)
        if soonest is None:
            return None
        floor = day + timedelta(days=1)
        if self.last_sent is not None:
            floor = max(floor, self.last_sent + timedelta(days=self.policy.min_interval_days))
        for promise in self.promises:
            if promise.made_on <= floor <= promise.promised_date:
                floor = promise.promised_date + timedelta(days=1)
        return self._work_day(max(soonest, floor))

    def _soonest_step(self, day: date) -> date | None:
        taken = taken_by_invoice(tuple(self.taken))
        state = CustomerState(self.story.customer, ())
        soonest = None
        for entry in self.items:
            if entry.settled_on is not None and entry.settled_on <= day.toordinal():
                continue
            dispute = self._dispute(entry.id)
            if dispute is not None and dispute.is_open(day):
                if dispute.resolved_on is not None and (
                    soonest is None or dispute.resolved_on < soonest
                ):
                    soonest = dispute.resolved_on  # its ladder goes on when it is resolved
                continue
            plan = plan_one(state, self.policy, entry.invoice, taken, as_of=day, earlier=0)
            if plan.on is not None and (soonest is None or plan.on < soonest):
                soonest = plan.on
        return soonest

    def _dispute(self, invoice_id: int) -> Dispute | None:
        return next((d for i, d in self.story.disputes if i == invoice_id), None)

    def _work_day(self, day: date) -> date | None:
        for offset in range(SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if is_work_day(candidate, self.story.customer):
                return candidate
        return None


def _with_open(invoice: Invoice, minor: int) -> Invoice:
    return replace(invoice, open_amount=_money(minor))
