"""Sign-in, sessions, CSRF, rate limits, tokens and access per company, through HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.access import users
from tijdig.services.companies.companies import add_company

from .conftest import PASSWORD, add_user, csrf_of, sign_in

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

CUSTOMERS = "/api/v1/customers"


def _other_company(app: Tijdig) -> Company:
    return add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )


def _token(app: Tijdig, username: str) -> str:
    return users.create_api_token(
        app.uow(), users.get_user(app.uow(), username), "test", actor="test", at=datetime.now(UTC)
    )


def test_pages_send_a_stranger_to_the_sign_in_page(anonymous: TestClient) -> None:
    response = anonymous.get("/?as_of=2026-03-15", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/sign-in?next=%2F%3Fas_of%3D2026-03-15")


def test_the_api_answers_a_stranger_401_with_how_to_sign_in(anonymous: TestClient) -> None:
    response = anonymous.get(CUSTOMERS)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "tijdig token create" in response.json()["detail"]


def test_signing_in_sets_a_hardened_cookie_and_goes_where_asked(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    add_user(app, "anne", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    token = csrf_of(anonymous.get("/sign-in").text)
    response = anonymous.post(
        "/sign-in",
        data={"username": "Anne", "password": PASSWORD, "csrf_token": token, "next": "/x?y=1"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/x?y=1"
    cookie = response.headers["set-cookie"].lower()
    assert "tijdig_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http in tests; https requests get Secure
    assert anonymous.get("/").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil", "/\t/evil.example/",
     "/\r\n/evil.example/", "evil.example", "/" + "x" * 2000],
)  # fmt: skip
def test_the_next_address_never_leaves_the_site(
    anonymous: TestClient, app: Tijdig, target: str
) -> None:
    add_user(app, "anne")
    token = csrf_of(anonymous.get("/sign-in").text)
    response = anonymous.post(
        "/sign-in",
        data={"username": "anne", "password": PASSWORD, "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_next_address_past_2000_characters_is_ignored_for_the_start_page(
    anonymous: TestClient, app: Tijdig
) -> None:
    """Up to 2,000 characters it is kept (the stranger's way back); past them the form
    and the redirect of a signed-in user go to the start page (a form posting one:
    test_the_next_address_never_leaves_the_site)."""
    kept, too_long = "/customers?q=" + "a" * 1987, "/customers?q=" + "a" * 1988
    assert len(kept) == 2000
    assert f'name="next" value="{kept}"' in anonymous.get("/sign-in", params={"next": kept}).text
    form = anonymous.get("/sign-in", params={"next": too_long}).text
    assert 'name="next" value="/"' in form and "a" * 1988 not in form
    add_user(app, "anne")
    sign_in(anonymous, "anne")
    signed_in = anonymous.get("/sign-in", params={"next": too_long}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    back = anonymous.get("/sign-in", params={"next": kept}, follow_redirects=False)
    assert back.headers["location"] == kept


def test_a_wrong_password_is_401_and_says_not_which_part_was_wrong(
    anonymous: TestClient, app: Tijdig
) -> None:
    add_user(app, "anne")
    token = csrf_of(anonymous.get("/sign-in").text)
    wrong = anonymous.post(
        "/sign-in", data={"username": "anne", "password": "nope-nope-nope", "csrf_token": token}
    )
    unknown = anonymous.post(
        "/sign-in",
        data={"username": "bob", "password": PASSWORD, "csrf_token": token},
        headers={"Accept-Language": "en-GB,en;q=0.8"},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "Onbekende gebruikersnaam of onjuist wachtwoord." in wrong.text  # Dutch by default
    assert "Unknown user name or wrong password." in unknown.text
    assert "tijdig_session" not in anonymous.cookies


def test_signing_in_without_the_csrf_token_is_refused(anonymous: TestClient, app: Tijdig) -> None:
    add_user(app, "anne")
    anonymous.get("/sign-in")
    response = anonymous.post("/sign-in", data={"username": "anne", "password": PASSWORD})
    assert response.status_code == 403
    assert "Het formulier was verlopen of kwam niet van Tijdig" in response.text


def test_ten_failed_sign_ins_a_minute_then_429_even_with_the_right_password(
    anonymous: TestClient, app: Tijdig
) -> None:
    add_user(app, "anne")
    token = csrf_of(anonymous.get("/sign-in").text)
    bad = {"username": "anne", "password": "wrong-password", "csrf_token": token}
    statuses = [anonymous.post("/sign-in", data=bad).status_code for _ in range(10)]
    assert statuses == [401] * 10
    good = {"username": "anne", "password": PASSWORD, "csrf_token": token}
    blocked = anonymous.post("/sign-in", data=good, follow_redirects=False)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(
    client: TestClient, app: Tijdig
) -> None:
    assert client.get("/").status_code == 200
    users.update_user(
        app.uow(),
        users.get_user(app.uow(), "admin"),
        active=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert client.get("/", follow_redirects=False).status_code == 303
    token = csrf_of(client.get("/sign-in").text)
    response = client.post(
        "/sign-in", data={"username": "admin", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401


def test_signing_out_ends_the_session_on_the_server(client: TestClient, app: Tijdig) -> None:
    session = client.cookies["tijdig_session"]
    token = csrf_of(client.get("/").text)
    response = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set("tijdig_session", session)  # a stolen copy of the cookie
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_expired_session_signs_nobody_in(client: TestClient, app: Tijdig) -> None:
    later = datetime.now(UTC) + users.SESSION_LIFETIME + timedelta(minutes=1)
    cookie = client.cookies["tijdig_session"]
    assert users.session_user(app.uow(), cookie, now=datetime.now(UTC)) is not None
    assert users.session_user(app.uow(), cookie, now=later) is None


def test_forms_without_the_sessions_csrf_token_change_nothing(
    client: TestClient, app: Tijdig
) -> None:
    response = client.post("/me/language", data={"language": "nl", "csrf_token": "forged"})
    assert response.status_code == 403
    assert users.get_user(app.uow(), "admin").language == "en"
    token = csrf_of(client.get("/").text)
    client.post("/me/language", data={"language": "nl", "csrf_token": token})
    assert users.get_user(app.uow(), "admin").language == "nl"


def test_the_language_is_the_users_own(client: TestClient, app: Tijdig, acme: Company) -> None:
    assert "Sign out" in client.get("/").text
    users.update_user(
        app.uow(),
        users.get_user(app.uow(), "admin"),
        language="nl",
        actor="test",
        at=datetime.now(UTC),
    )
    html = client.get("/").text
    assert '<html lang="nl">' in html
    assert "Afmelden" in html


def test_a_user_sees_only_the_companies_granted(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    beta = _other_company(app)
    add_user(app, "anne", Role.CREDIT_CONTROLLER, (beta.id or 0,))
    sign_in(anonymous, "anne")
    assert anonymous.get(CUSTOMERS).status_code == 200  # BETA, the only one she sees
    for code in ("ACME", "acme"):
        response = anonymous.get(CUSTOMERS, params={"company": code})
        assert response.status_code == 404
        assert response.json()["detail"] == f"no company {code}"
    page = anonymous.get("/", params={"company": "ACME"})
    assert page.status_code == 404
    assert "Acme Groothandel" not in page.text


def test_a_user_without_companies_sees_none(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    add_user(app, "sam", Role.SALES)
    sign_in(anonymous, "sam")
    response = anonymous.get(CUSTOMERS)
    assert response.status_code == 404
    assert "ask an administrator" in response.json()["detail"]


def test_an_api_token_signs_in_without_cookies_or_csrf(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    add_user(app, "robot", Role.SALES, (acme.id or 0,))
    token = _token(app, "robot")
    assert token.startswith("tjd_")
    headers = {"Authorization": f"Bearer {token}"}
    response = anonymous.get(CUSTOMERS, headers=headers)
    assert response.status_code == 200
    assert {row["number"] for row in response.json()} == {"C001", "C002", "C003"}
    assert (
        anonymous.get(CUSTOMERS, headers={"Authorization": "Bearer tjd_forged"}).status_code == 401
    )


def test_a_revoked_token_stops_at_once(anonymous: TestClient, app: Tijdig, acme: Company) -> None:
    add_user(app, "robot", Role.ADMIN)
    token = _token(app, "robot")
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get(CUSTOMERS, headers=headers).status_code == 200
    user = users.get_user(app.uow(), "robot")
    with app.uow() as uow:
        [(token_id, *_rest)] = uow.api_tokens.of_user(user.id or 0)
        assert uow.api_tokens.revoke(user.id or 0, token_id, datetime.now(UTC))
        uow.commit()
    assert anonymous.get(CUSTOMERS, headers=headers).status_code == 401


def test_only_hashes_of_secrets_are_stored(app: Tijdig, client: TestClient) -> None:
    token = _token(app, "admin")
    cookie = client.cookies["tijdig_session"]
    with app.engine.connect() as connection:
        dump = "\n".join(
            str(row)
            for table in ("users", "web_sessions", "api_tokens")
            for row in connection.exec_driver_sql(f"SELECT * FROM {table}")
        )
    assert token not in dump and cookie not in dump and PASSWORD not in dump
    assert "$argon2id$" in dump


def test_the_main_menu_lists_the_pages_and_marks_the_current_one(
    client: TestClient, acme: Company
) -> None:
    html = client.get("/customers").text
    menu = html[html.index('<nav class="mainnav"') : html.index("</nav>")]
    for label in ("Dashboard", "Customers", "Runs", "Agenda", "Bank", "Disputes", "Settings"):
        assert f">{label}</a>" in menu
    assert 'href="http://testserver/customers" aria-current="page">Customers' in menu
