"""In-memory payment plans, for the plan service tests (tests/services/plans).

`FakePlansDatabase().uow()` gives the collection fake unit of work (tests/fakes_collection.py:
with it the records, clauses, collection settings, steps taken and claims) with the
plans, their acceptances and the company's limits in the same committed tables.
`FakeBankPlansDatabase().uow()` adds the bank's (tests/fakes_bank.py), whose matching
reads the plans in force as SqlMatching does: for matching bank lines to plans. They
read as adapters/db/repositories/plans.py does: amounts in cents, moments in UTC, lists
in the SQL's order, a status change a compare-and-set.
tests/adapters/db/test_contract_plans.py holds them to SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Self

from tests.fakes import _cents, _Sequences
from tests.fakes_bank import BankTables, FakeBankUnitOfWork, FakeMatching
from tests.fakes_collection import (
    CollectionTables,
    FakeCollectionDatabase,
    FakeCollectionUnitOfWork,
    claims_left,
)
from tijdig.domain.collection.plan_letters import PlanLetter
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import (
    PaymentPlan,
    PlanInstalment,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Reason
from tijdig.matching.model import PlanInForce
from tijdig.services.plans.letters import RenderedLetter
from tijdig.services.plans.ports import PlannableInvoice, StoredPlan

LIVE = (PlanStatus.PROPOSED, PlanStatus.OFFERED, PlanStatus.IN_FORCE)
FINAL = (PlanStatus.KEPT, PlanStatus.BROKEN, PlanStatus.CANCELLED)


@dataclass
class _StoredPlan:
    company_id: int
    customer_id: int
    plan: PaymentPlan  # as stored, but for the customer's number and the invoices' order
    invoice_ids: tuple[int, ...]
    outside: tuple[Reason, ...]
    approval_task_id: int | None = None
    reminded: Reminded | None = None


@dataclass
class PlanTables(CollectionTables):
    plans: dict[int, _StoredPlan] = field(default_factory=dict)
    acceptances: dict[int, tuple[int, WrittenAcceptance]] = field(default_factory=dict)
    plan_limits: dict[int, PlanLimits] = field(default_factory=dict)


def _stored(plan: PaymentPlan) -> PaymentPlan:
    cur = plan.currency
    parts = tuple(replace(p, amount=_cents(p.amount, cur)) for p in plan.instalments)
    return replace(plan, principal=_cents(plan.principal, cur), costs=_cents(plan.costs, cur),
                   interest=_cents(plan.interest, cur), instalments=parts)  # fmt: skip


class FakePlans:
    def __init__(self, tables: PlanTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _live_invoices(self, company_id: int) -> set[int]:
        return {
            invoice_id
            for s in self._tables.plans.values()
            if s.company_id == company_id and s.plan.status in LIVE
            for invoice_id in s.invoice_ids
        }

    def plannable(self, company_id: int, customer_id: int) -> list[PlannableInvoice]:
        covered, t = self._live_invoices(company_id), self._tables
        rows = sorted(
            ((invoice_id, s.invoice) for invoice_id, s in t.invoices.items()
             if s.company_id == company_id and s.customer_id == customer_id
             and s.invoice.kind is InvoiceKind.INVOICE and s.invoice.outstanding != 0
             and invoice_id not in covered),
            key=lambda found: (found[1].due_date, found[1].number),
        )  # fmt: skip
        claims = claims_left(t, company_id, customer_id=customer_id)
        found = []
        for invoice_id, invoice in rows:
            costs, interest = claims.get(invoice.number, (Decimal("0.00"), Decimal("0.00")))
            steps = tuple(
                StepTaken(invoice.number, s.step_key, s.taken_on, s.channel, s.deadline)
                for s in sorted(t.steps_taken, key=lambda s: s.taken_on)
                if s.invoice_id == invoice_id
            )
            found.append(PlannableInvoice(invoice_id, invoice.number, invoice.currency,
                                          _cents(invoice.outstanding, invoice.currency),
                                          costs, interest, steps))  # fmt: skip
        return found

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
        plan_id = self._ids.next("payment_plans")
        self._tables.plans[plan_id] = _StoredPlan(
            company_id, customer_id, _stored(plan), tuple(invoice_ids), outside
        )
        return plan_id

    def _mine(self, company_id: int, plan_id: int) -> _StoredPlan | None:
        stored = self._tables.plans.get(plan_id)
        return stored if stored is not None and stored.company_id == company_id else None

    def set_reference(self, company_id: int, plan_id: int, reference: str) -> None:
        stored = self._mine(company_id, plan_id)
        if stored is not None:
            stored.plan = replace(stored.plan, reference=reference)

    def set_approval_task(self, company_id: int, plan_id: int, task_id: int) -> None:
        stored = self._mine(company_id, plan_id)
        if stored is not None:
            stored.approval_task_id = task_id

    def remind(self, company_id: int, plan_id: int, reminded: Reminded) -> None:
        stored = self._mine(company_id, plan_id)
        if stored is not None:
            stored.reminded = reminded

    def approval_task(self, company_id: int, plan_id: int) -> int | None:
        stored = self._mine(company_id, plan_id)
        return None if stored is None else stored.approval_task_id

    def move(
        self, company_id: int, plan_id: int, current: PlanStatus, wanted: PlanStatus, *, on: date
    ) -> bool:
        stored = self._mine(company_id, plan_id)
        if stored is None or stored.plan.status is not current:
            return False
        plan = replace(stored.plan, status=wanted)
        if wanted is PlanStatus.IN_FORCE:
            plan = replace(plan, accepted_on=on)
        if wanted in FINAL:
            plan = replace(plan, ended_on=on)
        stored.plan = plan
        return True

    def accept(
        self, company_id: int, plan_id: int, acceptance: WrittenAcceptance, *, recorded_by: str
    ) -> None:
        moment = acceptance.accepted_at.astimezone(UTC)
        self._tables.acceptances[plan_id] = (company_id, replace(acceptance, accepted_at=moment))

    def acceptance(self, company_id: int, plan_id: int) -> WrittenAcceptance | None:
        found = self._tables.acceptances.get(plan_id)
        return found[1] if found is not None and found[0] == company_id else None

    def get(self, company_id: int, plan_id: int) -> StoredPlan | None:
        stored = self._mine(company_id, plan_id)
        return None if stored is None else self._read(plan_id, stored)

    def _read(self, plan_id: int, stored: _StoredPlan) -> StoredPlan:
        invoices = sorted(
            (self._tables.invoices[i].invoice for i in stored.invoice_ids),
            key=lambda invoice: (invoice.due_date, invoice.number),
        )
        parts: list[PlanInstalment] = sorted(
            stored.plan.instalments, key=lambda p: (p.due_on, p.number)
        )
        plan = replace(
            stored.plan, customer_number=self._tables.customer_number(stored.customer_id),
            invoice_numbers=tuple(i.number for i in invoices), instalments=tuple(parts),
        )  # fmt: skip
        return StoredPlan(
            plan_id,
            stored.customer_id,
            plan,
            stored.outside,
            stored.reminded,
            self._tables.plan_fallbacks.get(plan_id),
        )  # FakeAgreements' record

    def listed(
        self, company_id: int, *, status: PlanStatus | None = None, customer_id: int | None = None
    ) -> list[StoredPlan]:
        found = [
            self._read(plan_id, s)
            for plan_id, s in sorted(self._tables.plans.items())
            if s.company_id == company_id
            and status in (None, s.plan.status)
            and customer_id in (None, s.customer_id)
        ]
        return sorted(found, key=lambda s: (s.plan.made_on, s.plan_id))

    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, list[PaymentPlan]]:
        found: dict[int, list[PaymentPlan]] = {}
        for stored in self.listed(company_id, status=PlanStatus.IN_FORCE, customer_id=customer_id):
            accepted = stored.plan.accepted_on
            if accepted is not None and accepted <= as_of:
                found.setdefault(stored.customer_id, []).append(stored.plan)
        return found

    def payments(self, company_id: int, plan_id: int) -> list[tuple[date, Decimal]]:
        stored = self._mine(company_id, plan_id)
        if stored is None:
            return []
        found = [(p.paid_on, p.amount) for p in self._tables.payments if p.plan_id == plan_id]
        return sorted(found, key=lambda found: found[0])

    def last_statement_on(self, company_id: int) -> date | None:
        return self._tables.last_statement.get(company_id)

    def limits(self, company_id: int) -> PlanLimits:
        return self._tables.plan_limits.get(company_id, PlanLimits())

    def save_limits(self, company_id: int, limits: PlanLimits, *, at: datetime) -> None:
        self._tables.plan_limits[company_id] = replace(
            limits, min_instalment=_cents(limits.min_instalment, "EUR")
        )


class FakePlansDatabase(FakeCollectionDatabase):
    def __init__(self) -> None:
        super().__init__()
        self.tables = PlanTables()

    def uow(self) -> FakePlansUnitOfWork:
        return FakePlansUnitOfWork(self)


class FakePlansUnitOfWork(FakeCollectionUnitOfWork):
    plans: FakePlans

    def __enter__(self) -> Self:
        super().__enter__()
        tables = self._tables
        assert isinstance(tables, PlanTables)
        self.plans = FakePlans(tables, self._database.ids)
        return self


class FakePlanLetters:
    """The plan letter renderer's fake: the facts as plain words, each letter it was
    asked for kept in `rendered` (the real one is adapters/render/plan_letters.py)."""

    def __init__(self) -> None:
        self.rendered: list[PlanLetter] = []

    def render(self, letter: PlanLetter, *, company: Company, customer: Customer) -> RenderedLetter:
        self.rendered.append(letter)
        parts = "; ".join(f"{p.instalment.number} {p.instalment.due_on} {p.instalment.amount} "
                          f"{p.reference}" for p in letter.schedule)  # fmt: skip
        missed = letter.missed.reference if letter.missed else ""
        text = f"{customer.language.value}: {parts}; missed {missed}; {letter.fallback.value}"
        return RenderedLetter(f"{letter.kind.value} {letter.plan.reference}", text,
                              f"<p>{text}</p>", b"%PDF-fake", "plan.pdf")  # fmt: skip


# ---------------------------------------------------- the plans with the bank's tables


@dataclass
class BankPlanTables(PlanTables, BankTables):
    pass


class FakePlanMatching(FakeMatching):
    """The bank fake's matching, reading the plans in force as SqlMatching does."""

    def __init__(self, tables: BankPlanTables, ids: _Sequences) -> None:
        super().__init__(tables, ids)
        self._plan_tables = tables

    def plans_in_force(self, company_id: int) -> list[tuple[int, PlanInForce]]:
        t = self._plan_tables
        found = []
        for plan_id, s in sorted(t.plans.items()):
            plan = s.plan
            if s.company_id != company_id or plan.status is not PlanStatus.IN_FORCE:
                continue
            if not plan.reference:
                continue
            invoices = sorted((t.invoices[i].invoice for i in s.invoice_ids),
                              key=lambda invoice: (invoice.due_date, invoice.number))  # fmt: skip
            amounts = tuple(dict.fromkeys(p.amount for p in plan.instalments))
            found.append((plan_id, PlanInForce(
                plan.reference, t.customer_number(s.customer_id), plan.currency, amounts,
                tuple(i.number for i in invoices), by_law=bool(plan.payment_order),
                costs=plan.costs > 0, interest=plan.interest > 0,
            )))  # fmt: skip
        return found


class FakeBankPlansDatabase(FakePlansDatabase):
    def __init__(self) -> None:
        super().__init__()
        self.tables = BankPlanTables()

    def uow(self) -> FakeBankPlansUnitOfWork:
        return FakeBankPlansUnitOfWork(self)


class FakeBankPlansUnitOfWork(FakePlansUnitOfWork, FakeBankUnitOfWork):
    matching: FakePlanMatching  # type: ignore[assignment]

    def __enter__(self) -> Self:
        super().__enter__()
        tables = self._tables
        assert isinstance(tables, BankPlanTables)
        self.matching = FakePlanMatching(tables, self._database.ids)
        return self
