"""CAMT.053: every corpus file against ../shared/corpus/expected.json, fields, hostile XML."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from tijdig.adapters.importers import camt053
from tijdig.domain.banking import BankStatement, BankTransaction, StatementFormat
from tijdig.domain.imports import ImportResult

_EXPECTED_FILE = CORPUS / "expected.json"
_ENTRIES: list[dict[str, Any]] = (
    [
        entry
        for entry in json.loads(_EXPECTED_FILE.read_text(encoding="utf-8"))["files"]
        if entry["file"].startswith("camt053/")
    ]
    if _EXPECTED_FILE.is_file()
    else []
)
CAMT_FILES = sorted(e["file"].removeprefix("camt053/") for e in _ENTRIES) or ["(corpus absent)"]


def _expected(name: str) -> dict[str, Any]:
    return next(e for e in _ENTRIES if e["file"] == f"camt053/{name}")


def _read(corpus: Path, name: str) -> ImportResult[BankStatement]:
    return camt053.extract(corpus / "camt053" / name)


def _all(result: ImportResult[BankStatement]) -> list[BankTransaction]:
    return [t for statement in result.items for t in statement.transactions]


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _as_written(statement: BankStatement) -> Decimal | None:
    """The closing balance the file gave (None where it was derived)."""
    return None if statement.closing_derived else statement.closing_balance


def test_the_corpus_has_every_camt_file(corpus: Path) -> None:
    assert len(_ENTRIES) == 29
    assert all(e["expect"] == "import" for e in _ENTRIES)


@pytest.mark.parametrize("name", CAMT_FILES)
def test_a_corpus_file_imports_with_the_expected_figures(corpus: Path, name: str) -> None:
    expected = _expected(name)
    assert camt053.identify(corpus / "camt053" / name)
    result = _read(corpus, name)
    assert result.ok, [str(issue) for issue in result.issues]
    statements = result.items
    assert len(statements) == expected["statements"]
    assert sum(len(s.transactions) for s in statements) == expected["transactions"]
    if statements:
        assert statements[0].opening_balance == _amount(expected["opening_balance"])
        assert _as_written(statements[-1]) == _amount(expected["closing_balance"])
        assert {s.currency for s in statements} == {expected["currency"]}
    assert all(s.format is StatementFormat.CAMT053 for s in statements)


@pytest.mark.parametrize("name", CAMT_FILES)
def test_each_statement_has_the_expected_balances_and_reconciles_as_expected(
    corpus: Path, name: str
) -> None:
    expected = _expected(name)["per_statement"]
    result = _read(corpus, name)
    assert len(result.items) == len(expected)
    for statement, wanted in zip(result.items, expected, strict=True):
        assert statement.account == wanted["account"]
        assert statement.statement_id == wanted["id"]
        assert len(statement.transactions) == wanted["entries"]
        assert sum(t.booked for t in statement.transactions) == wanted["booked_entries"]
        assert statement.opening_balance == _amount(wanted["opening_balance"])
        assert _as_written(statement) == _amount(wanted["closing_balance"])
        if wanted["closing_balance"] is None and wanted["opening_balance"] is not None:
            derived = Decimal(wanted["opening_balance"]) + Decimal(wanted["sum_of_booked_entries"])
            assert (statement.closing_balance, statement.closing_derived) == (derived, True)
        assert statement.currency == wanted["currency"]
        if wanted["reconciles"] is not None:
            assert statement.reconciles is wanted["reconciles"]
            unbalanced = [w for w in result.warnings if "does not reconcile" in w.message]
            assert bool(unbalanced) is not wanted["reconciles"]


def test_a_returned_direct_debit_keeps_its_reason_and_its_booked_sign(corpus: Path) -> None:
    returned = _all(_read(corpus, "oca_test-camt053"))[1]
    assert returned.is_reversal
    assert returned.return_reason == "AC06"
    # CdtDbtInd is the direction of the booking itself; RvslInd does not flip it again.
    assert returned.amount == Decimal("-664.05")
    assert returned.end_to_end_id == "TESTBANK/NL/20141229/01206408"


def test_a_proprietary_return_reason(corpus: Path) -> None:
    reasons = {t.return_reason for t in _all(_read(corpus, "newinn_example-camt053-b.xml"))}
    assert "R02" in reasons


def test_version_08_parties_references_and_dates(corpus: Path) -> None:
    [entry] = _all(_read(corpus, "genkgo_camt053.v8.xml"))
    assert entry.amount == Decimal("8.85")
    assert entry.counterparty_name == "NAME NAME"  # the debtor of a credit, inside <Pty>
    assert entry.counterparty_iban == "NL56AGDH9619008421"
    assert entry.structured_reference == "4654654654654654"
    assert entry.end_to_end_id == "MUELL/FINP/RA12345"
    assert entry.bank_reference == "AAAASESS-FP-CN_98765/01"
    assert str(entry.booking_date) == "2014-12-31"  # from BookgDt/DtTm
    assert str(entry.value_date) == "2015-01-02"


def test_a_debit_names_the_creditor_and_keeps_the_free_text(corpus: Path) -> None:
    debit = _all(_read(corpus, "oca_test-camt053"))[0]
    assert debit.amount == Decimal("-754.25")
    assert debit.counterparty_name == "INSURANCE COMPANY TESTX"
    assert debit.counterparty_iban == "NL46ABNA0499998748"
    assert debit.counterparty_bic == "ABNANL2A"
    assert debit.remittance.startswith("Insurance policy 857239")


def test_a_closing_balance_in_another_currency_is_a_warning(corpus: Path) -> None:
    result = _read(corpus, "genkgo_camt053.v2.minimal.xml")
    assert result.ok
    assert any("SEK" in w.message for w in result.warnings)


def test_a_message_without_statements_imports_nothing_with_a_warning(corpus: Path) -> None:
    result = _read(corpus, "genkgo_camt053.v2.wrong.xml")
    assert result.ok and result.items == ()
    assert len(result.warnings) == 1


_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.0{version}"
_DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document{xmlns}><BkToCstmrStmt><Stmt><Id>S1</Id>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-02</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">110.00</Amt>
<Dt><Dt>2024-01-02</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>
<Ntry><Amt Ccy="EUR">{pending}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts>
<BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "statement.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("version", range(2, 9))
def test_every_version_from_02_to_08_is_identified_and_read(tmp_path: Path, version: int) -> None:
    xmlns = f' xmlns="{_NS.format(version=version)}"'
    path = _write(tmp_path, _DOCUMENT.format(xmlns=xmlns, pending="5.00"))
    assert camt053.identify(path)
    result = camt053.extract(path)
    assert result.ok and not result.warnings
    [statement] = result.items
    assert [t.booked for t in statement.transactions] == [True, False]
    assert statement.reconciles  # the pending entry does not count


def test_a_document_without_namespace_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, _DOCUMENT.format(xmlns="", pending="5.00"))
    assert camt053.identify(path)
    result = camt053.extract(path)
    assert result.ok and len(result.items) == 1
    assert any("namespace" in w.message for w in result.warnings)


def test_an_unreadable_amount_is_an_error_naming_the_line(tmp_path: Path) -> None:
    xmlns = f' xmlns="{_NS.format(version=2)}"'
    result = camt053.extract(_write(tmp_path, _DOCUMENT.format(xmlns=xmlns, pending="lots")))
    assert result.items == ()
    [error] = result.errors
    assert (error.line, error.field) == (10, "Amt")


_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>
"""
_EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&xxe;</Document>
"""
_EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>
"""


@pytest.mark.parametrize("text", [_LAUGHS, _EXTERNAL, _EXTERNAL_DTD])
def test_hostile_xml_is_refused_without_reading_it(tmp_path: Path, text: str) -> None:
    result = camt053.extract(_write(tmp_path, text))
    assert result.items == ()
    [error] = result.errors
    assert "refused" in error.message
    assert "root:" not in error.message


def test_an_other_xml_document_is_not_camt(corpus: Path) -> None:
    invoice = corpus / "ubl" / "si_SI-UBL-2.0_ok_minimal.xml"
    assert not camt053.identify(invoice)
    [error] = camt053.extract(invoice).errors
    assert "not a CAMT.053 statement" in error.message


def test_a_statement_without_a_closing_balance_gets_one_derived_and_says_so(
    corpus: Path,
) -> None:
    result = _read(corpus, "oca_camt053")
    [statement] = result.items
    assert statement.opening_balance == Decimal("75000.00")
    # The source's own test derives the same figure: 75000.0 - 1200.0.
    assert (statement.closing_balance, statement.closing_derived) == (Decimal("73800.00"), True)
    [note] = [w for w in result.warnings if "no closing balance" in w.message]
    assert "derived 73800.00 from the opening balance and the lines" in note.message
