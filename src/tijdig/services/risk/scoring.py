"""Score open invoices: with the stored model (probability, expected payment day with its
80 % interval), or, without a usable one, by the rules, saying so and why. Reasons are
computed only for the invoices shown (`reasons_for`: the riskiest that many, or all of
one customer's): replacing each feature by its median costs a prediction per feature.

The risk classes also feed the policy segments: `set_risk_classes` writes each customer's
class (the highest of their open invoices') where segment rules read it
(`Customer.risk_class`, engine/segments.py), so a policy for `risk_class = high` can
remind earlier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from tijdig.analytics import risk_model
from tijdig.analytics.risk_features import Floats, day_number, features
from tijdig.analytics.risk_model import Reason, RiskModel
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.risk import (
    AtRiskInvoice,
    InvoiceRisk,
    RiskClass,
    RiskFigure,
    RiskReason,
    Source,
    StoredScore,
    class_of_customer,
)
from tijdig.services import audit
from tijdig.services.records.ports import company_id_of, customer_of
from tijdig.services.risk.model import stored_model
from tijdig.services.risk.ports import RiskLedger, RiskReads, RiskUnitOfWork


@dataclass(frozen=True)
class Scores:
    source: Source
    why_rules: RuleViolation | None  # rules although a model is stored: why it was refused
    model_id: int | None
    late_days: int
    invoices: tuple[InvoiceRisk, ...]  # the riskiest first
    overdue: dict[str, int]  # per customer number: their open overdue invoices

    def by_customer(self) -> dict[str, RiskClass]:
        classes: dict[str, list[RiskClass]] = {}
        for item in self.invoices:
            classes.setdefault(item.customer, []).append(item.risk_class)
        return {c: k for c, v in classes.items() if (k := class_of_customer(v)) is not None}


def _model(uow: RiskUnitOfWork, company: Company) -> tuple[int | None, RiskModel | None,
                                                           RuleViolation | None]:  # fmt: skip
    try:
        found = stored_model(uow, company)
    except RuleViolation as refused:
        return None, None, refused
    return (None, None, None) if found is None else (found[0].id, found[1], None)


@dataclass(frozen=True)
class _Scored:
    source: Source
    why_rules: RuleViolation | None
    model_id: int | None
    late_days: int
    ledger: RiskLedger
    rows: list[_Row]


def late_days_of(uow: RiskUnitOfWork, company: Company) -> int:
    """The company's N: "late" is paid more than N days late (its collection settings)."""
    with uow:
        settings, _ = uow.collection_settings.get(company_id_of(company))
    return settings.risk_late_days


def _scored(
    uow: RiskUnitOfWork, reads: RiskReads, company: Company, *, as_of: date,
    customer: str | None, reasons_for: int | None,
) -> _Scored:  # fmt: skip
    company_id = company_id_of(company)
    customer_id = None
    if customer is not None:
        with uow:
            found = customer_of(uow, company_id, customer)
        customer_id = found.id
    model_id, model, refused = _model(uow, company)
    ledger = reads.ledger(company_id, customer_id=customer_id, open_only=True)
    late_days = model.late_days if model is not None else late_days_of(uow, company)
    rows = ledger.open
    x = features(ledger.history, rows, np.full(len(rows), day_number(as_of)),
                 late_days=late_days)  # fmt: skip
    if model is None:
        items = _by_rules(ledger, rows, x, late_days=late_days, reasons_for=reasons_for)
        source = Source.RULES
    else:
        items = _by_model(model, ledger, rows, x, as_of=as_of, reasons_for=reasons_for)
        source = Source.MODEL
    return _Scored(source, refused, model_id, late_days, ledger, items)


def score(
    uow: RiskUnitOfWork,
    reads: RiskReads,
    company: Company,
    *,
    as_of: date,
    customer: str | None = None,
    reasons_for: int | None = None,
) -> Scores:
    """Every open invoice of the company (or of one customer) scored on `as_of`, the
    riskiest first; reasons for the first `reasons_for` (None: all of them)."""
    done = _scored(uow, reads, company, as_of=as_of, customer=customer,
                   reasons_for=reasons_for)  # fmt: skip
    labelled = _labelled(reads, company_id_of(company), done.ledger, done.rows, as_of)
    overdue = _overdue(labelled, as_of)
    return Scores(done.source, done.why_rules, done.model_id, done.late_days,
                  tuple(labelled), overdue)  # fmt: skip


@dataclass(frozen=True)
class StoredRun:
    source: Source
    why_rules: RuleViolation | None
    model_id: int | None
    scored: int
    by_class: dict[RiskClass, int]


def store_scores(
    uow: RiskUnitOfWork, reads: RiskReads, company: Company, *, as_of: date, actor: str,
    at: datetime,
) -> StoredRun:  # fmt: skip
    """Score every open invoice on `as_of` and store each one's score in place of the
    company's earlier ones: the dashboard's risk figure and the list of invoices at risk
    read these, so no page view scores. Audited `risk.scores`."""
    company_id = company_id_of(company)
    done = _scored(uow, reads, company, as_of=as_of, customer=None, reasons_for=0)
    ids = done.ledger.invoice_id
    stored = [StoredScore(int(ids[row.index]), row.probability, row.risk_class,
                          None if row.days is None else as_of + timedelta(days=int(row.days[1])))
              for row in done.rows]  # fmt: skip
    by_class = dict.fromkeys(RiskClass, 0)
    for row in done.rows:
        by_class[row.risk_class] += 1
    with uow:
        uow.risk_scores.replace(company_id, scored_on=as_of, source=done.source,
                                model_id=done.model_id, scores=stored)  # fmt: skip
        said = ", ".join(f"{n} {k}" for k, n in by_class.items())
        audit.record(uow, actor=actor, at=at, action="risk.scores", company_id=company_id,
                     subject="risk scores",
                     details=f"as of {as_of} by {done.source}"
                     f"{'' if done.model_id is None else f' {done.model_id}'}: "
                     f"{len(stored)} open invoices ({said})")  # fmt: skip
        uow.commit()
    return StoredRun(done.source, done.why_rules, done.model_id, len(stored), by_class)


