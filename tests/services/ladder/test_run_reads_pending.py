"""A run reads of the broken agreements only what can matter on its day: how many each
customer broke, and those whose fallback is not carried out (`Agreements.broken_so_far`).
Its items, and the fallbacks it records, are those of a run that reads every broken
agreement the company ever had, as runs did before: on demo data with a history of
promises, new terms and payment plans kept, broken, carried out and pending, some
broken without a recorded fallback, and customers in hardship, on a 29 February and the
month end after it."""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import astuple
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tijdig.adapters.db.schema.collection import PromiseRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.domain.collection.ladder import AgreementKind, BrokenSoFar, Rung, with_fallbacks
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment, PlanStatus
from tijdig.domain.collection.records import Promise
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.parties import Company
from tijdig.engine.fallbacks import with_plan_b
from tijdig.engine.model import Advice
from tijdig.entrypoints.cli.app import app as cli
from tijdig.services.collection import run as runs
from tijdig.services.ladder.ports import Agreements

DEMO_DAY = date(2028, 2, 29)
DAYS = (DEMO_DAY, date(2028, 3, 31))
RUNGS = tuple(Rung)


def every_broken_agreement(
    agreements: Agreements,
    company_id: int,
    decisions: Sequence[tuple[int, Advice]],
    *,
    as_of: date,
    overdue: set[int],
) -> list[tuple[int, Advice]]:
    """Plan B as the run read it before: every broken agreement of every customer, each
    customer's fallbacks worked out on the whole list and the unrecorded ones recorded."""
    ladder = agreements.ladder(company_id)
    broken = agreements.broken(company_id, as_of=as_of)
    found = []
    for customer_id, advice in decisions:
        stored = broken.get(customer_id, [])
        recorded = {(a.kind, a.agreement_id) for a in stored if a.fallback is not None}
        mine = with_fallbacks(stored, ladder)
        for a in mine:
            if (a.kind, a.agreement_id) not in recorded and a.fallback and a.done_on is None:
                agreements.set_fallback(company_id, a.kind, a.agreement_id, a.fallback)
        plan_b = with_plan_b(advice, ladder, BrokenSoFar.of(mine), as_of=as_of,
                             propose=customer_id in overdue)  # fmt: skip
        found.append((customer_id, plan_b))
    return found


def _demo(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{folder / 'demo.db'}"
    monkeypatch.setenv("TIJDIG_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["demo-data", "--customers", "150", "--invoices", "1500",
                                      "--seed", "7", "--as-of", DEMO_DAY.isoformat()])  # fmt: skip
    assert result.exit_code == 0, result.output
    return url


def _history(url: str) -> None:
    """Two years of agreements for about half the customers (seeded, so the same each
    time): promises and new terms kept and broken, most broken ones carried out, a few
    never given a fallback; plans in force, broken (carried out or not) and kept; and
    hardship statuses, ended and active."""
    rnd = random.Random(11)
    installation = bootstrap(Settings(database_url=url))
    try:
        with installation.uow() as uow:
            company = uow.companies.all()[0]
            cid = company.id or 0
            ids = uow.customers.ids_by_number(cid)
            for number, customer_id in sorted(ids.items()):
                if rnd.random() < 0.5:
                    _promises(uow, rnd, cid, customer_id, number)
                if rnd.random() < 0.15:
                    _plan(uow, rnd, cid, customer_id, number)
                if rnd.random() < 0.05:
                    since = DEMO_DAY - timedelta(days=rnd.randint(0, 400))
                    ended = since + timedelta(days=60) if rnd.random() < 0.5 else None
                    uow.hardship.add(cid, customer_id, HardshipStatus(
                        number, HardshipKind.DEBT_COUNSELLING, since, "letter", ended_on=ended,
                    ))  # fmt: skip
            uow.commit()
    finally:
        installation.close()


