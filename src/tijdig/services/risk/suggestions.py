"""The risk's suggestions (issue 17 section 2): for a customer at high risk, ask for a
deposit or prepayment, lower the credit limit, offer a payment plan
(`domain/risk.suggestions_for`). Made by `propose`, each open until a person accepts or
dismisses it; each of the three is audited (`risk.suggest`, `risk.suggestion_accept`,
`risk.suggestion_dismiss`). Accepting records the decision: the act itself (the limit,
the plan, the deposit on the next order) is the person's, through its own use case."""

from __future__ import annotations

from datetime import date, datetime

from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import RiskClass, Suggestion, SuggestionStatus, suggestions_for
from tijdig.services import audit
from tijdig.services.records.ports import company_id_of
from tijdig.services.risk.ports import RiskReads, RiskUnitOfWork
from tijdig.services.risk.scoring import score


def propose(
    uow: RiskUnitOfWork, reads: RiskReads, company: Company, *, as_of: date, actor: str,
    at: datetime,
) -> list[Suggestion]:  # fmt: skip
    """Suggest what each customer at high risk on `as_of` calls for; a suggestion of the
    same kind still open for the customer is not made twice."""
    company_id = company_id_of(company)
    scores = score(uow, reads, company, as_of=as_of, reasons_for=0)
    probability: dict[str, float | None] = {}
    for item in scores.invoices:
        if item.customer not in probability:
            probability[item.customer] = item.probability  # the riskiest comes first
    made: list[Suggestion] = []
    with uow:
        open_kinds = uow.risk_suggestions.open_kinds(company_id)
        touched: list[int] = []
        for number, klass in scores.by_customer().items():
            if klass is not RiskClass.HIGH:
                continue
            customer = uow.customers.get(company_id, number)
            assert customer is not None and customer.id is not None
            kinds = suggestions_for(klass, has_credit_limit=customer.credit_limit is not None,
                                    overdue_invoices=scores.overdue.get(number, 0))  # fmt: skip
            for kind in kinds:
                if (customer.id, str(kind)) in open_kinds:
                    continue
                new = Suggestion(number, kind, as_of, klass, probability.get(number))
                new_id = uow.risk_suggestions.add(company_id, customer.id, new)
                made.append(Suggestion(number, kind, as_of, klass, new.probability, id=new_id))
                touched.append(customer.id)
        if made:
            audit.record(uow, actor=actor, at=at, action="risk.suggest", company_id=company_id,
                         customer_ids=touched, subject="risk suggestions",
                         details=", ".join(f"{s.customer}: {s.kind}" for s in made))  # fmt: skip
        uow.commit()
    return made


def _decide(
    uow: RiskUnitOfWork, company: Company, suggestion_id: int, status: SuggestionStatus, *,
    actor: str, at: datetime,
) -> Suggestion:  # fmt: skip
    company_id = company_id_of(company)
    with uow:
        found = uow.risk_suggestions.get(company_id, suggestion_id)
        if found is None:
            raise NotFound(Refusal.NOT_FOUND, thing="suggestion", key=str(suggestion_id))
        suggestion, customer_id = found
        if suggestion.status is not SuggestionStatus.OPEN:
            raise RuleViolation(Refusal.SUGGESTION_DECIDED, suggestion=suggestion_id,
                                status=str(suggestion.status))  # fmt: skip
        uow.risk_suggestions.decide(suggestion_id, status, by=actor, at=at)
        verb = "accept" if status is SuggestionStatus.ACCEPTED else "dismiss"
        audit.record(uow, actor=actor, at=at, action=f"risk.suggestion_{verb}",
                     company_id=company_id, customer_ids=[customer_id],
                     subject=f"suggestion {suggestion_id}",
                     details=f"{suggestion.kind} for customer {suggestion.customer}")  # fmt: skip
        uow.commit()
        decided = uow.risk_suggestions.get(company_id, suggestion_id)
    assert decided is not None
    return decided[0]


def accept(
    uow: RiskUnitOfWork, company: Company, suggestion_id: int, *, actor: str, at: datetime
) -> Suggestion:
    """Accept an open suggestion (refused once decided)."""
    return _decide(uow, company, suggestion_id, SuggestionStatus.ACCEPTED, actor=actor, at=at)


def dismiss(
    uow: RiskUnitOfWork, company: Company, suggestion_id: int, *, actor: str, at: datetime
) -> Suggestion:
    """Dismiss an open suggestion (refused once decided)."""
    return _decide(uow, company, suggestion_id, SuggestionStatus.DISMISSED, actor=actor, at=at)


def listed(
    uow: RiskUnitOfWork, company: Company, *, status: SuggestionStatus | None = None
) -> list[Suggestion]:
    with uow:
        return uow.risk_suggestions.listed(company_id_of(company), status=status)


def for_customer(uow: RiskUnitOfWork, company: Company, number: str) -> list[Suggestion]:
    """The customer's suggestions, the latest first (none for an unknown number)."""
    company_id = company_id_of(company)
    with uow:
        customer = uow.customers.get(company_id, number)
        if customer is None or customer.id is None:
            return []
        return uow.risk_suggestions.for_customer(company_id, customer.id)
