"""`/api/v1/customers/{number}/risk`: the customer's open invoices with their risk of late
payment (issue 17 section 2), through `services.risk.scoring` as the CLI and the
customer page: the class, the probability (null when the rules gave it: no usable model
stored), the expected payment day with its 80 % interval, and the top 3 reasons, each
a feature code with its direction and value, and the reason said in English."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from tijdig.domain.risk import InvoiceRisk, RiskReason
from tijdig.domain.risk_texts import say_reason
from tijdig.entrypoints.web.api.common import CustomerNumberPath
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.risk import scoring

router = APIRouter(tags=["customers"])


class RiskReasonRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    feature: str = described("The feature's code (e.g. `share_late`, `overdue_open`).")
    direction: Literal["raises", "lowers"] = described("Which way the invoice's value moves "
                                                       "the risk.")  # fmt: skip
    value: float | None = described("The invoice's value of the feature; null: no history.")
    text: str = described("The reason in English.")

    @classmethod
    def of(cls, reason: RiskReason) -> RiskReasonRead:
        return cls(feature=reason.feature, direction="raises" if reason.raises else "lowers",
                   value=reason.value, text=say_reason(reason))  # fmt: skip


class InvoiceRiskRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    invoice: str
    due_date: date
    risk_class: Literal["low", "medium", "high"]
    probability: float | None = described("Paid more than N days late; null: by the rules.")
    expected_payment: date | None = described("The expected payment day (the median).")
    earliest: date | None = described("The 80 % interval's first day.")
    latest: date | None = described("The 80 % interval's last day.")
    reasons: list[RiskReasonRead]

    @classmethod
    def of(cls, item: InvoiceRisk) -> InvoiceRiskRead:
        return cls(invoice=item.invoice, due_date=item.due_date,
                   risk_class=item.risk_class.value, probability=item.probability,
                   expected_payment=item.expected, earliest=item.earliest, latest=item.latest,
                   reasons=[RiskReasonRead.of(r) for r in item.reasons])  # fmt: skip


class CustomerRiskRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: str
    source: Literal["model", "rules"] = described(
        "`model`: the stored model scored; `rules`: no usable model is stored."
    )
    model: int | None = described("The stored model's id.")
    why_rules: str | None = described("Why a stored model was not used (refused).")
    late_days: int = described("N: late means paid more than N days after the due date.")
    risk_class: Literal["low", "medium", "high"] | None = described(
        "The customer's class: their riskiest open invoice's; null: nothing open."
    )
    invoices: list[InvoiceRiskRead]


@router.get("/customers/{number}/risk", response_model=CustomerRiskRead)
def get_customer_risk(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate,
    code: CompanyCode = None,
) -> CustomerRiskRead:  # fmt: skip
    """The customer's open invoices, the riskiest first, each with its top 3 reasons."""
    company = company_for(tijdig, signed_in.user, code)
    scores = scoring.score(tijdig.risk_uow(), tijdig.risk_reads, company, as_of=as_of,
                           customer=number)  # fmt: skip
    klass = scores.by_customer().get(number)
    return CustomerRiskRead(
        customer=number, source=scores.source.value, model=scores.model_id,
        why_rules=None if scores.why_rules is None else str(scores.why_rules),
        late_days=scores.late_days, risk_class=None if klass is None else klass.value,
        invoices=[InvoiceRiskRead.of(i) for i in scores.invoices],
    )  # fmt: skip
