"""An in-memory `Agreements` (services/ladder/ports.py): the ladders, and the broken
promises, new terms and plans of the fake tables, held to SQLite and PostgreSQL by
tests/adapters/db/test_contract_ladder.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
)
from tijdig.domain.collection.plans import PlanStatus

DAY = timedelta(days=1)


class FakeAgreements:
    """Reads the promises of the base tables and, where the tables hold them, the plans;
    keeps the ladders and the plans' fallbacks beside them."""

    def __init__(self, tables: Any) -> None:
        self._tables = tables

    def ladder(self, company_id: int) -> Ladder:
        return self._tables.ladders.get(company_id, Ladder())

    def save_ladder(self, company_id: int, ladder: Ladder, *, at: datetime) -> None:
        self._tables.ladders[company_id] = ladder

    def _plans(self) -> dict[int, Any]:
        return getattr(self._tables, "plans", {})

    def broken(
        self, company_id: int, *, as_of: date, customer_id: int | None = None
    ) -> dict[int, list[BrokenAgreement]]:
        found: dict[int, list[BrokenAgreement]] = {}
        done = self._tables.fallback_done
        for pid, stored in sorted(self._tables.promises.items()):
            p = stored.promise
            if stored.company_id != company_id or p.kept is not False:
                continue
            if p.promised_date >= as_of or customer_id not in (None, stored.customer_id):
                continue
            number = self._tables.customer_number(stored.customer_id)
            found.setdefault(stored.customer_id, []).append(BrokenAgreement(
                p.kind, pid, number, p.promised_date + DAY, f"#{pid}", p.fallback,
                done.get((p.kind, pid)),
            ))  # fmt: skip
        for pid, stored in sorted(self._plans().items()):
            plan = stored.plan
            if stored.company_id != company_id or plan.status is not PlanStatus.BROKEN:
                continue
            if plan.ended_on is None or plan.ended_on > as_of:
                continue
            if customer_id not in (None, stored.customer_id):
                continue
            number = self._tables.customer_number(stored.customer_id)
            found.setdefault(stored.customer_id, []).append(BrokenAgreement(
                AgreementKind.PLAN, pid, number, plan.ended_on, plan.reference or f"#{pid}",
                self._tables.plan_fallbacks.get(pid), done.get((AgreementKind.PLAN, pid)),
            ))  # fmt: skip
        return found

    def broken_so_far(self, company_id: int, *, as_of: date) -> dict[int, BrokenSoFar]:
        return {
            cid: BrokenSoFar.of(found)
            for cid, found in self.broken(company_id, as_of=as_of).items()
        }

    def _exists(self, company_id: int, kind: AgreementKind, agreement_id: int) -> bool:
        if kind is AgreementKind.PLAN:
            plan = self._plans().get(agreement_id)
            return plan is not None and plan.company_id == company_id
        promise = self._tables.promises.get(agreement_id)
        return (
            promise is not None
            and promise.company_id == company_id
            and promise.promise.kind is kind
        )

    def set_fallback(
        self, company_id: int, kind: AgreementKind, agreement_id: int, rung: Rung
    ) -> bool:
        if not self._exists(company_id, kind, agreement_id):
            return False
        if (kind, agreement_id) in self._tables.fallback_done:
            return False
        if kind is AgreementKind.PLAN:
            self._tables.plan_fallbacks[agreement_id] = rung
        else:
            stored = self._tables.promises[agreement_id]
            stored.promise = replace(stored.promise, fallback=rung)
        return True

    def mark_done(
        self, company_id: int, kind: AgreementKind, agreement_id: int, *, on: date
    ) -> bool:
        if not self._exists(company_id, kind, agreement_id):
            return False
        if (kind, agreement_id) in self._tables.fallback_done:
            return False
        self._tables.fallback_done[(kind, agreement_id)] = on
        return True
