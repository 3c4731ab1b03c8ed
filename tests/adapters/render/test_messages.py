"""Rendering proposals into e-mails, letters and SMS texts, in Dutch and English."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import segno
from segno import helpers

from tijdig.adapters.render.epc import epc_payload, epc_png, epc_transfer
from tijdig.adapters.render.formatting import Formats, format_payment_reference, locale_for
from tijdig.adapters.render.messages import (
    QR_CONTENT_ID,
    TEMPLATES,
    TEMPLATES_DIR,
    MessageContext,
    MessageRenderer,
    RenderedMessage,
    read_labels,
)  # fmt: skip
from tijdig.adapters.render.values import build_values
from tijdig.domain.collection.policy import Basis, Policy, Step, StepChannel
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import BankAccount, Company, Customer, CustomerKind, Language
from tijdig.engine.model import (
    Claim,
    CostsLine,
    InterestLine,
    InvoiceStage,
    Proposal,
    RatePeriod,
)

AS_OF = date(2026, 3, 3)
IBAN = "NL91 ABNA 0417 1643 00"
KENMERK = "5000056789012345"
COMPANY = Company(
    code="acme", name="Acme Groothandel B.V.", registration_number="12345678",
    vat_id="NL001234567B01", bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Dorpsstraat 1\n3512 AB Utrecht", email="debiteuren@acme.example",
)  # fmt: skip
BE_COMPANY = replace(COMPANY, country="BE", registration_number="0403.170.701",
                     bank_accounts=(BankAccount("BE71096123456769"),))  # fmt: skip
INVOICE = Invoice(
    number="2026-001", customer_number="C1", issue_date=date(2026, 1, 5),
    due_date=date(2026, 2, 4), total=Decimal("1210.00"), net_amount=Decimal("1000.00"),
    payment_reference=KENMERK,
)  # fmt: skip
SECOND = Invoice(number="2026-002", customer_number="C1", issue_date=date(2026, 1, 20),
                 due_date=date(2026, 2, 19), total=Decimal("500.00"))  # fmt: skip
CREDIT = Invoice(number="CN-7", customer_number="C1", issue_date=date(2026, 1, 25),
                 due_date=date(2026, 1, 25), total=Decimal("100.00"),
                 kind=InvoiceKind.CREDIT_NOTE)  # fmt: skip
# fr: a Dutch customer reading French reads fr_FR (`plain` makes its spaces plain)
AMOUNT = {"nl": "€ 1.210,00", "en": "€1,210.00", "fr": "1 210,00 €"}
SAFE_WORDING = "binnen veertien dagen na de dag waarop u deze brief heeft ontvangen"
RENDERER = MessageRenderer()
CLAUSE = DamagesClause("artikel 7 van onze algemene voorwaarden",
                       "Bij niet-betaling op de vervaldag is de klant van rechtswege ...",
                       interest_rate=Decimal(8), damages_percent=Decimal(10))  # fmt: skip


def customer(language: str = "nl", **changes: object) -> Customer:
    base = Customer(number="C1", name="Bakkerij de Vries", language=Language(language),
                    address="Kerkweg 5\n3511 AA Utrecht")  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def stage(invoice: Invoice, step_key: str | None = "s1") -> InvoiceStage:
    kind = invoice.kind.value
    return InvoiceStage(invoice.number, kind, None if invoice.is_credit else step_key,
                        invoice.due_date, invoice.outstanding, invoice.currency,
                        invoice.days_overdue(AS_OF))  # fmt: skip


def context(
    template: str, *, language: str = "nl", channel: StepChannel = StepChannel.EMAIL,
    invoices: tuple[Invoice, ...] = (INVOICE,), **changes: object,
) -> MessageContext:  # fmt: skip
    step = Step(key="s1", basis=Basis.AFTER_DUE, days=7, channel=channel, template=template)
    proposal = Proposal(
        customer_number="C1", step=step, policy_code="std",
        lines=tuple(stage(i) for i in invoices), reasons=("14 days overdue",),
        covered=tuple(i.number for i in invoices if not i.is_credit),
        claim=Claim(costs=Decimal("181.50"), interest=Decimal("12.34"),
                    explanation=("15 % of the principal (Besluit BIK)",), law="NL",
                    costs_lines=(CostsLine(("2026-001",), Decimal("1210.00"),
                                           Decimal("181.50"), Decimal("181.50")),),
                    interest_lines=(InterestLine(
                        "2026-001", Decimal("1210.00"), date(2026, 2, 5), date(2026, 3, 3),
                        Decimal("12.34"), (RatePeriod(date(2026, 2, 5), date(2026, 3, 3),
                                                      Decimal("10.15")),)),)),
        announced=Claim(costs=Decimal("75.00"), interest=Decimal("3.10"),
                        costs_from=date(2026, 3, 20)),
    )  # fmt: skip
    base = MessageContext(COMPANY, customer(language), proposal, invoices, {}, AS_OF,
                          portal_url="https://portal.example/p/abc")  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text(pdf: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return plain(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def render(ctx: MessageContext) -> RenderedMessage:
    return RENDERER.render(ctx)


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_renders_the_invoice_amount_iban_reference_and_copy(
    template: str, language: str
) -> None:
    message = render(context(template, language=language))
    text, html = plain(message.text), plain(message.html)
    assert message.subject and message.language == language
    for body in (text, html):
        assert "2026-001" in body and AMOUNT[language] in body
    copies = [a for a in message.attachments if a.mime_type == "application/pdf"]
    assert len(copies) == 1 and copies[0].content.startswith(b"%PDF")
    if template == "hand_over":  # internal: no payment block, no letter
        assert message.letter_pdf is None and "Bakkerij de Vries" in text
        return
    for body in (text, html):
        assert IBAN in body and "5000 0567 8901 2345" in body
    (qr,) = [a for a in message.attachments if a.content_id == QR_CONTENT_ID]
    assert qr.content.startswith(b"\x89PNG") and f'src="cid:{QR_CONTENT_ID}"' in html


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
@pytest.mark.parametrize("template", [t for t in TEMPLATES if t != "hand_over"])
def test_every_letter_is_a_pdf_with_the_key_texts(template: str, language: str) -> None:
    message = render(context(template, language=language, channel=StepChannel.LETTER))
    assert message.letter_pdf is not None and message.letter_pdf.startswith(b"%PDF")
    assert all(a.mime_type == "application/pdf" for a in message.attachments)
    text = pdf_text(message.letter_pdf)
    for key in ("2026-001", AMOUNT[language], IBAN, "5000 0567 8901 2345", "Bakkerij de Vries"):
        assert key in text
    assert plain(message.subject) in text


def test_an_invoice_copy_from_data_shows_seller_buyer_amounts_and_reference() -> None:
    (copy,) = [a for a in render(context("reminder")).attachments if a.filename.endswith(".pdf")]
    text = pdf_text(copy.content)
    assert copy.filename == "factuur-2026-001.pdf"
    for key in ("Kopie factuur", "Acme Groothandel B.V.", "Bakkerij de Vries", "2026-001",
                "€ 1.000,00", "€ 210,00", "€ 1.210,00", "5000 0567 8901 2345", IBAN):  # fmt: skip
        assert key in text


def test_a_stored_invoice_pdf_is_attached_as_it_was() -> None:
    stored = b"%PDF-1.7 original"
    message = render(context("reminder", invoice_pdfs={"2026-001": stored}))
    assert [a.content for a in message.attachments if a.mime_type == "application/pdf"] == [stored]


def test_an_invoice_without_data_or_pdf_is_refused() -> None:
    with pytest.raises(RuleViolation, match="no copy of invoice 2026-001"):
        render(replace(context("reminder"), invoices=()))


def test_the_14_day_letter_states_the_safe_wording_exact_costs_and_date() -> None:
    message = render(context("nl_14_day_letter", channel=StepChannel.LETTER))
    assert message.letter_pdf is not None
    for body in (plain(message.text), plain(message.html), pdf_text(message.letter_pdf)):
        assert SAFE_WORDING in body
        assert "incassokosten verschuldigd van € 75,00" in body
        assert "vanaf 20 maart 2026" in body
    english = plain(render(context("nl_14_day_letter", language="en")).text)
    assert SAFE_WORDING in english and "collection costs of €75.00" in english


def test_a_legal_letter_lists_exactly_the_covered_invoices() -> None:
    ctx = context("notice_of_default", invoices=(INVOICE, SECOND))
    ctx = replace(ctx, proposal=replace(ctx.proposal, covered=("2026-002",)))
    message = render(ctx)
    intro = message.text.split("\n\n")[1:3]
    assert "2026-002" in " ".join(intro) and "2026-001" not in " ".join(intro)
    assert message.subject == "Ingebrekestelling: factuur 2026-002"
    text = plain(message.text)
    assert "Incassokosten € 181,50" in text
    assert "15 % of the principal" not in text  # the engine's English note: never shown
    assert (
        "Factuur 2026-001: incassokosten (art. 6:96 BW; Besluit vergoeding voor "
        "buitengerechtelijke incassokosten) over € 1.210,00: € 181,50"
    ) in text
    assert (
        "Factuur 2026-001: wettelijke handelsrente (art. 6:119a BW) over € 1.210,00 van "
        "5 februari 2026 tot en met 3 maart 2026: € 12,34 (10,15% per jaar)"
    ) in text
    english = plain(render(replace(ctx, customer=customer("en"))).text)
    assert (
        "Invoice 2026-001: statutory commercial interest (article 6:119a of the Dutch "
        "Civil Code) on €1,210.00 from 5 February 2026 to 3 March 2026 inclusive: €12.34 "
        "(10.15% a year)"
    ) in english


def test_a_legal_letter_without_its_figures_is_refused() -> None:
    ctx = context("nl_14_day_letter")
    with pytest.raises(RuleViolation, match="exact costs"):
        render(replace(ctx, proposal=replace(ctx.proposal, announced=None, claim=None)))
    with pytest.raises(RuleViolation, match="covered"):
        render(replace(ctx, proposal=replace(ctx.proposal, covered=())))


def test_the_be_first_reminder_has_every_mandatory_item() -> None:
    be_customer = customer(country="BE", kind=CustomerKind.CONSUMER)
    ctx = context("be_first_reminder", channel=StepChannel.LETTER, company=BE_COMPANY,
                  customer=be_customer, descriptions={"2026-001": "een keukentafel"})  # fmt: skip
    announced = replace(ctx.proposal.announced, law="BE", consumer=True, clause=CLAUSE)
    ctx = replace(ctx, proposal=replace(ctx.proposal, announced=announced))
    message = render(ctx)
    assert message.letter_pdf is not None
    for body in (plain(message.text), pdf_text(message.letter_pdf)):
        assert "openstaande saldo bedraagt € 1.210,00" in body  # the balance
        assert (
            "vanaf 20 maart 2026 een schadevergoeding van € 75,00 en verwijlinterest van "
            "8% per jaar op het openstaande saldo tot de dag van betaling verschuldigd, "
            "volgens artikel 7 van onze algemene voorwaarden"
        ) in body  # what applies
        assert "‘Bij niet-betaling op de vervaldag" in body  # the clause cited
        assert "Acme Groothandel B.V., ondernemingsnummer 0403.170.701" in body
        assert "een keukentafel" in body  # what was sold
        assert "vervaldatum 4 feb 2026" in body  # the due date
        assert "veertien kalenderdagen" in body and "vanaf 20 maart 2026" in body
        assert "kosteloos" in body
    with pytest.raises(RuleViolation, match="registration number"):
        render(replace(ctx, company=replace(BE_COMPANY, registration_number=None)))


def test_html_escapes_the_customer_and_recipient_names() -> None:
    ctx = context("reminder", customer=customer(name="<script>alert(1)</script> & Zn"),
                  recipient_name="<b>Jan</b>")  # fmt: skip
    message = render(ctx)
    assert "<script>" not in message.html and "<b>Jan" not in message.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn" in message.html
    assert "Beste &lt;b&gt;Jan&lt;/b&gt;," in message.html
    assert "Beste <b>Jan</b>," in message.text  # plain text is not escaped


def test_a_second_reminder_looks_escalated_and_a_first_does_not() -> None:
    first_step = Step(key="s1", basis=Basis.AFTER_DUE, days=7, channel=StepChannel.LETTER,
                      template="reminder")  # fmt: skip
    second_step = replace(first_step, key="s2", basis=Basis.AFTER_PREVIOUS, days=10)
    policy = Policy(code="std", name="Standard", steps=(first_step, second_step))
    first = context("reminder", channel=StepChannel.LETTER, policy=policy)
    second = replace(first, proposal=replace(first.proposal, step=second_step))
    one, two = render(first), render(second)
    assert "escalation" not in one.html and 'class="escalation level-2"' in two.html
    assert two.subject.startswith("Tweede herinnering") and one.subject.startswith("Herinnering")
    assert "*** TWEEDE HERINNERING ***" in two.text
    assert one.letter_pdf and two.letter_pdf
    assert "TWEEDE HERINNERING" in pdf_text(two.letter_pdf)
    assert "TWEEDE HERINNERING" not in pdf_text(one.letter_pdf)
    assert "13 maart 2026" in one.text  # pay within the next step's 10 days


def test_the_statement_nets_credit_notes_and_totals_per_currency() -> None:
    dollars = replace(SECOND, number="US-9", currency="USD")
    message = render(context("reminder", invoices=(INVOICE, SECOND, CREDIT, dollars)))
    text = plain(message.text)
    assert "CN-7" in text and "€ -100,00" in text and "creditnota" in text
    assert "Totaal openstaand EUR € 1.610,00" in text and "Totaal openstaand USD US$ 500,00" in text
    assert "Creditnota's zijn verrekend" in text
    assert not any(a.content_id for a in message.attachments)  # two currencies: no QR
    assert len(message.attachments) == 4  # a copy of each line


def test_several_invoices_pay_by_total_with_a_text_not_one_reference() -> None:
    message = render(context("reminder", invoices=(INVOICE, SECOND)))
    text = plain(message.text)
    # 1,210 + 500, plus the costs 181.50 and interest 12.34 the fixture's message claims:
    # the transfer asks everything the message demands, not the principal only.
    assert "Bedrag: € 1.903,84" in text and "Omschrijving: Klant C1: 2026-001, 2026-002" in text
    assert "Betalingskenmerk:" not in text
    assert any(a.content_id == QR_CONTENT_ID for a in message.attachments)


@pytest.mark.parametrize("channel", [StepChannel.EMAIL, StepChannel.LETTER])
def test_the_notice_of_default_asks_the_total_it_demands_in_its_payment_block_and_qr(
    channel: StepChannel,
) -> None:
    """The letter demands principal, costs and interest (1,210 + 181.50 + 12.34); a
    transfer of the principal only would leave part open (art. 6:44 BW: costs first)."""
    ctx = context("notice_of_default", channel=channel)
    shown = build_values(ctx, read_labels(TEMPLATES_DIR, "nl"), Formats("nl_NL"))
    payment = shown["payment"]
    assert payment is not None and payment.transfer is not None
    assert payment.amount == "€\xa01.403,84" and payment.transfer.amount == Decimal("1403.84")
    assert shown["claim"] is not None and shown["claim"].total == payment.amount
    message = render(ctx)
    assert "samen € 1.403,84" in plain(message.text)
    assert "Bedrag: € 1.403,84" in plain(message.text)
    if message.letter_pdf is not None:
        assert "Bedrag € 1.403,84" in pdf_text(message.letter_pdf)


def test_a_14_day_letter_asks_the_principal_only_the_costs_are_not_owed_yet() -> None:
    ctx = context("nl_14_day_letter")
    shown = build_values(ctx, read_labels(TEMPLATES_DIR, "nl"), Formats("nl_NL"))
    payment = shown["payment"]
    assert payment is not None and payment.transfer is not None
    assert payment.transfer.amount == Decimal("1210.00")


def test_before_the_due_date_the_reminder_is_friendly() -> None:
    message = render(context("reminder_friendly", language="en"))
    assert "falls due on 4 February 2026" in message.text
    assert "escalation" not in message.html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "hand the claim over to a collection agency"),
        ("nl", "dragen wij de vordering over aan een incassobureau"),
        ("fr", "nous confierons la créance à une agence de recouvrement"),
    ],
)
@pytest.mark.parametrize("template", ["reminder_friendly", "reminder"])
def test_a_plain_reminder_names_the_agency_only_when_the_ladder_says_so(
    template: str, language: str, words: str
) -> None:
    ctx = context(template, language=language)
    named = replace(ctx, proposal=replace(ctx.proposal, names_agency=True))
    assert words in plain(render(named).text)
    assert words not in plain(render(ctx).text)


def test_an_sms_is_a_short_text_and_a_call_is_not_rendered() -> None:
    message = render(context("reminder", channel=StepChannel.SMS))
    assert message.html == "" and message.attachments == () and message.letter_pdf is None
    assert "2026-001" in message.text and IBAN in message.text and len(message.text) < 320
    with pytest.raises(RuleViolation, match="call"):
        render(context("reminder", channel=StepChannel.CALL))


def test_hand_over_is_an_internal_summary_never_a_letter() -> None:
    message = render(context("hand_over", channel=StepChannel.LETTER))
    assert message.letter_pdf is None and "14 days overdue" in message.text
    assert "Intern overzicht" in message.text and message.html.startswith("<pre>")


def test_the_epc_payload_follows_epc069_12() -> None:
    transfer = epc_transfer(name="Acme Groothandel B.V.", iban="NL91 ABNA 0417 1643 00",
                            amount=Decimal("1210.00"), reference="RF18 5390 0754 7034",
                            bic="ABNANL2A")  # fmt: skip
    assert epc_payload(transfer) == (
        "BCD\n002\n1\nSCT\nABNANL2A\nAcme Groothandel B.V.\nNL91ABNA0417164300\n"
        "EUR1210\n\nRF18539007547034"
    )
    unstructured = epc_transfer(name="X" * 80, iban="NL91ABNA0417164300",
                                amount=Decimal("12.5"), text="Klant C1: 2026-001")  # fmt: skip
    assert epc_payload(unstructured) == (
        f"BCD\n002\n1\nSCT\n\n{'X' * 70}\nNL91ABNA0417164300\nEUR12.5\n\n\nKlant C1: 2026-001"
    )
    ours = segno.make_qr(epc_payload(transfer).encode(), error="m", boost_error=False)
    theirs = helpers.make_epc_qr("Acme Groothandel B.V.", "NL91ABNA0417164300",
                                 Decimal("1210.00"), reference="RF18539007547034",
                                 bic="ABNANL2A", encoding=1)  # fmt: skip
    assert ours.matrix == theirs.matrix and epc_png(transfer).startswith(b"\x89PNG")


@pytest.mark.parametrize("amount", ["0.00", "1000000000.00"])
def test_the_epc_amount_must_lie_within_the_standard(amount: str) -> None:
    with pytest.raises(InvalidValue):
        epc_transfer(name="Acme", iban="NL91ABNA0417164300", amount=Decimal(amount), text="x")


@pytest.mark.parametrize(
    ("reference", "country", "printed"),
    [
        (KENMERK, "NL", "5000 0567 8901 2345"),
        ("010806817183", "BE", "+++010/8068/17183+++"),
        ("RF18539007547034", "NL", "RF18 5390 0754 7034"),
    ],
)
def test_payment_references_are_printed_grouped(reference: str, country: str, printed: str) -> None:
    assert format_payment_reference(reference, country=country) == printed


def test_belgian_dutch_speakers_get_nl_be_and_english_speakers_en_gb() -> None:
    assert locale_for(customer(country="BE")) == "nl_BE"
    assert locale_for(customer()) == "nl_NL"
    assert locale_for(customer("en", country="BE")) == "en_GB"


@pytest.mark.parametrize(
    ("policy_code", "language", "follows", "not_said"),
    [
        ("nl_business", "nl", "dan volgt een aanmaning", "laatste herinnering"),
        ("nl_consumer", "nl", "dan volgt een laatste herinnering, waarin wij de incassokosten",
         "aanmaning"),
        ("nl_consumer", "en", "a final reminder stating the collection costs", "formal demand"),
        ("be_business", "nl", "dan volgt een aanmaning", "laatste herinnering"),
    ],
)  # fmt: skip
def test_a_reminder_names_the_policys_real_next_step(
    policy_code: str, language: str, follows: str, not_said: str
) -> None:
    """The NL consumer's next step after the reminder is the 14-day letter, not an
    aanmaning: the reminder reads it from the policy."""
    from tijdig.domain.collection.policy_toml import default_policy_set

    policy = default_policy_set().policy(policy_code)
    step = policy.steps[policy.index_of("reminder")]
    ctx = context("reminder", language=language, policy=policy)
    ctx = replace(ctx, proposal=replace(ctx.proposal, step=step, policy_code=policy_code))
    text = plain(render(ctx).text)
    assert follows in text
    assert not_said not in text


def _vat(claim: Claim) -> Claim:
    lines = tuple(replace(line, vat_rate=Decimal(21)) for line in claim.costs_lines)
    return replace(claim, costs_lines=lines or (CostsLine(("2026-001",), Decimal("500.00"),
                   claim.costs, claim.costs, vat_rate=Decimal(21)),))  # fmt: skip


@pytest.mark.parametrize("language", ["nl", "en"])
def test_costs_raised_by_vat_say_so(language: str) -> None:
    """The creditor cannot deduct VAT: the costs are raised by 21 % and the letter says
    why (Besluit BIK art. 2 lid 3)."""
    ctx = context("notice_of_default", language=language, channel=StepChannel.LETTER)
    ctx = replace(ctx, proposal=replace(ctx.proposal, claim=_vat(ctx.proposal.claim)))  # type: ignore[arg-type]
    message = render(ctx)
    assert message.letter_pdf is not None
    said = {"nl": ("inclusief 21% btw", "Wij kunnen de btw op de incassokosten niet verrekenen; "
                   "daarom zijn de incassokosten verhoogd met 21% btw"),
            "en": ("including 21% VAT", "We cannot deduct the VAT on the collection costs; the "
                   "collection costs are therefore increased by 21% VAT")}[language]  # fmt: skip
    for body in (plain(message.text), pdf_text(message.letter_pdf)):
        assert all(words in body for words in said), body
    letter = context("nl_14_day_letter", language=language)
    announced = _vat(letter.proposal.announced)  # type: ignore[arg-type]
    letter = replace(letter, proposal=replace(letter.proposal, announced=announced))
    text = plain(render(letter).text)
    assert {"nl": "€ 75,00, inclusief btw", "en": "€75.00, VAT included"}[language] in text
    assert said[1] in text
    assert "verhoogd" not in plain(render(context("nl_14_day_letter")).text)  # none without


def test_a_dutch_companys_be_first_reminder_gives_its_kvk_number() -> None:
    be_customer = customer(country="BE", kind=CustomerKind.CONSUMER)
    ctx = context("be_first_reminder", customer=be_customer)
    text = plain(render(ctx).text)
    assert "Schuldeiser: Acme Groothandel B.V., KvK-nummer 12345678." in text
    assert "ondernemingsnummer" not in text


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_without_a_clause_a_be_first_reminder_announces_no_damages(language: str) -> None:
    be_customer = customer(language, country="BE", kind=CustomerKind.CONSUMER)
    ctx = context("be_first_reminder", language=language, company=BE_COMPANY,
                  customer=be_customer)  # fmt: skip
    announced = Claim(costs_from=date(2026, 3, 20), law="BE", consumer=True)
    ctx = replace(ctx, proposal=replace(ctx.proposal, announced=announced, claim=None))
    text = plain(render(ctx).text)
    assert {
        "nl": "Wij rekenen u geen schadevergoeding en geen interest aan.",
        "en": "We will charge you no damages and no interest.",
        "fr": "Nous ne vous réclamerons ni indemnité ni intérêts.",
    }[language] in text
    assert "€ 0,00" not in text and "€0.00" not in text
