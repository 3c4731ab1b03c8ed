"""What the risk use cases need from the database: the company's ledger as arrays (one
bulk read), the stored models, the suggestions, and a unit of work holding them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.analytics.forecast import Forecast
from tijdig.analytics.forecast_check import Check
from tijdig.analytics.risk_features import History, Ints
from tijdig.domain.risk import (
    AtRiskInvoice,
    ModelInfo,
    RiskClass,
    RiskFigure,
    Source,
    StoredScore,
    Suggestion,
    SuggestionStatus,
)
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.run import SettingsStore
from tijdig.services.records.ports import RecordsUnitOfWork


@dataclass(frozen=True)
class RiskLedger:
    """`History` and what its indices stand for: the invoices' and customers' ids."""

    history: History
    invoice_id: Ints  # per invoice index
    customer_id: Ints  # per customer code
    open: Ints  # indices of the invoices open now


@dataclass(frozen=True)
class InvoiceLabel:
    number: str
    customer: str
    customer_id: int


class RiskReads(Protocol):
    def ledger(
        self, company_id: int, *, customer_id: int | None = None, open_only: bool = False
    ) -> RiskLedger:
        """The company's invoices (kind invoice) with their payment day, steps, disputes and
        promises; with `customer_id`, that customer's only; with `open_only`, those of
        the customers with an open invoice only (what scoring needs: an invoice's
        features come from its own customer's history alone)."""
        ...

    def labels(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, InvoiceLabel]: ...


class RiskModels(Protocol):
    def add(
        self, company_id: int, *, trained_at: datetime, trained_by: str, as_of: date,
        sklearn_version: str, late_days: int, model: bytes, quality: str,
    ) -> int: ...  # fmt: skip
    def latest(self, company_id: int) -> ModelInfo | None: ...
    def blob(self, model_id: int) -> bytes: ...
    def set_classes(self, company_id: int, classes: Mapping[str, RiskClass]) -> list[int]:
        """Write the customers' (by number) risk classes; the ids of those that changed."""
        ...


class RiskSuggestions(Protocol):
    def add(self, company_id: int, customer_id: int, suggestion: Suggestion) -> int: ...
    def open_kinds(self, company_id: int) -> set[tuple[int, str]]: ...
    def get(self, company_id: int, suggestion_id: int) -> tuple[Suggestion, int] | None: ...
    def decide(
        self, suggestion_id: int, status: SuggestionStatus, *, by: str, at: datetime
    ) -> None: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[Suggestion]: ...
    def listed(self, company_id: int, *, status: SuggestionStatus | None) -> list[Suggestion]: ...


class RiskScores(Protocol):
    def replace(
        self, company_id: int, *, scored_on: date, source: Source, model_id: int | None,
        scores: Sequence[StoredScore],
    ) -> None:  # fmt: skip
        """The company's stored scores become these (the earlier ones are dropped)."""
        ...

    def figure(self, company_id: int, *, high_from: float) -> RiskFigure | None:
        """The open invoices at high risk by the latest stored scores (None: never scored)."""
        ...

    def at_risk(self, company_id: int, *, high_from: float, limit: int) -> list[AtRiskInvoice]:
        """The open invoices at high risk, open amount times probability the largest first."""
        ...


@dataclass(frozen=True)
class StoredForecast:
    """A cash-flow forecast as stored: made on `forecast.as_of`, at `made_at`, by `made_by`."""

    forecast: Forecast
    made_at: datetime
    made_by: str
    checked: Check | None = None  # the forecast made WEEKS before, against what came in


class StoredForecasts(Protocol):
    def put(self, company_id: int, forecast: Forecast, *, checked: Check | None,
            made_at: datetime, made_by: str) -> None:  # fmt: skip
        """Store the forecast made on its day, and the earlier one it checked, in place of
        one made that day already."""
        ...

    def latest(self, company_id: int, *, made_by_day: date) -> StoredForecast | None:
        """The latest forecast made on `made_by_day` or before (None: none stored)."""
        ...


class RiskUnitOfWork(RecordsUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def risk_models(self) -> RiskModels: ...
    @property
    def risk_suggestions(self) -> RiskSuggestions: ...
    @property
    def risk_scores(self) -> RiskScores: ...
    @property
    def stored_forecasts(self) -> StoredForecasts: ...
    @property
    def collection_settings(self) -> SettingsStore: ...
