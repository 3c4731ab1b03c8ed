"""Strategy simulation (issue 18 section 3): `tijdig simulate`. Loads the company once,
as known on the first day of the period, and runs the pure simulation
(engine/simulation.py) in memory: no run, no message, nothing written.

What the simulation may read to decide is what was known on `start`: the invoices open
then (their open amount then), the steps taken before it, the response table judged on
it (only messages whose 14 days ended by then), the risk model's payment day or the
customers' habits from payments before it (a stored model trained on payments from
`start` on is not used: the habits are). Of what happened later it reads only the
invoices issued in the period (when and for how much) and, apart, the real payments,
messages and calls, to print beside the simulation ("real").

A policy file is a policy set in the TOML of `tijdig policy export`, with an optional
`[simulation]` table: `name` (shown in the table) and `no_contact_days` (weekdays, e.g.
["mon"], taken from every customer's contact days for this simulation).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import tomli_w

from tijdig.analytics import risk_model
from tijdig.analytics.effects import amount_band
from tijdig.analytics.risk_features import NEVER, History, day_number, features
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.policy_toml import load_policy_set
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import WEEKDAYS, Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import class_of_customer
from tijdig.engine.model import CompanyState, PaymentRecord
from tijdig.engine.simulation import (
    Baseline,
    ResponseCell,
    ResponseRates,
    SimInvoice,
    Summary,
    World,
    simulate,
    summarise,
    without_contact_on,
)
from tijdig.services.collection.effects import EffectsUnitOfWork, SentMessages, effects
from tijdig.services.collection.run import policies_for
from tijdig.services.collection.simulation_ports import (
    LedgerInvoice,
    SimulationLedger,
    SimulationReads,
)
from tijdig.services.records.ports import company_id_of
from tijdig.services.risk.model import stored_model
from tijdig.services.risk.ports import RiskReads, RiskUnitOfWork

DSO_DAYS = 90
HABIT_MIN = 3  # invoices a customer needs for its own habits (else the company's)
HABIT_AGE = 180  # days: habits from invoices issued this long before the first day
RECORD_DAYS = 365
MESSAGE_CHANNELS = ("email", "letter", "sms")


@dataclass(frozen=True)
class SimPolicy:
    name: str
    policies: PolicySet
    no_contact_days: tuple[str, ...] = ()


def read_policy_file(text: str, *, name: str) -> SimPolicy:
    """A policy set with an optional `[simulation]` table (module docstring)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue("policy TOML", Refusal.TOML_UNREADABLE, problem=str(error)) from None
    extra: Any = data.pop("simulation", {})
    if not isinstance(extra, dict):
        raise InvalidValue("simulation", Refusal.TOML_TABLE)
    for key in extra:
        if key not in {"name", "no_contact_days"}:
            raise InvalidValue(f"simulation, key {key!r}", Refusal.TOML_UNKNOWN_KEY,
                               known="name, no_contact_days")  # fmt: skip
    days = extra.get("no_contact_days", [])
    if not isinstance(days, list) or any(d not in WEEKDAYS for d in days):
        raise InvalidValue("simulation, key 'no_contact_days'", Refusal.TOML_NOT_ONE_OF,
                           value=repr(days), allowed=", ".join(WEEKDAYS))  # fmt: skip
    shown = extra.get("name", name)
    if not isinstance(shown, str):
        raise InvalidValue("simulation, key 'name'", Refusal.TOML_STRING, value=repr(shown))
    return SimPolicy(shown, load_policy_set(tomli_w.dumps(data)), tuple(days))


@dataclass(frozen=True)
class Simulated:
    name: str
    summary: dict[str, Summary]


@dataclass(frozen=True)
class SimulationReport:
    start: date
    end: date
    runs: int
    seed: int
    currency: str
    baseline: str  # "model" (the stored risk model) or "habits"
    invoices: int  # open on the first day or issued in the period
    real: dict[str, float | None]
    results: tuple[Simulated, ...]


@dataclass(frozen=True)
class Loaded:
    """The world as known on `start`, and what really happened (to report only)."""

    world: World
    real: dict[str, float | None]
    baseline: str


def _known_history(history: History, start: date) -> History:
    """The risk ledger as known at the start of `start`: every invoice, but no payment,
    step, dispute or promise from that day on."""
    day = day_number(start)
    steps = history.step_day < day
    disputes = history.dispute_opened < day
    promises = history.promise_day < day
    return History(
        customer=history.customer, issue=history.issue, due=history.due,
        amount=history.amount,
        paid_on=np.where(history.paid_on < day, history.paid_on, NEVER),
        step_invoice=history.step_invoice[steps], step_day=history.step_day[steps],
        dispute_invoice=history.dispute_invoice[disputes],
        dispute_opened=history.dispute_opened[disputes],
        dispute_resolved=np.where(history.dispute_resolved[disputes] < day,
                                  history.dispute_resolved[disputes], NEVER),
        promise_customer=history.promise_customer[promises],
        promise_day=history.promise_day[promises],
        promise_broken=history.promise_broken[promises],
    )  # fmt: skip


