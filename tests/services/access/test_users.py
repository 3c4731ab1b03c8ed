"""Users and API tokens: each change writes its audit entry, naming the actor, in the
transaction that makes it (none when it is refused), and an administrator cannot take
away their own administrator role or access. On the fake unit of work (tests/fakes.py);
the repositories' own contract is tests/adapters/db/test_contract_access.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase
from tijdig.adapters.security.passwords import Argon2Passwords, argon2_passwords
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.users import Role, User
from tijdig.services.access import users
from tijdig.services.companies.companies import add_company

AT = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


class App:
    """What the use cases are given: units of work and the password hasher."""

    def __init__(self) -> None:
        self.database = FakeDatabase()
        self.uow = self.database.uow
        self._passwords = argon2_passwords("minimal-for-tests")

    def passwords(self) -> Argon2Passwords:
        return self._passwords


@pytest.fixture
def app() -> App:
    return App()


def _audit(app: App) -> list[tuple[str, str, int | None, str, str]]:
    return [(e.action, e.actor, e.company_id, e.subject, e.details)
            for e in app.database.audit_entries
            if e.action.startswith(("user.", "token."))]  # fmt: skip


@pytest.fixture
def acme(app: App) -> Company:
    return add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False,
                       actor="cli:root", at=AT)  # fmt: skip


def _add(app: App, username: str, role: Role = Role.ADMIN, company_ids: tuple[int, ...] = (),
         actor: str = "cli:root") -> User:  # fmt: skip
    return users.add_user(app.uow(), app.passwords(), username=username, name="", role=role,
                          password=PASSWORD, company_ids=company_ids, actor=actor,
                          at=AT)  # fmt: skip


def test_adding_a_user_is_audited_with_the_actor(app: App, acme: Company) -> None:
    anne = _add(app, "anne", Role.CREDIT_CONTROLLER, (acme.id or 0,), actor="root (web)")
    assert anne.id is not None
    assert _audit(app) == [
        ("user.add", "root (web)", None, "user anne", "role credit_controller; companies ACME")
    ]


def test_a_refused_user_writes_no_audit_entry(app: App) -> None:
    _add(app, "anne")
    with pytest.raises(Conflict):
        _add(app, "anne")
    with pytest.raises(NotFound):
        _add(app, "bert", Role.SALES, (999,))
    assert [a[0] for a in _audit(app)] == ["user.add"]


def test_changing_a_user_is_audited_and_ends_their_sessions_when_blocked(
    app: App, acme: Company
) -> None:
    anne = _add(app, "anne", Role.CREDIT_CONTROLLER)
    token, _csrf = users.start_session(app.uow(), anne, at=AT)
    changed = users.update_user(app.uow(), anne, role=Role.SALES, active=False,
                                grant=[acme.id or 0], actor="cli:root", at=AT)  # fmt: skip
    assert (changed.role, changed.active, changed.company_ids) == (
        Role.SALES, False, frozenset({acme.id}))  # fmt: skip
    assert users.session_user(app.uow(), token, now=AT) is None
    assert _audit(app)[-1] == ("user.change", "cli:root", None, "user anne",
                               "role sales; active False; language nl; companies ACME")  # fmt: skip


def test_an_admin_cannot_take_away_their_own_admin_role_or_access(app: App) -> None:
    root = _add(app, "root")
    for change in ({"role": Role.CREDIT_CONTROLLER}, {"active": False}):
        with pytest.raises(RuleViolation, match="your own administrator role"):
            users.update_user(app.uow(), root, **change, changed_by=root,
                              actor="root (web)", at=AT)  # fmt: skip
    assert users.get_user(app.uow(), "root").role is Role.ADMIN
    assert [a[0] for a in _audit(app)] == ["user.add"]
    other = _add(app, "other")
    users.update_user(app.uow(), other, role=Role.SALES, changed_by=root, actor="root (web)",
                      at=AT)  # fmt: skip
    assert users.get_user(app.uow(), "other").role is Role.SALES


def test_a_new_password_is_audited_without_the_password(app: App) -> None:
    anne = _add(app, "anne")
    users.set_password(app.uow(), app.passwords(), anne, "another long password",
                       actor="cli:root", at=AT)  # fmt: skip
    with pytest.raises(InvalidValue):
        users.set_password(app.uow(), app.passwords(), anne, "short", actor="cli:root", at=AT)
    assert _audit(app)[1:] == [("user.password", "cli:root", None, "user anne", "password reset")]
    assert users.authenticate(app.uow(), app.passwords(), "anne", "another long password",
                              at=AT) is not None  # fmt: skip


def test_creating_and_revoking_a_token_are_audited(app: App) -> None:
    anne = _add(app, "anne")
    token = users.create_api_token(app.uow(), anne, "sync", actor="cli:root", at=AT)
    assert users.token_user(app.uow(), token) is not None
    with app.uow() as uow:
        [(token_id, *_rest)] = uow.api_tokens.of_user(anne.id or 0)
    users.revoke_api_token(app.uow(), anne, token_id, actor="cli:bob", at=AT)
    assert users.token_user(app.uow(), token) is None
    with pytest.raises(NotFound):
        users.revoke_api_token(app.uow(), anne, token_id, actor="cli:bob", at=AT)
    with pytest.raises(InvalidValue):
        users.create_api_token(app.uow(), anne, " ", actor="cli:root", at=AT)
    entries = _audit(app)[1:]
    assert [(a, who, subject) for a, who, _c, subject, _d in entries] == [
        ("token.create", "cli:root", "user anne"),
        ("token.revoke", "cli:bob", "user anne"),
    ]
    assert token not in entries[0][4] and token[:12] in entries[0][4]
