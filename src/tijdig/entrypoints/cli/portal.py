"""`tijdig portal link|settings`: the debtor portal's links and a company's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    cli_actor,
    company_for,
    installation,
    later,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.domain.portal import PortalSettings
    from tijdig.services import portal
    from tijdig.services.companies import company_settings
else:
    company_settings = later("tijdig.services.companies.company_settings")
    portal = later("tijdig.services.portal")

portal_app = typer.Typer(
    help="The debtor portal: each customer's own page behind a signed, expiring link.",
    no_args_is_help=True,
)


PAYMENT_LINK_HELP = (
    "Payment-provider link with {reference} {amount} {currency} filled in; '' removes it."
)


@portal_app.command("link")
def link(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
) -> None:
    """Print the customer's portal link (for support staff; messages carry it too)."""
    app = installation()
    target = company_for(app, company)
    customer_id, enabled = portal.link_holder(app.uow(), target, customer)
    if not enabled:
        typer.echo(f"Note: the portal of {target.code} is switched off; the link shows "
                   "'not available' until `tijdig portal settings --enable`.",
                   err=True)  # fmt: skip
    if warning := app.settings.link_warning:
        typer.echo(warning, err=True)
    typer.echo(app.portal_url(target.id or 0, customer_id))
    days = app.settings.portal_link_days
    typer.echo(f"Valid for {days} days (TIJDIG_PORTAL_LINK_DAYS).", err=True)


@portal_app.command("settings")
def settings(
    max_promise_days: Annotated[
        int | None,
        typer.Option(help="How many days ahead a customer may promise to pay (0-90)."),
    ] = None,
    payment_link: Annotated[
        str | None,
        typer.Option(help=PAYMENT_LINK_HELP),
    ] = None,
    enable: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Switch the portal on or off.")
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Show the company's portal settings, or change the ones given."""
    app = installation()
    target = company_for(app, company)
    changed = company_settings.save_portal(
        app.uow(), target, enabled=enable, max_promise_days=max_promise_days,
        payment_link=payment_link, actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    console.print(f"Portal of {target.code}: {_describe(changed)}", highlight=False)


def _describe(settings: PortalSettings) -> str:
    state = "on" if settings.enabled else "off"
    link = settings.payment_link or "none"
    return f"{state}; promises up to {settings.max_promise_days} days ahead; payment link {link}"
