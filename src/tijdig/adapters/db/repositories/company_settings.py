"""Changing a company's stored details and bank accounts (the settings page). Never
commits. Its portal settings: `portal.py`."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.schema.ledger import BankAccountRow, CompanyRow
from tijdig.domain.parties import Company


class SqlCompanySettings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def update(self, company: Company) -> None:
        values = conv.company_values(company)
        values.pop("code")  # the code identifies the company; it does not change here
        self.session.execute(update(CompanyRow).where(CompanyRow.id == company.id).values(values))

    def account_owner(self, iban: str) -> int | None:
        return self.session.scalar(
            select(BankAccountRow.company_id).where(BankAccountRow.iban == iban).limit(1)
        )

    def add_account(self, company_id: int, iban: str, bic: str | None) -> None:
        self.session.add(BankAccountRow(company_id=company_id, iban=iban, bic=bic))
        self.session.flush()

    def remove_account(self, company_id: int, iban: str) -> bool:
        result = self.session.execute(
            delete(BankAccountRow).where(
                BankAccountRow.company_id == company_id, BankAccountRow.iban == iban
            )
        )
        return bool(getattr(result, "rowcount", 0))
