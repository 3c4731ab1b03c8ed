"""Validators for what a person types in: the normalised value, or `InvalidValue`.

    validate_iban            schwifty; compact, upper case   NL91ABNA0417164300
    validate_bic             schwifty; compact               ABNANL2A
    validate_vat_id          python-stdnum eu.vat; compact   NL820098395B01
    validate_kvk             8 digits                        12345678
    validate_kbo             python-stdnum be.vat (mod 97)   0403170701
    validate_email           email-validator, no DNS         jan@example.com
    validate_phone           phonenumbers; E.164             +31201234567

Values arriving in third-party files are not refused but kept as given with a warning:
`soft_check(Check.IBAN, value)` returns `(value, warning or None)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError
from email_validator import validate_email as _email_validate
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal import law_of_company
from tijdig.domain.refusals import Refusal


def _present(text: str, field: str) -> str:
    value = text.strip()
    if not value:
        raise InvalidValue(field, Refusal.IS_EMPTY)
    return value


def validate_iban(text: str, *, field: str = "iban") -> str:
    """The IBAN in compact form (checks country, length, BBAN format and mod-97)."""
    try:
        return str(IBAN(_present(text, field)).compact)
    except SchwiftyException as error:
        raise InvalidValue(field, Refusal.NOT_AN_IBAN, value=text, problem=str(error)) from None


def validate_bic(text: str, *, field: str = "bic") -> str:
    """The BIC in compact form (8 or 11 characters, known country code)."""
    try:
        return str(BIC(_present(text, field)).compact)
    except SchwiftyException as error:
        raise InvalidValue(field, Refusal.NOT_A_BIC, value=text, problem=str(error)) from None


def validate_vat_id(text: str, *, field: str = "vat_id") -> str:
    """An EU VAT id with its country prefix, compact (NL820098395B01, BE0403170701)."""
    try:
        return str(eu_vat.validate(_present(text, field)))
    except ValidationError as error:
        raise InvalidValue(field, Refusal.NOT_A_VAT_ID, value=text, problem=str(error)) from None


validate_vat = validate_vat_id


def validate_kvk(text: str, *, field: str = "registration_number") -> str:
    """A Dutch KvK number: exactly 8 digits.

    KvK numbers carry no check digit (the old eleven-test was dropped when the number
    range ran out), so a typo that keeps 8 digits cannot be caught here; only the KvK
    Handelsregister can confirm that the number exists.
    """
    digits = re.sub(r"[\s.]", "", _present(text, field))
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        raise InvalidValue(field, Refusal.NOT_A_KVK_NUMBER, value=text)
    return digits


def validate_kbo(text: str, *, field: str = "registration_number") -> str:
    """A Belgian KBO/BCE enterprise number: 10 digits, the last two = first 8 mod 97.

    Accepts 0403.170.701, BE0403170701 and the old 9-digit form; returns 10 digits.
    """
    try:
        return str(be_vat.validate(_present(text, field)))
    except ValidationError as error:
        raise InvalidValue(
            field, Refusal.NOT_A_KBO_NUMBER, value=text, problem=str(error)
        ) from None


def validate_registration_number(
    text: str, *, country: str, field: str = "registration_number"
) -> str:
    """KvK for NL, KBO/BCE for BE (the company's country's register); other countries'
    numbers are kept as typed."""
    law = law_of_company(country)
    if law is None:
        return _present(text, field)
    return law.validate_registration(text, field=field)


def validate_email(text: str, *, field: str = "email") -> str:
    """The address with its domain normalised; syntax only, no DNS look-up."""
    try:
        result = _email_validate(_present(text, field), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidValue(field, Refusal.NOT_AN_EMAIL, value=text, problem=str(error)) from None
    return str(result.normalized)


def validate_phone(text: str, country: str = "NL", *, field: str = "phone") -> str:
    """The number in E.164 (+31201234567); a number without + is read as in `country`."""
    try:
        number = phonenumbers.parse(_present(text, field), country)
    except phonenumbers.NumberParseException:
        raise InvalidValue(field, Refusal.NOT_A_PHONE_NUMBER, value=text) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue(field, Refusal.NOT_A_PHONE_NUMBER, value=text)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


class Check(StrEnum):
    IBAN = "iban"
    BIC = "bic"
    VAT_ID = "vat_id"
    KVK = "kvk"
    KBO = "kbo"
    REGISTRATION_NUMBER = "registration_number"
    EMAIL = "email"
    PHONE = "phone"


_CHECKS: dict[Check, Callable[[str, str], str]] = {
    Check.IBAN: lambda text, _country: validate_iban(text),
    Check.BIC: lambda text, _country: validate_bic(text),
    Check.VAT_ID: lambda text, _country: validate_vat_id(text),
    Check.KVK: lambda text, _country: validate_kvk(text),
    Check.KBO: lambda text, _country: validate_kbo(text),
    Check.REGISTRATION_NUMBER: lambda text, c: validate_registration_number(text, country=c),
    Check.EMAIL: lambda text, _country: validate_email(text),
    Check.PHONE: lambda text, c: validate_phone(text, country=c),
}


def validate(check: Check, text: str, *, country: str = "NL") -> str:
    """Run one of the validators above by name."""
    return _CHECKS[check](text, country)


def soft_check(check: Check, text: str, *, country: str = "NL") -> tuple[str, str | None]:
    """For a value from a third-party file: (normalised, None) when valid, else
    (the value as given, stripped; a warning for the person reviewing the import)."""
    try:
        return validate(check, text, country=country), None
    except InvalidValue as error:
        return text.strip(), error.reason
