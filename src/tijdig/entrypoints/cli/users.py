"""`tijdig user add|list|set|password` and `tijdig token create|list|revoke`."""

from __future__ import annotations

import getpass
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tijdig import clock
from tijdig.domain.errors import InvalidValue
from tijdig.domain.users import Role, User
from tijdig.entrypoints.cli.common import JsonOption, cli_actor, installation, later, print_json
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.bootstrap import Tijdig
    from tijdig.services.access import users
else:
    users = later("tijdig.services.access.users")

user_app = typer.Typer(help="People who sign in to the web workspace.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens: `Authorization: Bearer <token>`.", no_args_is_help=True)

RoleOption = Annotated[
    str,
    typer.Option(help="admin, credit_controller or sales (read-only)."),
]
CompaniesOption = Annotated[
    list[str] | None,
    typer.Option("--company", "-c", help="Company the user may see (repeat)."),
]
PasswordOption = Annotated[
    str | None,
    typer.Option(
        "--password",
        envvar="TIJDIG_NEW_PASSWORD",
        help="The password (else asked, or generated with --generate-password).",
    ),
]


def _now() -> datetime:
    return clock.now()


def _role(text: str) -> Role:
    try:
        return Role(text.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InvalidValue("role", f"{text!r}: one of {names}") from None


def _company_ids(app: Tijdig, codes: list[str] | None) -> list[int]:
    from tijdig.services.companies.companies import resolve_company

    ids = []
    for code in codes or []:
        company = resolve_company(app.uow(), code)
        assert company.id is not None
        ids.append(company.id)
    return ids


def _password(given: str | None, generate: bool) -> tuple[str, bool]:
    """(password, whether it was generated and must be shown once)."""
    if given:
        return given, False
    if generate:
        return secrets.token_urlsafe(12), True
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise InvalidValue("password", "the two passwords differ")
    return first, False


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. anne or anne@example.nl.")],
    name: Annotated[str, typer.Option(help="Full name, shown in the audit log.")] = "",
    role: RoleOption = "credit_controller",
    company: CompaniesOption = None,
    language: Annotated[str, typer.Option(help="nl, en or fr.")] = "nl",
    password: PasswordOption = None,
    generate_password: Annotated[
        bool, typer.Option("--generate-password", help="Make a random password and print it.")
    ] = False,
) -> None:
    """Add a user; a credit controller or sales user sees only the companies granted."""
    app = installation()
    chosen_role = _role(role)
    company_ids = _company_ids(app, company)
    secret, generated = _password(password, generate_password)
    user = users.add_user(
        app.uow(), app.passwords(), username=username, name=name, password=secret,
        role=chosen_role, language=language, company_ids=company_ids, actor=cli_actor(),
        at=_now(),
    )  # fmt: skip
    console.print(f"Added user {user.username} ({user.role.value})")
    if generated:
        console.print(f"Password: {secret}", highlight=False, markup=False)


@user_app.command("list")
def list_users(as_json: JsonOption = False) -> None:
    """Every user, their role and the companies they see."""
    app = installation()
    with app.uow() as uow:
        found = uow.users.all()
        codes = {c.id: c.code for c in uow.companies.all()}
    rows = [
        {
            "username": u.username,
            "name": u.name,
            "role": u.role.value,
            "language": u.language,
            "active": u.active,
            "companies": "all" if u.role is Role.ADMIN else sorted(codes[i] for i in u.company_ids),
        }
        for u in found
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("User", "Name", "Role", "Language", "Active", "Companies")
    for u in found:
        companies = (
            "all" if u.role is Role.ADMIN else ", ".join(sorted(codes[i] for i in u.company_ids))
        )
        table.add_row(
            u.username, u.name, u.role.value, u.language, "yes" if u.active else "no", companies
        )
    console.print(table)


@user_app.command("set")
def set_user(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    language: Annotated[str | None, typer.Option(help="nl, en or fr.")] = None,
    grant: Annotated[list[str] | None, typer.Option(help="Company to grant (repeat).")] = None,
    revoke: Annotated[list[str] | None, typer.Option(help="Company to take away (repeat).")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Allow or block sign-in.")
    ] = None,
) -> None:
    """Change a user's role, language, companies or whether they may sign in."""
    app = installation()
    user = users.get_user(app.uow(), username)
    changed = users.update_user(
        app.uow(), user, role=_role(role) if role else None, language=language, active=active,
        grant=_company_ids(app, grant), revoke=_company_ids(app, revoke), actor=cli_actor(),
        at=_now(),
    )  # fmt: skip
    console.print(f"Updated user {changed.username} ({changed.role.value})")


@user_app.command("password")
def password_command(
    username: Annotated[str, typer.Argument()],
    password: PasswordOption = None,
    generate_password: Annotated[bool, typer.Option("--generate-password")] = False,
) -> None:
    """Set a new password; the user is signed out everywhere."""
    app = installation()
    user = users.get_user(app.uow(), username)
    secret, generated = _password(password, generate_password)
    users.set_password(app.uow(), app.passwords(), user, secret, actor=cli_actor(), at=_now())
    console.print(f"New password set for {user.username}")
    if generated:
        console.print(f"Password: {secret}", highlight=False, markup=False)


def _user(app: Tijdig, username: str) -> User:
    return users.get_user(app.uow(), username)


@token_app.command("create")
def create_token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What or who uses it, e.g. 'bookkeeping sync'.")],
) -> None:
    """Make an API token; it is printed once and only its hash is kept."""
    app = installation()
    token = users.create_api_token(
        app.uow(), _user(app, username), name, actor=cli_actor(), at=_now()
    )
    console.print(token, highlight=False, markup=False)


@token_app.command("list")
def list_tokens(username: Annotated[str, typer.Argument()], as_json: JsonOption = False) -> None:
    """A user's tokens (their first characters only)."""
    app = installation()
    user = _user(app, username)
    assert user.id is not None
    with app.uow() as uow:
        tokens = uow.api_tokens.of_user(user.id)
    rows = [
        {"id": i, "name": n, "starts_with": p, "created": c.isoformat(),
         "revoked": r.isoformat() if r else None}
        for i, n, p, c, r in tokens
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table("Id", "Name", "Starts with", "Created", "Revoked")
    for row in rows:
        table.add_row(*(str(row[k] or "") for k in ("id", "name", "starts_with", "created",
                                                     "revoked")))  # fmt: skip
    console.print(table)


@token_app.command("revoke")
def revoke_token(
    username: Annotated[str, typer.Argument()], token_id: Annotated[int, typer.Argument()]
) -> None:
    """Revoke a token: it stops working at once."""
    app = installation()
    users.revoke_api_token(app.uow(), _user(app, username), token_id, actor=cli_actor(), at=_now())
    console.print(f"Revoked token {token_id}")
