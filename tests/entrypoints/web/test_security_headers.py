"""Security headers: nosniff on every response; no page may be framed by another site
(the run preview's e-mail and letter only by the workspace itself); a strict
Content-Security-Policy and a Referrer-Policy; and no template needs inline script."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.conftest import FrozenClock
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.rendering import TEMPLATES_DIR

from .collection_data import AS_OF, items_of, seed_small, start_run

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def _directives(response: object) -> dict[str, str]:
    policy = response.headers.get("content-security-policy", "")  # type: ignore[attr-defined]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def _portal_url(app: Tijdig, company: Company) -> str:
    assert company.id is not None
    with app.uow() as uow:
        customer = uow.customers.get(company.id, "C001")
    assert customer is not None and customer.id is not None
    return f"/portal/{app.portal_links().token(PortalKey(company.id, customer.id))}"


@pytest.fixture
def acme_small(app: Tijdig, frozen_clock: FrozenClock) -> Company:
    frozen_clock.set(AS_OF)  # a run's message is previewed as of today: the run's day
    return seed_small(app)


def test_every_response_says_nosniff(client: TestClient, app: Tijdig, acme_small: Company) -> None:
    for path in ("/", "/sign-in", "/api/v1/customers", "/health", "/static/tijdig.css",
                 "/static/htmx.min.js", "/nope", "/api/docs", "/api/openapi.json",
                 _portal_url(app, acme_small), "/portal/forged"):  # fmt: skip
        response = client.get(path, follow_redirects=False)
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_no_page_can_be_framed_by_another_site(
    anonymous: TestClient, app: Tijdig, acme_small: Company
) -> None:
    pages = {
        "sign-in": anonymous.get("/sign-in"),
        "portal": anonymous.get(_portal_url(app, acme_small)),
        "bad link": anonymous.get("/portal/forged"),
        "error": anonymous.get("/nope"),
        "api docs": anonymous.get("/api/docs"),
    }
    for name, response in pages.items():
        assert _directives(response)["frame-ancestors"] == "'none'", name
        assert response.headers["x-frame-options"] == "DENY", name


def test_the_workspace_has_a_strict_policy_and_sends_no_referrer_elsewhere(
    client: TestClient, acme_small: Company
) -> None:
    response = client.get("/", params={"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["form-action"] == "'self'"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_portal_keeps_its_own_referrer_policy(
    anonymous: TestClient, app: Tijdig, acme_small: Company
) -> None:
    response = anonymous.get(_portal_url(app, acme_small))
    assert response.status_code == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    assert _directives(response)["script-src"] == "'self'"


def test_the_run_preview_frames_only_in_the_workspace(
    client: TestClient, app: Tijdig, acme_small: Company
) -> None:
    run_id = start_run(app, acme_small)
    [item, *_] = items_of(app, run_id, "message")
    query = {"as_of": AS_OF.isoformat()}
    body = client.get(f"/runs/{run_id}/items/{item}/preview/body", params=query)
    assert body.status_code == 200
    policy = _directives(body)
    assert "sandbox" in policy and policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert body.headers["x-frame-options"] == "SAMEORIGIN"
    letter = client.get(f"/runs/{run_id}/items/{item}/preview/files/0", params=query)
    assert letter.status_code == 200
    assert _directives(letter)["frame-ancestors"] == "'self'"
    page = client.get(f"/runs/{run_id}/items/{item}/preview", params=query)
    assert _directives(page)["frame-ancestors"] == "'none'"
    assert _directives(page)["frame-src"] == "'self'"


def test_the_template_preview_frames_the_e_mail_from_the_server(
    client: TestClient, acme_small: Company
) -> None:
    params = {"step": "reminder", "customer": "C001", "as_of": AS_OF.isoformat()}
    shown = client.get("/settings/templates/preview", params=params)
    assert shown.status_code == 200
    assert "srcdoc" not in shown.text  # it would be under the page's own policy
    [source] = re.findall(r'<iframe class="mail-preview"[^>]* src="([^"]+)"', shown.text)
    body = client.get(source.replace("&amp;", "&"))
    assert body.status_code == 200 and "<html" in body.text.lower()
    assert "sandbox" in _directives(body)
    assert _directives(body)["frame-ancestors"] == "'self'"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|<style|\sstyle=", re.IGNORECASE)


def test_no_template_has_inline_script_or_style() -> None:
    found = [
        f"{path.relative_to(TEMPLATES_DIR)}: {match.group(0)}"
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_api_docs_run_no_inline_script(anonymous: TestClient) -> None:
    html = anonymous.get("/api/docs").text
    assert '<script src="/static/swagger/swagger-ui-bundle.js">' in html
    assert INLINE.search(html) is None
