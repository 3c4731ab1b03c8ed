"""Booking UBL e-invoices from the corpus into a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import CORPUS
from tijdig.adapters.db.schema import banking as banking_rows  # noqa: F401  (their tables)
from tijdig.adapters.db.schema import collection as collection_rows  # noqa: F401  (their tables)
from tijdig.adapters.db.schema.ledger import Base
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import Severity
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import list_companies, resolve_company
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables import einvoices

# The file names are known at collection time; the corpus fixture skips when it is absent.
ACTOR = "cli:tester"
AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
UBL_FILES = sorted(p.name for p in (CORPUS / "ubl").glob("*.xml")) or ["(corpus absent)"]


def _ubl_expectations(corpus: Path) -> list[dict[str, Any]]:
    files = json.loads((corpus / "expected.json").read_text())["files"]
    return [f for f in files if f["file"].startswith("ubl/")]


def _book(app: Tijdig, *paths: Path, hint: str | None = None) -> einvoices.ImportSummary:
    return einvoices.import_einvoices(
        app.uow(), list(paths), read=app.read_einvoice, actor=ACTOR, at=AT, company_hint=hint
    )


def test_the_corpus_has_every_ubl_file(corpus: Path) -> None:
    assert len(_ubl_expectations(corpus)) == 31


@pytest.mark.parametrize("name", UBL_FILES)
def test_a_corpus_file_books_into_a_fresh_database_with_the_expected_values(
    corpus: Path, app: Tijdig, name: str
) -> None:
    expected = next(e for e in _ubl_expectations(corpus) if e["file"] == f"ubl/{name}")
    summary = _book(app, corpus / "ubl" / name)
    assert summary.added == 1
    assert any("created company" in note for note in summary.notes)
    _assert_booked(app, expected)


def _assert_booked(app: Tijdig, expected: dict[str, Any]) -> None:
    company = resolve_company(app.uow(), None)
    if expected["seller_vat_id"]:
        assert company.vat_id == expected["seller_vat_id"]
    [invoice] = list_invoices(app.uow(), company)
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
    with app.uow() as uow:
        [customer] = uow.customers.all(company.id or 0)
        lines = uow.invoices.lines([invoice.id or 0]).get(invoice.id or 0, ())
    assert customer.name == expected["buyer_name"]
    assert len(lines) == expected["lines"] and all(line.name for line in lines)


def test_the_same_file_twice_books_once(corpus: Path, app: Tijdig) -> None:
    path = corpus / "ubl" / "cen_ubl-tc434-example1.xml"
    assert _book(app, path).added == 1
    again = _book(app, path)
    assert again.added == 0
    assert again.files_skipped == [str(path)]
    assert len(list_invoices(app.uow(), resolve_company(app.uow(), None))) == 1
    with app.uow() as uow:
        columns = (AuditRow.action, AuditRow.actor, AuditRow.customer_id, AuditRow.subject)
        entries = uow.session.execute(select(*columns).order_by(AuditRow.id)).all()
    # The seller became a company (audited as such), the invoice was booked for one
    # customer, and the repeat wrote nothing.
    [(added, by, no_customer, _), (action, actor, customer_id, subject)] = entries
    assert (added, by, no_customer) == ("company.add", ACTOR, None)
    assert (action, actor, subject) == ("einvoices.import", ACTOR, "invoices 12115118")
    assert customer_id is not None


def test_a_different_document_with_the_same_identity_is_refused(corpus: Path, app: Tijdig) -> None:
    base = corpus / "ubl" / "si_SI-UBL-2.0_ok_base.xml"
    other = corpus / "ubl" / "si_SI-UBL-2.0_ok_minimal.xml"  # same seller and number
    _book(app, base)
    with pytest.raises(ImportRefused) as refused:
        _book(app, other)
    assert "exists already with other contents" in str(refused.value)
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    assert invoice.outstanding == Decimal("227.00")


def test_a_refused_set_books_nothing_at_all(corpus: Path, app: Tijdig, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Invoice><not-closed></Invoice>")
    with pytest.raises(ImportRefused) as refused:
        _book(app, corpus / "ubl" / "cen_ubl-tc434-example1.xml", broken)
    assert "broken.xml" in str(refused.value.issues[0])
    assert list_companies(app.uow()) == []
    with app.uow() as uow:
        assert uow.session.scalars(select(AuditRow)).all() == []


def test_an_embedded_pdf_becomes_the_invoice_copy(corpus: Path, app: Tijdig) -> None:
    _book(app, corpus / "ubl" / "cen_ubl-tc434-example2.xml")
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    with app.uow() as uow:
        assert invoice.id is not None
        assert uow.invoices.has_copy(invoice.id)


def test_a_file_without_an_attachment_has_no_copy(corpus: Path, app: Tijdig) -> None:
    _book(app, corpus / "ubl" / "cen_ubl-tc434-example1.xml")
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    with app.uow() as uow:
        assert invoice.id is not None
        assert not uow.invoices.has_copy(invoice.id)


def test_an_invalid_seller_vat_id_is_kept_with_a_warning(corpus: Path, app: Tijdig) -> None:
    summary = _book(app, corpus / "ubl" / "cen_ubl-tc434-example5.xml")
    assert resolve_company(app.uow(), None).vat_id == "NL16356706"
    assert any(w.field == "vat_id" and not w.is_error for w in summary.warnings)


def _snapshot(app: Tijdig) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in key order: what a second import must leave alone."""
    with app.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))]
            for name, table in Base.metadata.tables.items()
        }  # fmt: skip


