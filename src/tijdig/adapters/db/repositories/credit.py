"""The credit status's repository: a company's rules, holds by hand, each customer's last
announced status, and `facts`, the one read of everything the rules look at. Never
commits (the unit of work does).

"Handed over" is a hand-over case still with the agency (not closed or returned): the
customer's latest case, as `HandOverCase.is_open` says. Once the case is closed or
returned, the hold by hand its hand-over set stays until a person lifts it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, select, true
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import as_utc, from_minor, to_minor
from tijdig.adapters.db.schema.collection import DisputeRow
from tijdig.adapters.db.schema.credit import CreditHoldRow, CreditRulesRow, CreditStatusRow
from tijdig.adapters.db.schema.hand_over import HandOverCaseRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow, PlanInvoiceRow
from tijdig.domain.collection.plans import PlanStatus
from tijdig.domain.credit import (
    LIMIT_CURRENCY,
    CreditFacts,
    CreditRules,
    CreditState,
    CreditStatus,
    ManualHold,
)
from tijdig.domain.hand_over import CaseStatus
from tijdig.domain.reasons import Reason, from_json, to_json

EUR = LIMIT_CURRENCY
# a case closed or returned is no longer with the agency (`HandOverCase.is_open`)
CASE_GIVEN_BACK = (CaseStatus.CLOSED.value, CaseStatus.RETURNED.value)


def _status(status: str, reasons: str) -> CreditStatus:
    found = [from_json(item) for item in json.loads(reasons or "[]")]
    return CreditStatus(CreditState(status), tuple(r for r in found if r is not None))


def reasons_json(reasons: Sequence[Reason]) -> str:
    return json.dumps([to_json(r) for r in reasons], sort_keys=True)


class SqlCredit:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- rules --------------------------------------------------------------------------

    def rules(self, company_id: int) -> CreditRules:
        row = self.session.get(CreditRulesRow, company_id)
        if row is None:
            return CreditRules()
        amount = row.overdue_amount_minor
        return CreditRules(
            overdue_days=row.overdue_days,
            overdue_amount=None if amount is None else from_minor(amount, EUR),
            over_limit=row.over_limit, broken_plan=row.broken_plan, handed_over=row.handed_over,
        )  # fmt: skip

    def save_rules(self, company_id: int, rules: CreditRules, *, at: datetime) -> None:
        row = self.session.get(CreditRulesRow, company_id)
        if row is None:
            row = CreditRulesRow(company_id=company_id)
            self.session.add(row)
        amount = rules.overdue_amount
        row.overdue_days = rules.overdue_days
        row.overdue_amount_minor = None if amount is None else to_minor(amount, EUR)
        row.over_limit = rules.over_limit
        row.broken_plan = rules.broken_plan
        row.handed_over = rules.handed_over
        row.updated_at = as_utc(at)
        self.session.flush()

    # --- holds by hand ------------------------------------------------------------------

    def active_hold(self, company_id: int, customer_id: int) -> tuple[int, ManualHold] | None:
        row = self.session.scalars(
            select(CreditHoldRow)
            .where(CreditHoldRow.company_id == company_id,
                   CreditHoldRow.customer_id == customer_id, CreditHoldRow.lifted_at.is_(None))
            .order_by(CreditHoldRow.id.desc())
            .limit(1)
        ).first()  # fmt: skip
        return None if row is None else (row.id, _hold(row))

    def add_hold(self, company_id: int, customer_id: int, hold: ManualHold, *, at: datetime) -> int:
        row = CreditHoldRow(company_id=company_id, customer_id=customer_id, reason=hold.reason,
                            held_by=hold.by, held_on=hold.since, held_at=as_utc(at))  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def lift_hold(self, hold_id: int, *, by: str, at: datetime) -> None:
        row = self.session.get_one(CreditHoldRow, hold_id)
        row.lifted_by = by
        row.lifted_at = as_utc(at)
        self.session.flush()

    def hold_history(
        self, company_id: int, customer_id: int
    ) -> list[tuple[ManualHold, str | None, datetime | None]]:
        """Every hold by hand of the customer, the latest first, with who lifted it when."""
        rows = self.session.scalars(
            select(CreditHoldRow)
            .where(CreditHoldRow.company_id == company_id,
                   CreditHoldRow.customer_id == customer_id)
            .order_by(CreditHoldRow.id.desc())
        )  # fmt: skip
        return [(_hold(r), r.lifted_by, None if r.lifted_at is None else as_utc(r.lifted_at))
                for r in rows]  # fmt: skip

    # --- the announced status -----------------------------------------------------------

    def announced(self, company_id: int) -> dict[int, CreditStatus]:
        """Each customer's last announced status (customers without one: `ok`)."""
        rows = self.session.execute(
            select(CreditStatusRow.customer_id, CreditStatusRow.status, CreditStatusRow.reasons)
            .where(CreditStatusRow.company_id == company_id)
        )  # fmt: skip
        return {customer_id: _status(s, r) for customer_id, s, r in rows}

    def announce(
        self, company_id: int, customer_id: int, status: CreditStatus, *, as_of: date,
        at: datetime,
    ) -> None:  # fmt: skip
        row = self.session.get(CreditStatusRow, customer_id)
        if row is None:
            row = CreditStatusRow(customer_id=customer_id, company_id=company_id)
            self.session.add(row)
        row.status = status.state.value
        row.reasons = reasons_json(status.reasons)
        row.as_of = as_of
        row.changed_at = as_utc(at)
        self.session.flush()

    # --- the facts ----------------------------------------------------------------------

    def facts(
        self,
        company_id: int,
        *,
        as_of: date,
        numbers: Collection[str] | None = None,
    ) -> dict[int, CreditFacts]:
        """Everything the rules look at, per customer id: all the company's customers, or
        those `numbers` names. A handful of grouped queries, whatever the number."""
        c = CustomerRow
        query = select(c.id, c.number, c.credit_limit_minor, c.credit_hold).where(
            c.company_id == company_id
        )
        if numbers is not None:
            query = query.where(c.number.in_(list(numbers)))
        customers = list(self.session.execute(query))
        ids = {row[0] for row in customers}
        wanted = None if numbers is None else ids
        money = self._money(company_id, as_of, wanted)
        oldest = self._oldest_due(company_id, as_of, wanted)
        manual = self._manual(company_id, wanted)
        broken = self._broken_plans(company_id, wanted)
        handed = self._handed_over(company_id, as_of, wanted)
        found: dict[int, CreditFacts] = {}
        for customer_id, number, limit, hold in customers:
            open_eur, overdue_eur = money.get(customer_id, (Decimal(0), Decimal(0)))
            plan, broken_on = broken.get(customer_id, (None, None))
            handed_on, case = handed.get(customer_id, (None, None))
            found[customer_id] = CreditFacts(
                customer_number=number,
                credit_limit=None if limit is None else from_minor(limit, EUR),
                open_eur=open_eur, overdue_eur=overdue_eur, oldest_due=oldest.get(customer_id),
                imported_hold=bool(hold), manual=manual.get(customer_id), broken_plan=plan,
                broken_on=broken_on, handed_over_on=handed_on, handed_over_case=case,
            )  # fmt: skip
        return found

    @staticmethod
    def _only(column: Any, wanted: set[int] | None) -> ColumnElement[bool]:
        """All the company's customers, or only those wanted."""
        return true() if wanted is None else column.in_(list(wanted))

    def _money(
        self, company_id: int, as_of: date, wanted: set[int] | None
    ) -> dict[int, tuple[Decimal, Decimal]]:
        i = InvoiceRow
        # a disputed invoice counts against the limit (it is still owed) but not as
        # overdue: the dispute holds that invoice, and only that one (S3-2)
        late = func.sum(case((p.is_overdue(as_of) & _undisputed(as_of), i.open_minor),
                             (p.is_credit_note(), -i.open_minor), else_=0))  # fmt: skip
        query = (
            select(i.customer_id, p.open_balance(), p.owed(late))
            .where(i.company_id == company_id, p.is_open(), i.currency == EUR)
            .group_by(i.customer_id)
        )
        rows = self.session.execute(query.where(self._only(i.customer_id, wanted)))
        return {cid: (from_minor(int(total or 0), EUR), from_minor(int(late or 0), EUR))
                for cid, total, late in rows}  # fmt: skip

    def _oldest_due(self, company_id: int, as_of: date, wanted: set[int] | None) -> dict[int, date]:
        i = InvoiceRow
        query = (
            select(i.customer_id, func.min(i.due_date))
            .where(i.company_id == company_id, p.is_open(), p.is_overdue(as_of),
                   i.open_minor > 0, _undisputed(as_of))
            .group_by(i.customer_id)
        )  # fmt: skip
        rows = self.session.execute(query.where(self._only(i.customer_id, wanted)))
        return {cid: due for cid, due in rows if due is not None}

    def _manual(self, company_id: int, wanted: set[int] | None) -> dict[int, ManualHold]:
        h = CreditHoldRow
        query = select(h).where(h.company_id == company_id, h.lifted_at.is_(None)).order_by(h.id)
        rows = self.session.scalars(query.where(self._only(h.customer_id, wanted)))
        return {row.customer_id: _hold(row) for row in rows}

    def _broken_plans(
        self, company_id: int, wanted: set[int] | None
    ) -> dict[int, tuple[str, date]]:
        """A broken plan some of whose invoices are still open: the latest broken."""
        plan, link, i = PaymentPlanRow, PlanInvoiceRow, InvoiceRow
        still_open = (
            select(link.plan_id)
            .join(i, i.id == link.invoice_id)
            .where(link.company_id == company_id, i.open_minor > 0)
        )
        query = (
            select(plan.customer_id, plan.reference, plan.id, plan.ended_on, plan.made_on)
            .where(plan.company_id == company_id, plan.status == PlanStatus.BROKEN.value,
                   plan.id.in_(still_open))
            .order_by(plan.id)
        )  # fmt: skip
        rows = self.session.execute(query.where(self._only(plan.customer_id, wanted)))
        return {cid: (reference or str(plan_id), ended_on or made_on)
                for cid, reference, plan_id, ended_on, made_on in rows}  # fmt: skip

    def _handed_over(
        self, company_id: int, as_of: date, wanted: set[int] | None
    ) -> dict[int, tuple[date, str]]:
        """Each customer's latest hand-over case opened by `as_of`, while the agency has
        it: the day it opened and its reference."""
        h = HandOverCaseRow
        query = (
            select(h.customer_id, h.opened_on, h.reference, h.status)
            .where(h.company_id == company_id, h.opened_on <= as_of)
            .order_by(h.customer_id, h.opened_on, h.id)
        )
        rows = self.session.execute(query.where(self._only(h.customer_id, wanted)))
        latest = {cid: (opened, reference, status) for cid, opened, reference, status in rows}
        return {cid: (opened, reference) for cid, (opened, reference, status) in latest.items()
                if status not in CASE_GIVEN_BACK}  # fmt: skip


def _undisputed(as_of: date) -> ColumnElement[bool]:
    """The invoice has no dispute open on `as_of`."""
    return ~exists().where(DisputeRow.invoice_id == InvoiceRow.id, p.dispute_open_on(as_of))


def _hold(row: CreditHoldRow) -> ManualHold:
    return ManualHold(reason=row.reason, by=row.held_by, since=row.held_on)