def _promises(uow: Any, rnd: random.Random, cid: int, customer_id: int, number: str) -> None:
    for _ in range(rnd.randint(1, 5)):
        made = DEMO_DAY - timedelta(days=rnd.randint(1, 700))
        promised = made + timedelta(days=rnd.randint(3, 40))
        kind = AgreementKind.NEW_TERM if rnd.random() < 0.2 else AgreementKind.PROMISE
        kept = None if promised >= DEMO_DAY else rnd.random() < 0.5
        fallback = None if rnd.random() < 0.15 else rnd.choice(RUNGS)
        promise = Promise(number, promised, made, kept=kept, kind=kind, fallback=fallback)
        added = uow.promises.add(cid, customer_id, promise)
        if kept is False and fallback is not None and rnd.random() < 0.7:
            assert uow.agreements.mark_done(cid, kind, added, on=promised + timedelta(days=5))


def _plan(uow: Any, rnd: random.Random, cid: int, customer_id: int, number: str) -> None:
    plannable = uow.plans.plannable(cid, customer_id)[:2]
    if not plannable:
        return
    made = DEMO_DAY - timedelta(days=rnd.randint(20, 300))
    total = sum((i.open_amount for i in plannable), start=plannable[0].open_amount * 0)
    part = PlanInstalment(1, made + timedelta(days=30), total)
    plan = PaymentPlan(number, "", tuple(i.number for i in plannable), plannable[0].currency,
                       total, total * 0, total * 0, (part,), made, status=PlanStatus.IN_FORCE,
                       accepted_on=made)  # fmt: skip
    plan_id = uow.plans.add(cid, customer_id, plan, invoice_ids=[i.invoice_id for i in plannable],
                            outside=(), created_by="test")  # fmt: skip
    uow.plans.set_reference(cid, plan_id, f"RFPLAN{plan_id}")
    ending = rnd.random()
    if ending < 0.4:
        return  # in force
    wanted = PlanStatus.BROKEN if ending < 0.8 else PlanStatus.KEPT
    ended = made + timedelta(days=rnd.randint(10, 60))
    uow.plans.move(cid, plan_id, PlanStatus.IN_FORCE, wanted, on=min(ended, DEMO_DAY))
    if wanted is PlanStatus.BROKEN and rnd.random() < 0.5:
        uow.agreements.set_fallback(cid, AgreementKind.PLAN, plan_id, rnd.choice(RUNGS))
        uow.agreements.mark_done(cid, AgreementKind.PLAN, plan_id, on=DEMO_DAY)


def _fallbacks(url: str) -> list[tuple[Any, ...]]:
    """Each promise's and plan's fallback and the day it was carried out."""
    installation = bootstrap(Settings(database_url=url))
    try:
        with installation.uow() as uow:
            p, r = PaymentPlanRow, PromiseRow
            rows = [*uow.session.execute(select(r.id, r.fallback, r.fallback_done_on)),
                    *uow.session.execute(select(p.id, p.fallback, p.fallback_done_on))]  # fmt: skip
        return [tuple(row) for row in rows]
    finally:
        installation.close()


def _runs(url: str) -> list[tuple[Any, ...]]:
    """The items of a run on each day, but for their ids."""
    installation = bootstrap(Settings(database_url=url))
    try:
        with installation.uow() as uow:
            company: Company = uow.companies.all()[0]
        items = []
        for day in DAYS:
            at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=8)
            summary = runs.start_run(installation.uow(), company, as_of=day, actor="test",
                                     at=at, today=day)  # fmt: skip
            view = runs.show_run(installation.uow(), company, summary.run_id)
            items += [astuple(i)[2:] for i in view.items]
        return items
    finally:
        installation.close()


def test_a_run_proposes_what_reading_every_broken_agreement_proposed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _demo(tmp_path, monkeypatch)
    _history(url)
    before = f"sqlite:///{tmp_path / 'before.db'}"
    shutil.copy(tmp_path / "demo.db", tmp_path / "before.db")
    seeded = _fallbacks(before)
    found = _runs(url)
    monkeypatch.setattr(runs, "with_fallbacks_due", every_broken_agreement)
    wanted = _runs(before)
    assert found == wanted
    assert _fallbacks(url) == _fallbacks(before) != seeded  # the same ones recorded
    kinds = {kind for kind, *_ in found}
    assert {RunItemKind.FALLBACK, RunItemKind.MESSAGE, RunItemKind.HOLD} <= kinds
