"""A company's own wording of its message templates, per language: the one repository
that reads and writes it. No row: the shipped template. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.collection import TemplateTextRow


class SqlTemplateTexts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: int, language: str, template: str) -> str | None:
        row = self.session.get(TemplateTextRow, (company_id, language, template))
        return None if row is None else row.text

    def edited(self, company_id: int) -> dict[tuple[str, str], datetime]:
        """When each template the company worded itself was last changed, by (language,
        template)."""
        rows = self.session.execute(
            select(TemplateTextRow.language, TemplateTextRow.template,
                   TemplateTextRow.updated_at).where(TemplateTextRow.company_id == company_id)
        )  # fmt: skip
        return {(language, template): at for language, template, at in rows}

    def save(
        self, company_id: int, language: str, template: str, text: str, *, at: datetime, by: str
    ) -> None:
        row = self.session.get(TemplateTextRow, (company_id, language, template))
        if row is None:
            row = TemplateTextRow(company_id=company_id, language=language, template=template)
            self.session.add(row)
        row.text, row.updated_at, row.updated_by = text, at, by
        self.session.flush()

    def remove(self, company_id: int, language: str, template: str) -> bool:
        row = self.session.get(TemplateTextRow, (company_id, language, template))
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True
