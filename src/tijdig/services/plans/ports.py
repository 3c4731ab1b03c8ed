"""What the payment plans' use cases read and write through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.ladder import Rung
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import (
    PaymentPlan,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.reasons import Reason
from tijdig.services.collection.run import Clauses, SettingsStore
from tijdig.services.ladder.ports import Agreements
from tijdig.services.outbox import Outbox
from tijdig.services.records.ports import RecordsUnitOfWork


@dataclass(frozen=True, slots=True)
class PlannableInvoice:
    """An open invoice no live plan covers (proposed, offered or in force), with the
    costs and interest claimed on it and not yet paid, and the steps taken on it."""

    invoice_id: int
    number: str
    currency: str
    open_amount: Decimal
    costs: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    steps: tuple[StepTaken, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredPlan:
    plan_id: int
    customer_id: int
    plan: PaymentPlan
    outside_limits: tuple[Reason, ...] = ()  # why it needed a person's approval
    reminded: Reminded | None = None  # the plan instalment last reminded as missed
    fallback: Rung | None = None  # what follows it broken, as a person chose (None: the ladder)


class Plans(Protocol):
    def plannable(self, company_id: int, customer_id: int) -> list[PlannableInvoice]: ...
    def add(
        self,
        company_id: int,
        customer_id: int,
        plan: PaymentPlan,
        *,
        invoice_ids: Sequence[int],
        outside: tuple[Reason, ...],
        created_by: str,
    ) -> int: ...
    def set_reference(self, company_id: int, plan_id: int, reference: str) -> None: ...
    def set_approval_task(self, company_id: int, plan_id: int, task_id: int) -> None: ...
    def approval_task(self, company_id: int, plan_id: int) -> int | None:
        """The task asking a person to approve the plan, if it has one."""
        ...

    def get(self, company_id: int, plan_id: int) -> StoredPlan | None: ...
    def remind(self, company_id: int, plan_id: int, reminded: Reminded) -> None:
        """Record the plan instalment reminded as missed, and its new day to pay by."""
        ...

    def move(
        self, company_id: int, plan_id: int, current: PlanStatus, wanted: PlanStatus, *, on: date
    ) -> bool:
        """Compare-and-set: only a plan still `current` moves; in force sets its
        accepted day, a final status its end day."""
        ...

    def accept(
        self, company_id: int, plan_id: int, acceptance: WrittenAcceptance, *, recorded_by: str
    ) -> None: ...
    def acceptance(self, company_id: int, plan_id: int) -> WrittenAcceptance | None: ...
    def listed(
        self, company_id: int, *, status: PlanStatus | None = None, customer_id: int | None = None
    ) -> list[StoredPlan]: ...
    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, list[PaymentPlan]]: ...
    def payments(self, company_id: int, plan_id: int) -> list[tuple[date, Decimal]]:
        """The payments booked to the plan (by matching, or by a person deciding a bank
        line), each with its day, oldest first: what pays its plan instalments."""
        ...

    def last_statement_on(self, company_id: int) -> date | None:
        """The day of the company's newest bank statement booked."""
        ...

    def limits(self, company_id: int) -> PlanLimits: ...
    def save_limits(self, company_id: int, limits: PlanLimits, *, at: datetime) -> None: ...


class PlansUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def plans(self) -> Plans: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def clauses(self) -> Clauses: ...
    @property
    def collection_settings(self) -> SettingsStore: ...
    @property
    def agreements(self) -> Agreements: ...  # the ladder: what the letters say follows
