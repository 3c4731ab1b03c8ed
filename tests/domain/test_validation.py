"""Validators for typed-in values, and the soft check for values from files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tijdig.domain import validation as v
from tijdig.domain.errors import InvalidValue
from tijdig.domain.validation import Check, soft_check, validate

Validator = Callable[[str], str]


@pytest.mark.parametrize(
    ("validator", "text", "normalised"),
    [
        (v.validate_iban, "nl91 abna 0417 1643 00", "NL91ABNA0417164300"),
        (v.validate_iban, "BE68 5390 0754 7034", "BE68539007547034"),
        (v.validate_bic, "abnanl2a", "ABNANL2A"),
        (v.validate_bic, "GEBABEBBXXX", "GEBABEBBXXX"),
        (v.validate_vat_id, "NL 8200.98.395.B.01", "NL820098395B01"),
        (v.validate_vat_id, "BE 0403.170.701", "BE0403170701"),
        (v.validate_kvk, "1234 5678", "12345678"),
        (v.validate_kvk, "12.345.678", "12345678"),
        (v.validate_kbo, "0403.170.701", "0403170701"),
        (v.validate_kbo, "BE0403170701", "0403170701"),
        (v.validate_email, " Jan.Jansen@Example.COM ", "Jan.Jansen@example.com"),
        (v.validate_phone, "020 123 4567", "+31201234567"),
        (v.validate_phone, "06-12345678", "+31612345678"),
        (v.validate_phone, "+32 2 555 12 12", "+3225551212"),
    ],
)
def test_a_valid_value_comes_back_normalised(
    validator: Validator, text: str, normalised: str
) -> None:
    assert validator(text) == normalised


@pytest.mark.parametrize(
    ("validator", "text", "field", "reason"),
    [
        (v.validate_iban, "NL91ABNA0417164301", "iban", "not a valid IBAN"),
        (v.validate_iban, "NL11 BANK 1111111111", "iban", "not a valid IBAN"),
        (v.validate_bic, "ABNAXX2A", "bic", "not a valid BIC"),
        (v.validate_vat_id, "NL123", "vat_id", "not a valid VAT id"),
        (v.validate_vat_id, "BE0403170702", "vat_id", "not a valid VAT id"),
        (v.validate_kvk, "1234567", "registration_number", "8 digits"),
        (v.validate_kvk, "1234567a", "registration_number", "8 digits"),
        (v.validate_kbo, "0403.170.702", "registration_number", "not a KBO/BCE"),
        (v.validate_email, "jan@", "email", "not an e-mail address"),
        (v.validate_email, "jan.example.com", "email", "not an e-mail address"),
        (v.validate_phone, "abc", "phone", "not a valid phone number"),
        (v.validate_phone, "12", "phone", "not a valid phone number"),
        (v.validate_iban, "  ", "iban", "is empty"),
    ],
)
def test_an_invalid_value_is_refused_naming_its_field(
    validator: Validator, text: str, field: str, reason: str
) -> None:
    with pytest.raises(InvalidValue, match=reason) as error:
        validator(text)
    assert error.value.field == field


def test_the_field_name_can_be_given() -> None:
    with pytest.raises(InvalidValue) as error:
        v.validate_iban("NL00", field="bank_accounts[0].iban")
    assert error.value.field == "bank_accounts[0].iban"


def test_a_number_without_country_code_is_read_in_the_given_country() -> None:
    assert v.validate_phone("02 555 12 12", country="BE") == "+3225551212"
    assert v.validate_phone("02 555 12 12", "BE") == "+3225551212"


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        ("NL", "1234 5678", "12345678"),
        ("BE", "0403.170.701", "0403170701"),
        ("DE", "HRB 1", "HRB 1"),
    ],
)
def test_the_registration_number_follows_the_country(
    country: str, text: str, expected: str
) -> None:
    assert v.validate_registration_number(text, country=country) == expected


def test_validate_runs_a_check_by_name() -> None:
    assert validate(Check.KBO, "0403.170.701") == "0403170701"
    assert validate(Check.PHONE, "02 555 12 12", country="BE") == "+3225551212"
    assert validate(Check.REGISTRATION_NUMBER, "12345678", country="NL") == "12345678"


@pytest.mark.parametrize(
    ("check", "text", "expected"),
    [
        (Check.IBAN, " nl91abna0417164300", ("NL91ABNA0417164300", None)),
        (Check.BIC, "ABNANL2A", ("ABNANL2A", None)),
        (Check.VAT_ID, "NL820098395B01", ("NL820098395B01", None)),
        (Check.KVK, "12345678", ("12345678", None)),
        (Check.EMAIL, "a@example.com", ("a@example.com", None)),
    ],
)
def test_soft_check_normalises_a_valid_value(
    check: Check, text: str, expected: tuple[str, None]
) -> None:
    assert soft_check(check, text) == expected


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (Check.IBAN, "NL11 BANK 1111111111"),
        (Check.VAT_ID, "NL1111.11.111.B.01"),
        (Check.KBO, "0000000195"),
        (Check.EMAIL, "not an address"),
        (Check.PHONE, "+3198989898"),
    ],
)
def test_soft_check_keeps_an_invalid_value_as_given_with_a_warning(check: Check, text: str) -> None:
    value, warning = soft_check(check, f" {text} ")
    assert value == text
    assert warning
