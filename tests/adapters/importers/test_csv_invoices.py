"""Invoices and credit notes from a bookkeeper's CSV export, in Dutch and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tijdig.adapters.importers import csv_customers, csv_invoices
from tijdig.domain.invoices import EarlyPaymentDiscount, Instalment, InvoiceKind

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"

DUTCH = """\
Factuurnummer;Klantnummer;Factuurdatum;Vervaldatum;Bedrag excl;BTW;Bedrag incl;Openstaand;\
Valuta;Soort;Betalingskenmerk;Omschrijving;Korting_pct;Kortingsdagen
2025-001;K1;06-01-2025;5-2-2025;1.000,00;210,00;1.210,00;1.000,50;EUR;factuur;\
+++090/9337/55493+++;Levering;2;10
2025-002;K2;15/01/2025;29/01/2025;;;99,95;;;creditnota;;"Retour
twee dozen";;
"""

ENGLISH = """\
number,customer,issue_date,due_date,total,net,vat,prepaid,open,currency,kind,reference
INV-1,C-1,2025-01-06,2025-02-05,1210.00,1000.00,210.00,210.00,1000.00,EUR,invoice,Order 7
INV-2,C-1,2025-01-07,2025-02-06,50,,,,,usd,credit_note,
"""


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "invoices.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_dutch_export_with_semicolons_decimal_commas_and_day_first_dates(
    tmp_path: Path,
) -> None:
    result = csv_invoices.extract(write(tmp_path, DUTCH))
    assert result.issues == ()
    first, second = result.items
    assert (first.number, first.customer_number, first.kind) == (
        "2025-001", "K1", InvoiceKind.INVOICE
    )  # fmt: skip
    assert (first.issue_date, first.due_date) == (date(2025, 1, 6), date(2025, 2, 5))
    assert (first.total, first.net_amount, first.open_amount) == (
        Decimal("1210.00"), Decimal("1000.00"), Decimal("1000.50")
    )  # fmt: skip
    assert first.payment_reference == "+++090/9337/55493+++"
    assert first.discount == EarlyPaymentDiscount(Decimal(2), 10)
    assert (second.kind, second.total, second.free_reference) == (
        InvoiceKind.CREDIT_NOTE, Decimal("99.95"), "Retour\ntwee dozen"
    )  # fmt: skip


def test_an_english_export_with_commas_and_iso_dates(tmp_path: Path) -> None:
    result = csv_invoices.extract(write(tmp_path, ENGLISH))
    assert result.issues == ()
    first, second = result.items
    assert (first.prepaid, first.payable, first.outstanding) == (
        Decimal("210.00"), Decimal("1000.00"), Decimal("1000.00")
    )  # fmt: skip
    assert first.free_reference == "Order 7"
    assert (second.currency, second.kind, second.net_amount) == (
        "USD", InvoiceKind.CREDIT_NOTE, None
    )  # fmt: skip


def test_a_bom_and_a_cp1252_export_read_the_same(tmp_path: Path) -> None:
    text = "factuurnummer;klant;factuurdatum;totaal;omschrijving\n1;K1;01-02-2025;10,00;Één café\n"
    with_bom = csv_invoices.extract(write(tmp_path, "\ufeff" + text))
    windows = csv_invoices.extract(write(tmp_path, text, encoding="cp1252"))
    assert with_bom.items == windows.items
    assert windows.items[0].free_reference == "Één café"
    assert any("Windows-1252" in w.message for w in windows.warnings)


def test_without_a_due_date_the_customers_term_or_the_default_applies(tmp_path: Path) -> None:
    text = "factuurnummer;klant;factuurdatum;totaal\n1;K1;01-02-2025;10,00\n2;K2;01-02-2025;10,00\n"
    path = write(tmp_path, text)
    result = csv_invoices.extract(path, default_term_days=14, payment_terms={"K2": 60})
    assert [i.due_date for i in result.items] == [date(2025, 2, 15), date(2025, 4, 2)]
    [warning] = result.warnings
    assert (warning.field, warning.line) == ("due_date", None)
    assert "2 invoice(s) had no due date" in warning.message
    assert "lines 2, 3" in warning.message


def test_a_negative_invoice_becomes_a_credit_note_with_a_warning(tmp_path: Path) -> None:
    text = (
        "factuurnummer;klant;factuurdatum;bedrag_excl;btw;totaal;openstaand;soort\n"
        "1;K1;01-02-2025;-100,00;-21,00;-121,00;-121,00;factuur\n"
        "2;K1;01-02-2025;;;-50,00;;creditnota\n"
    )
    result = csv_invoices.extract(write(tmp_path, text))
    assert result.ok
    first, second = result.items
    assert (first.kind, first.total, first.net_amount, first.open_amount) == (
        InvoiceKind.CREDIT_NOTE, Decimal("121.00"), Decimal("100.00"), Decimal("121.00")
    )  # fmt: skip
    assert (second.kind, second.total) == (InvoiceKind.CREDIT_NOTE, Decimal("50.00"))
    assert [(w.line, w.field) for w in result.warnings if w.line] == [(2, "totaal")]


def test_every_bad_row_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    text = (
        "factuurnummer;klantnummer;factuurdatum;vervaldatum;totaal;openstaand;soort\n"
        "1;;01-02-2025;01-03-2025;10,00;;\n"  # 2: customer missing
        "2;K1;31-02-2025;01-03-2025;10,00;;\n"  # 3: bad date
        "3;K1;01-02-2025;01-03-2025;tien;;\n"  # 4: bad amount
        "4;K1;01-02-2025;01-03-2025;10,00;-5,00;\n"  # 5: negative open
        '5;K1;01-02-2025;01-03-2025;10,00;;"pro forma"\n'  # 6: unknown kind
        "6;K1;01-02-2025;01-01-2025;10,00;;\n"  # 7: due before issue
        "7;K1;01-02-2025;01-03-2025;10,00;;\n"  # 8: good
        "7;K2;02-02-2025;01-03-2025;20,00;;factuur\n"  # 9: duplicate of line 8
        "7;K2;02-02-2025;01-03-2025;20,00;;creditnota\n"  # 10: a credit note may share it
        "8;K1;01-02-2025;01-03-2025;10,00;12,00;\n"  # 11: open more than the total
    )
    path = write(tmp_path, text)
    result = csv_invoices.extract(path)
    assert [(i.line, i.field) for i in result.errors] == [
        (2, "klantnummer"), (3, "factuurdatum"), (4, "totaal"), (5, "openstaand"),
        (6, "soort"), (7, "vervaldatum"), (9, "factuurnummer"), (11, "openstaand"),
    ]  # fmt: skip
    assert {i.file for i in result.issues} == {str(path)}
    assert "appears twice: lines 8 and 9" in result.errors[6].message
    assert [(i.number, i.kind) for i in result.items] == [
        ("7", InvoiceKind.INVOICE), ("7", InvoiceKind.CREDIT_NOTE)
    ]  # fmt: skip


def test_net_and_vat_must_add_up_to_the_total(tmp_path: Path) -> None:
    text = "nummer;klant;datum;excl;btw;incl\n1;K1;01-02-2025;100,00;21,00;120,00\n"
    text = text.replace("excl", "bedrag_excl").replace(";incl", ";bedrag_incl")
    result = csv_invoices.extract(write(tmp_path, text))
    [error] = result.errors
    assert (error.line, error.field) == (2, "bedrag_incl")
    assert "not the total" in error.message


def test_a_payment_schedule_in_numbered_columns(tmp_path: Path) -> None:
    text = (
        "factuurnummer;klant;factuurdatum;totaal;termijn_1_datum;termijn_1_bedrag;"
        "Termijn 2 datum;Termijn 2 bedrag\n"
        "1;K1;01-02-2025;100,00;01-03-2025;40,00;01-04-2025;60,00\n"
        "2;K1;01-02-2025;100,00;01-03-2025;40,00;01-04-2025;50,00\n"
        "3;K1;01-02-2025;100,00;01-03-2025;;;\n"
        "4;K1;01-02-2025;100,00;;;;\n"
    )
    result = csv_invoices.extract(write(tmp_path, text))
    first, last = result.items
    assert first.schedule == (
        Instalment(date(2025, 3, 1), Decimal("40.00")), Instalment(date(2025, 4, 1), Decimal(60))
    )  # fmt: skip
    assert first.due_date == date(2025, 4, 1)
    assert (last.number, last.schedule) == ("4", ())
    assert [(i.line, i.field) for i in result.errors] == [
        (3, "termijn_1_bedrag"), (4, "termijn_1_bedrag")
    ]  # fmt: skip


def test_a_discount_needs_both_percentage_and_days(tmp_path: Path) -> None:
    text = (
        "factuurnummer;klant;factuurdatum;totaal;korting_pct;kortingsdagen\n"
        "1;K1;01-02-2025;100,00;2%;14\n2;K1;01-02-2025;100,00;2;\n3;K1;01-02-2025;100,00;150;8\n"
    )
    result = csv_invoices.extract(write(tmp_path, text))
    assert result.items[0].discount == EarlyPaymentDiscount(Decimal(2), 14)
    assert [(i.line, i.field) for i in result.errors] == [
        (3, "kortingsdagen"), (4, "korting_pct")
    ]  # fmt: skip


def test_identify_knows_an_invoice_list(tmp_path: Path) -> None:
    assert csv_invoices.identify(write(tmp_path, DUTCH))
    customers = tmp_path / "customers.csv"
    customers.write_text("klantnummer;naam\n1;Een\n")
    assert not csv_invoices.identify(customers)
    assert not csv_invoices.identify(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("name", "importer", "count"),
    [("customers.csv", csv_customers, 6), ("invoices.csv", csv_invoices, 10)],
)
def test_the_samples_in_the_docs_import_cleanly(name: str, importer: object, count: int) -> None:
    path = SAMPLES / name
    assert importer.identify(path)  # type: ignore[attr-defined]
    result = importer.extract(path)  # type: ignore[attr-defined]
    assert result.issues == ()
    assert len(result.items) == count


@pytest.mark.parametrize("heading", ["beschrijving", "Geleverd", "artikel", "description"])
def test_what_was_sold_has_a_column_of_its_own_beside_the_reference(
    tmp_path: Path, heading: str
) -> None:
    text = (
        f"factuurnummer;klant;factuurdatum;totaal;omschrijving;{heading}\n"
        '1;K1;01-02-2025;10,00;Order 7;"2 × Koffiebonen 1 kg,\n1 × Molen"\n'
        "2;K1;01-02-2025;10,00;Order 8;\n"
    )
    result = csv_invoices.extract(write(tmp_path, text))
    assert result.ok, result.issues
    first, second = result.items
    assert (first.free_reference, first.description) == (
        "Order 7", "2 × Koffiebonen 1 kg,\n1 × Molen"
    )  # fmt: skip
    assert (second.free_reference, second.description) == ("Order 8", None)


def test_description_no_longer_means_the_reference(tmp_path: Path) -> None:
    text = "number,customer,issue_date,total,description\nINV-1,C-1,2025-01-06,10.00,Consulting\n"
    [invoice] = csv_invoices.extract(write(tmp_path, text)).items
    assert (invoice.description, invoice.free_reference) == ("Consulting", None)