@pytest.mark.parametrize("name", UBL_FILES)
def test_a_corpus_file_imported_twice_changes_nothing_the_second_time(
    corpus: Path, app: Tijdig, name: str
) -> None:
    path = corpus / "ubl" / name
    assert _book(app, path).added == 1
    before = _snapshot(app)
    again = _book(app, path)
    assert (again.added, again.notes) == (0, [])
    assert _snapshot(app) == before


def _renamed(corpus: Path, tmp_path: Path, name: str, number: str) -> Path:
    """A corpus file as another invoice of the same seller (other number, other digest)."""
    text = (corpus / "ubl" / name).read_text(encoding="utf-8")
    found = re.search(r"<cbc:ID>([^<]+)</cbc:ID>", text)
    assert found is not None
    path = tmp_path / f"{number}.xml"
    path.write_text(text.replace(found.group(0), f"<cbc:ID>{number}</cbc:ID>", 1), "utf-8")
    return path


def test_a_seller_without_vat_or_kvk_is_found_again_by_name_and_country(
    corpus: Path, app: Tijdig, tmp_path: Path
) -> None:
    name = "cen_ubl-tc434-example7.xml"  # the seller has neither a VAT id nor a legal id
    _book(app, corpus / "ubl" / name)
    second = _book(app, _renamed(corpus, tmp_path, name, "INVOICE_test_8"))
    assert second.added == 1 and not any("created company" in n for n in second.notes)
    [company] = list_companies(app.uow())
    assert sorted(i.number for i in list_invoices(app.uow(), company)) == [
        "INVOICE_test_7", "INVOICE_test_8"]  # fmt: skip


def test_a_seller_known_by_its_endpoint_id_books_to_that_company(
    corpus: Path, app: Tijdig, tmp_path: Path
) -> None:
    text = (corpus / "ubl" / "cen_ubl-tc434-example7.xml").read_text(encoding="utf-8")
    endpoint = '<cac:Party>\n<cbc:EndpointID schemeID="0106">34567890</cbc:EndpointID>'
    path = tmp_path / "endpoint.xml"
    path.write_text(text.replace("<cac:Party>", endpoint, 1), encoding="utf-8")
    with app.uow() as uow:
        koffie = Company(code="KOFFIE", name="Koffie B.V.", registration_number="34567890")
        uow.companies.add(koffie, at=datetime(2026, 1, 1, tzinfo=UTC))
        uow.commit()
    summary = _book(app, path)
    assert summary.added == 1 and not any("created company" in n for n in summary.notes)
    assert [c.code for c in list_companies(app.uow())] == ["KOFFIE"]


def test_the_same_name_in_another_country_is_another_seller(
    corpus: Path, app: Tijdig, tmp_path: Path
) -> None:
    name = "cen_ubl-tc434-example7.xml"
    _book(app, corpus / "ubl" / name)
    other = _renamed(corpus, tmp_path, name, "INVOICE_test_9")
    other.write_text(other.read_text("utf-8").replace(
        "<cbc:IdentificationCode>SE</cbc:IdentificationCode>",
        "<cbc:IdentificationCode>NO</cbc:IdentificationCode>", 1), "utf-8")  # fmt: skip
    assert any("created company" in n for n in _book(app, other).notes)
    assert len(list_companies(app.uow())) == 2


def test_without_a_due_date_the_payment_terms_give_it_and_the_import_says_so(
    corpus: Path, app: Tijdig
) -> None:
    summary = _book(app, corpus / "ubl" / "cen_ubl-tc434-example7.xml")
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    assert invoice.due_date == date(2013, 4, 10) and invoice.default_from is None
    [note] = [w for w in summary.warnings if w.severity is Severity.INFO]
    assert note.file.endswith("cen_ubl-tc434-example7.xml")
    assert note.field == "cac:PaymentTerms/cbc:Note"
    assert note.message == (
        "due date 2013-04-10 from the payment terms 'Payment within 30 days' "
        "(30 days after the invoice date)"
    )


def test_payable_on_receipt_is_due_on_the_invoice_date_and_in_default_30_days_later(
    corpus: Path, app: Tijdig, tmp_path: Path
) -> None:
    path = tmp_path / "receipt.xml"
    text = (corpus / "ubl" / "cen_ubl-tc434-example7.xml").read_text("utf-8")
    path.write_text(text.replace("Payment within 30 days", "Te betalen bij ontvangst"), "utf-8")
    summary = _book(app, path)
    [invoice] = list_invoices(app.uow(), resolve_company(app.uow(), None))
    assert (invoice.due_date, invoice.default_from) == (date(2013, 3, 11), date(2013, 4, 11))
    [note] = [w.message for w in summary.warnings if w.severity is Severity.INFO]
    assert note.startswith(
        "due date 2013-03-11 (the invoice date) from the payment terms "
        "'Te betalen bij ontvangst' (payable on receipt); "
        "default and statutory interest from 2013-04-11"
    )
    assert "30 days after receipt" in note and "6:119a" in note


def test_without_a_due_date_or_days_in_the_terms_the_company_term_counts_and_is_named(
    corpus: Path, app: Tijdig
) -> None:
    summary = _book(app, corpus / "ubl" / "si_SI-UBL-2.0_ok_full.xml")
    [note] = [w.message for w in summary.warnings if w.severity is Severity.INFO]
    assert note == (
        "due date 2010-01-14 is the invoice date plus the payment term of 30 days "
        "(no due date in the file; the payment terms 'Penalty percentage 10% from due "
        "date' state no number of days)"
    )
