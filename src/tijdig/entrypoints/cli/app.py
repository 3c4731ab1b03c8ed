"""The root `tijdig` command: groups, error handling and the shared --company option."""

from __future__ import annotations

from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from tijdig.domain.errors import ImportRefused, TijdigError
from tijdig.entrypoints.cli.common import close_installations


class TijdigGroup(TyperGroup):
    """Turns Tijdig's refusals into one clear line on stderr and exit code 1, no traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ImportRefused as refused:
            if len(refused.issues) == 1:  # one problem: one line
                _fail(f"{refused.issues[0]}; nothing was booked")
            for issue in refused.issues:
                typer.echo(f"  {issue.severity.value}: {issue}", err=True)
            errors = sum(1 for issue in refused.issues if issue.is_error)
            _fail(f"import refused: {errors} problem(s) listed above; nothing was booked")
        except TijdigError as error:
            _fail(str(error))
        finally:
            close_installations()


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=1)


app = typer.Typer(
    cls=TijdigGroup,
    help="Tijdig: receivables and collections for the Netherlands and Belgium.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from tijdig.entrypoints.cli import (
        bank,
        calc,
        companies,
        demo,
        dunning,
        imports,
        overviews,
        portal,
        privacy,
        records,
        sending,
        sepa,
        serve,
        users,
    )

    app.add_typer(calc.calc_app, name="calc")
    app.add_typer(companies.company_app, name="company")
    app.add_typer(imports.import_app, name="import")
    app.add_typer(overviews.report_app, name="report")
    overviews.register(app)
    app.command("init")(companies.init)
    app.command("demo-data")(demo.demo_data_command)
    app.command("serve")(serve.serve)
    app.add_typer(dunning.run_app, name="run")
    app.add_typer(dunning.policy_app, name="policy")
    app.add_typer(records.dispute_app, name="dispute")
    app.add_typer(records.promise_app, name="promise")
    app.add_typer(records.log_app, name="log")
    app.add_typer(records.task_app, name="task")
    app.command("agenda")(records.agenda)
    app.command("send")(sending.send)
    app.command("settle")(sending.settle)
    app.command("preview")(sending.preview)
    app.add_typer(bank.bank_app, name="bank")
    app.add_typer(sepa.sepa_app, name="sepa")
    app.add_typer(users.user_app, name="user")
    app.add_typer(users.token_app, name="token")
    app.add_typer(privacy.privacy_app, name="privacy")
    app.add_typer(portal.portal_app, name="portal")


_register()


def main() -> None:
    """Console script entry point."""
    app()
