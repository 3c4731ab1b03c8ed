"""Strategy simulation (issue 18 section 3): run a policy set day by day over a period,
in memory, many times, and count what it sends and what comes in. Pure: the service
(services/collection/simulation.py) loads the world once as of the first day.

Each run, each day, in this order:
1. payments: every invoice whose simulated payment day has come leaves the open items;
2. invoices issued that day join them (what really happened: the real invoices);
3. the engine (`advise`, the same one the daily run calls) decides for every customer
   with open items; every proposal counts as sent on its channel (a person approving
   every proposal), its steps are recorded, and its call tasks count as calls;
4. each message may bring its invoices' payment forward (below).

Payments. Every invoice has a baseline: the distribution of its payment day without
more contact, as five knots (days after its `origin` at the probabilities 0, 0.1, 0.5,
0.9 and 1), from the risk model's predicted payment day or the customer's habits. Its
natural payment day is drawn from it at the start of the run (for an invoice open on the
first day: given that it was not paid before). A message sent on day d has a response
cell: the shares p7 and p14 of such messages paid within 7 and 14 days (the response
table, shrunk to coarser cells when counts are small: `ResponseRates`). Those shares
already hold the payments that would have come anyway, so a message adds only the rest:
with B7 = P(natural day <= d + 7 | not paid by d) from the baseline,

    q7 = max(0, (p7 - B7) / (1 - B7)),  q14 = max(q7, (p14 - B14) / (1 - B14))

and one draw u per message: u < q7 pays within days 1..7 after it, u < q14 within 8..14,
else nothing changes; an invoice is paid on the earlier of that day and its natural day.

Runs are independent and seeded (`numpy.random.default_rng((seed, run, ...))`), the
natural payment days from one stream and the responses from another, so two policies
run with the same seed share their natural payment days (common random numbers) and
differ only by what the policies do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import WEEKDAYS, Customer
from tijdig.engine.advice import advise, earlier_days, open_items, taken_by_invoice
from tijdig.engine.model import CompanyState, CustomerState, PaymentRecord
from tijdig.engine.schedule import is_contact_day, plan_invoice
from tijdig.engine.segments import choose_policy

Floats = npt.NDArray[np.float64]
PROBABILITIES = (0.0, 0.1, 0.5, 0.9, 1.0)
SHRINK = 20.0  # prior weight (in messages) of the coarser cell
MEASURES = ("cash", "dso", "email", "letter", "sms", "call", "hand_over")
# The response table's cell, from fine to coarse: the last level is every message.
LEVELS: tuple[tuple[str, ...], ...] = (
    ("step", "channel", "weekday", "stage", "kind", "country", "band"),
    ("step", "channel", "weekday", "band"),
    ("step", "channel"),
    ("channel",),
    (),
)
KEY = LEVELS[0]


@dataclass(frozen=True, slots=True)
class Baseline:
    """An invoice's payment day without more contact: days after `origin` at the
    probabilities 0, 0.1, 0.5, 0.9 and 1 (rising)."""

    origin: date
    knots: tuple[float, float, float, float, float]

    @staticmethod
    def from_quantiles(origin: date, q10: float, q50: float, q90: float) -> Baseline:
        """Five knots from three quantiles: the ends a spread beyond them."""
        q10 = max(0.0, q10)
        q50 = max(q10 + 0.5, q50)
        q90 = max(q50 + 0.5, q90)
        low = max(0.0, q10 - (q50 - q10) / 2)
        high = q90 + 2 * (q90 - q50) + 1
        return Baseline(origin, (low, q10, q50, q90, high))


@dataclass(frozen=True, slots=True)
class SimInvoice:
    """An invoice of the world: open on the first day (its amount then) or issued later."""

    invoice: Invoice
    baseline: Baseline


@dataclass(frozen=True, slots=True)
class ResponseCell:
    """One cell of the response table: its key (values of `KEY`) and counts."""

    key: tuple[str, ...]
    n: int
    paid_7: int
    paid_14: int


class ResponseRates:
    """p7 and p14 of a message's cell, each level shrunk towards the next coarser one:
    p = (x + SHRINK * p_coarser) / (n + SHRINK); every message is the coarsest level
    (none at all: 0, a message brings nothing forward)."""

    def __init__(self, cells: Sequence[ResponseCell]) -> None:
        self.levels: list[dict[tuple[str, ...], list[int]]] = []
        for level in LEVELS:
            where = [KEY.index(d) for d in level]
            counts: dict[tuple[str, ...], list[int]] = {}
            for cell in cells:
                k = tuple(cell.key[i] for i in where)
                c = counts.setdefault(k, [0, 0, 0])
                c[0] += cell.n
                c[1] += cell.paid_7
                c[2] += cell.paid_14
            self.levels.append(counts)
        self.where = [[KEY.index(d) for d in level] for level in LEVELS]
        self._cache: dict[tuple[str, ...], tuple[float, float]] = {}

    def rates(self, key: tuple[str, ...]) -> tuple[float, float]:
        found = self._cache.get(key)
        if found is not None:
            return found
        p7 = p14 = 0.0
        for level in range(len(LEVELS) - 1, -1, -1):
            c = self.levels[level].get(tuple(key[i] for i in self.where[level]))
            if c is None:
                continue
            if level == len(LEVELS) - 1:
                p7, p14 = c[1] / c[0] if c[0] else 0.0, c[2] / c[0] if c[0] else 0.0
            else:
                p7 = (c[1] + SHRINK * p7) / (c[0] + SHRINK)
                p14 = (c[2] + SHRINK * p14) / (c[0] + SHRINK)
        self._cache[key] = (p7, p14)
        return p7, p14


@dataclass(frozen=True)
class World:
    """What the simulation reads, as known on `start` (the issue dates of later invoices
    are what really happened; no payment on or after `start` is in it)."""

    start: date
    end: date
    company: CompanyState
    customers: tuple[Customer, ...]
    invoices: tuple[SimInvoice, ...]  # open on `start`, or issued from `start` to `end`
    steps_taken: tuple[StepTaken, ...] = ()  # before `start`, of those invoices
    last_message_on: Mapping[str, date] = field(default_factory=dict)
    records: Mapping[str, PaymentRecord] = field(default_factory=dict)
    response: ResponseRates = field(default_factory=lambda: ResponseRates(()))
    band: Callable[[Decimal], str] = lambda amount: ""
    currency: str = "EUR"  # the money measures count this currency only
    # Sales (invoices issued) in `currency` in the DSO period up to `end`: the real ones.
    sales: Decimal = Decimal(0)
    dso_days: int = 90


@dataclass(frozen=True, slots=True)
class RunResult:
    """One run's measures: cash received in the period, DSO on the last day, counts."""

    cash: float
    dso: float | None
    counts: Mapping[str, int]
    paid_on: tuple[int | None, ...] = ()  # per invoice of the world: the day (ordinal)
    sent: tuple[tuple[date, str], ...] = ()  # every message and call: its day and channel

    def measure(self, name: str) -> float | None:
        if name == "cash":
            return self.cash
        if name == "dso":
            return self.dso
        return float(self.counts.get(name, 0))


