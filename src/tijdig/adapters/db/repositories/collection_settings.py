"""A company's collection settings and its policy set (TOML text; NULL means the defaults)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.collection import CollectionSettingsRow
from tijdig.engine.model import CollectionSettings


class SqlCollectionSettings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: int) -> tuple[CollectionSettings, str | None]:
        row = self.session.get(CollectionSettingsRow, company_id)
        if row is None:
            return CollectionSettings(), None
        settings = CollectionSettings(
            large_amount=from_minor(row.large_amount_minor, "EUR"),
            bank_stale_working_days=row.bank_stale_working_days,
            auto_approve_friendly=row.auto_approve_friendly,
            reply_hold_working_days=row.reply_hold_working_days,
            risk_late_days=row.risk_late_days,
            risk_high_percent=row.risk_high_percent,
        )
        return settings, row.policies_toml

    def save(
        self,
        company_id: int,
        settings: CollectionSettings,
        *,
        policies_toml: str | None,
        at: datetime,
    ) -> None:
        row = self.session.get(CollectionSettingsRow, company_id)
        if row is None:
            row = CollectionSettingsRow(company_id=company_id)
            self.session.add(row)
        row.large_amount_minor = to_minor(settings.large_amount, "EUR")
        row.bank_stale_working_days = settings.bank_stale_working_days
        row.auto_approve_friendly = settings.auto_approve_friendly
        row.reply_hold_working_days = settings.reply_hold_working_days
        row.risk_late_days = settings.risk_late_days
        row.risk_high_percent = settings.risk_high_percent
        row.policies_toml = policies_toml
        row.updated_at = at
