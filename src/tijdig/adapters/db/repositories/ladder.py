"""The escalation ladder per company and the broken agreements with their fallbacks
(services/ladder/ports.py `Agreements`). Never commits."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.collection import PromiseRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.adapters.db.schema.plans import LadderRow, PaymentPlanRow
from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
    oldest_first,
    parse_rungs,
)
from tijdig.domain.collection.plans import PlanStatus

DAY = timedelta(days=1)


def promise_label(promise_id: int) -> str:
    return f"#{promise_id}"


class SqlAgreements:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ladder(self, company_id: int) -> Ladder:
        row = self.session.get(LadderRow, company_id)
        if row is None:
            return Ladder()
        return Ladder(parse_rungs(row.rungs), row.name_agency_after, row.new_term_days)

    def save_ladder(self, company_id: int, ladder: Ladder, *, at: datetime) -> None:
        row = self.session.get(LadderRow, company_id)
        if row is None:
            row = LadderRow(company_id=company_id)
            self.session.add(row)
        row.rungs, row.name_agency_after = ladder.said(), ladder.name_agency_after
        row.new_term_days, row.updated_at = ladder.new_term_days, at
        self.session.flush()

    def broken(
        self, company_id: int, *, as_of: date, customer_id: int | None = None
    ) -> dict[int, list[BrokenAgreement]]:
        return self._broken(company_id, as_of, customer_id=customer_id)

    def broken_so_far(self, company_id: int, *, as_of: date) -> dict[int, BrokenSoFar]:
        """Counted in the database; read in full only where not yet carried out."""
        counts: Counter[int] = Counter()
        r, p = PromiseRow, PaymentPlanRow
        for table, broken in ((r, _promise_broken), (p, _plan_broken)):
            query = (
                select(table.customer_id, func.count())
                .where(*broken(company_id, as_of))
                .group_by(table.customer_id)
            )
            for cid, n in self.session.execute(query):
                counts[cid] += int(n)
        pending = self._broken(company_id, as_of, pending_only=True)
        return {
            cid: BrokenSoFar(n, tuple(oldest_first(pending.get(cid, ()))))
            for cid, n in counts.items()
        }

    def _broken(
        self,
        company_id: int,
        as_of: date,
        *,
        customer_id: int | None = None,
        pending_only: bool = False,
    ) -> dict[int, list[BrokenAgreement]]:
        """The agreements broken on or before `as_of` (of one customer, when given;
        only those whose fallback is not carried out, when `pending_only`)."""
        found: dict[int, list[BrokenAgreement]] = {}
        r, c = PromiseRow, CustomerRow
        promises = (
            select(r.id, r.customer_id, c.number, r.kind, r.promised_date, r.fallback,
                   r.fallback_done_on)
            .join(c, c.id == r.customer_id)
            .where(*_promise_broken(company_id, as_of))
        )  # fmt: skip
        if customer_id is not None:
            promises = promises.where(r.customer_id == customer_id)
        if pending_only:
            promises = promises.where(r.fallback_done_on.is_(None))
        for pid, cid, number, kind, promised, fallback, done in self.session.execute(promises):
            found.setdefault(cid, []).append(BrokenAgreement(
                AgreementKind(kind), pid, number, promised + DAY, promise_label(pid),
                _rung(fallback), done,
            ))  # fmt: skip
        p = PaymentPlanRow
        plans = (
            select(p.id, p.customer_id, c.number, p.reference, p.ended_on, p.fallback,
                   p.fallback_done_on)
            .join(c, c.id == p.customer_id)
            .where(*_plan_broken(company_id, as_of))
        )  # fmt: skip
        if customer_id is not None:
            plans = plans.where(p.customer_id == customer_id)
        if pending_only:
            plans = plans.where(p.fallback_done_on.is_(None))
        for pid, cid, number, reference, ended, fallback, done in self.session.execute(plans):
            assert ended is not None  # a broken plan has its end day
            found.setdefault(cid, []).append(BrokenAgreement(
                AgreementKind.PLAN, pid, number, ended, reference or f"#{pid}",
                _rung(fallback), done,
            ))  # fmt: skip
        return found

    def set_fallback(
        self, company_id: int, kind: AgreementKind, agreement_id: int, rung: Rung
    ) -> bool:
        table = PaymentPlanRow if kind is AgreementKind.PLAN else PromiseRow
        result = self.session.execute(
            update(table)
            .where(table.company_id == company_id, table.id == agreement_id,
                   table.fallback_done_on.is_(None), *_of_kind(kind))
            .values(fallback=rung.value)
        )  # fmt: skip
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def mark_done(
        self, company_id: int, kind: AgreementKind, agreement_id: int, *, on: date
    ) -> bool:
        table = PaymentPlanRow if kind is AgreementKind.PLAN else PromiseRow
        result = self.session.execute(
            update(table)
            .where(table.company_id == company_id, table.id == agreement_id,
                   table.fallback_done_on.is_(None), *_of_kind(kind))
            .values(fallback_done_on=on)
        )  # fmt: skip
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _promise_broken(company_id: int, as_of: date) -> list[ColumnElement[bool]]:
    """A promise or new term not kept is broken the day after its date."""
    r = PromiseRow
    return [r.company_id == company_id, r.kept.is_(False), r.promised_date < as_of]


def _plan_broken(company_id: int, as_of: date) -> list[ColumnElement[bool]]:
    """A broken plan is broken on its end day."""
    p = PaymentPlanRow
    return [p.company_id == company_id, p.status == PlanStatus.BROKEN.value, p.ended_on <= as_of]


def _of_kind(kind: AgreementKind) -> list[ColumnElement[bool]]:
    return [] if kind is AgreementKind.PLAN else [PromiseRow.kind == kind.value]


def _rung(value: str | None) -> Rung | None:
    return None if value is None else Rung(value)