@dataclass(frozen=True, slots=True)
class Summary:
    """A measure over the runs: mean and 5th and 95th percentile (a 90 % interval)."""

    mean: float | None
    low: float | None
    high: float | None


def summarise(results: Sequence[RunResult]) -> dict[str, Summary]:
    out = {}
    for name in MEASURES:
        values = [v for r in results if (v := r.measure(name)) is not None]
        if not values:
            out[name] = Summary(None, None, None)
            continue
        a = np.asarray(values, dtype=np.float64)
        out[name] = Summary(float(a.mean()), float(np.percentile(a, 5)),
                            float(np.percentile(a, 95)))  # fmt: skip
    return out


def _cdf(knots: Floats, x: Floats) -> Floats:
    """Per row: the probability at `x` days of the piecewise linear distribution."""
    p = np.asarray(PROBABILITIES)
    out = np.zeros(len(x))
    for s in range(4):
        lo, hi = knots[:, s], knots[:, s + 1]
        inside = (x > lo) & (x <= hi)
        share = (x - lo) / np.maximum(hi - lo, 1e-9)
        out = np.where(inside, p[s] + share * (p[s + 1] - p[s]), out)
    return np.where(x > knots[:, 4], 1.0, out)


def _quantile(knots: Floats, u: Floats) -> Floats:
    p = np.asarray(PROBABILITIES)
    out = knots[:, 4].copy()
    for s in range(3, -1, -1):
        inside = u <= p[s + 1]
        share = (u - p[s]) / (p[s + 1] - p[s])
        out = np.where(inside, knots[:, s] + share * (knots[:, s + 1] - knots[:, s]), out)
    return out


