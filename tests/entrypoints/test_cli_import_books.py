"""`tijdig import invoices` with accounting package exports: open items booked, paid ones not.

End to end on SQLite (and PostgreSQL when configured): the package is recognised from the
columns or named with `--format`; a re-import books nothing; a paid invoice never becomes
an open item; the history is left to the history import."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.entrypoints.cli_import import booked, ok, run

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
BOOKS = SAMPLES / "books"


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    runner = CliRunner()
    ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--term", "30")
    ok(runner, "import", "customers", str(SAMPLES / "customers.csv"))
    return runner


@pytest.mark.parametrize(
    ("name", "package", "open_items", "paid"),
    [
        ("exact_online.xlsx", "exact-online", {"26001", "26003", "26004"}, {"26002"}),
        ("twinfield.csv", "twinfield", {"T-1001", "T-1003", "T-1004"}, {"T-1002", "T-1005"}),
        ("moneybird.csv", "moneybird", {"2026-0001", "2026-0003", "2026-0004"}, {"2026-0002"}),
        (
            "eboekhouden_facturen.csv",
            "e-boekhouden",
            {"F2026-101", "F2026-103", "F2026-104"},
            {"F2026-102"},
        ),
    ],
)
def test_a_package_export_books_its_open_items_once(
    cli: CliRunner, name: str, package: str, open_items: set[str], paid: set[str]
) -> None:
    out = ok(cli, "import", "invoices", str(BOOKS / name))
    assert f"{package}: open items: 3 added" in out
    assert f"{len(paid)} paid invoice(s)" in out
    assert set(booked(cli, "--open")) == open_items  # a paid invoice is no open item
    everything = booked(cli)
    # paid ones are there only as history (where this version has the history import)
    assert all(everything[number][2] in {"0", "0.00"} for number in paid & set(everything))
    again = ok(cli, "import", "invoices", "--format", package, str(BOOKS / name))
    assert "imported before, skipped" in again and booked(cli) == everything


def test_the_open_amounts_are_the_exports(cli: CliRunner) -> None:
    ok(cli, "import", "invoices", str(BOOKS / "twinfield.csv"))
    amounts = {k: (c, Decimal(t), Decimal(o)) for k, (c, t, o) in booked(cli).items()}
    assert amounts["T-1003"] == ("K2001", Decimal("1815"), Decimal("815"))  # partly paid
    assert amounts["T-1004"] == ("K1001", Decimal("242"), Decimal("242"))  # a credit note


def test_an_unknown_format_is_one_line_and_books_nothing(cli: CliRunner) -> None:
    result = run(cli, "import", "invoices", "--format", "snelstart", str(BOOKS / "moneybird.csv"))
    assert result.exit_code == 1 and "'snelstart' is not known" in result.stderr
    assert booked(cli) == {}


def test_a_bad_export_is_refused_whole_naming_file_line_and_field(
    cli: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "mb.csv"
    text = (BOOKS / "moneybird.csv").read_text()
    bad.write_text(text.replace("2026-02-09,2026-02-23", "2026-02-09,2026-02-30"))
    result = run(cli, "import", "invoices", str(bad))
    assert result.exit_code == 1
    assert "mb.csv, line 3, field due_date" in result.stderr
    assert booked(cli) == {}


def test_a_package_export_keeps_in_step_with_sync(cli: CliRunner, tmp_path: Path) -> None:
    """`--sync` reads a package's export too: its open items against the previous export
    of that package; an item gone is paid outside Tijdig, the same export again changes
    nothing."""
    first = ok(cli, "import", "invoices", str(BOOKS / "twinfield.csv"), "--sync",
                "--exported-on", "2026-04-01")  # fmt: skip
    assert "twinfield export of 2026-04-01" in first
    assert set(booked(cli, "--open")) >= {"T-1001", "T-1003", "T-1004"}
    # the next export: T-1003 is no longer listed (paid in the books)
    lines = (BOOKS / "twinfield.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    later = tmp_path / "twinfield-later.csv"
    later.write_text("".join(line for line in lines if "T-1003" not in line), encoding="utf-8")
    dry = ok(cli, "import", "invoices", str(later), "--sync", "--dry-run",
              "--exported-on", "2026-04-15")  # fmt: skip
    assert "0 new, 0 changed, 1 gone" in dry
    assert "T-1003" in booked(cli, "--open")
    ok(cli, "import", "invoices", str(later), "--sync", "--exported-on", "2026-04-15")
    assert "T-1003" not in booked(cli, "--open")
    again = ok(cli, "import", "invoices", str(later), "--sync", "--exported-on", "2026-04-15")
    assert "0 new, 0 changed, 0 gone" in again
