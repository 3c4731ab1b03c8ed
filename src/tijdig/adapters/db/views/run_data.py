"""What a daily run reads (`uow.run_data`): the customers' states from the one loader
(customer_state.py), and the day of the last bank statement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.adapters.db.views.customer_state import (
    last_statement_on,
    load_customer_state,
    load_customer_states,
)
from tijdig.engine.model import CustomerState


class SqlRunData:
    def __init__(self, session: Session) -> None:
        self.session = session

    def last_statement_on(self, company_id: int) -> date | None:
        return last_statement_on(self.session, company_id)

    def customer_states(
        self, company_id: int, *, as_of: date, customer_number: str | None = None
    ) -> Iterator[CustomerState]:
        """The state of every customer with open invoices or credit notes (or of one)."""
        customer_id = None
        if customer_number is not None:
            customer_id = self.session.scalar(
                select(CustomerRow.id).where(
                    CustomerRow.company_id == company_id, CustomerRow.number == customer_number
                )
            )
            if customer_id is None:
                return iter(())
        return load_customer_states(self.session, company_id, as_of=as_of, customer_id=customer_id)

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None:
        """One customer's state, with its contacts, open items or not (what sending a
        message and the customer page need)."""
        return load_customer_state(self.session, company_id, customer_id, as_of=as_of)