def _habits(invoices: Sequence[LedgerInvoice], start: date) -> dict[str, tuple[float, ...]]:
    """Per customer ("" for the company): the 10th, 50th and 90th percentile of the days
    from issue to payment, over the invoices issued at least HABIT_AGE days before
    `start`: those paid before `start` at their payment, those still open at their age
    on `start` (a lower bound), so that slow payers are not left out for being slow."""
    days: dict[str, list[int]] = {}
    every: list[int] = []
    last = start - timedelta(days=HABIT_AGE)
    for inv in invoices:
        if inv.issue_date > last:
            continue
        paid = inv.paid_on()
        d = (paid if paid is not None and paid < start else start) - inv.issue_date
        days.setdefault(inv.customer_number, []).append(d.days)
        every.append(d.days)
    result = {c: tuple(np.percentile(v, (10, 50, 90)).tolist()) for c, v in days.items()
              if len(v) >= HABIT_MIN}  # fmt: skip
    result[""] = tuple(np.percentile(every, (10, 50, 90)).tolist()) if every else (15.0, 30.0, 60.0)
    return result


def _records(invoices: Sequence[LedgerInvoice], start: date) -> dict[str, PaymentRecord]:
    """Invoices paid in full in the year before `start`, and how many late."""
    counts: dict[str, list[int]] = {}
    for inv in invoices:
        paid = inv.paid_on()
        if paid is None or not start - timedelta(days=RECORD_DAYS) <= paid < start:
            continue
        c = counts.setdefault(inv.customer_number, [0, 0])
        c[0] += 1
        c[1] += paid > inv.due_date
    return {n: PaymentRecord(c[0], c[1]) for n, c in counts.items()}


def _invoice(inv: LedgerInvoice, amount: Decimal) -> Invoice:
    return Invoice(inv.number, inv.customer_number, inv.issue_date, inv.due_date, inv.total,
                   prepaid=inv.prepaid, open_amount=amount, currency=inv.currency, id=inv.id,
                   default_from=inv.default_from)  # fmt: skip


def _main_currency(invoices: Sequence[LedgerInvoice]) -> str:
    sums: dict[str, Decimal] = {}
    for inv in invoices:
        sums[inv.currency] = sums.get(inv.currency, Decimal(0)) + inv.total
    return max(sums, key=lambda c: sums[c]) if sums else "EUR"


def _real(
    ledger: SimulationLedger, chosen: Sequence[tuple[LedgerInvoice, Decimal]], *, start: date,
    end: date, currency: str, sales: Decimal,
) -> dict[str, float | None]:  # fmt: skip
    """What really happened, measured as the simulation measures it."""
    cash, open_end = Decimal(0), Decimal(0)
    for inv, amount in chosen:
        if inv.currency != currency:
            continue
        paid = inv.paid_on()
        if paid is not None and start <= paid <= end:
            cash += amount
        elif paid is None or paid > end:
            open_end += amount
    messages = {(s.invoice_number, s.step_key, s.channel, s.taken_on) for s in ledger.steps
                if start <= s.taken_on <= end}  # fmt: skip
    by_customer = {inv.number: inv.customer_number for inv in ledger.invoices}
    sent = {(by_customer[n], key, ch, on) for n, key, ch, on in messages}
    real: dict[str, float | None] = {
        "cash": float(cash),
        "dso": None if sales <= 0 else float(open_end / sales * DSO_DAYS),
        "call": float(sum(1 for _, due in ledger.calls if start <= due <= end)),
        "hand_over": float(sum(1 for _, _, ch, _ in sent if ch == "task")),
    }
    for channel in MESSAGE_CHANNELS:
        real[channel] = float(sum(1 for _, _, ch, _ in sent if ch == channel))
    return real


