"""What the CLI commands share: the installation, today's date, output helpers."""

from __future__ import annotations

import gc
import getpass
import importlib
import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tijdig import clock
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.errors import InvalidValue

if TYPE_CHECKING:
    from tijdig.bootstrap import Tijdig
    from tijdig.domain.banking import AccountBalance
    from tijdig.domain.parties import Company
    from tijdig.services.plans.judging import Judged

# The installation, the services and the database load when a command first needs them
# (`installation()`), not when the CLI starts: `tijdig --help` stays fast.

CompanyOption = Annotated[
    str | None,
    typer.Option("--company", "-c", help="Company code, KvK/KBO number or VAT id."),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Date to look from (YYYY-MM-DD); default today.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
BackgroundOption = Annotated[
    bool,
    typer.Option("--background", help="Queue it as a background job and print the job's id "
                 "(`tijdig jobs show ID`); `tijdig worker` or `tijdig serve` does it."),
]  # fmt: skip


# A day given without a time (`--as-of 2026-03-03`) is taken at this hour.
REHEARSAL_TIME = time(9, 0)

_opened: list[Tijdig] = []


class later:  # used where a module would be: `dunning = later("...")`
    """A module imported when first used, so that `tijdig CMD --help` does not load the
    services behind CMD. Modules use it under `if TYPE_CHECKING: from ... import x`
    / `else: x = later("...")`, so their calls stay as they were, and typed."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def installation() -> Tijdig:
    """The installation for this command; closed by `close_installations` when it ends."""
    from tijdig.bootstrap import bootstrap

    app = bootstrap()
    _opened.append(app)
    _freeze_what_is_loaded()
    return app


_frozen: list[bool] = []


def _freeze_what_is_loaded() -> None:
    """Take what is loaded by now (the modules, SQLAlchemy's mappings: hundreds of
    thousands of objects that live as long as the command) out of the garbage
    collector's full collections. A command that builds much (`tijdig run` over 100,000
    customers) otherwise has every full collection walk them all again: a sixth of the
    run. Once per process: the CLI's tests run many commands in one."""
    if not _frozen:
        gc.freeze()
        _frozen.append(True)


def close_installations() -> None:
    """Return every database connection a command opened (the CLI runs many in tests)."""
    while _opened:
        _opened.pop().close()


def today() -> date:
    """The business day from the edge's one clock, passed down as a date."""
    return clock.today()


def parse_date(text: str | None, *, field: str) -> date:
    """ISO (2026-03-03) or Dutch (03-03-2026) dates, as a person types them."""
    if text is None:
        return today()
    for parse in (date.fromisoformat, _dutch_date):
        try:
            return parse(text)
        except ValueError:
            continue
    raise InvalidValue(field, f"{text!r} is not a date (use YYYY-MM-DD or DD-MM-YYYY)")


def parse_moment(text: str, *, field: str) -> datetime:
    """A day (then 09:00) or a moment (`2026-03-03T21:30`), in Amsterdam time."""
    text = text.strip()
    if "T" in text or " " in text:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidValue(field, f"{text!r} is not a moment (use YYYY-MM-DDTHH:MM)") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=BUSINESS_TIMEZONE)
        return moment
    day = parse_date(text, field=field)
    return datetime.combine(day, REHEARSAL_TIME, tzinfo=BUSINESS_TIMEZONE)


def cli_actor() -> str:
    """Who the audit log names for a command: the operating-system user, or `cli` where
    there is no user name (a bare container)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _dutch_date(text: str) -> date:
    day, month, year = text.replace("/", "-").split("-")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def command_context(company: str | None, as_of: str | None) -> tuple[Tijdig, Company, date]:
    """What most data commands start with: the installation, the company and the day."""
    app = installation()
    return app, company_for(app, company), parse_date(as_of, field="--as-of")


def company_for(app: Tijdig, identifier: str | None) -> Company:
    from tijdig.services.companies.companies import resolve_company

    return resolve_company(app.uow(), identifier)


def money_text(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


DERIVED_NOTE = (
    "(derived): the statement gave no closing balance; "
    "derived from its opening balance and its lines"
)


def shown_balance(account: AccountBalance) -> str:
    """`EUR 1,234.56`, with `(derived)` when the statement gave no closing balance."""
    if account.balance is None:
        return ""
    shown = f"{account.currency} {account.balance:,.2f}"
    return f"{shown} (derived)" if account.derived else shown


def judged_line(judged: Judged) -> str:
    """What judging the plans in force did, in one line."""
    return (f"Payment plans: {judged.kept} kept, {judged.broken} broken past their reminder "
            f"(plan B follows), {judged.reminded} missed (a call planned and a reminder "
            "queued for each).")  # fmt: skip
