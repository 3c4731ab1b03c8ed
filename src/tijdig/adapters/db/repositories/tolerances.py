"""The repository of tolerance suggestions a person decided on, and the customer's
tolerance they set (`customers.tolerance_days`). It never commits."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.collection import ToleranceSuggestionRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.analytics.tolerance import Decision, ToleranceDecision, ToleranceSuggestion


def _decision(row: ToleranceSuggestionRow, customer: str) -> ToleranceDecision:
    suggestion = ToleranceSuggestion(row.days, row.invoices, row.on_own, Decimal(row.p90))
    return ToleranceDecision(
        customer, suggestion, Decision(row.decision), row.made_on, row.decided_by,
        as_utc(row.decided_at), row.previous_days, row.id,
    )  # fmt: skip


class SqlTolerances:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company_id: int, customer_id: int, decision: ToleranceDecision) -> int:
        s = decision.suggestion
        row = ToleranceSuggestionRow(
            company_id=company_id, customer_id=customer_id, days=s.days, invoices=s.invoices,
            on_own=s.on_own, p90=str(s.p90), made_on=decision.made_on,
            decision=decision.decision.value, previous_days=decision.previous_days,
            decided_by=decision.by, decided_at=decision.at,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def decided(
        self, company_id: int, *, customer_id: int | None = None
    ) -> list[ToleranceDecision]:
        """The decisions, the latest first (one customer's when given)."""
        t = ToleranceSuggestionRow
        query = (
            select(t, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == t.customer_id)
            .where(t.company_id == company_id)
            .order_by(t.id.desc())
        )
        if customer_id is not None:
            query = query.where(t.customer_id == customer_id)
        return [_decision(row, number) for row, number in self.session.execute(query)]

    def set_tolerance(self, company_id: int, customer_id: int, days: int) -> None:
        c = CustomerRow
        self.session.execute(
            update(c).where(c.company_id == company_id, c.id == customer_id)
            .values(tolerance_days=days)
        )  # fmt: skip
