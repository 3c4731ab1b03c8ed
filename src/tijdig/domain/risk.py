"""The risk of late payment as the product shows it (issue 17 section 2): per open
invoice a risk class, the probability (None when the rules gave the class because no
model is trained), the expected payment day with its 80 % interval, and the top reasons,
each a feature code, its direction and its value; the suggestions a risk makes.

The feature codes are those of `analytics/risk_features.FEATURES`; their English
templates are `risk_texts.FEATURE_TEXTS` (the msgids of the `risk` catalogue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class RiskClass(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Source(StrEnum):
    MODEL = "model"
    RULES = "rules"  # no model stored (or none usable): the rules of risk_model.rule_class


@dataclass(frozen=True, slots=True)
class RiskReason:
    feature: str  # a FEATURES code
    raises: bool  # the invoice's own value raises the risk (else lowers it)
    value: float | None  # the invoice's value of the feature; None: unknown (no history)


@dataclass(frozen=True, slots=True)
class InvoiceRisk:
    invoice: str  # number
    customer: str  # number
    due_date: date
    risk_class: RiskClass
    probability: float | None
    expected: date | None  # the expected payment day
    earliest: date | None  # the 80 % interval
    latest: date | None
    reasons: tuple[RiskReason, ...]


class SuggestionKind(StrEnum):
    DEPOSIT = "deposit"  # ask for a deposit or prepayment on new orders
    LOWER_LIMIT = "lower_limit"  # lower the credit limit
    OFFER_PLAN = "offer_plan"  # offer a payment plan


class SuggestionStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Suggestion:
    customer: str
    kind: SuggestionKind
    made_on: date
    risk_class: RiskClass
    probability: float | None
    status: SuggestionStatus = SuggestionStatus.OPEN
    decided_by: str | None = None
    decided_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A stored model without its bytes: what `tijdig model show` and the pages tell."""

    id: int
    trained_at: datetime
    trained_by: str
    as_of: date
    sklearn_version: str
    late_days: int
    quality: str  # JSON


@dataclass(frozen=True, slots=True)
class StoredScore:
    """What one scoring stores of an open invoice (its latest score)."""

    invoice_id: int
    probability: float | None
    risk_class: RiskClass
    expected: date | None


@dataclass(frozen=True, slots=True)
class AtRiskTotal:
    currency: str
    invoices: int
    open_amount: Decimal


@dataclass(frozen=True, slots=True)
class RiskFigure:
    """The dashboard's risk figure, from the latest stored scoring: the open invoices at
    high risk of late payment (probability at or above the company's threshold; by the
    rules, class high), per currency."""

    scored_on: date
    source: Source
    model_id: int | None
    high_percent: int
    totals: tuple[AtRiskTotal, ...]

    @property
    def invoices(self) -> int:
        return sum(t.invoices for t in self.totals)


@dataclass(frozen=True, slots=True)
class AtRiskInvoice:
    """An open invoice at high risk, as the list of them shows it (riskiest money first:
    open amount times probability)."""

    invoice: str
    customer: str
    customer_name: str
    due_date: date
    currency: str
    open_amount: Decimal
    probability: float | None
    risk_class: RiskClass
    expected: date | None


def class_of_customer(classes: list[RiskClass]) -> RiskClass | None:
    """A customer's class: the highest of their open invoices' (None: nothing open)."""
    order = [RiskClass.LOW, RiskClass.MEDIUM, RiskClass.HIGH]
    return max(classes, key=order.index) if classes else None


def suggestions_for(
    risk: RiskClass, *, has_credit_limit: bool, overdue_invoices: int
) -> list[SuggestionKind]:
    """What a high risk suggests: a deposit or prepayment on new orders always; a lower
    credit limit when the customer has one; a plan when two or more invoices are overdue.
    A low or medium risk suggests nothing."""
    if risk is not RiskClass.HIGH:
        return []
    kinds = [SuggestionKind.DEPOSIT]
    if has_credit_limit:
        kinds.append(SuggestionKind.LOWER_LIMIT)
    if overdue_invoices >= 2:
        kinds.append(SuggestionKind.OFFER_PLAN)
    return kinds
