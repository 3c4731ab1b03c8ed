"""What the CLI import tests share: running a command on the CLI, and reading back what
the invoices list says is booked."""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from tijdig.entrypoints.cli.app import app


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(app, list(args))


def ok(cli: CliRunner, *args: str) -> str:
    """The output of a command that must succeed."""
    result = run(cli, *args)
    assert result.exit_code == 0, result.output
    return result.output


def booked(cli: CliRunner, *only: str) -> dict[str, tuple[str, str, str]]:
    """The invoices booked (`tijdig invoices --json`, narrowed by `only`, e.g. `--open`):
    number -> (customer, total, open) as the JSON gives them."""
    rows = json.loads(ok(cli, "invoices", "--json", *only))
    return {r["number"]: (r["customer"], str(r["total"]), str(r["open"])) for r in rows}
