"""What the strategy simulation reads from the database (adapters/db/views/simulation.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import StepTaken
from tijdig.domain.parties import Customer


@dataclass(frozen=True, slots=True)
class LedgerInvoice:
    """An invoice with its allocations (day, amount), oldest first."""

    id: int
    number: str
    customer_number: str
    issue_date: date
    due_date: date
    total: Decimal  # in `currency`
    prepaid: Decimal
    currency: str
    default_from: date | None
    allocations: tuple[tuple[date, Decimal], ...] = ()

    @property
    def payable(self) -> Decimal:
        return self.total - self.prepaid

    def open_on(self, day: date) -> Decimal:
        """What was open at the start of `day`: allocations before it counted."""
        paid = sum((amount for on, amount in self.allocations if on < day), Decimal(0))
        return self.payable - paid

    def paid_on(self) -> date | None:
        """The day its allocations reached what was payable (None: not yet)."""
        left = self.payable
        for on, amount in self.allocations:
            left -= amount
            if left <= 0:
                return on
        return None if left > 0 else self.issue_date


@dataclass(frozen=True, slots=True)
class SimulationLedger:
    customers: tuple[Customer, ...]
    invoices: tuple[LedgerInvoice, ...]  # kind invoice, issued by the last day asked
    steps: tuple[StepTaken, ...]  # taken by the last day asked
    calls: tuple[tuple[str, date], ...]  # call tasks: customer number, due day


class SimulationReads(Protocol):
    def ledger(self, company_id: int, *, through: date) -> SimulationLedger: ...
