"""Structured payment references: the Dutch betalingskenmerk, the Belgian OGM/VCS and RF.

One small section per standard, each a stateless object with the same verbs as a
python-stdnum module: `compact`, `validate` (raises `InvalidValue` naming the field),
`is_valid`, `format` and `generate` (build a valid reference from a sequence number).

    KENMERK  NL betalingskenmerk (acceptgiro "kenmerk"), e.g. 5000 0567 8901 2345
    OGM      BE gestructureerde mededeling / OGM-VCS, e.g. +++010/8068/17183+++
    RF       ISO 11649 creditor reference, e.g. RF18 5390 0754 7034

`detect(text)` finds a structured reference in free text (a bank line's description, a
UBL PaymentID), so the free text can be kept beside the structured reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from stdnum import iso11649
from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal import law_of_company
from tijdig.domain.refusals import Refusal

FIELD = "payment_reference"


class Scheme(StrEnum):
    KENMERK = "kenmerk"  # NL betalingskenmerk
    OGM = "ogm"  # BE OGM/VCS
    RF = "rf"  # ISO 11649


class ReferenceStandard(Protocol):
    """The verbs every standard below offers."""

    @property
    def scheme(self) -> Scheme: ...

    def compact(self, text: str) -> str: ...
    def validate(self, text: str, *, field: str = FIELD) -> str: ...
    def is_valid(self, text: str) -> bool: ...
    def format(self, text: str) -> str: ...
    def generate(self, number: int) -> str: ...


def _check_number(number: int, *, below: int) -> None:
    if not 0 < number < below:
        raise InvalidValue("number", Refusal.NUMBER_BETWEEN, value=number, high=below - 1)


# --- NL betalingskenmerk --------------------------------------------------------------

_KENMERK_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
_LENGTH_CODES = {9: "7", 10: "8", 11: "9", 12: "0", 13: "1", 14: "2"}


def kenmerk_check_digit(body: str) -> str:
    """The weighted modulus-11 check digit of the digits after it.

    Weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the rightmost digit, repeating; the check
    digit is 11 - (sum mod 11), where 10 becomes 1 and 11 becomes 0.
    """
    total = sum(int(d) * _KENMERK_WEIGHTS[i % 10] for i, d in enumerate(reversed(body)))
    check = 11 - total % 11
    return {10: "1", 11: "0"}.get(check, str(check))


@dataclass(frozen=True, slots=True)
class Kenmerk:
    """The Dutch betalingskenmerk (acceptgiro kenmerk), 7 to 16 digits.

    Source: Betaalvereniging Nederland, "Specificaties betalingskenmerk"
    (https://www.betaalvereniging.nl/betalingsverkeer/giraal-betalingsverkeer/
    wijzigingen-verwerking-acceptgirobetalingen/specificaties-betalingskenmerk/):
    16 digits = check digit + 15 digits; 9-14 digits = check digit + length code
    (the number of digits that follow, mod 10) + 7-12 digits, the length code counted
    in the check; 7 digits carry no check at all. Its worked examples,
    5000 0567 8901 2345 and 12 2345 3462 2567, are in the tests. Tijdig generates
    the 16-digit form only. A weakness of the standard itself: check digit 1 stands
    for remainders 1 and 10, so a few single-digit typos still pass the check.
    """

    scheme: Scheme = Scheme.KENMERK

    def compact(self, text: str) -> str:
        return re.sub(r"[\s.\-]", "", text)

    def validate(self, text: str, *, field: str = FIELD) -> str:
        digits = self.compact(text)
        if not digits.isascii() or not digits.isdigit():
            raise InvalidValue(field, Refusal.NOT_A_KENMERK, value=text)
        if len(digits) == 7:
            return digits
        if len(digits) in _LENGTH_CODES and digits[1] != _LENGTH_CODES[len(digits)]:
            raise InvalidValue(field, Refusal.KENMERK_LENGTH_CODE, value=text)
        if len(digits) not in _LENGTH_CODES and len(digits) != 16:
            raise InvalidValue(field, Refusal.KENMERK_LENGTH, value=text)
        if kenmerk_check_digit(digits[1:]) != digits[0]:
            raise InvalidValue(field, Refusal.WRONG_CHECK_DIGIT, value=text)
        return digits

    def is_valid(self, text: str) -> bool:
        return _is_valid(self, text)

    def format(self, text: str) -> str:
        digits = self.compact(text)
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))

    def generate(self, number: int) -> str:
        _check_number(number, below=10**15)
        body = f"{number:015d}"
        return kenmerk_check_digit(body) + body


# --- BE OGM/VCS -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ogm:
    """The Belgian structured communication (OGM/VCS): 10 digits + (number mod 97, 0→97).

    Validation is python-stdnum's `stdnum.be.ogm_vcs`; the +++ or *** frame is optional.
    """

    scheme: Scheme = Scheme.OGM

    def compact(self, text: str) -> str:
        return re.sub(r"[\s+*/.]", "", text)

    def validate(self, text: str, *, field: str = FIELD) -> str:
        try:
            return str(ogm_vcs.validate(self.compact(text)))
        except ValidationError as error:
            raise InvalidValue(field, Refusal.NOT_AN_OGM, value=text, problem=str(error)) from None

    def is_valid(self, text: str) -> bool:
        return _is_valid(self, text)

    def format(self, text: str) -> str:
        return f"+++{ogm_vcs.format(self.compact(text))}+++"

    def generate(self, number: int) -> str:
        _check_number(number, below=10**10)
        base = f"{number:010d}"
        return base + str(ogm_vcs.calc_check_digits(base))


# --- ISO 11649 RF creditor reference --------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreditorReference:
    """ISO 11649 RF creditor reference: RF, two check digits, up to 21 letters/digits.

    Validation is python-stdnum's `stdnum.iso11649` (ISO 7064 mod 97-10).
    """

    scheme: Scheme = Scheme.RF

    def compact(self, text: str) -> str:
        return str(iso11649.compact(text))

    def validate(self, text: str, *, field: str = FIELD) -> str:
        try:
            return str(iso11649.validate(text))
        except ValidationError as error:
            raise InvalidValue(
                field, Refusal.NOT_AN_RF_REFERENCE, value=text, problem=str(error)
            ) from None

    def is_valid(self, text: str) -> bool:
        return _is_valid(self, text)

    def format(self, text: str) -> str:
        return str(iso11649.format(text))

    def generate(self, number: int) -> str:
        _check_number(number, below=10**21)
        return self.wrap(str(number))

    def wrap(self, body: str) -> str:
        """An RF reference around 1-21 letters or digits (e.g. an invoice number)."""
        body = body.upper()
        if not 0 < len(body) <= 21 or not body.isascii() or not body.isalnum():
            raise InvalidValue("number", Refusal.RF_BODY, value=body)
        return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


# --- all three ------------------------------------------------------------------------

KENMERK = Kenmerk()
OGM = Ogm()
RF = CreditorReference()
STANDARDS: dict[Scheme, ReferenceStandard] = {s.scheme: s for s in (KENMERK, OGM, RF)}


def _is_valid(standard: ReferenceStandard, text: str) -> bool:
    try:
        standard.validate(text)
    except InvalidValue:
        return False
    return True


def generate_reference(scheme: Scheme, number: int) -> str:
    """A valid reference (compact) of `scheme` built from an invoice sequence number."""
    return STANDARDS[scheme].generate(number)


def validate_reference(scheme: Scheme, text: str, *, field: str = FIELD) -> str:
    return STANDARDS[scheme].validate(text, field=field)


def format_reference(scheme: Scheme, text: str) -> str:
    """The reference as printed on an invoice: grouped, with +++ for an OGM."""
    return STANDARDS[scheme].format(text)


def reading_order(country: str) -> tuple[ReferenceStandard, ...]:
    """The standards a compact reference of a creditor in `country` is read by, first
    match first: 12 digits pass both the OGM and the kenmerk check, so the creditor's
    own country decides (elsewhere: the kenmerk first, as in NL)."""
    law = law_of_company(country)
    schemes = law.REFERENCE_SCHEMES if law is not None else ("kenmerk", "ogm", "rf")
    return tuple(STANDARDS[Scheme(s)] for s in schemes)


def reference_for(country: str, invoice_number: str) -> str:
    """The structured reference (compact) to print on an invoice of a creditor in `country`.

    A numeric invoice number becomes an NL kenmerk or a BE OGM for creditors there;
    anything else (letters, too many digits, another country) an RF reference of its
    letters and digits. Separators are dropped, so 2024-12 and 20241-2 would share
    a reference: keep invoice numbers unique without their separators.
    """
    body = re.sub(r"[^0-9A-Za-z]", "", invoice_number)
    law = law_of_company(country)
    if law is not None and body.isascii() and body.isdigit() and 0 < int(body) < law.NATIONAL_LIMIT:
        return STANDARDS[Scheme(law.NATIONAL_SCHEME)].generate(int(body))
    try:
        return RF.wrap(body)
    except InvalidValue:
        raise InvalidValue("number", Refusal.NO_PAYMENT_REFERENCE, value=invoice_number) from None


def plan_reference_for(country: str, plan_id: int) -> str:
    """The structured reference (compact) of payment plan `plan_id` of a creditor in
    `country`: a kenmerk (NL) or an OGM (BE) from the top tenth of the national range
    (9 followed by the plan id: invoice numbers as high are not issued in practice, so it
    stays apart from every invoice's); elsewhere, or for a plan id too large, the RF
    reference PLAN<id>."""
    law = law_of_company(country)
    if law is not None:
        base = law.NATIONAL_LIMIT // 10 * 9
        if 0 < plan_id < law.NATIONAL_LIMIT - base:
            return STANDARDS[Scheme(law.NATIONAL_SCHEME)].generate(base + plan_id)
    return RF.wrap(f"PLAN{plan_id}")


# Candidates in free text, most explicit first; each must also pass its check.
_PATTERNS: tuple[tuple[Scheme, re.Pattern[str]], ...] = (
    (Scheme.RF, re.compile(r"(?<![A-Z0-9])RF\d\d(?: ?[A-Z0-9]){1,21}(?![A-Z0-9])", re.I)),
    (Scheme.OGM, re.compile(r"[+*]{3} ?\d{3} ?/ ?\d{4} ?/ ?\d{5} ?[+*]{3}")),
    (Scheme.OGM, re.compile(r"(?<![\d/])\d{3}/\d{4}/\d{5}(?![\d/])")),
    (Scheme.KENMERK, re.compile(r"(?<![\d.])\d(?:[ .]?\d){15}(?![\d.])")),
    (Scheme.OGM, re.compile(r"^\s*\d{12}\s*$")),
)


def detect(text: str) -> tuple[Scheme, str] | None:
    """The first valid structured reference in `text`, as (scheme, compact), or None.

    A bare 12-digit OGM is only recognised when it is the whole text (one number in
    97 passes the check by chance); 16 digits count as a kenmerk only with a valid
    check digit. Shorter kenmerken are not detected in free text.
    """
    for scheme, pattern in _PATTERNS:
        standard = STANDARDS[scheme]
        for match in pattern.finditer(text):
            for candidate in _shorter(match.group()):
                if standard.is_valid(candidate):
                    return scheme, standard.validate(candidate)
    return None


def _shorter(candidate: str) -> list[str]:
    """The candidate and its shorter forms, without trailing space-separated groups.

    Longest first, but forms ending in a group of letters only ("RF98 6844 DANK") after
    those ending in digits: such a group is more often the next word than the reference.
    """
    words = candidate.split(" ")
    forms = [words[:n] for n in range(len(words), 0, -1)]
    forms.sort(key=lambda form: len(form) > 1 and form[-1].isalpha())
    return [" ".join(form) for form in forms]
