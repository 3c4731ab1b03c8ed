"""The root `tijdig` command: its commands, loaded lazily, and its errors: a refusal
is one clear line; so is an unexpected error, whose trace goes to a log file
(`crash_log`) and, with `tijdig --debug`, to the screen.

Commands load lazily, so that `tijdig --help`, `tijdig CMD --help` and `tijdig calc`
start fast: `COMMANDS` names each command's module and object, and its short help for
the listing of `tijdig --help`; a command's module is imported only when that command
runs or shows its own help. A test keeps the short helps equal to the commands' own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from tijdig.domain.errors import ImportRefused, TijdigError
from tijdig.entrypoints.cli import coercion

coercion.install()  # simple parameters convert without pydantic: a faster start


@dataclass(frozen=True, slots=True)
class Entry:
    """A command: `attribute` of `tijdig.entrypoints.cli.<module>`, a Typer app (a group
    of commands) or a command function; `help` is its first line, for the listing."""

    module: str
    attribute: str
    help: str
    group: bool = False


COMMANDS: dict[str, Entry] = {
    "customers": Entry("overviews", "customers",
                       "Customers with open invoices: open and overdue amounts per currency."),
    "invoices": Entry("overviews", "invoices", "Invoices and credit notes, by due date."),
    "customer": Entry("customer_file", "customer", "Everything to know before contacting a "
                      "customer: open invoices, history, contacts."),
    "customer-language": Entry("customer_language", "customer_language", "Set the language "
                               "a customer reads their messages, letters and portal in."),
    "init": Entry("companies", "init", "Create the database or bring its schema up to date."),
    "demo-data": Entry("demo", "demo_data_command", "Create the demo company DEMO with "
                       "customers, invoices, payments and credit notes."),
    "serve": Entry("serve", "serve", "Serve the workspace, the debtor portal and the API "
                   "(default http://127.0.0.1:8000)."),
    "agenda": Entry("records", "agenda", "The day's calls and overdue follow-ups, and the "
                    "promises lapsed and not kept that await the run's judgement (`tijdig run` "
                    "raises their follow-ups). Changes nothing."),
    "send": Entry("sending", "send", "Work each approved message out for the day it goes, "
                  "queue it, put approved calls in the agenda, and send what is due. A second "
                  "`tijdig send` sends nothing twice."),
    "settle": Entry("sending", "settle", "Settle a message whose delivery is unknown: "
                    "delivered (mark sent) or not (send again)."),
    "preview": Entry("sending", "preview", "Render the message a step would send a customer "
                     "today, without sending anything."),
    "worker": Entry("jobs", "worker", "Do the queued background jobs (the day's run, "
                    "sending), one at a time, until stopped. Start as many as you like, on as "
                    "many machines (PostgreSQL)."),
    "calc": Entry("calc", "calc_app", "Legal calculators for NL and BE: collection costs, "
                  "statutory interest, reminder terms.", group=True),
    "company": Entry("companies", "company_app",
                     "The companies (creditors) this installation collects for.", group=True),
    "import": Entry("imports", "import_app", "Import customers and invoices from files.",
                    group=True),
    "report": Entry("overviews", "report_app", "Reports over the receivables.", group=True),
    "run": Entry("dunning", "run_app",
                 "The daily run: what should happen next for every customer.", group=True),
    "policy": Entry("dunning", "policy_app", "The collection policies of a company, as TOML.",
                    group=True),
    "dispute": Entry("disputes", "dispute_app", "Disputed invoices: held until their outcome.",
                     group=True),
    "note": Entry("notes", "note_app", "Internal notes of other departments: they hold the "
                  "reminders.", group=True),
    "promise": Entry("records", "promise_app", "Promises to pay.", group=True),
    "plan": Entry("plans", "plan_app", "Payment plans: offered, accepted in writing, in force.",
                  group=True),
    "model": Entry("risk", "model_app", "The late-payment risk model: train and store it, "
                   "show its quality, score the open invoices.", group=True),
    "risk": Entry("risk", "risk_app", "A customer's risk of late payment with its reasons; "
                  "the risk's suggestions, accepted or dismissed.", group=True),
    "credit": Entry("credit", "credit_app", "Credit status: ok or hold (deliveries "
                    "stopped), with the reasons.", group=True),
    "webhooks": Entry("credit", "webhooks_app", "Webhook URLs that hear of each change of a "
                      "customer's credit status.", group=True),
    "hardship": Entry("hardship", "hardship_app", "Debtors in hardship: no reminders, costs "
                      "or interest while a status lasts.", group=True),
    "hand-over": Entry("hand_over", "hand_over_app", "Hand-over to a collection agency: "
                       "the case, its file and its status.", group=True),
    "ladder": Entry("ladder", "ladder_app", "Plan B: the escalation ladder, and the "
                    "fallback of an agreement.", group=True),
    "log": Entry("records", "log_app", "The contact log.", group=True),
    "contacts": Entry("contacts", "contacts_app", "Contact data quality: missing, invalid, "
                      "bounced or unconfirmed e-mail and phone.", group=True),
    "task": Entry("records", "task_app", "Agenda tasks.", group=True),
    "bank": Entry("bank", "bank_app", "Bank lines that wait for a person.", group=True),
    "sepa": Entry("sepa", "sepa_app", "SEPA direct debit: mandates, pre-notified "
                  "collections and pain.008 files.", group=True),
    "jobs": Entry("jobs", "jobs_app", "Background jobs: queued with --background, done by "
                  "`tijdig worker`.", group=True),
    "schedule": Entry("schedule", "schedule_app", "The scheduler: each company's run time "
                      "and run days, and its next run.", group=True),
    "user": Entry("users", "user_app", "People who sign in to the web workspace.", group=True),
    "token": Entry("users", "token_app", "API tokens: `Authorization: Bearer <token>`.",
                   group=True),
    "privacy": Entry("privacy", "privacy_app", "Privacy (AVG/GDPR): export or erase a "
                     "debtor's data; retention periods.", group=True),
    "mail": Entry("mail", "mail_app", "The collection mailbox: connect it, read replies "
                  "and bounces, link what is not linked.", group=True),
    "portal": Entry("portal", "portal_app", "The debtor portal: each customer's own page "
                    "behind a signed, expiring link.", group=True),
    "forecast": Entry("forecast", "forecast_app", "The cash-flow forecast: expected receipts "
                      "per week, with an 80 % interval.", group=True),
    "effects": Entry("effects", "effects", "The response table: per cell the messages "
                     "judged and the share whose invoices were paid within 7 and 14 days, "
                     "with 95 % Wilson intervals. Changes nothing."),
    "simulate": Entry("simulate", "simulate", "Simulate a dunning policy over a past period, "
                      "many times, beside what really happened. Changes nothing."),
    "experiment": Entry("effects", "experiment_app", "A/B tests of templates: variants, "
                        "start, status, choose.", group=True),
    "tolerance": Entry("habits", "tolerance_app", "Tolerances suggested from customers' "
                       "habits: accept or dismiss them.", group=True),
}  # fmt: skip
# Commands under a command that itself takes an argument (`tijdig customer NUMBER` shows
# the file, `tijdig customer pause NUMBER` pauses dunning): the pair routes to its own.
SUBCOMMANDS: dict[tuple[str, str], Entry] = {
    ("customer", "pause"): Entry("pauses", "pause", "Pause dunning of a customer until a day."),
    ("customer", "resume"): Entry("pauses", "resume", "Resume dunning of a paused customer now."),
    ("customer", "statement"): Entry(
        "pauses", "statement", "E-mail a customer a statement of account now."
    ),
    ("customer", "habits"): Entry(
        "habits", "customer_habits", "A customer's payment habits and suggested tolerance."
    ),
}


def load_command(name: str, entry: Entry) -> Any:
    """The click command of `entry`, its module imported now, registered as the root
    would register it (`add_typer` / `command`)."""
    module = importlib.import_module(f"tijdig.entrypoints.cli.{entry.module}")
    target = getattr(module, entry.attribute)
    holder = typer.Typer(add_completion=False)
    if entry.group:
        holder.add_typer(target, name=name)
        holder.callback()(lambda: None)
        command = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
    else:
        holder.command(name)(target)
        command = typer.main.get_command(holder)
        command.name = name
    _plain(command)
    return command


def _plain(command: Any) -> None:
    """Help and usage errors as Click prints them: Rich's formatting would cost more
    CPU at start than the whole rest of `tijdig CMD --help` (about 0.13 s)."""
    command.rich_markup_mode = None
    for sub in getattr(command, "commands", {}).values():
        _plain(sub)


class TijdigGroup(TyperGroup):
    """Loads each command when it is needed, and turns Tijdig's refusals into one clear
    line on stderr and exit code 1, no traceback."""

    listing = False  # while `tijdig --help` lists the commands: their short help only

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        entry = COMMANDS[cmd_name]
        if self.listing:
            return TyperCommand(name=cmd_name, help=entry.help)
        self.commands[cmd_name] = load_command(cmd_name, entry)
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        entry = SUBCOMMANDS.get((args[0], args[1])) if len(args) > 1 else None
        if entry is None:
            return super().resolve_command(ctx, args)
        name = f"{args[0]} {args[1]}"
        return name, load_command(name, entry), args[2:]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

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
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # the command line's own answers (exit codes, usage errors)
        except Exception as error:
            _unexpected(error, debug=bool(ctx.params.get("debug")))
        finally:
            _close_installations()


def _close_installations() -> None:
    """Close what the command opened; a command that opened nothing imported no database."""
    import sys

    common = sys.modules.get("tijdig.entrypoints.cli.common")
    if common is not None:
        common.close_installations()


def _unexpected(error: Exception, *, debug: bool) -> NoReturn:
    """One line naming the log that holds the trace; the trace here too with --debug."""
    import traceback

    from tijdig.entrypoints.cli import crash_log

    path = crash_log.write_trace(error)
    if debug or path is None:
        typer.echo("".join(traceback.format_exception(error)).rstrip(), err=True)
    where = f"the details are in {path}" if path else "the details are above"
    hint = "" if debug else "; run again with --debug to see them here"
    _fail(f"{crash_log.summary(error)} ({where}{hint})")


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=1)


app = typer.Typer(
    cls=TijdigGroup,
    help="Tijdig: receivables and collections for the Netherlands and Belgium.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: see `_plain`
)


@app.callback()
def root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show an unexpected error's details here.")
    ] = False,
) -> None:
    """Tijdig: receivables and collections for the Netherlands and Belgium."""


def main() -> None:
    """Console script entry point."""
    app()
