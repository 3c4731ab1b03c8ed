"""Belgian consumer damages clauses: the company's, and customers' own. Never commits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, delete, select
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, from_minor, to_minor
from tijdig.adapters.db.schema.collection import DamagesClauseRow
from tijdig.domain.legal.be_clause import DamagesClause


def _clause(row: DamagesClauseRow) -> DamagesClause:
    maximum = row.damages_maximum_minor
    return DamagesClause(
        row.reference, row.text,
        None if row.interest_rate is None else Decimal(row.interest_rate),
        Decimal(row.damages_percent), from_minor(row.damages_minimum_minor, "EUR"),
        None if maximum is None else from_minor(maximum, "EUR"), row.legal_scale,
    )  # fmt: skip


def _where(company_id: int, customer_id: int | None) -> ColumnElement[bool]:
    customer = (
        DamagesClauseRow.customer_id.is_(None)
        if customer_id is None
        else DamagesClauseRow.customer_id == customer_id
    )
    return and_(DamagesClauseRow.company_id == company_id, customer)


class SqlClauses:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: int, customer_id: int | None = None) -> DamagesClause | None:
        """The company's clause (no customer), or that customer's own."""
        row = self.session.scalars(
            select(DamagesClauseRow).where(_where(company_id, customer_id))
        ).first()
        return None if row is None else _clause(row)

    def of_customers(self, company_id: int) -> dict[int, DamagesClause]:
        """The customers' own clauses, by customer id (a run reads them in one query)."""
        rows = self.session.scalars(
            select(DamagesClauseRow).where(
                DamagesClauseRow.company_id == company_id, DamagesClauseRow.customer_id.is_not(None)
            )
        )
        return {row.customer_id: _clause(row) for row in rows if row.customer_id is not None}

    def save(
        self, company_id: int, clause: DamagesClause, *, customer_id: int | None, at: datetime
    ) -> None:
        self.remove(company_id, customer_id=customer_id)
        self.session.add(
            DamagesClauseRow(
                company_id=company_id, customer_id=customer_id, reference=clause.reference,
                text=clause.text,
                interest_rate=None if clause.interest_rate is None else str(clause.interest_rate),
                damages_percent=str(clause.damages_percent),
                damages_minimum_minor=to_minor(clause.damages_minimum, "EUR"),
                damages_maximum_minor=None if clause.damages_maximum is None
                else to_minor(clause.damages_maximum, "EUR"),
                legal_scale=clause.legal_scale, updated_at=as_utc(at),
            )
        )  # fmt: skip
        self.session.flush()

    def remove(self, company_id: int, *, customer_id: int | None) -> bool:
        result = self.session.execute(
            delete(DamagesClauseRow).where(_where(company_id, customer_id))
        )
        return bool(getattr(result, "rowcount", 0))
