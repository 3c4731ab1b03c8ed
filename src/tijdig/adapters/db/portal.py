"""What the debtor portal reads beyond the shared repositories: the link's customer by
id (with whether it was anonymised) and the costs and interest still open per invoice.
Never commits."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tijdig.domain.parties import Customer

from . import converters as conv
from .claims import claims_left
from .rows import CustomerRow


class SqlPortalReads:
    def __init__(self, session: Session) -> None:
        self.session = session

    def holder(self, company_id: int, customer_id: int) -> tuple[Customer, bool] | None:
        """The customer a portal link names, and whether their data was anonymised;
        None when there is no such customer of that company."""
        row = self.session.scalar(
            select(CustomerRow).where(
                CustomerRow.id == customer_id, CustomerRow.company_id == company_id
            )
        )
        if row is None:
            return None
        # The portal shows no contacts or group: the customer alone is enough.
        return conv.customer_from_row(row, []), row.anonymised_at is not None

    def claims(self, company_id: int, customer_id: int) -> dict[str, tuple[Decimal, Decimal]]:
        """Costs and interest claimed and not yet paid, per invoice number."""
        return claims_left(self.session, company_id, customer_id=customer_id)
