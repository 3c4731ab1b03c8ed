"""`tijdig init`, `tijdig company add|list` and `tijdig company clause set|show|remove`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    installation,
    print_json,
)
from tijdig.entrypoints.cli.console import console

company_app = typer.Typer(
    help="The companies (creditors) this installation collects for.", no_args_is_help=True
)


def init() -> None:
    """Create the database or bring its schema up to date."""
    app = installation()
    console.print(f"Database ready: {app.settings.database_url}")


@company_app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. ACME.")],
    name: Annotated[str, typer.Option(help="Legal name.")],
    country: Annotated[str, typer.Option(help="ISO country code.")] = "NL",
    registration: Annotated[
        str | None, typer.Option("--kvk", "--kbo", help="KvK (NL) or KBO (BE) number.")
    ] = None,
    vat: Annotated[str | None, typer.Option("--vat", help="VAT id, e.g. NL123456789B01.")] = None,
    iban: Annotated[list[str] | None, typer.Option("--iban", help="Bank account (repeat).")] = None,
    bic: Annotated[str | None, typer.Option(help="BIC of the first account.")] = None,
    term: Annotated[int, typer.Option("--term", help="Default payment term in days.")] = 30,
    no_vat_deduction: Annotated[
        bool,
        typer.Option(
            "--no-vat-deduction", help="The company cannot deduct VAT (costs get 21 % uplift)."
        ),
    ] = False,
    address: Annotated[str, typer.Option(help="Sender address.")] = "",
    email: Annotated[str | None, typer.Option(help="Sender e-mail.")] = None,
    phone: Annotated[str | None, typer.Option(help="Sender phone.")] = None,
    creditor_id: Annotated[
        str | None,
        typer.Option("--creditor-id", help="SEPA Creditor Identifier, for direct debit."),
    ] = None,
) -> None:
    """Add a company; invalid KvK, VAT, IBAN, e-mail or phone numbers are refused."""
    from tijdig.domain.parties import BankAccount, Company
    from tijdig.services.companies.companies import add_company

    accounts = tuple(BankAccount(i, bic if n == 0 else None) for n, i in enumerate(iban or []))
    company = Company(
        code=code,
        name=name,
        country=country.upper(),
        registration_number=registration,
        vat_id=vat,
        bank_accounts=accounts,
        payment_term_days=term,
        can_deduct_vat=not no_vat_deduction,
        address=address,
        email=email,
        phone=phone,
        creditor_id=creditor_id,
    )
    stored = add_company(installation().uow(), company, actor=cli_actor(), at=clock.now())
    console.print(f"Added company {stored.code}: {stored.name}")


@company_app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the companies."""
    from tijdig.services.companies.companies import list_companies

    companies = list_companies(installation().uow())
    if as_json:
        print_json(
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "country": c.country,
                    "vat_id": c.vat_id,
                    "registration_number": c.registration_number,
                    "ibans": [a.iban for a in c.bank_accounts],
                    "payment_term_days": c.payment_term_days,
                }
                for c in companies
            ]
        )
        return
    table = Table("code", "name", "country", "KvK/KBO", "VAT id", "IBAN", "term")
    for c in companies:
        table.add_row(
            c.code,
            c.name,
            c.country,
            c.registration_number or "",
            c.vat_id or "",
            ", ".join(a.iban for a in c.bank_accounts),
            f"{c.payment_term_days} d",
        )
    console.print(table)


clause_app = typer.Typer(
    help="The damages and interest clause for Belgian consumers (Book XIX WER): the "
    "company's terms, or one customer's own contract. Without one, nothing is claimed.",
    no_args_is_help=True,
)
company_app.add_typer(clause_app, name="clause")
CustomerOption = Annotated[
    str | None,
    typer.Option("--customer", help="A customer's own contract (default: the company's)."),
]


@clause_app.command("set")
def clause_set(
    reference: Annotated[
        str, typer.Option(help="Where it is: 'artikel 7 van onze algemene voorwaarden'.")
    ],
    text: Annotated[str, typer.Option(help="The clause's words, cited in the letters.")],
    interest: Annotated[
        Decimal | None, typer.Option(help="Interest agreed, percent a year (none: no interest).")
    ] = None,
    damages_percent: Annotated[
        Decimal, typer.Option(help="Damages, percent of the balance.")
    ] = Decimal(0),
    damages_minimum: Annotated[Decimal, typer.Option(help="Damages at least (EUR).")] = Decimal(0),
    damages_maximum: Annotated[Decimal | None, typer.Option(help="Damages at most (EUR).")] = None,
    legal_scale: Annotated[
        bool, typer.Option("--legal-scale", help="Damages exactly the Book XIX maximum.")
    ] = False,
    customer: CustomerOption = None,
    company: CompanyOption = None,
) -> None:
    """Store the clause, once checked against the Book XIX caps (a clause above them is void)."""
    from tijdig.domain.legal.be_clause import DamagesClause
    from tijdig.services.companies import clauses

    app, target, _day = command_context(company, None)
    stored = clauses.set_clause(
        app.uow(), target,
        DamagesClause(reference, text, interest, damages_percent, damages_minimum,
                      damages_maximum, legal_scale),
        customer_number=customer, actor=cli_actor(), now=clock.now(), today=clock.today(),
    )  # fmt: skip
    console.print(f"Clause stored: {clauses.describe(stored)}")


@clause_app.command("show")
def clause_show(customer: CustomerOption = None, company: CompanyOption = None) -> None:
    """The clause in force (a customer's own, else the company's)."""
    from tijdig.services.companies import clauses

    app, target, _day = command_context(company, None)
    found = clauses.clause_in_force(app.uow(), target, customer_number=customer)
    if found.clause is None:
        console.print("No clause: nothing is announced or claimed from Belgian consumers.")
        return
    if customer:
        whose = "the customer's own contract" if found.own else "the company's terms"
        console.print(f"In force: {whose}.")
    console.print(clauses.describe(found.clause), markup=False, highlight=False)
    console.print(found.clause.text, markup=False, highlight=False)


@clause_app.command("remove")
def clause_remove(customer: CustomerOption = None, company: CompanyOption = None) -> None:
    """Remove the company's clause (or a customer's own)."""
    from tijdig.services.companies import clauses

    app, target, _day = command_context(company, None)
    removed = clauses.remove_clause(app.uow(), target, customer_number=customer,
                                    actor=cli_actor(), now=clock.now())  # fmt: skip
    console.print("Clause removed." if removed else "There was no clause to remove.")
