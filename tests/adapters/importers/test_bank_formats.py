"""Bank statement files are told apart by content, never by name, and read by their format."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tijdig.adapters.importers import bank
from tijdig.domain.banking import StatementFormat

STATEMENT_FILES = sorted(
    f"{folder}/{p.name}"
    for folder in ("mt940", "camt053")
    for p in (CORPUS / folder).glob("*")
    if p.is_file()
) or ["(corpus absent)"]
_FORMATS = {"mt940": StatementFormat.MT940, "camt053": StatementFormat.CAMT053}


@pytest.mark.parametrize("name", STATEMENT_FILES)
def test_every_corpus_statement_is_identified_by_its_content(corpus: Path, name: str) -> None:
    folder = name.split("/", 1)[0]
    assert bank.identify(corpus / name) is _FORMATS[folder]


@pytest.mark.parametrize("name", STATEMENT_FILES)
def test_every_corpus_statement_is_read_through_the_dispatcher(corpus: Path, name: str) -> None:
    result = bank.extract(corpus / name)
    if name == "mt940/zilverline_knab_invalid.txt":
        assert result.items == () and result.errors
    else:
        assert result.ok, [str(issue) for issue in result.issues]
        assert all(s.format is _FORMATS[name.split("/", 1)[0]] for s in result.items)


def test_a_camt_file_with_an_mt940_name_is_still_camt(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "statement.sta"
    renamed.write_bytes((corpus / "camt053" / "genkgo_camt053.v2.minimal.xml").read_bytes())
    assert bank.identify(renamed) is StatementFormat.CAMT053


def test_an_mt940_file_with_an_xml_name_is_still_mt940(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "statement.xml"
    renamed.write_bytes((corpus / "mt940" / "wolph_sns.sta").read_bytes())
    assert bank.identify(renamed) is StatementFormat.MT940
    assert len(bank.extract(renamed).items) == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"date;amount\n2024-01-01;10\n", b"%PDF-1.7\n\x00\xff", b"<html><body/></html>"],
)
def test_a_file_that_is_no_statement_gives_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "upload.sta"
    path.write_bytes(content)
    assert bank.identify(path) is None
    result = bank.extract(path)
    assert result.items == ()
    [error] = result.errors
    assert error.file == "upload.sta"
    assert "MT940 or CAMT.053" in error.message


def test_an_e_invoice_is_no_statement(corpus: Path) -> None:
    invoice = corpus / "ubl" / "si_SI-UBL-2.0_ok_minimal.xml"
    assert bank.identify(invoice) is None
    assert len(bank.extract(invoice).errors) == 1


def test_many_files_read_by_worker_processes_come_back_as_read_one_by_one(
    corpus: Path, tmp_path: Path
) -> None:
    paths = [corpus / name for name in STATEMENT_FILES]
    missing = tmp_path / "gone.xml"
    paths.insert(1, missing)  # a file that cannot be read keeps its place, as an issue
    alone = [bank.extract(p) for p in paths]
    assert bank.extract_all(paths, workers=2) == alone
    assert bank.extract_all(paths) == alone  # small files: read here, no workers