def natural_days(world: World, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Per invoice: its payment day without more contact (ordinal), drawn from its
    baseline given that it was not paid before it entered the world."""
    n = len(world.invoices)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    knots = np.array([s.baseline.knots for s in world.invoices], dtype=np.float64)
    origin = np.array([s.baseline.origin.toordinal() for s in world.invoices], dtype=np.int64)
    enters = np.array([max(world.start, s.invoice.issue_date).toordinal()
                       for s in world.invoices], dtype=np.int64)  # fmt: skip
    floor = _cdf(knots, (enters - origin).astype(np.float64))
    # Open past the whole baseline (a very old debt): the same spread from the day it enters.
    beyond = floor >= 0.999
    origin = np.where(beyond, enters - np.floor(knots[:, 0]).astype(np.int64), origin)
    floor = np.where(beyond, 0.0, floor)
    u = floor + rng.random(n) * (1.0 - floor)
    days = origin + np.ceil(_quantile(knots, u)).astype(np.int64)
    return np.maximum(days, enters)


def _cdf_one(knots: tuple[float, ...], x: float) -> float:
    """`_cdf` of one invoice at one point (no arrays: it is asked per message)."""
    if x <= knots[0]:
        return 0.0
    for s in range(4):
        lo, hi = knots[s], knots[s + 1]
        if x <= hi:
            share = (x - lo) / max(hi - lo, 1e-9)
            return PROBABILITIES[s] + share * (PROBABILITIES[s + 1] - PROBABILITIES[s])
    return 1.0


def _brought_forward(baseline: Baseline, day: int) -> tuple[float, float]:
    """B7 and B14: the chance of the natural payment within 7 and 14 days of `day`,
    given it is not paid by then (the baseline's own, not this run's draw)."""
    at = float(day - baseline.origin.toordinal())
    f0, f7, f14 = (_cdf_one(baseline.knots, at + d) for d in (0, 7, 14))
    rest = 1.0 - f0
    if rest <= 1e-9:
        return 1.0, 1.0
    return (f7 - f0) / rest, (f14 - f0) / rest


def _lift(p: float, base: float) -> float:
    return 0.0 if base >= 1.0 else max(0.0, (p - base) / (1.0 - base))


class _Run:
    """The state of one run."""

    def __init__(
        self, world: World, policies: PolicySet, seed: int, number: int, *, skip_quiet: bool
    ) -> None:
        self.world, self.policies, self.skip_quiet = world, policies, skip_quiet
        self.wake: dict[str, date | None] = {}  # per customer: nothing due before it
        self.response_rng = np.random.default_rng((seed, number, 1))
        self.pay = natural_days(world, np.random.default_rng((seed, number, 0))).tolist()
        self.index = {s.invoice.number: i for i, s in enumerate(world.invoices)}
        self.steps: dict[int, list[StepTaken]] = {}
        for step in world.steps_taken:
            if (i := self.index.get(step.invoice_number)) is not None:
                self.steps.setdefault(i, []).append(step)
        self.last = dict(world.last_message_on)
        self.calls: dict[str, list[date]] = {}
        self.counts = dict.fromkeys(MEASURES[2:], 0)
        self.sent: list[tuple[date, str]] = []
        self.stage = {(p.code, s.key): n for p in policies.policies
                      for n, s in enumerate(p.steps, start=1)}  # fmt: skip

    def run(self) -> RunResult:
        w = self.world
        customers = {c.number: c for c in w.customers}
        order = sorted(range(len(w.invoices)), key=lambda i: w.invoices[i].invoice.issue_date)
        active: dict[str, list[int]] = {}
        nxt, day = 0, w.start
        while day <= w.end:
            today = day.toordinal()
            while nxt < len(order) and w.invoices[order[nxt]].invoice.issue_date <= day:
                i = order[nxt]
                number = w.invoices[i].invoice.customer_number
                active.setdefault(number, []).append(i)
                self.wake.pop(number, None)
                nxt += 1
            for number in list(active):
                items = active[number]
                still = [i for i in items if self.pay[i] > today]
                if not still:
                    del active[number]
                    continue
                if len(still) != len(items):
                    active[number] = still
                    self.wake.pop(number, None)
                customer = customers.get(number)
                if customer is not None:
                    self._decide(customer, still, day)
            day += timedelta(days=1)
        return self._result()

    def _decide(self, customer: Customer, items: list[int], day: date) -> None:
        w, number = self.world, customer.number
        if self.skip_quiet and not is_contact_day(day, customer):
            return  # the engine holds the whole customer on such a day, whatever is due
        if self.skip_quiet and number in self.wake:
            wake = self.wake[number]
            if wake is None or day < wake:
                return  # nothing can be due yet: `advise` would return nothing
        calls = self.calls.get(number)
        open_calls = sum(1 for due in calls if due >= day) if calls else 0
        state = CustomerState(
            customer=customer,
            invoices=tuple(w.invoices[i].invoice for i in items),
            steps_taken=tuple(s for i in items for s in self.steps.get(i, ())),
            last_message_on=self.last.get(number),
            record=w.records.get(number, PaymentRecord()),
            open_calls=open_calls,
        )
        if self.skip_quiet and number not in self.wake:
            self.wake[number] = first_due(state, w.company, self.policies, as_of=day)
            wake = self.wake[number]
            if wake is None or day < wake:
                return
        advice = advise(state, w.company, self.policies, as_of=day)
        for call in advice.calls:
            self.counts["call"] += 1
            self.sent.append((call.due_on, "call"))
            self.calls.setdefault(number, []).append(call.due_on)
        proposal = advice.proposal
        if proposal is None:
            return
        step = proposal.step
        channel = "hand_over" if step.hand_over else step.channel.value
        self.counts[channel] = self.counts.get(channel, 0) + 1
        self.wake.pop(number, None)
        self.sent.append((day, channel))
        self.last[number] = day
        named = [(line, self.index[line.invoice_number]) for line in proposal.lines
                 if line.step_key is not None and line.invoice_number in self.index]  # fmt: skip
        for line, i in named:
            self.steps.setdefault(i, []).append(StepTaken(
                line.invoice_number, line.step_key or "", day, step.channel.value,
                proposal.deadline))  # fmt: skip
        if step.hand_over or not named:
            return
        amount = sum((line.open_amount for line, _ in named), Decimal(0))
        stage = self.stage.get((proposal.policy_code, step.key), 0)
        key = (step.key, step.channel.value, str(day.isoweekday()), str(stage),
               customer.kind.value, customer.country, w.band(amount))  # fmt: skip
        self._respond(key, [i for _, i in named], day)

    def _respond(self, key: tuple[str, ...], items: list[int], day: date) -> None:
        p7, p14 = self.world.response.rates(key)
        u = float(self.response_rng.random())
        early = int(self.response_rng.integers(1, 8))
        today = day.toordinal()
        for i in items:
            b7, b14 = _brought_forward(self.world.invoices[i].baseline, today)
            q7 = _lift(p7, b7)
            q14 = max(q7, _lift(p14, b14))
            if u < q7:
                self.pay[i] = min(self.pay[i], today + early)
            elif u < q14:
                self.pay[i] = min(self.pay[i], today + 7 + early)

    def _result(self) -> RunResult:
        w = self.world
        first, last = w.start.toordinal(), w.end.toordinal()
        cash, open_end = 0.0, 0.0
        for s, paid in zip(w.invoices, self.pay, strict=True):
            inv = s.invoice
            if inv.currency != w.currency:
                continue
            amount = float(inv.outstanding)
            if first <= paid <= last:
                cash += amount
            elif paid > last and inv.issue_date <= w.end:
                open_end += amount
        dso = None if w.sales <= 0 else open_end / float(w.sales) * w.dso_days
        paid_on = tuple(p if p <= last else None for p in self.pay)
        return RunResult(cash, dso, dict(self.counts), paid_on, tuple(self.sent))


def first_due(
    state: CustomerState, company: CompanyState, policies: PolicySet, *, as_of: date
) -> date | None:
    """The first day a step of the customer's open invoices can fall due (None: never,
    while nothing changes). Before it `advise` proposes nothing: a later day only skips
    a pre-due step for a later one, and a consumer's costs step only waits longer. A
    new invoice, a payment or a step taken changes it, so the run forgets it then."""
    invoices, _ = open_items(state, as_of)
    if not invoices:
        return None
    total = sum((i.signed_outstanding for i in state.invoices), Decimal(0))
    try:
        policy = choose_policy(state.customer, policies, open_total=total)
    except RuleViolation:
        return None  # held every day: nothing is ever proposed
    earlier = earlier_days(state, company)
    taken = taken_by_invoice(state.steps_taken) if state.steps_taken else {}
    days = [plan_invoice(i, policy, taken.get(i.number, ()), state.customer, as_of=as_of,
                         earlier=earlier).on for i in invoices]  # fmt: skip
    return min((d for d in days if d is not None), default=None)


def simulate(
    world: World,
    policies: PolicySet,
    *,
    runs: int,
    seed: int,
    on_run: Callable[[int], None] | None = None,
    skip_quiet: bool = True,
) -> list[RunResult]:
    """`runs` independent runs of `policies` over the world's period. `skip_quiet`: ask
    the engine only from the day something can fall due (`first_due`); the same result,
    faster (a test runs both)."""
    results = []
    for number in range(runs):
        results.append(_Run(world, policies, seed, number, skip_quiet=skip_quiet).run())
        if on_run is not None:
            on_run(number + 1)
    return results


def without_contact_on(customers: Sequence[Customer], days: Sequence[str]) -> tuple[Customer, ...]:
    """The customers with `days` (mon ... sun) taken from their contact days."""
    if not days:
        return tuple(customers)
    unknown = [d for d in days if d not in WEEKDAYS]
    if unknown:
        raise ValueError(f"unknown weekday {unknown[0]!r}")
    return tuple(
        replace(c, contact_days=tuple(d for d in c.contact_days if d not in days))
        for c in customers
    )
