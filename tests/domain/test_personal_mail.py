"""The templates of a personal e-mail (issue 19): filled in the customer's language with
their open invoices (at most MAX_LINES named, the rest counted) and totals per currency;
`Re: ` once; a text refused while empty, too long or with a part left to fill in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.personal_mail import (
    MAX_LINES,
    MAX_SUBJECT,
    MailTemplate,
    OpenLine,
    answer_subject,
    checked_text,
    draft,
    template_of,
)
from tijdig.domain.refusals import Refusal


class Plain:
    def money(self, amount: Decimal, currency: str) -> str:
        return f"{currency} {amount}"

    def long_date(self, day: date) -> str:
        return day.isoformat()


def _lines(n: int, currency: str = "EUR") -> list[OpenLine]:
    return [OpenLine(f"F{i}", date(2026, 3, 1), Decimal("10.00"), currency) for i in range(n)]


@pytest.mark.parametrize(("language", "greeting", "line"), [
    ("nl", "Beste Klant,", "- factuur F0, vervallen op 2026-03-01: EUR 10.00 open"),
    ("en", "Dear Klant,", "- invoice F0, due on 2026-03-01: EUR 10.00 open"),
    ("fr", "Bonjour Klant,", "- facture F0, échue le 2026-03-01 : EUR 10.00 ouverts"),
    ("de", "Beste Klant,", "- factuur F0"),  # a language without templates: Dutch
])  # fmt: skip
def test_each_language_its_own_words(language: str, greeting: str, line: str) -> None:
    filled = draft(MailTemplate.FOLLOW_UP, language, name="Klant", number="K1",
                   company="Acme", lines=_lines(1), formats=Plain())  # fmt: skip
    assert filled.body.startswith(greeting) and line in filled.body
    assert "(K1)" in filled.subject and filled.body.rstrip().endswith("Acme")


def test_many_invoices_named_up_to_the_cap_and_totals_per_currency() -> None:
    lines = _lines(MAX_LINES + 3) + _lines(1, "USD")
    filled = draft(MailTemplate.FOLLOW_UP, "en", name="K", number="K1", company="A",
                   lines=lines, formats=Plain())  # fmt: skip
    assert filled.body.count("- invoice ") == MAX_LINES
    assert "- and 4 more invoices" in filled.body
    assert f"In all: EUR {Decimal('10.00') * (MAX_LINES + 3)}, USD 10.00." in filled.body
    nothing = draft(MailTemplate.ANSWER, "en", name="K", number="K1", company="A", lines=[],
                    formats=Plain())  # fmt: skip
    assert "At the moment no invoices are open." in nothing.body


def test_re_once_and_the_checks_of_a_text() -> None:
    assert answer_subject("RE: Re:  Antw: Factuur 12") == "Re: Factuur 12"
    assert answer_subject("Factuur 12") == "Re: Factuur 12"
    assert checked_text("  Uw\nfacturen ", "Tekst\r\n") == ("Uw facturen", "Tekst\n")
    with pytest.raises(RuleViolation) as refused:
        checked_text("Onderwerp", "Dank u. [[uw antwoord]]")
    assert refused.value.code is Refusal.PERSONAL_MAIL_TO_FILL_IN
    with pytest.raises(InvalidValue):
        checked_text("x" * (MAX_SUBJECT + 1), "Tekst")
    with pytest.raises(InvalidValue):
        template_of("poem")
    assert template_of(" free ") is MailTemplate.FREE
