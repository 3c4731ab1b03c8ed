"""What waits for a person today, on the dashboard: the calls due, the runs with
proposals to approve, the bank lines to review, the last statement per account
(`queues`; SQL: adapters/db/views/workspace.py). The dashboard's totals and charts are
the aging (aging.py), its overdue customers the balance read model (balances.py),
without the customers in hardship on the day: the aging shows them apart, on its
insolvency line, as the DSO leaves them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tijdig.domain.parties import Company
from tijdig.domain.reasons import Written
from tijdig.services.read_models.common import company_id_of


@dataclass(frozen=True, slots=True)
class AgendaLine:
    task_id: int
    kind: str
    due_on: date
    title: Written
    customer_number: str
    customer_name: str


@dataclass(frozen=True, slots=True)
class WaitingRun:
    run_id: int
    as_of: date
    proposals: int


@dataclass(frozen=True, slots=True)
class StatementDate:
    iban: str
    statement_date: date


@dataclass(frozen=True, slots=True)
class Queues:
    """What waits for a person today: calls, proposals to approve, bank lines to review."""

    agenda_count: int
    agenda: tuple[AgendaLine, ...]
    runs: tuple[WaitingRun, ...]
    bank_review: int
    statements: tuple[StatementDate, ...]

    @property
    def proposals(self) -> int:
        return sum(r.proposals for r in self.runs)


class DashboardQueries(Protocol):
    def queues(self, company_id: int, *, as_of: date, agenda_limit: int) -> Queues: ...


def queues(queries: DashboardQueries, company: Company, *, as_of: date, agenda: int = 5) -> Queues:
    return queries.queues(company_id_of(company), as_of=as_of, agenda_limit=agenda)
