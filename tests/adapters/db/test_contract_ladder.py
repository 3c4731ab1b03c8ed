"""The plan B repository (`Agreements`), one contract for the fake (tests/fakes_ladder.py),
SQLite and PostgreSQL: the ladder per company, the broken promises, new terms and plans
with their fallbacks, and the fallback carried out once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes_plans import FakePlansDatabase
from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
)
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment, PlanStatus
from tijdig.domain.collection.records import Promise
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer

AT = datetime(2028, 2, 1, 9, 30, tzinfo=UTC)
D = Decimal
A = AgreementKind
Store = Callable[[], Any]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[Store]:
    yield from units_of_work(request.param, FakePlansDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip


class _Setup:
    """ACME's K1 with F1, a promise kept, a promise broken (29 February 2028), a new term
    not yet due, and a plan broken on 31 March; another company's Z1 with a broken promise."""

    def __init__(self, store: Store) -> None:
        with store() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme"), at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [Customer("K1", "Een")])
            uow.customers.save_many(self.other, [Customer("Z1", "Zed")])
            self.k1 = uow.customers.ids_by_number(self.company)["K1"]
            z1 = uow.customers.ids_by_number(self.other)["Z1"]
            invoice = Invoice("F1", "K1", date(2028, 1, 1), date(2028, 1, 31), D("500.00"))
            f1 = uow.invoices.add(invoice, company_id=self.company, customer_id=self.k1,
                                  fingerprint="F1", source="test")  # fmt: skip
            add = uow.promises.add
            add(
                self.company, self.k1, Promise("K1", date(2028, 2, 10), date(2028, 2, 1), kept=True)
            )
            self.broken = add(
                self.company,
                self.k1,
                Promise("K1", date(2028, 2, 29), date(2028, 2, 1), kept=False),
            )
            self.term = add(
                self.company,
                self.k1,
                Promise(
                    "K1",
                    date(2028, 4, 14),
                    date(2028, 3, 31),
                    kept=False,
                    kind=A.NEW_TERM,
                    fallback=Rung.PAYMENT_PLAN,
                ),
            )
            add(self.other, z1, Promise("Z1", date(2028, 2, 29), date(2028, 2, 1), kept=False))
            plan = PaymentPlan("K1", "", ("F1",), "EUR", D("500.00"), D(0), D(0),
                               (PlanInstalment(1, date(2028, 3, 1), D("500.00")),),
                               date(2028, 2, 1), status=PlanStatus.IN_FORCE,
                               accepted_on=date(2028, 2, 1))  # fmt: skip
            self.plan = uow.plans.add(self.company, self.k1, plan, invoice_ids=[f1], outside=(),
                                      created_by="test")  # fmt: skip
            uow.plans.set_reference(self.company, self.plan, "RF12PLAN")
            uow.plans.move(self.company, self.plan, PlanStatus.IN_FORCE, PlanStatus.BROKEN,
                           on=date(2028, 3, 31))  # fmt: skip
            uow.commit()


def test_the_default_ladder_until_a_company_sets_its_own(store: Store) -> None:
    s = _Setup(store)
    own = Ladder((Rung.PAYMENT_PLAN, Rung.AGENCY), name_agency_after=1, new_term_days=10)
    with store() as uow:
        assert uow.agreements.ladder(s.company) == Ladder()
        uow.agreements.save_ladder(s.company, own, at=AT)
        uow.agreements.save_ladder(s.company, own, at=AT)  # again: replaced
        uow.commit()
    with store() as uow:
        assert uow.agreements.ladder(s.company) == own
        assert uow.agreements.ladder(s.other) == Ladder()


def test_broken_agreements_by_customer_from_the_day_after_their_date(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        assert uow.agreements.broken(s.company, as_of=date(2028, 2, 29)) == {}
        found = uow.agreements.broken(s.company, as_of=date(2028, 3, 31))
        later = uow.agreements.broken(s.company, as_of=date(2028, 4, 15), customer_id=s.k1)
    assert found == {s.k1: [
        BrokenAgreement(A.PROMISE, s.broken, "K1", date(2028, 3, 1), f"#{s.broken}"),
        BrokenAgreement(A.PLAN, s.plan, "K1", date(2028, 3, 31), "RF12PLAN"),
    ]}  # fmt: skip
    assert sorted((a.kind, a.fallback) for a in later[s.k1]) == [
        (A.NEW_TERM, Rung.PAYMENT_PLAN), (A.PLAN, None), (A.PROMISE, None)
    ]  # fmt: skip


def test_a_fallback_is_recorded_and_carried_out_once(store: Store) -> None:
    s = _Setup(store)
    on = date(2028, 4, 1)
    with store() as uow:
        assert uow.agreements.set_fallback(s.company, A.PLAN, s.plan, Rung.AGENCY)
        assert uow.agreements.set_fallback(s.company, A.PROMISE, s.broken, Rung.NEW_TERM)
        assert not uow.agreements.set_fallback(s.company, A.NEW_TERM, s.broken, Rung.AGENCY)
        assert not uow.agreements.set_fallback(s.other, A.PLAN, s.plan, Rung.AGENCY)
        assert uow.agreements.mark_done(s.company, A.PLAN, s.plan, on=on)
        assert not uow.agreements.mark_done(s.company, A.PLAN, s.plan, on=on)
        assert not uow.agreements.set_fallback(s.company, A.PLAN, s.plan, Rung.NEW_TERM)
        uow.commit()
    with store() as uow:
        found = uow.agreements.broken(s.company, as_of=on)[s.k1]
    assert [(a.kind, a.fallback, a.done_on) for a in found] == [
        (A.PROMISE, Rung.NEW_TERM, None), (A.PLAN, Rung.AGENCY, on)
    ]  # fmt: skip


def test_what_a_run_reads_of_the_broken_agreements_is_their_count_and_those_pending(
    store: Store,
) -> None:
    """`broken_so_far` is `BrokenSoFar.of` the customer's `broken` list on every day (the
    run's proposals depend on it), but reads in full only what is not carried out."""
    s = _Setup(store)
    done_on = date(2028, 4, 1)
    days = [date(2028, 2, 29), date(2028, 3, 1), date(2028, 3, 31), date(2028, 4, 15)]
    with store() as uow:
        assert uow.agreements.set_fallback(s.company, A.PLAN, s.plan, Rung.AGENCY)
        assert uow.agreements.mark_done(s.company, A.PLAN, s.plan, on=done_on)
        uow.commit()
    with store() as uow:
        for day in days:
            broken = uow.agreements.broken(s.company, as_of=day)
            wanted = {cid: BrokenSoFar.of(found) for cid, found in broken.items()}
            assert uow.agreements.broken_so_far(s.company, as_of=day) == wanted
        last = uow.agreements.broken_so_far(s.company, as_of=days[-1])
    # the plan carried out counts, but is no longer read: the promise and the new term are
    assert last[s.k1].count == 3
    assert [(a.kind, a.agreement_id) for a in last[s.k1].pending] == [
        (A.PROMISE, s.broken), (A.NEW_TERM, s.term)
    ]  # fmt: skip
