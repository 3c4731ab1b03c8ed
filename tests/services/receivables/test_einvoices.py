"""Booking UBL e-invoices from the corpus: every file on the fake database
(tests/fakes.py), and a few end to end on SQLite and PostgreSQL at the end."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import CORPUS
from tests.fakes import FakeDatabase
from tests.services.receivables.conftest import ACTOR, AT, Store, snapshot
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.importers import ubl
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import Severity
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import list_companies, resolve_company
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables import einvoices
from tijdig.services.receivables.imports import ImportSummary

# The file names are known at collection time; the corpus fixture skips when it is absent.
UBL_FILES = sorted(p.name for p in (CORPUS / "ubl").glob("*.xml")) or ["(corpus absent)"]
# Booked end to end in real tables too: many lines, an embedded PDF, a Belgian credit note.
END_TO_END = ["cen_ubl-tc434-example1.xml", "cen_ubl-tc434-example2.xml",
              "cen_ubl-tc434-creditnote1.xml"]  # fmt: skip


def _ubl_expectations(corpus: Path) -> list[dict[str, Any]]:
    files = json.loads((corpus / "expected.json").read_text())["files"]
    return [f for f in files if f["file"].startswith("ubl/")]


def _expected(corpus: Path, name: str) -> dict[str, Any]:
    return next(e for e in _ubl_expectations(corpus) if e["file"] == f"ubl/{name}")


def _book(store: Store, *paths: Path, hint: str | None = None) -> ImportSummary:
    read = store.read_einvoice if isinstance(store, Tijdig) else ubl.extract
    return einvoices.import_einvoices(
        store.uow(), list(paths), read=read, actor=ACTOR, at=AT, company_hint=hint
    )


def test_the_corpus_has_every_ubl_file(corpus: Path) -> None:
    assert len(_ubl_expectations(corpus)) == 31


@pytest.mark.parametrize("name", UBL_FILES)
def test_a_corpus_file_books_into_a_fresh_database_with_the_expected_values(
    corpus: Path, db: FakeDatabase, name: str
) -> None:
    expected = _expected(corpus, name)
    summary = _book(db, corpus / "ubl" / name)
    assert summary.added == 1
    assert any("created company" in note for note in summary.notes)
    _assert_booked(db, expected)


def _assert_booked(store: Store, expected: dict[str, Any]) -> None:
    company = resolve_company(store.uow(), None)
    if expected["seller_vat_id"]:
        assert company.vat_id == expected["seller_vat_id"]
    [invoice] = list_invoices(store.uow(), company)
    payable = Decimal(expected["payable_amount"])
    negative = payable < 0 or (Decimal(expected["tax_inclusive_amount"]) < 0)
    credit = (expected["document"] == "CreditNote") != negative
    assert invoice.kind is (InvoiceKind.CREDIT_NOTE if credit else InvoiceKind.INVOICE)
    assert invoice.number == expected["invoice_id"]
    assert invoice.outstanding == abs(payable)
    assert invoice.currency == expected["currency"]
    assert invoice.issue_date == date.fromisoformat(expected["issue_date"])
    due = expected["due_date"]
    term = timedelta(days=company.payment_term_days)
    assert invoice.due_date == (date.fromisoformat(due) if due else invoice.issue_date + term)
    assert invoice.payment_reference  # a structured one, made when the file had none
    assert invoice.free_reference == expected["payment_id"]
    with store.uow() as uow:
        [customer] = uow.customers.all(company.id or 0)
        lines = uow.invoices.lines([invoice.id or 0]).get(invoice.id or 0, ())
    assert customer.name == expected["buyer_name"]
    assert len(lines) == expected["lines"] and all(line.name for line in lines)


def test_the_same_file_twice_books_once(corpus: Path, db: FakeDatabase) -> None:
    path = corpus / "ubl" / "cen_ubl-tc434-example1.xml"
    assert _book(db, path).added == 1
    again = _book(db, path)
    assert again.added == 0
    assert again.files_skipped == [str(path)]
    assert len(list_invoices(db.uow(), resolve_company(db.uow(), None))) == 1
    entries = [(e.action, e.actor, e.customer_id, e.subject) for e in db.audit_entries]
    # The seller became a company (audited as such), the invoice was booked for one
    # customer, and the repeat wrote nothing.
    [(added, by, no_customer, _), (action, actor, customer_id, subject)] = entries
    assert (added, by, no_customer) == ("company.add", ACTOR, None)
    assert (action, actor, subject) == ("einvoices.import", ACTOR, "invoices 12115118")
    assert customer_id is not None


def test_a_file_named_twice_in_one_import_books_once(corpus: Path, db: FakeDatabase) -> None:
    path = corpus / "ubl" / "cen_ubl-tc434-example1.xml"
    summary = _book(db, path, path)
    assert (summary.added, summary.files_skipped) == (1, [str(path)])


def test_a_different_document_with_the_same_identity_is_refused(
    corpus: Path, db: FakeDatabase
) -> None:
    base = corpus / "ubl" / "si_SI-UBL-2.0_ok_base.xml"
    other = corpus / "ubl" / "si_SI-UBL-2.0_ok_minimal.xml"  # same seller and number
    _book(db, base)
    with pytest.raises(ImportRefused) as refused:
        _book(db, other)
    assert "exists already with other contents" in str(refused.value)
    [invoice] = list_invoices(db.uow(), resolve_company(db.uow(), None))
    assert invoice.outstanding == Decimal("227.00")
    # With a new file in the same set: that one is not booked either, nor its seller.
    before = db.snapshot()[0]
    with pytest.raises(ImportRefused):
        _book(db, corpus / "ubl" / "cen_ubl-tc434-example1.xml", other)
    assert db.snapshot()[0] == before


def test_a_refused_set_books_nothing_at_all(corpus: Path, db: FakeDatabase, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Invoice><not-closed></Invoice>")
    with pytest.raises(ImportRefused) as refused:
        _book(db, corpus / "ubl" / "cen_ubl-tc434-example1.xml", broken)
    assert "broken.xml" in str(refused.value.issues[0])
    assert list_companies(db.uow()) == []
    assert db.audit_entries == []


def test_an_embedded_pdf_becomes_the_invoice_copy(corpus: Path, db: FakeDatabase) -> None:
    path = corpus / "ubl" / "cen_ubl-tc434-example2.xml"
    _book(db, path)
    [invoice] = list_invoices(db.uow(), resolve_company(db.uow(), None))
    with db.uow() as uow:
        copies = uow.invoices.copies([invoice.id or 0])
    [document] = ubl.extract(path).items
    assert document.invoice_copy is not None
    assert copies == {invoice.id: document.invoice_copy.content}


def test_a_file_without_an_attachment_has_no_copy(corpus: Path, db: FakeDatabase) -> None:
    _book(db, corpus / "ubl" / "cen_ubl-tc434-example1.xml")
    [invoice] = list_invoices(db.uow(), resolve_company(db.uow(), None))
    with db.uow() as uow:
        assert uow.invoices.copies([invoice.id or 0]) == {}


def test_an_invalid_seller_vat_id_is_kept_with_a_warning(corpus: Path, db: FakeDatabase) -> None:
    summary = _book(db, corpus / "ubl" / "cen_ubl-tc434-example5.xml")
    assert resolve_company(db.uow(), None).vat_id == "NL16356706"
    assert any(w.field == "vat_id" and not w.is_error for w in summary.warnings)


@pytest.mark.parametrize("name", UBL_FILES)
def test_a_corpus_file_imported_twice_changes_nothing_the_second_time(
    corpus: Path, db: FakeDatabase, name: str
) -> None:
    path = corpus / "ubl" / name
    assert _book(db, path).added == 1
    before = snapshot(db)
    again = _book(db, path)
    assert (again.added, again.notes) == (0, [])
    assert snapshot(db) == before


def _renamed(corpus: Path, tmp_path: Path, name: str, number: str) -> Path:
    """A corpus file as another invoice of the same seller (other number, other digest)."""
    text = (corpus / "ubl" / name).read_text(encoding="utf-8")
    found = re.search(r"<cbc:ID>([^<]+)</cbc:ID>", text)
    assert found is not None
    path = tmp_path / f"{number}.xml"
    path.write_text(text.replace(found.group(0), f"<cbc:ID>{number}</cbc:ID>", 1), "utf-8")
    return path


def test_a_seller_without_vat_or_kvk_is_found_again_by_name_and_country(
    corpus: Path, db: FakeDatabase, tmp_path: Path
) -> None:
    name = "cen_ubl-tc434-example7.xml"  # the seller has neither a VAT id nor a legal id
    _book(db, corpus / "ubl" / name)
    second = _book(db, _renamed(corpus, tmp_path, name, "INVOICE_test_8"))
    assert second.added == 1 and not any("created company" in n for n in second.notes)
    [company] = list_companies(db.uow())
    assert sorted(i.number for i in list_invoices(db.uow(), company)) == [
        "INVOICE_test_7", "INVOICE_test_8"]  # fmt: skip


def test_a_seller_known_by_its_endpoint_id_books_to_that_company(
    corpus: Path, db: FakeDatabase, tmp_path: Path
) -> None:
    text = (corpus / "ubl" / "cen_ubl-tc434-example7.xml").read_text(encoding="utf-8")
    endpoint = '<cac:Party>\n<cbc:EndpointID schemeID="0106">34567890</cbc:EndpointID>'
    path = tmp_path / "endpoint.xml"
    path.write_text(text.replace("<cac:Party>", endpoint, 1), encoding="utf-8")
    with db.uow() as uow:
        koffie = Company(code="KOFFIE", name="Koffie B.V.", registration_number="34567890")
        uow.companies.add(koffie, at=AT)
        uow.commit()
    summary = _book(db, path)
    assert summary.added == 1 and not any("created company" in n for n in summary.notes)
    assert [c.code for c in list_companies(db.uow())] == ["KOFFIE"]


def test_the_same_name_in_another_country_is_another_seller(
    corpus: Path, db: FakeDatabase, tmp_path: Path
) -> None:
    name = "cen_ubl-tc434-example7.xml"
    _book(db, corpus / "ubl" / name)
    other = _renamed(corpus, tmp_path, name, "INVOICE_test_9")
    other.write_text(other.read_text("utf-8").replace(
        "<cbc:IdentificationCode>SE</cbc:IdentificationCode>",
        "<cbc:IdentificationCode>NO</cbc:IdentificationCode>", 1), "utf-8")  # fmt: skip
    assert any("created company" in n for n in _book(db, other).notes)
    assert len(list_companies(db.uow())) == 2


def test_without_a_due_date_the_payment_terms_give_it_and_the_import_says_so(
    corpus: Path, db: FakeDatabase
) -> None:
    summary = _book(db, corpus / "ubl" / "cen_ubl-tc434-example7.xml")
    [invoice] = list_invoices(db.uow(), resolve_company(db.uow(), None))
    assert invoice.due_date == date(2013, 4, 10) and invoice.default_from is None
    [note] = [w for w in summary.warnings if w.severity is Severity.INFO]
    assert note.file.endswith("cen_ubl-tc434-example7.xml")
    assert note.field == "cac:PaymentTerms/cbc:Note"
    assert note.message == (
        "due date 2013-04-10 from the payment terms 'Payment within 30 days' "
        "(30 days after the invoice date)"
    )


def test_payable_on_receipt_is_due_on_the_invoice_date_and_in_default_30_days_later(
    corpus: Path, db: FakeDatabase, tmp_path: Path
) -> None:
    path = tmp_path / "receipt.xml"
    text = (corpus / "ubl" / "cen_ubl-tc434-example7.xml").read_text("utf-8")
    path.write_text(text.replace("Payment within 30 days", "Te betalen bij ontvangst"), "utf-8")
    summary = _book(db, path)
    [invoice] = list_invoices(db.uow(), resolve_company(db.uow(), None))
    assert (invoice.due_date, invoice.default_from) == (date(2013, 3, 11), date(2013, 4, 11))
    [note] = [w.message for w in summary.warnings if w.severity is Severity.INFO]
    assert note.startswith(
        "due date 2013-03-11 (the invoice date) from the payment terms "
        "'Te betalen bij ontvangst' (payable on receipt); "
        "default and statutory interest from 2013-04-11"
    )
    assert "30 days after receipt" in note and "6:119a" in note


def test_without_a_due_date_or_days_in_the_terms_the_company_term_counts_and_is_named(
    corpus: Path, db: FakeDatabase
) -> None:
    summary = _book(db, corpus / "ubl" / "si_SI-UBL-2.0_ok_full.xml")
    [note] = [w.message for w in summary.warnings if w.severity is Severity.INFO]
    assert note == (
        "due date 2010-01-14 is the invoice date plus the payment term of 30 days "
        "(no due date in the file; the payment terms 'Penalty percentage 10% from due "
        "date' state no number of days)"
    )


@pytest.mark.parametrize("name", END_TO_END)
def test_a_corpus_file_books_into_a_real_database_once_and_audited(
    corpus: Path, app: Tijdig, name: str
) -> None:
    """End to end on SQLite and PostgreSQL: the real reader, repositories and tables; the
    seller and the booking audited; the same file again writes no row at all."""
    path = corpus / "ubl" / name
    assert _book(app, path).added == 1
    _assert_booked(app, _expected(corpus, name))
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    with app.uow() as uow:
        copies = uow.invoices.copies([invoice.id or 0])
        columns = (AuditRow.action, AuditRow.actor, AuditRow.customer_id, AuditRow.subject)
        entries = uow.session.execute(select(*columns).order_by(AuditRow.id)).all()
    assert bool(copies) == (name == "cen_ubl-tc434-example2.xml")  # the one with a PDF
    [(added, by, no_customer, _), (action, actor, customer_id, subject)] = entries
    assert (added, by, no_customer) == ("company.add", ACTOR, None)
    assert (action, actor, subject) == ("einvoices.import", ACTOR, f"invoices {invoice.number}")
    assert customer_id is not None
    before = snapshot(app)
    again = _book(app, path)
    assert (again.added, again.files_skipped, again.notes) == (0, [str(path)], [])
    assert snapshot(app) == before