def load_world(
    uow: EffectsUnitOfWork,
    risk_uow: RiskUnitOfWork,
    reads: SimulationReads,
    risk_reads: RiskReads,
    messages: SentMessages,
    company: Company,
    *,
    start: date,
    end: date,
) -> Loaded:
    """The world on `start` (module docstring) and the real measures of the period."""
    if end < start:
        raise InvalidValue("--to", Refusal.BEFORE, day=end, first=start)
    company_id = company_id_of(company)
    ledger = reads.ledger(company_id, through=end)
    with uow:
        settings, _ = policies_for(uow, company)
    table = effects(uow, messages, company, as_of=start, by=("step", "channel", "weekday"))
    cells = tuple(ResponseCell(tuple(v for _, v in row.key), row.n, row.paid_7.successes,
                               row.paid_14.successes) for row in table.rows)  # fmt: skip
    chosen: list[tuple[LedgerInvoice, Decimal]] = []
    for inv in ledger.invoices:
        if inv.issue_date >= start:
            chosen.append((inv, inv.payable))
        elif (amount := inv.open_on(start)) > 0:
            chosen.append((inv, amount))
    baselines, source, classes = _baselines(risk_uow, risk_reads, company, ledger, chosen,
                                            start=start)  # fmt: skip
    currency = _main_currency(ledger.invoices)
    since = end - timedelta(days=DSO_DAYS)
    sold = [i.payable for i in ledger.invoices if i.currency == currency and since < i.issue_date]
    sales = sum(sold, Decimal(0))
    customers = tuple(_with_class(c, classes.get(c.number)) for c in ledger.customers)
    last: dict[str, date] = {}
    numbers = {inv.number: inv.customer_number for inv in ledger.invoices}
    for step in ledger.steps:
        if step.taken_on < start and step.channel != "task":
            c = numbers[step.invoice_number]
            last[c] = max(last.get(c, step.taken_on), step.taken_on)
    open_numbers = {inv.number for inv, _ in chosen}
    world = World(
        start=start, end=end,
        company=CompanyState(company, settings),
        customers=customers,
        invoices=tuple(SimInvoice(_invoice(inv, amount), baselines[inv.id])
                       for inv, amount in chosen),
        steps_taken=tuple(s for s in ledger.steps
                          if s.taken_on < start and s.invoice_number in open_numbers),
        last_message_on=last,
        records=_records(ledger.invoices, start),
        response=ResponseRates(cells),
        band=lambda amount: amount_band(amount).value,
        currency=currency, sales=sales, dso_days=DSO_DAYS,
    )  # fmt: skip
    real = _real(ledger, chosen, start=start, end=end, currency=currency, sales=sales)
    return Loaded(world, real, source)


def _with_class(customer: Customer, risk: str | None) -> Customer:
    if risk is None or risk == customer.risk_class:
        return customer
    return replace(customer, risk_class=risk)


def _baselines(
    risk_uow: RiskUnitOfWork, risk_reads: RiskReads, company: Company, ledger: SimulationLedger,
    chosen: Sequence[tuple[LedgerInvoice, Decimal]], *, start: date,
) -> tuple[dict[int, Baseline], str, dict[str, str]]:  # fmt: skip
    """Per invoice id its baseline; "model" or "habits"; the customers' risk classes on
    `start` (the highest of their invoices open then), as `tijdig model classes` sets."""
    try:
        found = stored_model(risk_uow, company)
    except RuleViolation:
        found = None
    if found is not None and found[1].trained_through >= start:
        found = None  # it learned from payments on or after `start`: not known then
    habits = _habits(ledger.invoices, start)
    baselines: dict[int, Baseline] = {}
    for inv, _ in chosen:
        q = habits.get(inv.customer_number, habits[""])
        baselines[inv.id] = Baseline.from_quantiles(inv.issue_date, q[0], q[1], q[2])
    risk = risk_reads.ledger(company_id_of(company))
    history = _known_history(risk.history, start)
    where = {int(iid): k for k, iid in enumerate(risk.invoice_id)}
    rows = [(inv, where[inv.id]) for inv, _ in chosen if inv.id in where]
    if not rows:
        return baselines, "habits", {}
    index = np.array([k for _, k in rows], dtype=np.int64)
    days = np.array([day_number(max(start, inv.issue_date)) for inv, _ in rows],
                    dtype=np.int64)  # fmt: skip
    model = None if found is None else found[1]
    late_days = model.late_days if model is not None else risk_model.DEFAULT_LATE_DAYS
    x = features(history, index, days, late_days=late_days)
    at_start = days == day_number(start)
    if model is None:
        klass, _ = risk_model.rule_class(x[at_start], late_days=late_days)
        source = "habits"
    else:
        klass = [risk_model.risk_class(float(p)) for p in model.probability(x[at_start])]
        predicted = model.days_to_pay(x).tolist()
        for (inv, _), (q10, q50, q90), day in zip(rows, predicted, days.tolist(), strict=True):
            baselines[inv.id] = Baseline.from_quantiles(date.fromordinal(day), q10, q50, q90)
        source = "model"
    per_customer: dict[str, list[Any]] = {}
    starting = [inv for (inv, _), s in zip(rows, at_start.tolist(), strict=True) if s]
    for inv, k in zip(starting, klass, strict=True):
        per_customer.setdefault(inv.customer_number, []).append(k)
    classes = {c: found_class.value for c, ks in per_customer.items()
               if (found_class := class_of_customer(ks)) is not None}  # fmt: skip
    return baselines, source, classes


def run_simulation(
    loaded: Loaded,
    policies: Sequence[SimPolicy],
    *,
    runs: int,
    seed: int,
    on_run: Callable[[int], None] | None = None,
) -> SimulationReport:
    """Each policy `runs` times with the same seeds (so their natural payments match)."""
    world = loaded.world
    results = []
    for chosen in policies:
        here = world
        if chosen.no_contact_days:
            here = replace(
                world, customers=without_contact_on(world.customers, chosen.no_contact_days)
            )
        found = simulate(here, chosen.policies, runs=runs, seed=seed, on_run=on_run)
        results.append(Simulated(chosen.name, summarise(found)))
    return SimulationReport(world.start, world.end, runs, seed, world.currency, loaded.baseline,
                            len(world.invoices), loaded.real, tuple(results))  # fmt: skip
