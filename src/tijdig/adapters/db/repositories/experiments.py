"""The repository of template variants, experiments and customers' assigned variants
(schema/experiments.py). It never commits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.experiments import (
    ExperimentAssignmentRow,
    ExperimentRow,
    TemplateVariantRow,
)
from tijdig.analytics.experiments import Experiment


def _experiment(row: ExperimentRow) -> Experiment:
    return Experiment(
        row.id, row.template, row.variants, float(row.baseline), float(row.smallest_effect),
        row.needed, row.started_on, row.started_by, row.chosen, row.chosen_by,
    )  # fmt: skip


class SqlExperiments:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- variants ---------------------------------------------------------------------
    def variant_text(
        self, company_id: int, language: str, template: str, variant: str
    ) -> str | None:
        row = self.session.get(TemplateVariantRow, (company_id, language, template, variant))
        return None if row is None else row.text

    def variants(self, company_id: int, template: str) -> dict[tuple[str, str], str]:
        """(variant, language) -> text of the template's stored variants."""
        rows = self.session.scalars(
            select(TemplateVariantRow).where(
                TemplateVariantRow.company_id == company_id, TemplateVariantRow.template == template
            )
        )
        return {(r.variant, r.language): r.text for r in rows}  # fmt: skip

    def save_variant(
        self, company_id: int, language: str, template: str, variant: str, text: str, *,
        at: datetime, by: str,
    ) -> None:  # fmt: skip
        key = (company_id, language, template, variant)
        row = self.session.get(TemplateVariantRow, key)
        if row is None:
            row = TemplateVariantRow(company_id=company_id, language=language,
                                     template=template, variant=variant)  # fmt: skip
            self.session.add(row)
        row.text, row.updated_at, row.updated_by = text, at, by

    # --- experiments ------------------------------------------------------------------
    def add(self, company_id: int, experiment: Experiment, *, at: datetime) -> int:
        e = experiment
        row = ExperimentRow(
            company_id=company_id, template=e.template, variants=e.variants,
            baseline=str(e.baseline), smallest_effect=str(e.smallest_effect), needed=e.needed,
            started_on=e.started_on, started_at=at, started_by=e.started_by,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def all(self, company_id: int) -> list[Experiment]:
        rows = self.session.scalars(select(ExperimentRow).where(
            ExperimentRow.company_id == company_id).order_by(ExperimentRow.id.desc()))  # fmt: skip
        return [_experiment(r) for r in rows]

    def running(self, company_id: int, template: str) -> Experiment | None:
        found = [e for e in self.all(company_id) if e.template == template and e.running]
        return found[0] if found else None

    def choose(self, company_id: int, experiment_id: int, variant: str, *, at: datetime,
               by: str) -> None:  # fmt: skip
        self.session.execute(update(ExperimentRow).where(
            ExperimentRow.company_id == company_id, ExperimentRow.id == experiment_id,
        ).values(chosen=variant, chosen_at=at, chosen_by=by))  # fmt: skip

    # --- assignments ------------------------------------------------------------------
    def assigned(self, company_id: int, experiment_id: int, customer_id: int) -> str | None:
        row = self.session.get(ExperimentAssignmentRow, (experiment_id, customer_id))
        return None if row is None or row.company_id != company_id else row.variant

    def assign(self, company_id: int, experiment_id: int, customer_id: int, variant: str, *,
               on: date) -> None:  # fmt: skip
        self.session.add(ExperimentAssignmentRow(
            experiment_id=experiment_id, customer_id=customer_id, company_id=company_id,
            variant=variant, assigned_on=on))  # fmt: skip
        self.session.flush()

    def assignments(self, company_id: int) -> dict[tuple[int, str], list[tuple[date, str]]]:
        """(customer id, template) -> [(assigned on, variant)] over all experiments."""
        a, e = ExperimentAssignmentRow, ExperimentRow
        rows = self.session.execute(
            select(a.customer_id, e.template, a.assigned_on, a.variant)
            .join(e, e.id == a.experiment_id).where(a.company_id == company_id)
            .order_by(a.assigned_on))  # fmt: skip
        found: dict[tuple[int, str], list[tuple[date, str]]] = {}
        for customer, template, on, variant in rows:
            found.setdefault((customer, template), []).append((on, variant))
        return found
