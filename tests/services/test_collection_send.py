"""Costs and interest claimed in a sent message stay on every later statement: recorded
when the notice of default is sent, met first by a payment (art. 6:44 BW), and shown
per invoice, with the right total, in the next e-mail and letter (nl and en)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.collection.policy import Channel as StepChannel
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer, Language
from tijdig.engine.message import OpenClaim
from tijdig.engine.model import Decision
from tijdig.engine.preview import preview_proposal
from tijdig.services.bank_import import import_statements
from tijdig.services.bank_matching import match_new
from tijdig.services.collection_send import queue_approved, record_sent
from tijdig.services.companies import add_company
from tijdig.services.dunning import company_state, decide_items
from tijdig.services.imports import with_reference
from tijdig.services.outbox import HandOver, OutgoingMessage
from tijdig.services.preview import preview
from tijdig.services.reports import customer_file, list_invoices
from tijdig.services.sending import send_pending

IBAN = "NL91ABNA0417164300"
PAYER = "NL02ABNA0123456789"
NOTICE_DAY = date(2026, 10, 13)  # invoice A is 43 days overdue: the notice claims on it
NEXT_DAY = date(2026, 11, 24)  # after a partial payment: the next reminder
COSTS, INTEREST = Decimal("150.00"), Decimal("11.96")  # 15 % of 1,000; 43 days at 10.15 %
EXPECTED = {  # what the next message shows for invoice A and as the total
    "nl": ("+ incassokosten, eerder in rekening gebracht € 50,00",
           "+ wettelijke rente, eerder in rekening gebracht € 11,96",
           "Totaal openstaand € 1.311,96", "6:44 BW"),
    "en": ("+ collection costs, charged earlier €50.00",
           "+ statutory interest, charged earlier €11.96",
           "Total outstanding €1,311.96", "article 6:44 of the Dutch Civil Code"),
}  # fmt: skip


@dataclass
class Recorder:
    """A mailer and printer that keeps what it was given."""

    sent: list[OutgoingMessage] = field(default_factory=list)

    def send(self, message: OutgoingMessage, *, hand_over: HandOver) -> None:
        hand_over()
        self.sent.append(message)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text(pdf: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return plain(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def _setup(app: Tijdig, language: str) -> Company:
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),),
                   registration_number="12345678", email="debiteuren@acme.nl",
                   address="Dorpsstraat 1\n3512 AB Utrecht")  # fmt: skip
    company = add_company(app.uow(), acme, validate=False)
    assert company.id is not None
    customer = Customer("C1", "Bakkerij Jansen", language=Language(language),
                        email="ap@jansen.nl", address="Kerkweg 5\n3511 AA Utrecht")  # fmt: skip
    invoices = (("A", "1000.00", date(2026, 8, 1), date(2026, 8, 31)),
                ("B", "60.50", date(2026, 10, 1), date(2026, 11, 15)),
                ("C", "250.00", date(2026, 10, 1), date(2026, 10, 31)))  # fmt: skip
    with app.uow() as uow:
        uow.customers.save_many(company.id, [customer])
        cid = uow.customers.ids_by_number(company.id)["C1"]
        for number, amount, issued, due in invoices:
            invoice = Invoice(number, "C1", issued, due, Decimal(amount))
            uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                             customer_id=cid, fingerprint=number, source="test")  # fmt: skip
        uow.commit()
    return company


def _send_step(app: Tijdig, company: Company, step: str, day: date, tmp: Path) -> Recorder:
    """Propose `step` for the customer's overdue invoices, approve, queue and send it
    the way `tijdig run`, `run approve --all` and `tijdig send` do."""
    assert company.id is not None
    now = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    with app.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=day, customer_number="C1")
        proposal = preview_proposal(customer, state, policies, step, as_of=day)
        uow.runs.supersede_open(company.id, at=now)
        decisions = [(customer.customer.id or 0, Decision("C1", proposal))]
        uow.runs.create(company.id, as_of=day, created_at=now, decisions=decisions)
        uow.commit()
    decide_items(app.uow(), company, None, approve=True, now=now)
    composer = RenderComposer()
    assert queue_approved(app.uow, company, composer, now=now, today=day).queued == 1
    recorder = Recorder()
    report = send_pending(app.uow, recorder, LoggingSms(tmp / "sms.log"), now=now,
                          on_sent=record_sent(day, now), printer=recorder)  # fmt: skip
    assert len(report.sent) == 1
    return recorder


def _pay(app: Tijdig, company: Company, *payments: tuple[str, str, date]) -> None:
    """Bank lines from the customer's account paying invoices by their reference."""
    refs = {i.number: i.payment_reference for i in list_invoices(app.uow(), company)}
    for number, amount, day in payments:
        line = BankTransaction(day, Decimal(amount), "EUR", counterparty_iban=PAYER,
                               structured_reference=refs[number],
                               bank_reference=f"P-{number}")  # fmt: skip
        statement = BankStatement(IBAN, "EUR", f"S-{number}", None, None, None, day, (line,))

        def read(_path: Path, found: BankStatement = statement) -> ImportResult[BankStatement]:
            return ImportResult(items=(found,))

        now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        import_statements(app.uow(), [Path(f"{number}.xml")], read=read, company_hint=None,
                          now=now)  # fmt: skip
        assert match_new(app.uow(), company.id or 0, now=now).matched == 1


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_next_message_lists_the_claims_still_open_per_invoice_and_in_the_total(
    app: Tijdig, language: str, tmp_path: Path
) -> None:
    company = _setup(app, language)
    notice = _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)
    assert notice.sent[0].channel.value == "letter"
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=NOTICE_DAY)
    assert shown.claims == {"A": (COSTS, INTEREST)}

    # B in full (the payer's account is learned), then 100 on A: all of it to the costs.
    _pay(app, company, ("B", "60.50", date(2026, 11, 16)), ("A", "100.00", date(2026, 11, 17)))
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=NEXT_DAY)
    [applied] = [a for a in shown.applied if a.invoice_number == "A"]
    assert (applied.to_costs, applied.to_interest, applied.to_principal) == (
        Decimal("100.00"), Decimal("0.00"), Decimal("0.00"))  # fmt: skip

    # `tijdig preview` of the next step and `tijdig send` show the same statement.
    request, previewed = preview(app.uow, company, RenderComposer(), "C1", "reminder",
                                 as_of=NEXT_DAY)  # fmt: skip
    assert request.claims == (OpenClaim("A", Decimal("50.00"), INTEREST, "EUR"),)
    sent = _send_step(app, company, "reminder", NEXT_DAY, tmp_path).sent[0]
    assert sent.channel.value == "email" and sent.html is not None
    letter = RenderComposer().compose(replace(request, channel=StepChannel.LETTER))
    assert letter.attachments[0].filename == "letter.pdf"
    for text in (previewed.text, sent.text, sent.html, pdf_text(letter.attachments[0].content)):
        flat = plain(re.sub(r"<[^>]+>", " ", text))
        for expected in EXPECTED[language]:
            assert expected in flat, (expected, flat)
    to_pay = {"nl": "Bedrag: € 1.311,96", "en": "Amount: €1,311.96"}[language]
    assert to_pay in plain(sent.text)  # the transfer asks the whole amount owed
