"""What waits for a person today, on the dashboard: the calls due, the runs with
proposals to approve, the bank lines to review, the last statement per account
(`queues`; SQL: adapters/db/views/workspace.py). The key figures (`key_figures`): the
aging, DSO counted back, average days late, the overdue share, the 12 months' trend,
the week's promises and the disputes waiting by age, computed in analytics/kpis.py from
one query layer (`KpiQueries`; SQL: adapters/db/views/kpis.py). The dashboard's totals
and charts are the aging (aging.py), its overdue customers the balance read model (balances.py),
without the customers in hardship on the day: the aging shows them apart, on its
insolvency line, as the DSO leaves them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from tijdig.analytics.aging import NOT_DUE, Aging
from tijdig.analytics.dso import Period
from tijdig.analytics.kpis import (
    HISTORY_MONTHS,
    TREND_MONTHS,
    CurrencyKpis,
    Receivables,
    currency_kpis,
    dispute_ages,
    month_ends,
    week_of,
)
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Written
from tijdig.services.ports import Reports
from tijdig.services.read_models.aging import aging_report
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


# --- the key figures ----------------------------------------------------------------------

DaySums = Mapping[str, Mapping[date, Decimal]]  # currency -> day -> amount


@dataclass(frozen=True, slots=True)
class History:
    """Net sales per issue day and payments per allocation day, per currency."""

    sales: DaySums
    collected: DaySums


@dataclass(frozen=True, slots=True)
class PromisesDue:
    currency: str
    count: int
    amount: Decimal  # promises without an amount count as nothing here


@dataclass(frozen=True, slots=True)
class KeyFigures:
    agings: tuple[Aging, ...]
    currencies: tuple[CurrencyKpis, ...]
    week: Period
    promises: tuple[PromisesDue, ...]
    disputes: Mapping[str, int]  # age bucket -> disputes waiting

    @property
    def disputes_waiting(self) -> int:
        return sum(self.disputes.values())

    @property
    def promises_due(self) -> int:
        return sum(p.count for p in self.promises)


class KpiQueries(Protocol):
    def history(self, company_id: int, *, since: date, as_of: date) -> History: ...
    def disputes_opened(self, company_id: int, *, as_of: date) -> list[tuple[date, int]]: ...
    def promises_due(self, company_id: int, week: Period) -> list[PromisesDue]: ...


def receivables_of(aging: Aging) -> Receivables:
    """What is open to collect: the insolvency line apart, as in the DSO."""
    return Receivables(aging.currency, aging.total - aging.insolvency,
                       aging.buckets[NOT_DUE], aging.overdue)  # fmt: skip


def history_start(as_of: date) -> date:
    """The first day the trend's oldest point counts back to."""
    oldest = month_ends(as_of, months=TREND_MONTHS)[0]
    for _ in range(HISTORY_MONTHS - 1):
        oldest = oldest.replace(day=1) - timedelta(days=1)
    return oldest.replace(day=1)


def key_figures(
    reports: Reports, queries: KpiQueries, company: Company, *, as_of: date
) -> KeyFigures:
    """The dashboard's figures on `as_of`, every currency."""
    company_id = company_id_of(company)
    agings = tuple(aging_report(reports, company, as_of=as_of))
    history = queries.history(company_id, since=history_start(as_of), as_of=as_of)
    currencies = tuple(
        currency_kpis(receivables_of(a), history.sales.get(a.currency, {}),
                      history.collected.get(a.currency, {}), as_of=as_of)
        for a in agings
    )  # fmt: skip
    week = week_of(as_of)
    return KeyFigures(
        agings, currencies, week, tuple(queries.promises_due(company_id, week)),
        dispute_ages(queries.disputes_opened(company_id, as_of=as_of), as_of=as_of),
    )  # fmt: skip
