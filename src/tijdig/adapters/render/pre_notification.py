"""The pre-notification of a SEPA direct debit as an e-mail (subject, text, HTML).

The words are in `templates/<lang>/sepa_pre_notification.txt.j2` (whose `subject` is
set at its top) and `.html.j2`, apart from the dunning templates; amounts and dates
are formatted for the customer's locale with Babel, as in every message. A language
without templates of its own gets the English ones. The debtor's account is shown
with its bank and last digits only. Nothing here sends, stores or reads the clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from tijdig.adapters.render.formatting import Formats, format_iban, locale_for
from tijdig.domain.debit_collections import PreNotification
from tijdig.domain.mandates import Scheme
from tijdig.domain.parties import Company, Customer
from tijdig.services.direct_debit.debit_notices import NoticeMessage

TEMPLATES_DIR = Path(__file__).parent / "templates"
NAME = "sepa_pre_notification"
FALLBACK_LANGUAGE = "en"


def masked_iban(iban: str) -> str:
    """The country, check digits and bank code, then the last four: `NL69 INGB **** **67 89`."""
    compact = iban.replace(" ", "").upper()
    hidden = compact[:8] + "*" * (len(compact) - 12) + compact[-4:]
    return format_iban(hidden)


def _environment(templates_dir: Path, *, html: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir)), autoescape=html, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, auto_reload=False, keep_trailing_newline=True,
    )  # fmt: skip


class PreNotificationRenderer:
    """Renders pre-notifications; build one and reuse it (templates stay compiled)."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._text = _environment(self._dir, html=False)
        self._html = _environment(self._dir, html=True)

    def render(
        self, notice: PreNotification, *, company: Company, customer: Customer
    ) -> NoticeMessage:
        language = self._language(customer.language.value)
        values = _values(notice, company, customer, Formats(locale_for(customer)))
        text = self._text.get_template(f"{language}/{NAME}.txt.j2").make_module(values)
        html = self._html.get_template(f"{language}/{NAME}.html.j2").render(values)
        subject = " ".join(str(text.subject).split())  # type: ignore[attr-defined]
        return NoticeMessage(subject=subject, text=str(text).strip() + "\n", html=html)

    def _language(self, language: str) -> str:
        has_own = (self._dir / language / f"{NAME}.txt.j2").is_file()
        return language if has_own else FALLBACK_LANGUAGE


def _values(
    notice: PreNotification, company: Company, customer: Customer, formats: Formats
) -> dict[str, Any]:
    lines = [
        {
            "number": line.number,
            "issue_date": formats.short_date(line.issue_date),
            "due_date": formats.short_date(line.due_date),
            "amount": formats.money(line.amount, "EUR"),
        }
        for line in notice.invoices
    ]
    return {
        "amount": formats.money(notice.amount, "EUR"),
        "date": formats.long_date(notice.collection_date),
        "iban": masked_iban(notice.debtor_iban),
        "mandate": notice.mandate_reference,
        "creditor": notice.creditor_name,
        "creditor_id": notice.creditor_id,
        "b2b": notice.scheme is Scheme.B2B,
        "lines": lines,
        "contact": " · ".join(x for x in (company.email, company.phone) if x),
        "customer_name": customer.name,
        "customer_number": customer.number,
    }
