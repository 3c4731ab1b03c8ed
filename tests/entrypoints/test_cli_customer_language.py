"""`tijdig customer-language NUMBER LANGUAGE` (issue 15): a customer's language set from
the command line, shown in `tijdig customer`; an unknown one refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tijdig.entrypoints.cli.app import app

from .test_cli import _loaded, _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_a_customer_is_set_to_french_and_reads_french(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    assert "language nl" in _ok(cli, "customer", "2001", "--as-of", "2026-11-24")
    assert "Customer 2001 reads fr." in _ok(cli, "customer-language", "2001", "fr")
    assert "language fr" in _ok(cli, "customer", "2001", "--as-of", "2026-11-24")


def test_an_unknown_language_or_customer_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    for args, said in ((("2001", "de"), "nl, en, fr"), (("NOPE", "fr"), "no customer NOPE")):
        result = cli.invoke(app, ["customer-language", *args])
        assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
        assert said in result.output
    assert "language nl" in _ok(cli, "customer", "2001", "--as-of", "2026-11-24")