def high_from(uow: RiskUnitOfWork, company: Company) -> float:
    """The company's threshold: from this probability an invoice is at high risk."""
    with uow:
        settings, _ = uow.collection_settings.get(company_id_of(company))
    return settings.risk_high_percent / 100


def risk_figure(uow: RiskUnitOfWork, company: Company) -> RiskFigure | None:
    """The dashboard's figure from the stored scores (None: never scored): reads, never
    scores, so it stays fast however large the ledger."""
    threshold = high_from(uow, company)
    with uow:
        return uow.risk_scores.figure(company_id_of(company), high_from=threshold)


def at_risk(uow: RiskUnitOfWork, company: Company, *, limit: int) -> list[AtRiskInvoice]:
    """The open invoices at high risk by the stored scores, the most money at stake first
    (open amount times probability)."""
    threshold = high_from(uow, company)
    with uow:
        return uow.risk_scores.at_risk(company_id_of(company), high_from=threshold,
                                       limit=limit)  # fmt: skip


def _overdue(items: list[InvoiceRisk], as_of: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        if item.due_date < as_of:
            counts[item.customer] = counts.get(item.customer, 0) + 1
    return counts


def _reasons(found: list[Reason]) -> tuple[RiskReason, ...]:
    return tuple(RiskReason(r.feature, r.raises, r.value) for r in found)


@dataclass(frozen=True)
class _Row:
    index: int  # into the ledger
    risk_class: RiskClass
    probability: float | None
    days: tuple[float, float, float] | None
    reasons: tuple[RiskReason, ...]


def _by_model(
    model: RiskModel, ledger: RiskLedger, rows: np.ndarray, x: Floats, *, as_of: date,
    reasons_for: int | None,
) -> list[_Row]:  # fmt: skip
    if not len(rows):
        return []
    probability = model.probability(x)
    order = np.argsort(-probability, kind="stable")
    days = model.days_to_pay(x)
    shown = order if reasons_for is None else order[:reasons_for]
    found = risk_model.boosted_reasons(model, x[shown])
    reasons = {int(i): _reasons(r) for i, r in zip(shown, found, strict=True)}
    return [
        _Row(int(rows[i]), risk_model.risk_class(float(probability[i])),
             round(float(probability[i]), 4), (days[i, 0], days[i, 1], days[i, 2]),
             reasons.get(int(i), ()))
        for i in order
    ]  # fmt: skip


def _by_rules(
    ledger: RiskLedger, rows: np.ndarray, x: Floats, *, late_days: int, reasons_for: int | None
) -> list[_Row]:
    classes, reasons = risk_model.rule_class(x, late_days=late_days)
    rank = {RiskClass.HIGH: 0, RiskClass.MEDIUM: 1, RiskClass.LOW: 2}
    order = sorted(range(len(rows)), key=lambda i: (rank[classes[i]], -x[i, 0]))
    shown = set(order if reasons_for is None else order[:reasons_for])
    return [_Row(int(rows[i]), classes[i], None, None,
                 _reasons(reasons[i]) if i in shown else ()) for i in order]  # fmt: skip


def _labelled(
    reads: RiskReads, company_id: int, ledger: RiskLedger, items: list[_Row], as_of: date
) -> list[InvoiceRisk]:
    ids = [int(ledger.invoice_id[item.index]) for item in items]
    labels = reads.labels(company_id, ids)
    h = ledger.history
    result = []
    for invoice_id, item in zip(ids, items, strict=True):
        label = labels[invoice_id]
        due = date.fromordinal(int(h.due[item.index]))
        on = [None if item.days is None else as_of + timedelta(days=int(d))
              for d in (item.days or (0, 0, 0))]  # fmt: skip
        result.append(InvoiceRisk(label.number, label.customer, due, item.risk_class,
                                  item.probability, on[1], on[0], on[2], item.reasons))  # fmt: skip
    return result


def set_risk_classes(
    uow: RiskUnitOfWork, reads: RiskReads, company: Company, *, as_of: date, actor: str,
    at: datetime,
) -> dict[str, RiskClass]:  # fmt: skip
    """Write each customer's risk class (the highest of their open invoices') where the
    policy segments read it; customers with nothing open keep theirs. Audited
    `risk.classes`, one entry per customer whose class changed."""
    company_id = company_id_of(company)
    classes = score(uow, reads, company, as_of=as_of, reasons_for=0).by_customer()
    with uow:
        changed = uow.risk_models.set_classes(company_id, classes)
        audit.record(uow, actor=actor, at=at, action="risk.classes", company_id=company_id,
                     customer_ids=changed, subject="risk classes",
                     details=f"as of {as_of}: {len(changed)} changed")  # fmt: skip
        uow.commit()
    return classes
