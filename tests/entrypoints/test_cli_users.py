"""`tijdig user ...` and `tijdig token ...`, and the demo's sign-in."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app

from .test_cli import ADD_ACME, _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_a_user_is_added_with_a_generated_password_that_signs_in(
    cli: CliRunner, app: Tijdig
) -> None:
    _ok(cli, *ADD_ACME)
    out = _ok(cli, "user", "add", "Anne", "--name", "Anne de Vries", "--company", "ACME",
              "--generate-password")  # fmt: skip
    assert "Added user anne (credit_controller)" in out
    password = re.search(r"Password: (\S+)", out)
    assert password
    with app.uow() as uow:
        stored = uow.users.by_username("anne")
    assert stored is not None and stored.company_ids
    listed = _ok(cli, "user", "list")
    assert "anne" in listed and "ACME" in listed


def test_bad_input_is_refused_in_one_line(cli: CliRunner) -> None:
    result = cli.invoke(app, ["user", "add", "bob", "--password", "short"])
    assert result.exit_code == 1
    assert "password: at least 10 characters" in result.output
    result = cli.invoke(app, ["user", "add", "bob", "--role", "boss", "--password", "x" * 12])
    assert result.exit_code == 1
    assert "role: 'boss'" in result.output
    result = cli.invoke(app, ["user", "add", "bob", "--company", "NOPE", "--password", "x" * 12])
    assert result.exit_code == 1
    assert "NOPE" in result.output


def test_a_user_is_changed_and_deactivated(cli: CliRunner, app: Tijdig) -> None:
    _ok(cli, *ADD_ACME)
    _ok(cli, "user", "add", "sam", "--role", "sales", "--password", "long enough pw")
    _ok(cli, "user", "set", "sam", "--grant", "ACME", "--language", "en", "--inactive")
    with app.uow() as uow:
        sam = uow.users.by_username("sam")
    assert sam is not None and not sam.active and sam.language == "en" and sam.company_ids


def test_a_token_is_shown_once_listed_by_prefix_and_revoked(cli: CliRunner) -> None:
    _ok(cli, "user", "add", "robot", "--role", "admin", "--password", "long enough pw")
    token = _ok(cli, "token", "create", "robot", "--name", "sync").strip()
    assert token.startswith("tjd_") and len(token) > 40
    listed = _ok(cli, "token", "list", "robot", "--json")
    assert token[:12] in listed and token not in listed
    assert "Revoked token 1" in _ok(cli, "token", "revoke", "robot", "1")
    again = cli.invoke(app, ["token", "revoke", "robot", "1"])
    assert again.exit_code == 1 and "no active token 1" in again.output
