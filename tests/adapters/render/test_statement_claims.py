"""Costs and interest claimed earlier and still open: under their invoice on the
statement, in its totals and in the amount to pay, in every format and language."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.adapters.render.test_messages import (
    AS_OF,
    BE_COMPANY,
    CREDIT,
    INVOICE,
    SECOND,
    context,
    customer,
    pdf_text,
    plain,
    render,
)
from tijdig.adapters.render.composer import context_for
from tijdig.adapters.render.formatting import Formats
from tijdig.adapters.render.messages import TEMPLATES_DIR, MessageContext, read_labels
from tijdig.adapters.render.values import build_values
from tijdig.adapters.render.view import claimed_views, line_totals
from tijdig.domain.collection.policy import Basis, Policy, Step, StepChannel
from tijdig.domain.parties import CustomerKind
from tijdig.engine.message import OpenClaim, statement_lines
from tijdig.services.collection.messages import MessageRequest

CLAIM = OpenClaim("2026-001", Decimal("50.00"), Decimal("11.96"), "EUR")
LINES = statement_lines([INVOICE, SECOND], [CREDIT], {"2026-001": "s1", "2026-002": "s1"}, AS_OF)
SHOWN = {  # 1,210 + 50 + 11.96 + 500 - 100 (the credit note)
    "nl": ("2026-001", "+ incassokosten, eerder in rekening gebracht € 50,00",
           "+ wettelijke handelsrente, eerder in rekening gebracht € 11,96",
           "Totaal openstaand € 1.671,96", "artikel 6:44 BW"),
    "en": ("2026-001", "+ collection costs, charged earlier €50.00",
           "+ statutory commercial interest, charged earlier €11.96",
           "Total outstanding €1,671.96", "article 6:44 of the Dutch Civil Code"),
}  # fmt: skip


def with_claims(language: str = "nl", **changes: object) -> MessageContext:
    """A reminder with two invoices and a credit note, the first with earlier claims."""
    ctx = context("reminder", language=language, invoices=(INVOICE, SECOND, CREDIT), **changes)
    step = ctx.proposal.step
    proposal = replace(ctx.proposal, lines=LINES, claim=None, announced=None,
                       covered=("2026-001", "2026-002"))  # fmt: skip
    return replace(ctx, proposal=proposal, claims=(CLAIM,),
                   policy=Policy("std", "Standard", (step,), country="NL"))  # fmt: skip


def values(ctx: MessageContext) -> dict[str, object]:
    language = ctx.customer.language.value
    formats = Formats("en_GB" if language == "en" else "nl_NL")
    return build_values(ctx, read_labels(TEMPLATES_DIR, language), formats)


def test_claims_count_only_for_invoices_on_the_statement_and_credit_notes_net() -> None:
    stranger = OpenClaim("X-1", Decimal("40.00"), Decimal("0"), "EUR")
    assert line_totals(LINES, (CLAIM, stranger)) == {"EUR": Decimal("1671.96")}
    assert line_totals(LINES) == {"EUR": Decimal("1610.00")}  # the engine's signed credit


def test_the_view_puts_the_claims_under_their_invoice_and_in_the_totals() -> None:
    shown = values(with_claims())
    lines = shown["lines"]
    assert isinstance(lines, list)
    assert [(c.label, c.amount) for c in lines[0].claimed] == [
        ("incassokosten, eerder in rekening gebracht", "€\xa050,00"),
        ("wettelijke handelsrente, eerder in rekening gebracht", "€\xa011,96"),
    ]
    assert lines[1].claimed == () and lines[2].claimed == ()
    assert shown["total"] == "€\xa01.671,96" and shown["has_claims"] is True
    payment = shown["payment"]
    assert payment is not None and payment.amount == "€\xa01.671,96"  # type: ignore[attr-defined]


def test_without_earlier_claims_nothing_changes() -> None:
    shown = values(replace(with_claims(), claims=()))
    assert shown["has_claims"] is False and shown["total"] == "€\xa01.610,00"
    text = plain(render(replace(with_claims(), claims=())).text)
    assert "eerder in rekening gebracht" not in text and "6:44" not in text


def test_a_part_already_paid_is_left_out_and_the_debtors_law_names_the_rest() -> None:
    laws = read_labels(TEMPLATES_DIR, "nl")["laws"]
    paid_costs = replace(CLAIM, costs=Decimal("0.00"))
    rows = claimed_views(paid_costs, laws["be_consumer"], Formats("nl_BE"))
    assert [(r.label, r.amount) for r in rows] == [
        ("verwijlinterest, eerder aangerekend", "€\xa011,96")
    ]
    rows = claimed_views(paid_costs, laws["be_business"], Formats("nl_BE"))
    assert [r.label for r in rows] == ["interest, eerder aangerekend"]
    assert claimed_views(None, laws["nl_consumer"], Formats("nl_BE")) == ()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_email_text_and_html_show_the_claims_and_the_total(language: str) -> None:
    message = render(with_claims(language))
    for body in (message.text, message.html):
        flat = plain(re.sub(r"<[^>]+>", " ", body))
        for expected in SHOWN[language]:
            assert expected in flat, expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_letter_pdf_shows_the_claims_and_the_total(language: str) -> None:
    message = render(with_claims(language, channel=StepChannel.LETTER))
    assert message.letter_pdf is not None
    text = pdf_text(message.letter_pdf)
    for expected in SHOWN[language]:
        assert expected in text, expected
    amount = {"nl": "Bedrag € 1.671,96", "en": "Amount €1,671.96"}[language]
    assert amount in text


def _under(ctx: MessageContext, country: str, *, consumer: bool = False) -> MessageContext:
    """The same message under the policy of `country` (the law of the claim)."""
    assert ctx.policy is not None
    return replace(ctx, policy=replace(ctx.policy, country=country, consumer=consumer))


def test_a_belgian_debtor_reads_belgian_words_and_no_dutch_article() -> None:
    text = plain(render(_under(with_claims(company=BE_COMPANY), "BE")).text)
    assert "+ forfaitaire vergoeding, eerder aangerekend € 50,00" in text
    assert "+ interest, eerder aangerekend € 11,96" in text
    assert "6:44" not in text and "eerst aan op de kosten" in text


def test_a_belgian_consumer_of_a_dutch_company_reads_the_belgian_wording() -> None:
    consumer = customer(country="BE", kind=CustomerKind.CONSUMER)
    message = render(_under(with_claims(customer=consumer), "BE", consumer=True))
    text = plain(message.text)
    assert "+ schadevergoeding, eerder aangerekend € 50,00" in text
    assert "+ verwijlinterest, eerder aangerekend € 11,96" in text
    assert "6:44" not in text and "incassokosten" not in text
    assert "KvK-nummer 12345678" in message.html  # the company's own registration


def test_the_composer_passes_the_claims_of_the_request_to_the_renderer() -> None:
    ctx = with_claims()
    step = Step(key="s1", basis=Basis.AFTER_DUE, days=7, channel=StepChannel.EMAIL,
                template="reminder")  # fmt: skip
    request = MessageRequest(
        company=ctx.company, customer=ctx.customer, proposal=ctx.proposal,
        policy=Policy("std", "Standard", (step,)), invoices=ctx.invoices, invoice_pdfs={},
        as_of=date(2026, 3, 3), channel=StepChannel.EMAIL, claims=(CLAIM,),
    )  # fmt: skip
    assert context_for(request).claims == (CLAIM,)
