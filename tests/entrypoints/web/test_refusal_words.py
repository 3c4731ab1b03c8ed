"""A refusal reaches a person in their own language: the error page and a form's error
say the refusal's code in Dutch to a Dutch user; the API keeps its English `detail`."""

from __future__ import annotations

import html

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

from .conftest import TestClient, csrf_of


def _dutch(client: TestClient) -> None:
    token = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": token, "language": "nl", "next": "/"})


def test_a_dutch_user_is_refused_in_dutch(client: TestClient, app: Tijdig, acme: Company) -> None:
    _dutch(client)
    page = client.get("/customers/NOPE")
    assert page.status_code == 404
    assert '<p class="error-message">geen klant NOPE bij ACME</p>' in page.text
    assert 'lang="en"' not in page.text
    form = {"username": "Not A Name!", "password": "long enough password",
            "csrf_token": csrf_of(client.get("/settings/users").text)}  # fmt: skip
    refused = client.post("/settings/users", data=form)
    assert refused.status_code == 422
    said = "'Not A Name!': 2-64 tekens, kleine letters, cijfers en . _ @ -"
    assert said in html.unescape(refused.text)


def test_an_english_user_reads_the_same_refusal_in_english(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/customers/NOPE")
    assert '<p class="error-message">no customer NOPE at ACME</p>' in page.text
