"""MT940: every corpus file against ../shared/corpus/expected.json, and fields by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from tijdig.adapters.importers import mt940
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.imports import ImportResult

# Known at collection time; the corpus fixture skips these tests when the folder is absent.
_EXPECTED_FILE = CORPUS / "expected.json"
_ENTRIES: list[dict[str, Any]] = (
    [
        entry
        for entry in json.loads(_EXPECTED_FILE.read_text(encoding="utf-8"))["files"]
        if entry["file"].startswith("mt940/")
    ]
    if _EXPECTED_FILE.is_file()
    else []
)
IMPORTED = sorted(e["file"].removeprefix("mt940/") for e in _ENTRIES if e["expect"] == "import")
REFUSED = sorted(e["file"].removeprefix("mt940/") for e in _ENTRIES if e["expect"] == "refused")

# expected.json's per-statement figures for this file were computed by a parser that glued
# the prose heading after each example ("2. SCT overboeking debet") onto the :62F: amount
# (closing "5638.622" for C120514EUR5638,62) and read the lowercase mark "d" as 0. The
# file-level figures (statements, lines, first opening, last closing) are right and are
# checked; the per-statement reading is checked by hand below.
GLUED_PROSE = "dovadi_MT940_voorbeeldbestanden_abnamro.txt"


def _expected(name: str) -> dict[str, Any]:
    return next(e for e in _ENTRIES if e["file"] == f"mt940/{name}")


def _read(corpus: Path, name: str) -> ImportResult[BankStatement]:
    return mt940.extract(corpus / "mt940" / name)


def _all(result: ImportResult[BankStatement]) -> list[BankTransaction]:
    return [t for statement in result.items for t in statement.transactions]


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _as_written(statement: BankStatement) -> Decimal | None:
    """The closing balance the file gave (None where it was derived)."""
    return None if statement.closing_derived else statement.closing_balance


def test_the_corpus_has_every_mt940_file(corpus: Path) -> None:
    assert len(_ENTRIES) == 49
    assert REFUSED == ["zilverline_knab_invalid.txt"]


@pytest.mark.parametrize("name", IMPORTED or ["(corpus absent)"])
def test_a_corpus_file_imports_with_the_expected_figures(corpus: Path, name: str) -> None:
    expected = _expected(name)
    result = _read(corpus, name)
    assert result.ok, [str(issue) for issue in result.issues]
    statements = result.items
    assert len(statements) == expected["statements"]
    assert sum(len(s.transactions) for s in statements) == expected["transactions"]
    assert statements[0].opening_balance == _amount(expected["opening_balance"])
    assert _as_written(statements[-1]) == _amount(expected["closing_balance"])
    currencies = expected["currency"]
    wanted = set(currencies) if isinstance(currencies, list) else {currencies}
    assert {s.currency for s in statements} == wanted


@pytest.mark.parametrize("name", IMPORTED or ["(corpus absent)"])
def test_each_statement_has_the_expected_balances_and_reconciles_as_expected(
    corpus: Path, name: str
) -> None:
    expected = _expected(name)["per_statement"]
    statements = _read(corpus, name).items
    assert len(statements) == len(expected)
    for statement, wanted in zip(statements, expected, strict=True):
        assert len(statement.transactions) == wanted["transactions"]
        assert statement.opening_balance == _amount(wanted["opening_balance"])
        assert statement.currency == wanted["currency"]
        if name == GLUED_PROSE:
            continue
        assert _as_written(statement) == _amount(wanted["closing_balance"])
        if wanted["closing_balance"] is None:
            derived = Decimal(wanted["opening_balance"]) + Decimal(wanted["sum_of_transactions"])
            assert (statement.closing_balance, statement.closing_derived) == (derived, True)
        if wanted["reconciles"] is not None:
            assert statement.reconciles is wanted["reconciles"]


@pytest.mark.parametrize("name", IMPORTED or ["(corpus absent)"])
def test_a_statement_that_does_not_add_up_imports_with_a_warning(corpus: Path, name: str) -> None:
    expected = _expected(name)["per_statement"]
    result = _read(corpus, name)
    unbalanced = [s for s in expected if s["reconciles"] is not True]
    assert result.ok
    if unbalanced and name != GLUED_PROSE:
        assert len(result.warnings) == len(unbalanced)
        assert all(name in str(w) for w in result.warnings)
    elif not unbalanced:
        assert result.warnings == ()


def test_a_message_cut_short_is_refused_naming_the_file_and_line(corpus: Path) -> None:
    result = _read(corpus, "zilverline_knab_invalid.txt")
    assert result.items == ()
    [error] = result.errors
    assert error.file == "zilverline_knab_invalid.txt"
    assert error.line == 9
    assert "zilverline_knab_invalid.txt, line 9" in str(error)


def test_the_abn_amro_examples_read_each_closing_balance_as_written(corpus: Path) -> None:
    statements = _read(corpus, GLUED_PROSE).items
    assert statements[0].closing_balance == Decimal("5638.62")
    assert statements[0].reconciles
    # Example 10a writes its debit mark in lowercase ("d1,01").
    assert statements[11].transactions[0].amount == Decimal("-1.01")
    assert statements[11].reconciles


def test_ing_sepa_fields_and_a_returned_direct_debit(corpus: Path) -> None:
    transactions = _all(_read(corpus, "oca_test-ing.940"))
    first = transactions[0]
    assert first.counterparty_iban == "NL32INGB0000012345"
    assert first.counterparty_bic == "INGBNL2A"
    assert first.end_to_end_id == "EV12341REP1231456T1234"
    assert first.bank_reference == "00000000001"
    returned = transactions[2]
    assert returned.return_reason == "MS03"
    assert returned.counterparty_name == "J.Janssen"
    # "/REM" + "I/USTD//" is wrapped inside the keyword; the text still comes out whole.
    assert returned.remittance == "Factuurnr 123456 Klantnr 00123"
    assert returned.amount == Decimal("1.57")


def test_structured_references_of_abn_amro_and_rabobank(corpus: Path) -> None:
    [abn] = _all(_read(corpus, "zilverline_abn_structured_sepa_acceptgiro.txt"))
    assert abn.structured_reference == "4420043232693268"
    assert abn.counterparty_name == "BELASTINGDIENST"
    [rabo] = _all(_read(corpus, "zilverline_rabobank_mt940_structured_dutch_tax.txt"))
    assert rabo.structured_reference == "1234567899874563"
    assert rabo.end_to_end_id == "123456789"


def test_the_counterparty_name_on_a_second_statement_line(corpus: Path) -> None:
    first = _all(_read(corpus, "oca_test-sns.940"))[0]
    assert first.counterparty_name == "gerrits glas en schilderwerk"
    assert first.counterparty_iban == "NL49RABO0166416932"
    assert "Factuur 17227/248/20" in first.remittance


def test_a_reversal_of_a_credit_is_a_debit(corpus: Path) -> None:
    reversals = [t for t in _all(_read(corpus, "wolph_sepa_mt9401.sta")) if t.is_reversal]
    assert [t.amount for t in reversals] == [Decimal("-204.88"), Decimal("-204.88")]


def test_german_subfields_give_the_end_to_end_reference(corpus: Path) -> None:
    first = _all(_read(corpus, "wolph_sepa_mt9401.sta"))[0]
    assert first.end_to_end_id == "TFNR 40005 00005"
    assert first.remittance.startswith("EREF+TFNR 40005 00005MTLG:")


def test_rabobank_amounts_with_a_decimal_point(corpus: Path) -> None:
    result = _read(corpus, "fruitl00p_Rabo_sample")
    assert Decimal("300.00") in [t.amount for t in _all(result)]
    assert result.items[0].account == "0800003200000001610722"


def test_a_year_rollover_between_value_and_entry_date(corpus: Path) -> None:
    dated = [(t.value_date, t.booking_date) for t in _all(_read(corpus, "fruitl00p_Abn_sample2"))]
    assert any(v and v.year == 2009 and b.year == 2010 for v, b in dated)


def _write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "statement.sta"
    path.write_bytes(text.encode(encoding))
    return path


_MINIMAL = (
    ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C240102EUR100,00\n"
    ":61:2401020102D{amount}NTRFNONREF//B1\n:86:/NAME/Café Zoë/REMI/Factuur 7\n"
    ":62F:C240102EUR90,00\n"
)


def test_a_cp1252_file_is_read(tmp_path: Path) -> None:
    result = mt940.extract(_write(tmp_path, _MINIMAL.format(amount="10,00"), encoding="cp1252"))
    assert result.ok and not result.warnings
    [transaction] = _all(result)
    assert transaction.counterparty_name == "Café Zoë"
    assert transaction.remittance == "Factuur 7"
    assert transaction.bank_reference == "B1"


def test_an_unreadable_amount_is_an_error_naming_the_line(tmp_path: Path) -> None:
    result = mt940.extract(_write(tmp_path, _MINIMAL.format(amount="X")))
    assert result.items == ()
    [error] = result.errors
    assert (error.line, error.field) == (5, "61")


def test_a_date_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    text = _MINIMAL.format(amount="10,00").replace("C240102EUR100", "C241302EUR100")
    [error] = mt940.extract(_write(tmp_path, text)).errors
    assert (error.line, error.field) == (4, "60F")


def test_a_file_without_statements_is_an_error(tmp_path: Path) -> None:
    result = mt940.extract(_write(tmp_path, "hello\n"))
    assert result.items == () and len(result.errors) == 1
    assert not mt940.identify(_write(tmp_path, "hello\n"))


def test_a_block_without_a_closing_balance_gets_one_derived_and_says_so(corpus: Path) -> None:
    result = _read(corpus, "oca_test-sns.940")
    last = result.items[-1]
    assert (last.closing_balance, last.closing_derived) == (Decimal("1311.28"), True)
    assert not any(s.closing_derived for s in result.items[:-1])
    [note] = result.warnings
    assert "no closing balance (:62F:)" in note.message
    assert "derived 1311.28 from the opening balance and the lines" in note.message
