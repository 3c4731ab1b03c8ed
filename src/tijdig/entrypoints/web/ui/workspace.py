"""What every workspace page starts from: the installation, the signed-in user, the
company they are looking at, the language and the date to look from.

Pages name the company with `?company=CODE` (optional when the user sees only one)
and the day looked from with `?as_of=YYYY-MM-DD` (the dashboard's "As of"; default
today); `Workspace.url(...)` keeps both in every link the page makes, so the day chosen
stays chosen from page to page. It lives in the URL only: no cookie, and nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from starlette.datastructures import URL

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import User
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import CurrentUser, company_for, visible_companies
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.entrypoints.web.rendering import templates
from tijdig.services.access.users import SignedIn


def N_(message: str) -> str:
    return message


# The main navigation: each entry shows once its route exists.
NAV = [
    ("dashboard", N_("Dashboard")),
    ("customers", N_("Customers")),
    ("invoices", N_("Invoices")),
    ("runs", N_("Runs")),
    ("agenda", N_("Agenda")),
    ("inbox", N_("Inbox")),
    ("bank_review", N_("Bank")),
    ("imports", N_("Imports")),
    ("disputes", N_("Disputes")),
    ("effects", N_("Effects")),
    ("contact_quality", N_("Contact quality")),
    ("settings", N_("Settings")),
]
# Values the pages translate as they are (`_(user.role.value)`): listed so that the
# extractor knows them as texts (a role, a kind of customer, a channel).
SHOWN_VALUES = (
    N_("admin"), N_("credit_controller"), N_("sales"),
    N_("business"), N_("consumer"),
    N_("email"), N_("letter"), N_("sms"), N_("call"),
    N_("1-30 days"), N_("31-60 days"), N_("61-90 days"), N_("over 90 days"),  # aging buckets
    N_("run"), N_("send"), N_("import"),  # a background job's kind, and its state
    N_("queued"), N_("running"), N_("done"), N_("failed"),
    N_("bank"), N_("invoices"), N_("customers"),  # an uploaded file's kind
    N_("error"), N_("warning"), N_("info"),  # an import issue's severity
)  # fmt: skip


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

    def gettext(self, message: str) -> str:
        """A text of the web's own in the user's language (an export's column heads)."""
        return i18n.gettext(self.language, message)

    @property
    def chosen_as_of(self) -> date | None:
        """The day looked from when the page was given one (`?as_of=`), else None."""
        return self.as_of if self.request.query_params.get("as_of") else None

    def url(self, name: str, /, **params: Any) -> URL:
        """The URL of route `name` with its path parameters, keeping the company and the
        day chosen; query parameters go in `query={...}` (and win over those kept)."""
        query: dict[str, Any] = params.pop("query", {}) or {}
        url = self.request.url_for(name, **{k: str(v) for k, v in params.items()})
        if self.chosen_as_of is not None:
            query = {"as_of": self.as_of.isoformat(), **query}
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
    nav = nav_items(request)
    base = {
        "nav_items": nav,
        "nav_current": _current(request, nav),
        "user": user,
        "language": language or (user.language if user else "nl"),
        "csrf_token": signed_in.csrf_token if signed_in else context.get("csrf_token", ""),
        "companies": companies or [],
        "company": None,
        "ws": None,
    }
    return templates.TemplateResponse(request, template, base | context, status_code=status_code)


def route_names(routes: Iterable[object]) -> set[str]:
    """Names of the routes, looking into included routers (FastAPI keeps those as one
    entry each in `app.routes`, with the router's own routes inside)."""
    names: set[str] = set()
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes"):
            names |= route_names(inner.routes)
        elif isinstance(name := getattr(route, "name", None), str):
            names.add(name)
    return names


def known_routes(request: Request) -> frozenset[str]:
    """The route names of this app, worked out once per app."""
    state = request.app.state
    if not hasattr(state, "route_names"):
        state.route_names = frozenset(route_names(request.app.routes))
    names: frozenset[str] = state.route_names
    return names


def nav_items(request: Request) -> list[tuple[str, str]]:
    """The menu entries whose page exists in this app."""
    names = known_routes(request)
    return [(name, label) for name, label in NAV if name in names]


def _current(request: Request, nav: list[tuple[str, str]]) -> str | None:
    """The menu entry of this page: the one whose path is the longest prefix of it."""
    path = request.url.path
    best, length = None, -1
    for name, _label in nav:
        own = request.app.url_path_for(name)
        matches = path == own if own == "/" else path == own or path.startswith(own + "/")
        if matches and len(own) > length:
            best, length = name, len(own)
    return best


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
