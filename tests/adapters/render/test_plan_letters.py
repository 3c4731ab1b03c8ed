"""The plan letter renderer: what it states is the letter rule checker's
(test_plan_letter_rules.py); here, that data stays data (a hostile name prints as
written in the HTML and the PDF) and what each part of the message carries."""

from __future__ import annotations

from dataclasses import replace

from tests.adapters.render.letter_cases import NL_BUSINESS, NL_COMPANY
from tests.adapters.render.test_letter_rules import pdf_text
from tests.adapters.render.test_plan_letter_rules import PLAN_CASES, letter_of
from tijdig.adapters.render.plan_letters import PlanLetterRenderer
from tijdig.domain.parties import Company

RENDERER = PlanLetterRenderer()
HOSTILE = '<script>alert(1)</script> #set text(red) "Jansen" & Zn.'


def test_a_hostile_name_is_shown_as_written() -> None:
    customer = replace(NL_BUSINESS, name=HOSTILE)
    company = replace(NL_COMPANY, name=HOSTILE)
    rendered = RENDERER.render(letter_of(PLAN_CASES[0], "confirmation"), company=company,
                               customer=customer)  # fmt: skip
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; #set text(red) &#34;Jansen&#34; &amp; Zn." in (
        rendered.html)  # fmt: skip
    assert pdf_text(rendered.pdf).count(HOSTILE) >= 3  # sender, recipient, regards


def test_the_email_carries_the_text_the_html_and_the_letter_as_a_file() -> None:
    case = PLAN_CASES[0]
    rendered = RENDERER.render(letter_of(case, "missed"), company=case.company,
                               customer=case.customer)  # fmt: skip
    assert rendered.subject == (
        "Herinnering: termijn 1 van uw betalingsregeling 3900000000000003 is niet betaald"
    )
    assert rendered.filename == "betalingsregeling-3900000000000003.pdf"
    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.text.startswith("Geachte heer, mevrouw,\n\nVolgens de betalingsregeling")
    assert "1            1 mei 2026     € 500,00  3900 0000 0000 0003" in rendered.text.replace(
        "\xa0", " ")  # fmt: skip
    assert rendered.text.rstrip().endswith("KvK-nummer 12345678 · Btw-nummer NL001234567B01")
    assert rendered.html.count("<table") == 3  # what it covers, the schedule, how to pay
    assert "Met vriendelijke groet,<br>Acme Groothandel B.V." in rendered.html


def test_a_company_without_a_bank_account_gets_no_payment_block() -> None:
    case = PLAN_CASES[0]
    company = Company(code="X", name="Zonder Rekening B.V.", address="Laan 1\n1000 AA Amsterdam")
    rendered = RENDERER.render(letter_of(case, "confirmation"), company=company,
                               customer=case.customer)  # fmt: skip
    assert "Zo betaalt u" not in rendered.text and "IBAN" not in pdf_text(rendered.pdf)
    assert "3900 0000 0000 0003" in rendered.text  # the references stay: the plan's own
