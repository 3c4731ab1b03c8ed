"""Train the risk model of a company and store it; read the stored one back.

`tijdig model train` calls `train_model`: one bulk read of the ledger, the fit and its
measurement on the hold-out months (analytics/risk_model.py), then the model's bytes,
its scikit-learn version and its quality (JSON) are written with an audit entry. A
model written by another scikit-learn version is refused when read (`stored_model`):
unpickling it could fail or, worse, predict differently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tijdig.analytics import risk_model
from tijdig.analytics.risk_features import day_number
from tijdig.analytics.risk_model import RiskModel
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import ModelInfo
from tijdig.services import audit
from tijdig.services.records.ports import company_id_of
from tijdig.services.risk.ports import RiskReads, RiskUnitOfWork


@dataclass(frozen=True)
class StoredModel:
    info: ModelInfo
    figures: dict[str, Any]


def train_model(
    uow: RiskUnitOfWork,
    reads: RiskReads,
    company: Company,
    *,
    as_of: date,
    late_days: int | None = None,
    cutoff: date | None = None,
    actor: str,
    at: datetime,
) -> StoredModel:
    """Fit on what was known by the cut-off (default: 3 months, N days and a month back
    from `as_of`), measure on the 3 months after it (with what was known by `as_of`),
    store. Audited `risk.model_train`. Without `late_days`, the company's N from its
    settings (default 30)."""
    company_id = company_id_of(company)
    if late_days is None:
        with uow:
            settings, _ = uow.collection_settings.get(company_id)
        late_days = settings.risk_late_days
    # What was known by the end of `as_of` only: a model trained as of a past day must not
    # have seen the payments after it (the forecast made on that day may then use it).
    history = reads.ledger(company_id).history.before(day_number(as_of) + 1)
    trained = risk_model.train(history, as_of=as_of, late_days=late_days, cutoff=cutoff)
    figures = {**trained.figures, "invoices": history.size,
               "sklearn_version": risk_model.sklearn_version()}  # fmt: skip
    quality = json.dumps(figures, sort_keys=True)
    with uow:
        model_id = uow.risk_models.add(
            company_id, trained_at=at, trained_by=actor, as_of=as_of,
            sklearn_version=risk_model.sklearn_version(), late_days=late_days,
            model=risk_model.dump(trained.model), quality=quality,
        )  # fmt: skip
        audit.record(
            uow,
            actor=actor,
            at=at,
            action="risk.model_train",
            company_id=company_id,
            subject=f"risk model {model_id}",
            details=f"as of {as_of}, N={late_days}, {history.size} invoices",
        )
        uow.commit()
        info = uow.risk_models.latest(company_id)
    assert info is not None
    return StoredModel(info, figures)


def latest_model(uow: RiskUnitOfWork, company: Company) -> StoredModel | None:
    """The latest stored model's facts and quality, without its bytes (None: none)."""
    with uow:
        info = uow.risk_models.latest(company_id_of(company))
    return None if info is None else StoredModel(info, json.loads(info.quality))


def stored_model(uow: RiskUnitOfWork, company: Company) -> tuple[ModelInfo, RiskModel] | None:
    """The latest stored model, ready to score (None: none stored). Refused when another
    scikit-learn version wrote it, or when its bytes are not a model of these features."""
    with uow:
        info = uow.risk_models.latest(company_id_of(company))
        if info is None:
            return None
        if info.sklearn_version != risk_model.sklearn_version():
            raise RuleViolation(Refusal.RISK_MODEL_OTHER_VERSION, stored=info.sklearn_version,
                                installed=risk_model.sklearn_version())  # fmt: skip
        blob = uow.risk_models.blob(info.id)
    try:
        return info, risk_model.load(blob)
    except Exception as error:  # a broken or foreign pickle: any error unpickling says so
        raise RuleViolation(Refusal.RISK_MODEL_UNREADABLE, model=info.id) from error
