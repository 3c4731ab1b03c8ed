"""The store of template variants, experiments and assigned variants (issue 18), apart
from experiments.py so the sending unit of work (messages.py) can name it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from tijdig.analytics.experiments import Experiment


class ExperimentStore(Protocol):
    def variant_text(
        self, company_id: int, language: str, template: str, variant: str
    ) -> str | None: ...
    def variants(self, company_id: int, template: str) -> dict[tuple[str, str], str]: ...
    def save_variant(
        self, company_id: int, language: str, template: str, variant: str, text: str, *,
        at: datetime, by: str,
    ) -> None: ...  # fmt: skip
    def add(self, company_id: int, experiment: Experiment, *, at: datetime) -> int: ...
    def all(self, company_id: int) -> list[Experiment]: ...
    def running(self, company_id: int, template: str) -> Experiment | None: ...
    def choose(
        self, company_id: int, experiment_id: int, variant: str, *, at: datetime, by: str
    ) -> None: ...
    def assigned(self, company_id: int, experiment_id: int, customer_id: int) -> str | None: ...
    def assign(
        self, company_id: int, experiment_id: int, customer_id: int, variant: str, *, on: date
    ) -> None: ...
    def assignments(self, company_id: int) -> dict[tuple[int, str], list[tuple[date, str]]]: ...
