"""Odd input never breaks a page: every route of the app, taken from `app.routes`, gets
huge, negative, zero and non-numeric values in its path, extreme and impossible dates
and huge numbers in its query, and the same in its form fields (with a valid CSRF token
and session). The answer may be 404, 422, 429 or a page, never a server error."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute

from tests.entrypoints.web.app_pool import web_app
from tests.services.mailbox.inbox_world import add_reply
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig
from tijdig.domain.users import Role
from tijdig.services.collection import experiments

from .collection_data import AS_OF, seed_small, settings, start_run
from .conftest import TestClient, add_user, csrf_of, sign_in
from .test_bank_page import add_lines

ODD_NUMBERS = ("99999999999999999999", "2147483648", "-1", "0", "abc")
# The last two are the first and last days a page takes: valid, and as far as it goes.
ODD_DATES = ("9999-12-31", "0001-01-01", "2026-02-30", "1900-01-01", "2999-12-31")
ODD_WORDS = ("99999999999999999999", "x" * 300, "a\x00b")
ODD_TEXTS = ("-1", "abc", "9999-12-31", "0001-01-01", *ODD_WORDS)
SKIPPED = {("POST", "/sign-out")}  # it would end the session the other requests use
WITH_BODY = {"POST", "PUT"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    route: APIRoute

    def params(self, kind: str) -> list[tuple[str, str]]:
        """(name, type) of the route's path, query or body (form) parameters, including
        those of its dependencies."""
        found: dict[str, str] = {}
        for dependant in _dependants(self.route.dependant):
            for param in getattr(dependant, f"{kind}_params"):
                found.setdefault(param.alias, _kind_of(param.field_info.annotation))
        return sorted(found.items())


def _dependants(dependant: Any) -> Iterator[Any]:
    yield dependant
    for inner in dependant.dependencies:
        yield from _dependants(inner)


def _kind_of(annotation: Any) -> str:
    text = str(annotation)
    if "date" in text:
        return "date"
    if "int" in text:
        return "int"
    if "bool" in text:
        return "bool"
    return "str"


def endpoints(routes: Iterable[Any], prefix: str = "") -> Iterator[Endpoint]:
    """Every method and path of the app, looking into included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from endpoints(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            for method in sorted(route.methods):
                if (method, prefix + route.path) not in SKIPPED:
                    yield Endpoint(method, prefix + route.path, route)


@dataclass
class Place:
    """A seeded installation: what a valid path parameter is, and the client."""

    client: TestClient
    valid: dict[str, str]
    token: str | None = None

    def url(self, endpoint: Endpoint, path: dict[str, str]) -> str:
        values = self.valid | path
        url = endpoint.path
        for name, _kind in endpoint.params("path"):
            url = url.replace("{" + name + "}", quote(values[name], safe=""))
        return url

    def call(
        self,
        endpoint: Endpoint,
        *,
        path: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> tuple[str, int]:
        url = self.url(endpoint, path or {})
        token = self.csrf()
        headers = {"X-CSRF-Token": token} if endpoint.method != "GET" else {}
        request: dict[str, Any] = {"params": query or {}, "headers": headers}
        if endpoint.method in WITH_BODY and endpoint.path.startswith("/api/"):
            request["content"] = json.dumps(form or {})
            headers["Content-Type"] = "application/json"
        elif endpoint.method in WITH_BODY:
            request["data"] = {"csrf_token": token, **(form or {})}
        response = self.client.request(endpoint.method, url, follow_redirects=False, **request)
        shown = f"{endpoint.method} {url} {query or ''} {form or ''}"
        if response.headers.get("location", "").startswith(
            ("/sign-in", "http://testserver/sign-in")
        ):
            return shown, -1  # signed out: the request never reached its route
        return shown, response.status_code

    def csrf(self) -> str:
        """The session's CSRF token, or the anonymous one (the portal page shows either)."""
        if self.token is None:
            self.token = csrf_of(self.client.get(f"/portal/{self.valid['token']}").text)
        return self.token


def _odd_requests(place: Place, endpoint: Endpoint) -> Iterator[tuple[str, int]]:
    for name, kind in endpoint.params("path"):
        if name == "token":
            continue  # last: bad links count against the address (then 429 for all)
        for value in ODD_NUMBERS if kind == "int" else ("-1", "0", *ODD_WORDS):
            yield place.call(endpoint, path={name: value})
    for name, kind in endpoint.params("query"):
        odd = {"date": ODD_DATES, "int": ODD_NUMBERS, "bool": ("x",),
               "str": ("9999-12-31", *ODD_WORDS)}[kind]  # fmt: skip
        for value in odd:
            yield place.call(endpoint, query={name: value})
    fields = endpoint.params("body")
    for value in ODD_TEXTS if endpoint.method in WITH_BODY else ():
        yield place.call(endpoint, form={name: value for name, _kind in fields})


def _odd_tokens(place: Place, endpoint: Endpoint) -> Iterator[tuple[str, int]]:
    if "token" in dict(endpoint.params("path")):
        for value in (*ODD_NUMBERS, "x" * 300, place.valid["token"][:-4] + "AAAA"):
            yield place.call(endpoint, path={"token": value})


def _wrong_answers(place: Place, selected: Iterable[Endpoint]) -> list[str]:
    """The requests answered with a server error, or turned away before their route
    (signed out, or a CSRF refusal: then the test would prove nothing)."""
    selected = list(selected)
    answers = [answer for endpoint in selected for answer in _odd_requests(place, endpoint)]
    answers += [answer for endpoint in selected for answer in _odd_tokens(place, endpoint)]
    assert len(answers) > 10 * len(selected)
    return [
        f"{status} {shown}" for shown, status in answers if status >= 500 or status in {-1, 403}
    ]


@pytest.fixture
def place(database_url: str, tmp_path: Path, app: Tijdig) -> Iterator[Place]:
    """ACME with a customer, invoices, a task, a dispute, a run and a bank line; anne, a
    second user; a portal link of the customer."""
    company = seed_small(app)
    assert company.id is not None
    run_id = start_run(app, company)
    [line_id] = add_lines(app, company, ["1210.00"])
    add_user(app, "anne", Role.CREDIT_CONTROLLER, (company.id,))
    with app.uow() as uow:
        customer = uow.customers.get(company.id, "C001")
        assert customer is not None and customer.id is not None
        [invoice, *_] = uow.invoices.search(company.id)
        _, due = uow.worklists.agenda(company.id, AS_OF, offset=0, limit=None)
        [task_id, *_] = [task for task, _ in due]
    token = app.portal_links().token(PortalKey(company.id, customer.id))
    valid = {
        "run_id": str(run_id), "item_id": "1", "index": "0", "task_id": str(task_id),
        "dispute_id": "1", "line_id": str(line_id), "payment_id": "1", "code": "ACME",
        "number": "C001", "invoice": str(invoice.number), "invoice_id": str(invoice.id),
        "username": "anne", "token": token, "plan_id": "1", "note_id": "1",
        "key": "HO000001", "reference": "HO000001", "job_id": "1", "webhook_id": "1",
        "upload_id": "1", "policy_code": "nl_business", "language": "nl", "template": "reminder",
        "mail_id": "1", "attachment_id": "1", "message": "1", "suggestion_id": "1",
        "experiment_id": "1",
    }  # fmt: skip
    with app.uow() as uow:  # an A/B test of the reminder: experiment 1
        uow.experiments.save_variant(company.id, "nl", "reminder", "B", "Tekst B",
                                     at=datetime(2026, 11, 10, 9, tzinfo=UTC),
                                     by="test")  # fmt: skip
        uow.commit()
    experiments.start_experiment(app.uow(), company, "reminder", baseline=0.5,
                                 smallest_effect=0.1, on=AS_OF, actor="test",
                                 at=datetime(2026, 11, 10, 9, tzinfo=UTC))  # fmt: skip
    add_reply(app, company, "Ik kijk het na.", datetime(2026, 11, 10, 9, tzinfo=UTC),
              customer="C001")  # message 1 with attachment 1  # fmt: skip
    with (
        web_app(settings(database_url, tmp_path)) as web,
        TestClient(web, raise_server_exceptions=False) as client,
    ):
        yield Place(client, valid)


def test_no_route_answers_odd_input_with_a_server_error(place: Place, app: Tijdig) -> None:
    add_user(app, "admin")
    sign_in(place.client, "admin")
    place.token = None
    routes = list(endpoints(place.client.app.routes))  # type: ignore[attr-defined]
    assert len(routes) > 70
    errors = _wrong_answers(place, routes)
    assert not errors, "\n".join(errors)


def test_no_portal_route_answers_odd_input_with_a_server_error(place: Place) -> None:
    routes = [
        e for e in endpoints(place.client.app.routes)  # type: ignore[attr-defined]
        if e.path.startswith("/portal/")
    ]  # fmt: skip
    # the page, the copy, the promise, the dispute, the plans, the contact details
    assert len(routes) == 14
    errors = _wrong_answers(place, routes)
    assert not errors, "\n".join(errors)


def test_a_date_far_off_is_refused_as_the_api_refuses_it(place: Place, app: Tijdig) -> None:
    add_user(app, "admin")
    sign_in(place.client, "admin")
    for path in ("/", "/customers", "/agenda", "/api/v1/reports/aging"):
        for odd in ("9999-12-31", "0001-01-01"):
            assert place.client.get(path, params={"as_of": odd}).status_code == 422
        assert place.client.get(path, params={"as_of": date(2999, 1, 1)}).status_code == 200
    assert place.client.get("/runs/99999999999999999999").status_code == 422
