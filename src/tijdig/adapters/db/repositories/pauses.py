"""The repository of pauses of dunning set by hand. It never commits. The run's load
(`holding_by_customer`) reads only pauses that can still hold on the day (their
`until` after it), through `ix_dunning_pauses_company_until`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.collection import DunningPauseRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.domain.collection.pauses import DunningPause


def _pause(row: DunningPauseRow, customer: str) -> DunningPause:
    return DunningPause(customer, row.since, row.until, row.reason, row.lifted_on, row.id)


class SqlPauses:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[DunningPauseRow, str]:
        d = DunningPauseRow
        return (
            select(d, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == d.customer_id)
            .where(d.company_id == company_id)
        )

    def add(self, company_id: int, customer_id: int, pause: DunningPause, *, by: str) -> int:
        row = DunningPauseRow(
            company_id=company_id, customer_id=customer_id, since=pause.since,
            until=pause.until, reason=pause.reason, lifted_on=pause.lifted_on, created_by=by,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def lift(self, company_id: int, pause_id: int, lifted_on: date) -> None:
        d = DunningPauseRow
        self.session.execute(
            update(d)
            .where(d.company_id == company_id, d.id == pause_id)
            .values(lifted_on=lifted_on)
        )

    def for_customer(self, company_id: int, customer_id: int) -> list[DunningPause]:
        """The customer's pauses, the latest set first (lifted and ended ones too)."""
        d = DunningPauseRow
        query = self._query(company_id).where(d.customer_id == customer_id)
        rows = self.session.execute(query.order_by(d.id.desc()))
        return [_pause(row, customer) for row, customer in rows]

    def holding_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, list[DunningPause]]:
        """The pauses holding on `as_of`, by customer id (one customer's when given)."""
        d = DunningPauseRow
        holding = and_(d.since <= as_of, d.until > as_of,
                       or_(d.lifted_on.is_(None), d.lifted_on > as_of))  # fmt: skip
        query = self._query(company_id).where(holding)
        if customer_id is not None:
            query = query.where(d.customer_id == customer_id)
        found: dict[int, list[DunningPause]] = {}
        for row, customer in self.session.execute(query.order_by(d.id)):
            found.setdefault(row.customer_id, []).append(_pause(row, customer))
        return found
