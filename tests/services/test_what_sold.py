"""What was sold reaches a real message, the copy a person opens and the portal's copy:
the invoices of one message, copy or page are read with their lines from the store (on
the fakes; the run's state of the customer is its open invoices, read without lines)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes import FakeInvoiceLookup
from tests.fakes_collection import FakeCollectionDatabase
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.invoice_copy import TypstInvoiceCopies
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import BankAccount, Company, Customer, CustomerKind
from tijdig.engine.model import CustomerState
from tijdig.services import portal
from tijdig.services.collection import invoice_copies
from tijdig.services.collection.preview import preview
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.imports import with_reference

AS_OF = date(2026, 3, 12)
LINES = (
    InvoiceLine("Koffiebonen 1 kg", Decimal("39.90"), Decimal(2), "KGM", Decimal("19.95"),
                vat_category="S", vat_rate=Decimal(6)),
    InvoiceLine("Molen", Decimal("95.00"), Decimal(1), "C62", Decimal("95.00"),
                vat_category="E", vat_rate=Decimal(0)),
)  # fmt: skip
INVOICES = (
    Invoice("F1", "C1", date(2026, 1, 5), date(2026, 2, 4), Decimal("137.29"), lines=LINES),
    Invoice("F2", "C1", date(2026, 1, 20), date(2026, 2, 19), Decimal("60.00"),
            description="Proeverij voor twee personen"),
)  # fmt: skip


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text(pdf: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return plain(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def db() -> FakeCollectionDatabase:
    return FakeCollectionDatabase()


@pytest.fixture
def company(db: FakeCollectionDatabase) -> Company:
    brewery = Company(code="ZWAAN", name="Brouwerij De Zwaan BV", country="BE",
                      registration_number="0403.170.701",
                      bank_accounts=(BankAccount("BE71096123456769"),))  # fmt: skip
    company = add_company(db.uow(), brewery, validate=False, actor="test", at=datetime.now(UTC))
    assert company.id is not None
    customer = Customer("C1", "An Peeters", kind=CustomerKind.CONSUMER, country="BE",
                        email="an@peeters.be", address="Veldstraat 12\n9000 Gent")  # fmt: skip
    with db.uow() as uow:
        uow.customers.save_many(company.id, [customer])
        cid = uow.customers.ids_by_number(company.id)["C1"]
        for invoice in INVOICES:
            uow.invoices.add(
                with_reference(invoice, company), company_id=company.id, customer_id=cid,
                fingerprint=invoice.number, source="test",
            )  # fmt: skip
        uow.commit()
        stored = uow.customers.get(company.id, "C1")
        assert stored is not None
        open_items = uow.invoices.search(company.id, customer_id=cid, open_only=True)
    db.set_states(company.id, [CustomerState(stored, tuple(open_items))])
    return company


def test_the_be_first_reminder_reads_the_lines_and_names_what_was_sold(
    db: FakeCollectionDatabase, company: Company
) -> None:
    request, message = preview(db.uow, company, RenderComposer(), "C1", "first_reminder",
                               as_of=AS_OF)  # fmt: skip
    assert {i.number: i.lines for i in request.invoices} == {"F1": LINES, "F2": ()}
    text = plain(message.text)
    assert "F1 voor 2 × Koffiebonen 1 kg, 1 × Molen, vervaldatum" in text
    assert "F2 voor Proeverij voor twee personen, vervaldatum" in text
    letter = RenderComposer().compose(replace(request, channel=StepChannel.LETTER))
    assert "F1 voor 2 × Koffiebonen 1 kg, 1 × Molen" in pdf_text(letter.attachments[0].content)
    [copy] = [a for a in message.attachments if a.filename.endswith("F1.pdf")]
    assert "Koffiebonen 1 kg" in pdf_text(copy.content)
    assert "vrijgesteld van btw" in pdf_text(copy.content)


def test_the_copy_a_person_opens_and_the_portals_copy_carry_the_lines(
    db: FakeCollectionDatabase, company: Company
) -> None:
    copy = invoice_copies.invoice_copy(db.uow(), FakeInvoiceLookup(db.uow), TypstInvoiceCopies(),
                                       company, "C1", "F1")  # fmt: skip
    assert not copy.stored and copy.invoice.lines == LINES
    assert "Molen" in pdf_text(copy.content)
    assert company.id is not None
    with db.uow() as uow:
        customer = uow.customers.get(company.id, "C1")
    assert customer is not None and customer.id is not None and copy.invoice.id is not None
    invoice, stored = portal.open_invoice(db.uow(), company.id, customer.id, copy.invoice.id)
    assert stored is None and invoice.lines == LINES
