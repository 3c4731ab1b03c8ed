"""The agency's status file read (docs/formats.md): the sample, Dutch and English
statuses, and every bad row named by file, line and field (nothing booked here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from tijdig.adapters.importers.agency_status import extract
from tijdig.domain.hand_over import AgencyPayment, AgencyStatus, CaseStatus

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "agency_status.csv"


def test_the_sample_reads_two_statuses_and_a_payment() -> None:
    result = extract(SAMPLE)
    assert result.ok and result.lines == (2, 3, 4)
    assert [(r.status, r.payment) for r in result.items] == [
        (AgencyStatus("HO000001", CaseStatus.ACCEPTED, date(2026, 4, 22), "Dossier aangenomen"),
         None),
        (AgencyStatus("HO000001", CaseStatus.IN_PROGRESS, date(2026, 4, 27), "Sommatie verstuurd"),
         None),
        (None, AgencyPayment("HO000001", "AG-2026-0457", date(2026, 5, 4), Decimal("300.00"))),
    ]  # fmt: skip


def test_english_headings_and_statuses_and_a_status_with_a_payment(tmp_path: Path) -> None:
    path = tmp_path / "agency.csv"
    path.write_text(
        "case,date,status,payment_reference,amount,currency\n"
        "HO000002,2026-12-31,paid,P-9,1234.56,eur\n", encoding="utf-8")  # fmt: skip
    [row] = extract(path).items
    assert row.status == AgencyStatus("HO000002", CaseStatus.PAID, date(2026, 12, 31))
    assert row.payment == AgencyPayment("HO000002", "P-9", date(2026, 12, 31),
                                        Decimal("1234.56"), "EUR")  # fmt: skip


def test_every_bad_row_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "agency.csv"
    path.write_text(
        "dossier;datum;status;betalingskenmerk;bedrag\n"
        "HO000001;31-02-2026;betaald;;\n"
        "HO000001;01-03-2026;verloren;;\n"
        "HO000001;01-03-2026;;AG-1;\n"
        "HO000001;01-03-2026;;;12,00\n"
        "HO000001;01-03-2026;;AG-2;-5,00\n"
        ";01-03-2026;betaald;;\n"
        "HO000001;01-03-2026;;;\n", encoding="utf-8")  # fmt: skip
    result = extract(path)
    assert result.items == ()
    assert [(i.line, i.field) for i in result.errors] == [
        (2, "datum"), (3, "status"), (4, "bedrag"), (5, "betalingskenmerk"), (6, "bedrag"),
        (7, "dossier"), (8, "status"),
    ]  # fmt: skip
    assert all(i.file == str(path) for i in result.errors)
