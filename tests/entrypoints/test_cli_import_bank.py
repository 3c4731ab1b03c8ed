"""`tijdig import bank` end to end on demo statements: booked once, refused as a whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.entrypoints.cli.app import app


@pytest.fixture
def statements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A small demo whose last ten days of payments wait in CAMT.053 files."""
    monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    folder = tmp_path / "bank"
    _ok("demo-data", "--customers", "20", "--invoices", "300", "--seed", "42",
        "--as-of", "2026-11-23", "--bank-days", "10", "--bank-dir", str(folder))  # fmt: skip
    return sorted(str(p) for p in folder.glob("*.xml"))


def _ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _number(pattern: str, output: str) -> int:
    found = re.search(pattern, output)
    assert found, output
    return int(found.group(1))


def _lines(tmp_path: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    t = BankTransactionRow
    with engine.connect() as connection:
        rows = connection.execute(select(t.status, func.count()).group_by(t.status)).all()
    engine.dispose()
    return dict(rows)


def test_statements_are_matched_and_booked_once(statements: list[str], tmp_path: Path) -> None:
    first = _ok("import", "bank", *statements)
    new = _number(r"(\d+) new transaction", first)
    booked = _number(r"(\d+) payment\(s\) booked", first)
    review = _number(r"(\d+) waiting for review", first)
    assert new > 0 and booked > 0 and booked + review <= new
    stored = _lines(tmp_path)
    assert sum(stored.values()) == new and "new" not in stored
    assert stored["matched"] == booked and stored.get("review", 0) == review
    again = _ok("import", "bank", *statements)
    assert _number(r"(\d+) new transaction", again) == 0
    assert _number(r"(\d+) booked before", again) == new
    assert _number(r"(\d+) payment\(s\) booked", again) == 0
    assert _lines(tmp_path) == stored


def test_one_unreadable_file_books_nothing(statements: list[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Document><BkToCstmrStmt>")
    result = CliRunner().invoke(app, ["import", "bank", *statements, str(broken)])
    assert result.exit_code == 1
    assert "nothing was booked" in result.output
    assert _lines(tmp_path) == {}


def test_a_statement_without_a_closing_balance_shows_a_derived_one(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{tmp_path / 'bank.db'}")
    _ok("company", "add", "ACME", "--name", "Acme B.V.")
    imported = _ok("import", "bank", str(corpus / "camt053" / "oca_camt053"), "--company", "ACME")
    assert "derived 73800.00 from the opening balance and the lines" in imported
    assert "balance EUR 73,800.00 (derived)" in imported
    assert "EUR 73,800.00 (derived)" in _ok("bank", "accounts")
    [account] = json.loads(CliRunner().invoke(app, ["bank", "accounts", "--json"]).stdout)
    assert (account["balance"], account["balance_derived"]) == ("73800.00", True)


def test_the_import_is_audited_and_what_waits_is_listed(
    statements: list[str], tmp_path: Path
) -> None:
    from tijdig.adapters.db.schema.users import AuditRow

    def entries() -> list[tuple[str, str, int | None, str]]:
        engine = create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
        ours = AuditRow.action.like("bank.%")  # not the demo data's own entries
        with engine.connect() as connection:
            rows = connection.execute(
                select(AuditRow.action, AuditRow.actor, AuditRow.customer_id, AuditRow.details)
                .where(ours).order_by(AuditRow.id)
            ).all()  # fmt: skip
        engine.dispose()
        return [(action, actor, customer, details) for action, actor, customer, details in rows]

    imported = _ok("import", "bank", *statements)
    review = _number(r"(\d+) waiting for review", imported)
    booked = _number(r"(\d+) payment\(s\) booked", imported)
    written = entries()
    customers = [customer for *_, customer, _ in written]
    # one entry per customer paid, each once, and none for the company
    assert 0 < len(customers) <= booked and None not in customers
    assert len(set(customers)) == len(customers)
    assert {action for action, *_ in written} == {"bank.import"}
    assert all(actor.startswith("cli:") for _, actor, *_ in written)
    assert sum(_number(r"(\d+) payment\(s\) booked", d) for *_, d in written) == booked
    _ok("import", "bank", *statements)
    # a repeat books nothing, so it touches no customer (statements without lines are
    # stored again, as before, with their company entry)
    assert [e for e in entries() if e[2] is not None] == written
    listed = json.loads(CliRunner().invoke(app, ["bank", "review", "--json"]).stdout)
    assert len(listed) == review
    assert "Waiting for review" in _ok("bank", "review")
    assert _ok("bank", "review", "--page", "1")
