"""The CLI starts fast: commands load lazily, yet every command is still there, with
its short help in `tijdig --help` and its full options in `tijdig CMD --help`."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from tijdig.entrypoints.cli.app import COMMANDS, TijdigGroup, app, load_command

HEAVY = ("sqlalchemy", "fastapi", "typst", "lxml", "pydantic", "tijdig.bootstrap")

# Every command as it was before commands loaded lazily (more may come).
TREE = """customers,invoices,customer,init,demo-data,serve,agenda,send,settle,preview,calc,
calc costs,calc interest,calc term,company,company add,company list,import,import customers,
import invoices,import bank,report,report aging,run,run show,run approve,run skip,policy,
policy export,policy import,policy settings,dispute,dispute add,dispute resolve,promise,
promise add,log,log add,log show,task,task done,bank,bank review,bank find,bank accounts,sepa,
sepa export,sepa mandate,sepa mandate add,sepa mandate revoke,sepa mandate list,user,user add,
user list,user set,user password,token,token create,token list,token revoke,privacy,
privacy export,privacy erase,privacy retention,privacy apply,portal,portal link,
portal settings"""


def _tree(command: Any, path: str = "") -> dict[str, Any]:
    found = {path: command} if path else {}
    for name in getattr(command, "list_commands", lambda _ctx: [])(None):
        child = command.get_command(None, name)
        found |= _tree(child, f"{path} {name}".strip())
    return found


def test_importing_the_cli_imports_no_database_web_or_pdf_library() -> None:
    check = (
        f"import sys, tijdig.entrypoints.cli.app; print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert result.stdout.strip() == "[]"


def test_help_loads_no_command_module() -> None:
    check = ("import sys; from typer.testing import CliRunner; "
             "from tijdig.entrypoints.cli.app import app; "
             "CliRunner().invoke(app, ['--help']); "
             "print(sorted(m for m in sys.modules if m.startswith(CLI)))")  # fmt: skip
    check = f"CLI = 'tijdig.entrypoints.cli.'; {check}"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                            check=True)  # fmt: skip
    expected = ["tijdig.entrypoints.cli.app", "tijdig.entrypoints.cli.coercion"]
    assert result.stdout.strip() == str(expected)


def test_no_help_and_no_calculation_loads_the_database_or_pydantic() -> None:
    """`tijdig CMD --help` for every CMD, and the three calculations, in one process."""
    check = (
        "import sys; from typer.testing import CliRunner; "
        "from tijdig.entrypoints.cli.app import COMMANDS, app; runner = CliRunner(); "
        "codes = [runner.invoke(app, [name, '--help']).exit_code for name in COMMANDS]; "
        "codes += [runner.invoke(app, args.split()).exit_code for args in ("
        "'calc costs 4000 --country NL --consumer', "
        "'calc interest 2000 --from 2024-02-01 --to 2024-06-30 --country NL --business', "
        "'calc term --sent 2026-03-03 --country NL --channel post')]; "
        f"print(set(codes), [m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert result.stdout.strip() == "{0} []"


def test_every_command_is_still_there() -> None:
    tree = _tree(typer.main.get_command(app))
    expected = {" ".join(path.split()) for path in TREE.replace("\n", "").split(",")}
    assert expected <= set(tree)


def test_the_listing_says_what_each_command_says_of_itself() -> None:
    for name, entry in COMMANDS.items():
        command = load_command(name, entry)
        own = " ".join((command.help or "").split("\n\n")[0].split())
        assert entry.help == own, name


def test_tijdig_help_lists_every_command_with_its_short_help() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    for name, entry in COMMANDS.items():
        assert f" {name} " in result.output
        assert entry.help[:40] in result.output, name


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (["send", "--help"], ["--company"]),
        (["run", "--help"], ["--as-of", "--json", "show", "approve", "skip"]),
        (["import", "bank", "--help"], ["--company", "MT940"]),
        (["calc", "costs", "--help"], ["--country", "--consumer", "--vat-on-costs"]),
        (["sepa", "mandate", "add", "--help"], ["--reference", "--signed", "--scheme"]),
    ],
)
def test_a_commands_help_shows_its_options(args: list[str], options: list[str]) -> None:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.output


def test_an_unknown_command_is_still_refused() -> None:
    result = CliRunner().invoke(app, ["nope"])
    assert result.exit_code == 2
    assert isinstance(typer.main.get_command(app), TijdigGroup)
