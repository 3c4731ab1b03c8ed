"""A notice of default demands what it claims now: the principal of the invoices it
covers, with the costs and interest it claims. Its payment block asks the whole
statement (other invoices, earlier claims still open, credit notes netted) plus that
claim, and says so in its label and a note with both figures: the numbers shown add
up, in the e-mail text, its HTML and the letter PDF, in Dutch, English and for BE."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.adapters.render.test_messages import (
    BE_COMPANY,
    CREDIT,
    INVOICE,
    SECOND,
    context,
    pdf_text,
    plain,
    render,
)
from tests.adapters.render.test_statement_claims import CLAIM, LINES, values
from tijdig.adapters.render.messages import MessageContext
from tijdig.domain.collection.policy import StepChannel

NEW_CLAIM = Decimal("193.84")  # the fixture's claim: costs 181.50 + interest 12.34
STATEMENT = Decimal("1671.96")  # 1,210 + 50 + 11.96 (earlier) + 500 - 100 (credit note)
BLOCK = STATEMENT + NEW_CLAIM  # 1,865.80
DEMAND = Decimal("1210.00") + NEW_CLAIM  # 2026-001 alone is covered: 1,403.84
WORDS = {  # the payment block's label, the note's words, and the demand's words
    "nl": ("Bedrag (alles op het overzicht)", "met de andere openstaande facturen",
           "de eerder in rekening gebrachte kosten en rente", "Wij sommeren u", "samen"),
    "en": ("Amount (everything on the statement)", "including the other open invoices",
           "the costs and interest charged earlier", "We demand payment", "together"),
}  # fmt: skip


def notice(language: str = "nl", **changes: object) -> MessageContext:
    """A notice of default on 2026-001 only, on a statement that also lists 2026-002,
    a credit note and the costs and interest claimed on 2026-001 before."""
    ctx = context(
        "notice_of_default", language=language, invoices=(INVOICE, SECOND, CREDIT), **changes
    )
    proposal = replace(ctx.proposal, lines=LINES, covered=("2026-001",))
    return replace(ctx, proposal=proposal, claims=(CLAIM,))


def euros(text: str, before: str, language: str) -> Decimal:
    """The amount printed right after `before` (`€ 1.865,80`, `€1,865.80`)."""
    found = re.search(re.escape(before) + r":? ?€ ?(-?[\d.,]+\d)", text)
    assert found is not None, (before, text)
    digits = found[1]
    if language == "nl":
        digits = digits.replace(".", "").replace(",", ".")
    return Decimal(digits.replace(",", ""))


def check_sums(text: str, language: str, *, earlier: str | None = None) -> None:
    label, others, words, demand, together = WORDS[language]
    earlier = earlier or words
    total = {"nl": "Totaal openstaand", "en": "Total outstanding"}[language]
    block = euros(text, label, language)
    assert block == euros(text, total, language) + NEW_CLAIM == BLOCK
    assert euros(text, f"{together}", language) == DEMAND  # what the demand paragraph asks
    assert others in text and earlier in text and demand in text
    # the note names both figures: the statement's total and the claim now
    assert f"({format_eur(STATEMENT, language)})" in text
    assert f"({format_eur(NEW_CLAIM, language)})" in text


def format_eur(amount: Decimal, language: str) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}" if language == "nl" else f"€{whole}.{cents}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_email_text_and_html_add_up(language: str) -> None:
    message = render(notice(language))
    for body in (message.text, message.html):
        check_sums(plain(re.sub(r"<[^>]+>", " ", body)), language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_letter_pdf_adds_up(language: str) -> None:
    message = render(notice(language, channel=StepChannel.LETTER))
    assert message.letter_pdf is not None
    check_sums(pdf_text(message.letter_pdf), language)


def test_the_qr_code_asks_the_amount_of_the_block() -> None:
    shown = values(notice())
    payment = shown["payment"]
    assert payment is not None and payment.transfer is not None  # type: ignore[attr-defined]
    assert payment.transfer.amount == BLOCK  # type: ignore[attr-defined]
    claim = shown["claim"]
    assert claim is not None and claim.total == "€\xa01.403,84"  # type: ignore[attr-defined]


def test_the_words_follow_the_law_applied_to_the_debtor() -> None:
    """A Belgian business debtor of a Belgian creditor: the Act of 2 August 2002, its
    lump sum and its interest, never Dutch statutory interest."""
    text = plain(render(notice(company=BE_COMPANY)).text)
    assert "de eerder aangerekende vergoeding en interest" in text
    assert "plus de forfaitaire vergoeding en interest die wij nu aanrekenen (€ 193,84)" in text
    assert "ook forfaitaire vergoeding en interest verschuldigd" in text
    assert "De interest volgens de wet van 2 augustus 2002 loopt door" in text
    assert "wettelijke" not in text
    check_sums(text, "nl", earlier="de eerder aangerekende vergoeding en interest")
