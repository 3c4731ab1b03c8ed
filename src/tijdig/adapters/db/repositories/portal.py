"""The debtor portal's repositories: a company's portal settings (the one repository
that reads and writes them), and what the portal reads beyond the shared repositories:
the link's customer by id (with whether it was anonymised) and the costs and interest
still open per invoice. Never commits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.users import PortalSettingsRow
from tijdig.domain.parties import Customer
from tijdig.domain.portal import PortalSettings
from tijdig.services.portal import OpenTotals


class SqlPortalSettings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: int) -> PortalSettings:
        row = self.session.get(PortalSettingsRow, company_id)
        if row is None:
            return PortalSettings()
        return PortalSettings(row.enabled, row.max_promise_days, row.payment_link)

    def save(self, company_id: int, settings: PortalSettings, at: datetime) -> None:
        row = self.session.get(PortalSettingsRow, company_id)
        if row is None:
            row = PortalSettingsRow(company_id=company_id)
            self.session.add(row)
        row.enabled = settings.enabled
        row.max_promise_days = settings.max_promise_days
        row.payment_link = settings.payment_link
        row.updated_at = at
        self.session.flush()


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

    def open_totals(self, company_id: int, customer_id: int) -> OpenTotals:
        """What the customer has to pay on all its open items, per currency: the open
        amounts summed in SQL (credit notes set off), plus the costs and interest still
        open on its open invoices (a few rows: only invoices with claims)."""
        i = InvoiceRow
        mine = (i.company_id == company_id, i.customer_id == customer_id, p.is_open())
        sums = self.session.execute(
            select(i.currency, func.sum(p.signed_open()), func.count()).where(*mine)
            .group_by(i.currency)
        ).all()  # fmt: skip
        to_pay = {cur: from_minor(int(minor), cur) for cur, minor, _ in sums}
        claims = self.claims(company_id, customer_id)
        if claims:
            claimed = select(i.number, i.currency).where(*mine, i.kind == p.INVOICE,
                                                          i.number.in_(sorted(claims)))  # fmt: skip
            for number, cur in self.session.execute(claimed):
                to_pay[cur] += sum(claims[number], Decimal(0))
        return OpenTotals(sum(int(n) for *_, n in sums), to_pay)
