"""Roles, what they allow, and the rules for names and passwords."""

from __future__ import annotations

import pytest

from tijdig.domain.errors import InvalidValue
from tijdig.domain.users import Role, User, check_language, check_password, check_username


def test_roles_from_read_only_to_admin() -> None:
    assert not Role.SALES.can_change and not Role.SALES.can_administer
    assert Role.CREDIT_CONTROLLER.can_change and not Role.CREDIT_CONTROLLER.can_administer
    assert Role.ADMIN.can_change and Role.ADMIN.can_administer


def test_a_user_sees_the_companies_granted_and_an_admin_all() -> None:
    anne = User("anne", "Anne", Role.CREDIT_CONTROLLER, company_ids=frozenset({1}))
    assert anne.sees(1) and not anne.sees(2)
    assert User("root", "Root", Role.ADMIN).sees(2)


def test_user_names_are_lower_case_and_plain() -> None:
    assert check_username(" Anne@Example.NL ") == "anne@example.nl"
    for bad in ("a", "anne smith", "-anne", "x" * 65, "anne;drop"):
        with pytest.raises(InvalidValue, match=r"^username: "):
            check_username(bad)


def test_passwords_are_long_and_not_the_user_name() -> None:
    assert check_password("correct horse battery") == "correct horse battery"
    with pytest.raises(InvalidValue, match="at least 10"):
        check_password("short")
    with pytest.raises(InvalidValue, match="differ from the user name"):
        check_password("anne.jansen", username="Anne.Jansen")


def test_the_ui_speaks_dutch_english_and_french() -> None:
    assert check_language("en") == "en" and check_language("fr") == "fr"
    with pytest.raises(InvalidValue, match=r"^language: "):
        check_language("de")
