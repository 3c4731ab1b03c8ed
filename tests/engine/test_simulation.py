"""Strategy simulation (engine/simulation.py) on small worlds that can be checked by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from tijdig.domain.collection.policy import Basis, Policy, PolicySet, Step, StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import WEEKDAYS, Company, Customer
from tijdig.engine.model import CompanyState
from tijdig.engine.simulation import (
    Baseline,
    ResponseCell,
    ResponseRates,
    SimInvoice,
    World,
    natural_days,
    simulate,
    summarise,
    without_contact_on,
)

START, END = date(2026, 1, 5), date(2026, 6, 30)  # a Monday to the end of June
COMPANY = CompanyState(Company("acme", "Acme BV"))
EVERY_DAY = tuple(WEEKDAYS)


def _world(
    *, customers: int = 10, days_late: float = 60, cells: tuple[ResponseCell, ...] = (),
    contact_days: tuple[str, ...] = EVERY_DAY,
) -> World:  # fmt: skip
    people = tuple(Customer(f"C{n}", f"Klant {n}", contact_days=contact_days)
                   for n in range(customers))  # fmt: skip
    invoices = []
    for n, c in enumerate(people):
        for k in range(4):  # one a month from the start
            issued = START + timedelta(days=30 * k + n % 7)
            inv = Invoice(f"F{n}-{k}", c.number, issued, issued + timedelta(days=30),
                          Decimal("1000.00"))  # fmt: skip
            base = Baseline.from_quantiles(issued, days_late * 0.5, days_late, days_late * 1.5)
            invoices.append(SimInvoice(inv, base))
    return World(START, END, COMPANY, people, tuple(invoices), response=ResponseRates(cells),
                 band=lambda a: "b", sales=Decimal(40_000))  # fmt: skip


def _cells(p7: int, p14: int) -> tuple[ResponseCell, ...]:
    return (ResponseCell(("*", "email", "1", "1", "business", "NL", "b"), 100, p7, p14),)


def _only(step: Step) -> PolicySet:
    return PolicySet((Policy("p", "P", (step,)),))


def test_a_policy_that_contacts_nobody_in_the_period_sends_nothing() -> None:
    late = _only(Step("late", Basis.AFTER_DUE, 3000, StepChannel.EMAIL, "reminder"))
    result = simulate(_world(), late, runs=3, seed=1)
    assert all(sum(r.counts.values()) == 0 and r.sent == () for r in result)
    default = simulate(_world(), default_policy_set(), runs=1, seed=1)[0]
    assert default.counts["email"] > 0  # the same world with a real ladder does


def test_no_contact_on_monday_sends_nothing_on_a_monday() -> None:
    world = _world()
    with_monday = simulate(world, default_policy_set(), runs=2, seed=3)
    assert any(day.weekday() == 0 for r in with_monday for day, _ in r.sent)
    blocked = World(**{**world.__dict__, "customers": without_contact_on(world.customers, ["mon"])})
    without = simulate(blocked, default_policy_set(), runs=2, seed=3)
    assert sum(r.counts["email"] for r in without) > 0
    assert not any(day.weekday() == 0 for r in without for day, _ in r.sent)


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    world = _world(cells=_cells(50, 70))
    a = simulate(world, default_policy_set(), runs=3, seed=7)
    b = simulate(world, default_policy_set(), runs=3, seed=7)
    c = simulate(world, default_policy_set(), runs=3, seed=8)
    assert a == b
    assert [r.paid_on for r in a] != [r.paid_on for r in c]
    assert a[0].paid_on != a[1].paid_on  # the runs differ among themselves


def test_a_higher_response_share_brings_more_cash_earlier() -> None:
    policies = default_policy_set()
    low = summarise(simulate(_world(cells=_cells(0, 0)), policies, runs=5, seed=2))
    high = summarise(simulate(_world(cells=_cells(90, 95)), policies, runs=5, seed=2))
    assert high["cash"].mean is not None and low["cash"].mean is not None
    assert high["cash"].mean > low["cash"].mean
    assert high["dso"].mean is not None and low["dso"].mean is not None
    assert high["dso"].mean < low["dso"].mean
    assert (high["email"].mean or 0) < (low["email"].mean or 0)  # paid, so fewer reminders


def test_the_natural_payment_day_follows_the_baseline_and_never_comes_before_entry() -> None:
    issued = date(2026, 1, 1)
    inv = Invoice("F", "C0", issued, issued + timedelta(days=30), Decimal(100))
    base = Baseline(issued, (0.0, 10.0, 20.0, 30.0, 40.0))
    fresh = World(issued, END, COMPANY, (), (SimInvoice(inv, base),) * 2000)
    spread = natural_days(fresh, np.random.default_rng(0)) - issued.toordinal()
    assert spread.min() >= 0 and spread.max() <= 40
    assert np.median(spread) == pytest.approx(20, abs=1)
    assert np.mean(spread <= 10) == pytest.approx(0.1, abs=0.03)
    later = World(date(2026, 1, 21), END, COMPANY, (), fresh.invoices)  # open on day 20
    given = natural_days(later, np.random.default_rng(0)) - issued.toordinal()
    assert given.min() >= 20 and given.max() <= 40
    assert np.median(given) == pytest.approx(27.5, abs=1)  # half of the rest by 27.5
    old = World(date(2026, 3, 1), END, COMPANY, (), fresh.invoices)  # open past day 40
    beyond = natural_days(old, np.random.default_rng(0)) - date(2026, 3, 1).toordinal()
    assert beyond.min() >= 0 and np.median(beyond) == pytest.approx(20, abs=1)


def test_response_rates_shrink_a_small_cell_towards_the_coarser_ones() -> None:
    big = ResponseCell(("r", "email", "2", "1", "business", "NL", "b"), 1000, 500, 800)
    small = ResponseCell(("r", "email", "3", "1", "business", "NL", "b"), 2, 2, 2)
    rates = ResponseRates((big, small))
    p7, p14 = rates.rates(small.key)
    assert 0.5 < p7 < 0.6 and 0.8 < p14 < 0.85  # 2 of 2 paid moves it a little only
    assert rates.rates(big.key)[0] == pytest.approx(0.5, abs=0.01)
    unseen = rates.rates(("other", "sms", "1", "2", "consumer", "BE", "c"))
    assert unseen == pytest.approx((502 / 1002, 802 / 1002))  # every message's share
    assert ResponseRates(()).rates(big.key) == (0.0, 0.0)


def test_skipping_quiet_days_gives_the_same_result_as_asking_the_engine_every_day() -> None:
    world = _world(cells=_cells(40, 60), contact_days=("tue", "thu"))
    blocked = World(**{**world.__dict__, "customers": world.customers[:5]
                       + without_contact_on(world.customers[5:], ["tue"])})  # fmt: skip
    for policies in (
        default_policy_set(),
        _only(Step("r", Basis.AFTER_DUE, 5, StepChannel.LETTER, "reminder")),
    ):
        fast = simulate(blocked, policies, runs=2, seed=4)
        slow = simulate(blocked, policies, runs=2, seed=4, skip_quiet=False)
        assert fast == slow
        assert sum(r.counts["email"] + r.counts["letter"] for r in fast) > 0
