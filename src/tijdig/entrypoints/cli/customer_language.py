"""`tijdig customer-language NUMBER LANGUAGE`: the language a customer reads their
messages, letters and portal in (nl, en or fr)."""

from __future__ import annotations

from typing import Annotated

import typer

from tijdig import clock
from tijdig.entrypoints.cli.common import CompanyOption, cli_actor, company_for, installation
from tijdig.entrypoints.cli.console import console


def customer_language(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    language: Annotated[str, typer.Argument(help="nl, en or fr.")],
    company: CompanyOption = None,
) -> None:
    """Set the language a customer reads their messages, letters and portal in."""
    from tijdig.services.receivables.customer_language import set_customer_language

    app = installation()
    target = company_for(app, company)
    customer = set_customer_language(
        app.uow(), target, number, language, actor=cli_actor(), at=clock.now()
    )
    console.print(f"Customer {customer.number} reads {customer.language.value}.")
