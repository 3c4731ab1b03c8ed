"""Costs and interest claimed in a sent message stay on every later statement: recorded
when the notice of default is sent, met first by a payment (art. 6:44 BW), and shown
per invoice, with the right total, in the next e-mail and letter (nl and en). The
notice's payment block and QR code ask what the statement and the claim add up to, and
paying a one-invoice QR code settles the invoice with its costs and interest exactly."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.fakes_collection import FakeCollectionDatabase
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.render.composer import RenderComposer, context_for
from tijdig.adapters.render.formatting import Formats
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels
from tijdig.adapters.render.values import build_values
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.collection.policy import PolicySet, StepChannel
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer, Language
from tijdig.engine.message import OpenClaim
from tijdig.engine.model import Advice, Proposal
from tijdig.engine.preview import preview_proposal
from tijdig.services.bank.matching import match_new
from tijdig.services.bank.statements import import_statements
from tijdig.services.collection.delivery import send_pending
from tijdig.services.collection.messages import MessageRequest, record_sent
from tijdig.services.collection.preview import preview
from tijdig.services.collection.queue import queue_approved
from tijdig.services.collection.review import decide
from tijdig.services.collection.run import company_state
from tijdig.services.companies.companies import add_company
from tijdig.services.outbox import OutgoingMessage, Release
from tijdig.services.read_models.customer_file import customer_file
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables.imports import with_reference

IBAN = "NL91ABNA0417164300"
PAYER = "NL02ABNA0123456789"
NOTICE_DAY = date(2026, 10, 13)  # invoice A is 43 days overdue: the notice claims on it
NEXT_DAY = date(2026, 11, 24)  # after a partial payment: the next reminder
COSTS, INTEREST = Decimal("150.00"), Decimal("11.96")  # 15 % of 1,000; 43 days at 10.15 %
EXPECTED = {  # what the next message shows for invoice A and as the total
    "nl": ("+ incassokosten, eerder in rekening gebracht € 50,00",
           "+ wettelijke handelsrente, eerder in rekening gebracht € 11,96",
           "Totaal openstaand € 1.311,96", "6:44 BW"),
    "en": ("+ collection costs, charged earlier €50.00",
           "+ statutory commercial interest, charged earlier €11.96",
           "Total outstanding €1,311.96", "article 6:44 of the Dutch Civil Code"),
}  # fmt: skip


@dataclass
class Recorder:
    """A mailer and printer that keeps what it was given."""

    sent: list[OutgoingMessage] = field(default_factory=list)

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        release()
        self.sent.append(message)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text(pdf: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return plain(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def _setup(app: Tijdig | FakeCollectionDatabase, language: str) -> Company:
    """Acme and its customer C1 with invoices A, B and C (on a database or the fakes)."""
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),),
                   registration_number="12345678", email="debiteuren@acme.nl",
                   address="Dorpsstraat 1\n3512 AB Utrecht")  # fmt: skip
    company = add_company(app.uow(), acme, validate=False, actor="test", at=datetime.now(UTC))
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
        _steps_before(uow, company.id, proposal, policies, day)
        uow.runs.supersede_open(company.id, at=now)
        decisions = [(customer.customer.id or 0, Advice("C1", proposal))]
        uow.runs.create(company.id, as_of=day, created_at=now, decisions=decisions)
        uow.commit()
    decide(app.uow(), company, run_id=None, decision="approve", every=True, actor="test", at=now)
    composer = RenderComposer()
    assert queue_approved(app.uow, company, composer, now=now, today=day).queued == 1
    recorder = Recorder()
    report = send_pending(app.uow, recorder, LoggingSms(tmp / "sms.log"), now=now,
                          on_sent=record_sent(today=day, actor="test", at=now),
                          printer=recorder)  # fmt: skip
    assert len(report.sent) == 1
    return recorder


def _steps_before(
    uow: SqlUnitOfWork, company_id: int, proposal: Proposal, policies: PolicySet, day: date
) -> None:
    """Record the policy's earlier steps for each invoice the proposal puts at its step
    and that has not taken them, long enough ago that the step is due on `day` (`tijdig
    send` works every message out again and sends only what is due)."""
    policy = policies.policy(proposal.policy_code)
    keys = [s.key for s in policy.steps]
    before = keys[: keys.index(proposal.step.key)]
    for line in proposal.lines:
        if line.step_key is None:
            continue
        invoice_id = uow.session.scalar(
            select(InvoiceRow.id).where(
                InvoiceRow.company_id == company_id, InvoiceRow.number == line.invoice_number
            )
        )
        taken = set(uow.session.scalars(select(StepTakenRow.step_key).where(
            StepTakenRow.invoice_id == invoice_id)))  # fmt: skip
        uow.session.add_all(
            StepTakenRow(company_id=company_id, invoice_id=invoice_id, step_key=key,
                         channel="email", taken_on=day - timedelta(days=40 - n),
                         deadline=day - timedelta(days=30 - n))
            for n, key in enumerate(before) if key not in taken
        )  # fmt: skip
    uow.session.flush()


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
                          actor="cli:tester", at=now)  # fmt: skip
        assert match_new(app.uow(), company.id or 0, actor="cli:tester", at=now).matched == 1


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


def _shown_values(request: MessageRequest) -> dict[str, Any]:
    """What the renderer shows for the request (the payment block and its EPC transfer)."""
    language = request.customer.language.value
    formats = Formats("en_GB" if language == "en" else "nl_NL")
    return build_values(context_for(request), read_labels(TEMPLATES_DIR, language), formats)


def _euros(text: str, before: str) -> Decimal:
    """The nl amount printed right after `before`: `Bedrag: € 1.865,80` -> 1865.80."""
    found = re.search(re.escape(before) + r":? € (-?[\d.]+,\d\d)", text)
    assert found is not None, (before, text)
    return Decimal(found[1].replace(".", "").replace(",", "."))


def test_the_notice_demands_its_claim_and_its_payment_block_asks_the_statement_plus_it(
    app: Tijdig, tmp_path: Path
) -> None:
    """After the notice on A alone, the notice on A, C and B: the demand is their
    principal with the costs and interest claimed now; the payment block (and its QR)
    asks the statement's total, A's earlier claim included, plus that new claim."""
    company = _setup(app, "nl")
    _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)  # A: 150 + 11.96
    later = date(2026, 11, 24)
    request, letter = preview(app.uow, company, RenderComposer(), "C1", "notice_of_default",
                              as_of=later)  # fmt: skip
    claim = request.proposal.claim
    assert claim is not None and request.claims == (OpenClaim("A", COSTS, INTEREST, "EUR"),)
    new = claim.costs + claim.interest
    principal = Decimal("1310.50")  # A 1,000 + B 60.50 + C 250, all covered
    statement = principal + COSTS + INTEREST
    shown = _shown_values(request)
    assert shown["payment"].transfer.amount == statement + new  # the QR code asks the same
    email = RenderComposer().compose(replace(request, channel=StepChannel.EMAIL))
    assert letter.attachments[0].filename == "letter.pdf"
    for text in (plain(email.text), pdf_text(letter.attachments[0].content)):
        block = _euros(text, "Bedrag (alles op het overzicht)")
        assert _euros(text, "Totaal openstaand") == statement
        assert block == statement + new
        assert _euros(text, "samen") == principal + new  # what the notice demands
        assert "(€ 1.472,46)" in text  # the note names the statement's total
        assert "de eerder in rekening gebrachte kosten en rente" in text


def test_paying_the_qr_of_a_one_invoice_notice_settles_costs_interest_and_principal(
    app: Tijdig, tmp_path: Path
) -> None:
    """The notice on A alone carries A's reference and asks 1,000 + 150 + 11.96 in its
    QR code. That payment, imported and matched as any bank line, goes to the costs,
    then the interest, then the principal (art. 6:44 BW): nothing left, nothing over."""
    company = _setup(app, "nl")
    assert company.id is not None
    request, _ = preview(app.uow, company, RenderComposer(), "C1", "notice_of_default",
                         as_of=NOTICE_DAY)  # fmt: skip
    transfer = _shown_values(request)["payment"].transfer
    reference = {i.number: i.payment_reference for i in list_invoices(app.uow(), company)}["A"]
    assert (transfer.reference, transfer.amount) == (reference, Decimal("1161.96"))
    _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)

    paid_on = date(2026, 10, 20)
    _pay(app, company, ("A", str(transfer.amount), paid_on))  # matched: asserted in _pay
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=paid_on)
    [applied] = [a for a in shown.applied if a.invoice_number == "A"]
    assert (applied.to_costs, applied.to_interest, applied.to_principal) == (
        COSTS, INTEREST, Decimal("1000.00"))  # fmt: skip
    assert applied.amount == transfer.amount
    assert "A" not in {i.number for i in shown.open_invoices}
    assert shown.claims.get("A", (Decimal(0), Decimal(0))) == (Decimal(0), Decimal(0))
    assert shown.unallocated == ()  # no overpayment, no credit waiting for review
    with app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(BankTransactionRow)
                                  .where(BankTransactionRow.status != "matched")) == 0  # fmt: skip
        [state] = uow.run_data.customer_states(company.id, as_of=paid_on)
    assert state.unallocated == () and {i.number for i in state.invoices} == {"B", "C"}
