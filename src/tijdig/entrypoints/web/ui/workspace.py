"""What every workspace page starts from: the installation, the signed-in user, the
company they are looking at, the language and the date to look from.

Pages name the company with `?company=CODE` (optional when the user sees only one);
`Workspace.url(...)` keeps it in every link the page makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from starlette.datastructures import URL

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import User
from tijdig.entrypoints.web.auth import CurrentUser, company_for, visible_companies
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.entrypoints.web.rendering import templates
from tijdig.services.users import SignedIn


def N_(message: str) -> str:
    return message


# The main navigation: each entry shows once its route exists.
NAV = [
    ("dashboard", N_("Dashboard")),
    ("customers", N_("Customers")),
    ("runs", N_("Runs")),
    ("agenda", N_("Agenda")),
    ("bank_review", N_("Bank")),
    ("disputes", N_("Disputes")),
    ("settings", N_("Settings")),
]


@dataclass
class Workspace:
    request: Request
    tijdig: Tijdig
    signed_in: SignedIn
    company: Company
    companies: list[Company]
    as_of: date
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def user(self) -> User:
        return self.signed_in.user

    @property
    def company_id(self) -> int:
        assert self.company.id is not None
        return self.company.id

    @property
    def language(self) -> str:
        return self.user.language

    def url(self, name: str, /, **params: Any) -> URL:
        """The URL of route `name` with its path parameters, keeping the company; query
        parameters go in `query={...}`."""
        query: dict[str, Any] = params.pop("query", {}) or {}
        url = self.request.url_for(name, **{k: str(v) for k, v in params.items()})
        if len(self.companies) > 1:
            query = {"company": self.company.code, **query}
        return url.include_query_params(**query) if query else url

    def render(
        self, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200
    ) -> Response:
        return page(
            self.request,
            template,
            {"company": self.company, "as_of": self.as_of, "ws": self, **(context or {})},
            signed_in=self.signed_in,
            companies=self.companies,
            status_code=status_code,
        )


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    signed_in: SignedIn | None,
    companies: list[Company] | None = None,
    language: str | None = None,
    status_code: int = 200,
) -> Response:
    """Render a page with what the layout needs: user, language, CSRF token, companies."""
    user = signed_in.user if signed_in else None
    routes = {getattr(route, "name", None) for route in request.app.routes}
    base = {
        "nav_items": [(name, label) for name, label in NAV if name in routes],
        "user": user,
        "language": language or (user.language if user else "nl"),
        "csrf_token": signed_in.csrf_token if signed_in else context.get("csrf_token", ""),
        "companies": companies or [],
        "company": None,
        "ws": None,
    }
    return templates.TemplateResponse(request, template, base | context, status_code=status_code)


def workspace(
    request: Request,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> Workspace:
    companies = visible_companies(tijdig, signed_in.user)
    company = company_for(tijdig, signed_in.user, code)
    return Workspace(request, tijdig, signed_in, company, companies, as_of)


WorkspaceDep = Annotated[Workspace, Depends(workspace)]
