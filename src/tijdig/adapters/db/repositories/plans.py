"""The payment plans repository: plans, the invoices they cover, their plan instalments,
the written acceptance and the company's limits. It never commits."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import as_utc, from_minor, to_minor
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.collection import BankStatementRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.schema.plans import (
    PaymentPlanRow,
    PlanAcceptanceRow,
    PlanInstalmentRow,
    PlanInvoiceRow,
    PlanLimitsRow,
)
from tijdig.domain.collection.ladder import Rung
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    PaymentPlan,
    PlanInstalment,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.reasons import Reason, many_from_json, many_to_json
from tijdig.services.plans.ports import PlannableInvoice, StoredPlan

# A plan that still covers its invoices: no other plan may take them.
LIVE = (PlanStatus.PROPOSED, PlanStatus.OFFERED, PlanStatus.IN_FORCE)
FINAL = (PlanStatus.KEPT, PlanStatus.BROKEN, PlanStatus.CANCELLED)


class SqlPlans:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- what a plan may cover ---------------------------------------------------------

    def plannable(self, company_id: int, customer_id: int) -> list[PlannableInvoice]:
        i = InvoiceRow
        covered = (
            select(PlanInvoiceRow.invoice_id)
            .join(PaymentPlanRow, PaymentPlanRow.id == PlanInvoiceRow.plan_id)
            .where(PaymentPlanRow.company_id == company_id,
                   PaymentPlanRow.status.in_([s.value for s in LIVE]))
        )  # fmt: skip
        rows = self.session.execute(
            select(i.id, i.number, i.currency, i.open_minor)
            .where(i.company_id == company_id, i.customer_id == customer_id, p.is_open(),
                   i.kind == p.INVOICE, i.id.not_in(covered))
            .order_by(i.due_date, i.number)
        ).all()  # fmt: skip
        claims = claims_left(self.session, company_id, customer_id=customer_id)
        steps = self._steps([row[0] for row in rows])
        found = []
        for invoice_id, number, currency, open_minor in rows:
            costs, interest = claims.get(number, (from_minor(0, currency),) * 2)
            found.append(PlannableInvoice(invoice_id, number, currency,
                                          from_minor(open_minor, currency), costs, interest,
                                          tuple(steps.get(invoice_id, ()))))  # fmt: skip
        return found

    def _steps(self, invoice_ids: Sequence[int]) -> dict[int, list[StepTaken]]:
        s, i = StepTakenRow, InvoiceRow
        found: dict[int, list[StepTaken]] = defaultdict(list)
        if not invoice_ids:
            return found
        query = (
            select(s.invoice_id, i.number, s.step_key, s.taken_on, s.channel, s.deadline)
            .join(i, i.id == s.invoice_id)
            .where(s.invoice_id.in_(invoice_ids))
            .order_by(s.taken_on, s.id)
        )
        for invoice_id, number, key, taken_on, channel, deadline in self.session.execute(query):
            found[invoice_id].append(StepTaken(number, key, taken_on, channel, deadline))
        return found

    # --- writing -----------------------------------------------------------------------

    def add(
        self,
        company_id: int,
        customer_id: int,
        plan: PaymentPlan,
        *,
        invoice_ids: Sequence[int],
        outside: tuple[Reason, ...],
        created_by: str,
    ) -> int:
        cur = plan.currency
        row = PaymentPlanRow(
            company_id=company_id, customer_id=customer_id, reference=plan.reference or None,
            currency=cur, principal_minor=to_minor(plan.principal, cur),
            costs_minor=to_minor(plan.costs, cur), interest_minor=to_minor(plan.interest, cur),
            made_on=plan.made_on, status=plan.status.value, payment_order=plan.payment_order,
            accepted_on=plan.accepted_on, ended_on=plan.ended_on,
            outside_limits=json.dumps(many_to_json(outside)), created_by=created_by,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        self.session.add_all([
            PlanInvoiceRow(plan_id=row.id, invoice_id=invoice_id, company_id=company_id)
            for invoice_id in invoice_ids
        ])  # fmt: skip
        self.session.add_all([
            PlanInstalmentRow(plan_id=row.id, number=part.number, company_id=company_id,
                              due_on=part.due_on, amount_minor=to_minor(part.amount, cur))
            for part in plan.instalments
        ])  # fmt: skip
        self.session.flush()
        return row.id

    def set_reference(self, company_id: int, plan_id: int, reference: str) -> None:
        self.session.execute(
            update(PaymentPlanRow)
            .where(PaymentPlanRow.company_id == company_id, PaymentPlanRow.id == plan_id)
            .values(reference=reference)
        )

    def set_approval_task(self, company_id: int, plan_id: int, task_id: int) -> None:
        self.session.execute(
            update(PaymentPlanRow)
            .where(PaymentPlanRow.company_id == company_id, PaymentPlanRow.id == plan_id)
            .values(approval_task_id=task_id)
        )

    def remind(self, company_id: int, plan_id: int, reminded: Reminded) -> None:
        self.session.execute(
            update(PaymentPlanRow)
            .where(PaymentPlanRow.company_id == company_id, PaymentPlanRow.id == plan_id)
            .values(reminded_number=reminded.number, reminded_pay_by=reminded.pay_by)
        )

    def approval_task(self, company_id: int, plan_id: int) -> int | None:
        return self.session.scalar(
            select(PaymentPlanRow.approval_task_id).where(
                PaymentPlanRow.company_id == company_id, PaymentPlanRow.id == plan_id
            )
        )

    def move(
        self, company_id: int, plan_id: int, current: PlanStatus, wanted: PlanStatus, *, on: date
    ) -> bool:
        values: dict[str, object] = {"status": wanted.value}
        if wanted is PlanStatus.IN_FORCE:
            values["accepted_on"] = on
        if wanted in FINAL:
            values["ended_on"] = on
        r = PaymentPlanRow
        result = self.session.execute(
            update(r)
            .where(r.company_id == company_id, r.id == plan_id, r.status == current.value)
            .values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    def accept(
        self, company_id: int, plan_id: int, acceptance: WrittenAcceptance, *, recorded_by: str
    ) -> None:
        customer_id = self.session.scalar(
            select(PaymentPlanRow.customer_id).where(
                PaymentPlanRow.company_id == company_id, PaymentPlanRow.id == plan_id
            )
        )
        a = acceptance
        self.session.add(PlanAcceptanceRow(
            company_id=company_id, plan_id=plan_id, customer_id=customer_id, way=a.way.value,
            accepted_at=as_utc(a.accepted_at), ip_address=a.ip_address, shown_text=a.shown_text,
            filename=a.filename, mime_type=a.mime_type, content=a.content,
            recorded_by=recorded_by,
        ))  # fmt: skip
        self.session.flush()

    # --- reading -----------------------------------------------------------------------

    def acceptance(self, company_id: int, plan_id: int) -> WrittenAcceptance | None:
        row = self.session.scalars(
            select(PlanAcceptanceRow).where(
                PlanAcceptanceRow.company_id == company_id, PlanAcceptanceRow.plan_id == plan_id
            )
        ).first()
        if row is None:
            return None
        return WrittenAcceptance(AcceptanceWay(row.way), as_utc(row.accepted_at), row.ip_address,
                                 row.shown_text, row.filename, row.mime_type,
                                 row.content)  # fmt: skip

    def get(self, company_id: int, plan_id: int) -> StoredPlan | None:
        found = self._plans(company_id, PaymentPlanRow.id == plan_id)
        return found[0] if found else None

    def listed(
        self, company_id: int, *, status: PlanStatus | None = None, customer_id: int | None = None
    ) -> list[StoredPlan]:
        where = []
        if status is not None:
            where.append(PaymentPlanRow.status == status.value)
        if customer_id is not None:
            where.append(PaymentPlanRow.customer_id == customer_id)
        return self._plans(company_id, *where)

    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, list[PaymentPlan]]:
        r = PaymentPlanRow
        where = [r.status == PlanStatus.IN_FORCE.value, r.accepted_on <= as_of]
        if customer_id is not None:
            where.append(r.customer_id == customer_id)
        found: dict[int, list[PaymentPlan]] = defaultdict(list)
        for stored in self._plans(company_id, *where):
            found[stored.customer_id].append(stored.plan)
        return dict(found)

    def _plans(self, company_id: int, *where: object) -> list[StoredPlan]:
        r = PaymentPlanRow
        rows = self.session.execute(
            select(r, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == r.customer_id)
            .where(r.company_id == company_id, *where)  # type: ignore[arg-type]
            .order_by(r.made_on, r.id)
        ).all()
        ids = [row.id for row, _ in rows]
        if not ids:
            return []
        invoices, parts = self._invoices(ids), self._instalments(ids)
        return [
            StoredPlan(row.id, row.customer_id, _plan(row, number, invoices[row.id],
                                                      parts[row.id]),
                       many_from_json(json.loads(row.outside_limits)), _reminded(row),
                       Rung(row.fallback) if row.fallback else None)
            for row, number in rows
        ]  # fmt: skip

    def _invoices(self, plan_ids: Sequence[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        query = (
            select(PlanInvoiceRow.plan_id, InvoiceRow.number)
            .join(InvoiceRow, InvoiceRow.id == PlanInvoiceRow.invoice_id)
            .where(PlanInvoiceRow.plan_id.in_(plan_ids))
            .order_by(InvoiceRow.due_date, InvoiceRow.number)
        )
        for plan_id, number in self.session.execute(query):
            found[plan_id].append(number)
        return found

    def _instalments(self, plan_ids: Sequence[int]) -> dict[int, list[PlanInstalmentRow]]:
        found: dict[int, list[PlanInstalmentRow]] = defaultdict(list)
        query = (
            select(PlanInstalmentRow)
            .where(PlanInstalmentRow.plan_id.in_(plan_ids))
            .order_by(PlanInstalmentRow.number)
        )
        for part in self.session.scalars(query):
            found[part.plan_id].append(part)
        return found

    def payments(self, company_id: int, plan_id: int) -> list[tuple[date, Decimal]]:
        pay = PaymentRow
        query = (
            select(pay.paid_on, pay.amount_minor, pay.currency)
            .where(pay.company_id == company_id, pay.plan_id == plan_id)
            .order_by(pay.paid_on, pay.id)
        )
        return [(day, from_minor(minor, cur)) for day, minor, cur in self.session.execute(query)]

    def last_statement_on(self, company_id: int) -> date | None:
        return self.session.scalar(
            select(func.max(BankStatementRow.statement_date)).where(
                BankStatementRow.company_id == company_id
            )
        )

    # --- the company's limits ----------------------------------------------------------

    def limits(self, company_id: int) -> PlanLimits:
        row = self.session.get(PlanLimitsRow, company_id)
        if row is None:
            return PlanLimits()
        return PlanLimits(row.max_instalments, from_minor(row.min_instalment_minor, "EUR"),
                          row.max_months, row.deposit_required)  # fmt: skip

    def save_limits(self, company_id: int, limits: PlanLimits, *, at: datetime) -> None:
        row = self.session.get(PlanLimitsRow, company_id)
        if row is None:
            row = PlanLimitsRow(company_id=company_id)
            self.session.add(row)
        row.max_instalments = limits.max_instalments
        row.min_instalment_minor = to_minor(limits.min_instalment, "EUR")
        row.max_months = limits.max_months
        row.deposit_required = limits.deposit_required
        row.updated_at = at
        self.session.flush()


def _plan(
    row: PaymentPlanRow, number: str, invoices: list[str], parts: list[PlanInstalmentRow]
) -> PaymentPlan:
    cur = row.currency
    instalments = sorted(
        (PlanInstalment(part.number, part.due_on, from_minor(part.amount_minor, cur))
         for part in parts),
        key=lambda part: (part.due_on, part.number),
    )  # fmt: skip
    return PaymentPlan(
        customer_number=number, reference=row.reference or "", invoice_numbers=tuple(invoices),
        currency=cur, principal=from_minor(row.principal_minor, cur),
        costs=from_minor(row.costs_minor, cur), interest=from_minor(row.interest_minor, cur),
        instalments=tuple(instalments), made_on=row.made_on, status=PlanStatus(row.status),
        payment_order=row.payment_order, accepted_on=row.accepted_on, ended_on=row.ended_on,
    )  # fmt: skip


def _reminded(row: PaymentPlanRow) -> Reminded | None:
    if row.reminded_number is None or row.reminded_pay_by is None:
        return None
    return Reminded(row.reminded_number, row.reminded_pay_by)
