"""`tijdig import invoices FILE --sync [--dry-run]` end to end: the difference printed, the
dry run changing nothing, the sync booked once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from tijdig.adapters.db.schema.ledger import Base
from tijdig.entrypoints.cli.app import app

CUSTOMERS = "klantnummer;naam;soort;land\n1001;Bakkerij;zakelijk;NL\n1002;Jansen;zakelijk;NL\n"
HEAD = "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;openstaand\n"
F1 = "2026-0001;1001;01-09-2026;01-10-2026;1.210,00;1.210,00\n"
F2 = "2026-0002;1002;15-09-2026;15-10-2026;605,50;605,50\n"
F3 = "2026-0003;1001;20-09-2026;20-10-2026;99,99;99,99\n"
F1_LATER = "2026-0001;1001;01-09-2026;15-10-2026;1.210,00;1.210,00\n"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    address = f"sqlite:///{tmp_path / 'books.db'}"
    monkeypatch.setenv("TIJDIG_DATABASE_URL", address)
    _ok("company", "add", "ACME", "--name", "Acme B.V.")
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    _ok("import", "customers", str(tmp_path / "c.csv"))
    return address


def _ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _export(tmp_path: Path, name: str, *rows: str) -> str:
    path = tmp_path / name
    path.write_text(HEAD + "".join(rows))
    return str(path)


def _tables(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: [tuple(r) for r in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for name, table in Base.metadata.tables.items()
            }  # fmt: skip
    finally:
        engine.dispose()


def test_a_sync_prints_one_changed_and_one_gone_and_books_them_once(
    url: str, tmp_path: Path
) -> None:
    first = _ok("import", "invoices", _export(tmp_path, "nov.csv", F1, F2, F3), "--sync",
                "--exported-on", "2026-11-02")  # fmt: skip
    assert "3 new, 0 changed, 0 gone" in first and "synced: 3 invoice(s) added" in first
    december = _export(tmp_path, "dec.csv", F1_LATER, F3)
    before = _tables(url)
    dry = _ok("import", "invoices", december, "--sync", "--dry-run", "--exported-on", "2026-12-01")
    assert _tables(url) == before
    lines = dry.splitlines()
    assert lines[0] == ("csv export of 2026-12-01 against the one of 2026-11-02: 0 new, "
                        "1 changed, 1 gone, 1 unchanged")  # fmt: skip
    assert lines[1:3] == [
        "changed  2026-0001: due_date 2026-10-01 -> 2026-10-15",
        "gone     2026-0002 (customer 1002): EUR 605.50 paid outside Tijdig on 2026-12-01",
    ]
    assert lines[3].startswith("dry run, nothing changed") and len(lines) == 4
    synced = _ok("import", "invoices", december, "--sync", "--exported-on", "2026-12-01")
    assert synced.splitlines()[:3] == lines[:3]
    assert synced.splitlines()[3] == "synced: 0 invoice(s) added, 1 updated, 1 paid outside Tijdig"
    assert '"open": "0.00"' in _ok("invoices", "--json", "--customer", "1002")
    booked = _tables(url)
    again = _ok("import", "invoices", december, "--sync", "--exported-on", "2026-12-01")
    assert "0 new, 0 changed, 0 gone, 2 unchanged" in again and "no differences" in again
    assert _tables(url) == booked


def test_dry_run_without_sync_is_refused(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "invoices", _export(tmp_path, "x.csv", F1),
                                      "--dry-run"])  # fmt: skip
    assert result.exit_code == 1 and "go with --sync" in result.stderr
