"""Payment references: the published examples, generation, detection in free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.errors import InvalidValue
from tijdig.domain.references import (
    KENMERK,
    OGM,
    RF,
    STANDARDS,
    Scheme,
    detect,
    format_reference,
    generate_reference,
    kenmerk_check_digit,
    plan_reference_for,
    reference_for,
    validate_reference,
)

# --- NL betalingskenmerk --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "compact"),
    [
        ("5000 0567 8901 2345", "5000056789012345"),  # Betaalvereniging's 16-digit example
        ("5000-0567-8901-2345", "5000056789012345"),
        ("12 2345 3462 2567", "12234534622567"),  # its example with length code 2
        ("1234567", "1234567"),  # 7 digits carry no check
        ("0000000000000019", "0000000000000019"),  # 11 - 0 = 11 becomes 0
        ("1000000000000006", "1000000000000006"),  # 11 - 1 = 10 becomes 1
    ],
)
def test_a_valid_kenmerk_is_returned_compact(text: str, compact: str) -> None:
    assert KENMERK.validate(text) == compact
    assert KENMERK.is_valid(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("4000056789012345", "check digit"),
        ("500005678901234", "7, 9-14 or 16 digits"),
        ("12345678", "7, 9-14 or 16 digits"),
        ("13234534622567", "length code"),
        ("5000 0567 8901 234x", "digits only"),
        ("", "digits only"),
    ],
)
def test_an_invalid_kenmerk_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason) as error:
        KENMERK.validate(text, field="kenmerk")
    assert error.value.field == "kenmerk"
    assert not KENMERK.is_valid(text)


def test_the_kenmerk_check_digit_follows_the_worked_example() -> None:
    # A = 215, 215 mod 11 = 6, 11 - 6 = 5
    assert kenmerk_check_digit("000056789012345") == "5"


def test_a_generated_kenmerk_has_sixteen_digits_and_is_formatted_in_fours() -> None:
    assert KENMERK.generate(56789012345) == "5000056789012345"
    assert KENMERK.format("5000056789012345") == "5000 0567 8901 2345"


def test_the_kenmerk_check_digit_one_stands_for_two_remainders() -> None:
    """A weakness of the standard itself: 10 becomes 1, so these differ in one digit."""
    assert KENMERK.is_valid("1000000000000005")
    assert KENMERK.is_valid("1000000000000006")


# --- BE OGM/VCS and RF ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["+++010/8068/17183+++", "***010/8068/17183***", "010/8068/17183", "010806817183"]
)
def test_an_ogm_is_read_with_or_without_its_frame(text: str) -> None:
    assert OGM.validate(text) == "010806817183"


def test_an_ogm_remainder_of_zero_gives_check_digits_97() -> None:
    assert OGM.generate(97) == "000000009797"
    assert OGM.is_valid("+++000/0000/09797+++")


def test_an_ogm_is_generated_and_formatted_with_plusses() -> None:
    assert OGM.generate(108068171) == "010806817183"
    assert OGM.format("010806817183") == "+++010/8068/17183+++"


@pytest.mark.parametrize("text", ["+++010/8068/17180+++", "010/8068/1718", "000000000000"])
def test_an_invalid_ogm_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="not an OGM"):
        OGM.validate(text)


def test_an_rf_reference_is_validated_generated_and_formatted() -> None:
    assert RF.validate("rf18 5390 0754 7034") == "RF18539007547034"
    assert RF.generate(539007547034) == "RF18539007547034"
    assert RF.format("RF18539007547034") == "RF18 5390 0754 7034"
    assert not RF.is_valid("RF17 5390 0754 7034")
    with pytest.raises(InvalidValue, match="not an RF reference"):
        RF.validate("RF17 5390 0754 7034")


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize("number", [0, -1])
def test_a_reference_needs_a_positive_number(scheme: Scheme, number: int) -> None:
    with pytest.raises(InvalidValue, match="between 1 and"):
        generate_reference(scheme, number)


def test_too_large_a_number_does_not_fit_an_ogm() -> None:
    with pytest.raises(InvalidValue, match="between 1 and 9999999999"):
        generate_reference(Scheme.OGM, 10**10)


def test_the_module_verbs_dispatch_on_the_scheme() -> None:
    assert validate_reference(Scheme.OGM, "+++010/8068/17183+++") == "010806817183"
    assert format_reference(Scheme.KENMERK, "5000056789012345") == "5000 0567 8901 2345"
    assert set(STANDARDS) == set(Scheme)


# --- round trips (hypothesis) ---------------------------------------------------------

_LIMITS = {Scheme.KENMERK: 10**15 - 1, Scheme.OGM: 10**10 - 1, Scheme.RF: 10**21 - 1}


@st.composite
def _scheme_and_number(draw: st.DrawFn) -> tuple[Scheme, int]:
    scheme = draw(st.sampled_from(list(Scheme)))
    return scheme, draw(st.integers(min_value=1, max_value=_LIMITS[scheme]))


@given(_scheme_and_number())
def test_a_generated_reference_is_valid_and_survives_formatting(
    case: tuple[Scheme, int],
) -> None:
    scheme, number = case
    standard = STANDARDS[scheme]
    reference = standard.generate(number)
    assert standard.is_valid(reference)
    assert standard.validate(standard.format(reference)) == reference
    assert detect(f"betaling {standard.format(reference)} dank u") == (scheme, reference)


def _kenmerk_remainder(reference: str) -> int:
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
    body = reference[1:]
    return sum(int(d) * weights[i % 10] for i, d in enumerate(reversed(body))) % 11


@given(_scheme_and_number(), st.data())
def test_a_single_changed_digit_is_detected(case: tuple[Scheme, int], data: st.DataObject) -> None:
    scheme, number = case
    standard = STANDARDS[scheme]
    reference = standard.generate(number)
    first = 2 if scheme is Scheme.RF else 0
    position = data.draw(st.integers(min_value=first, max_value=len(reference) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference[position]]))
    changed = reference[:position] + digit + reference[position + 1 :]
    if standard.is_valid(changed):
        # Only the kenmerk can miss one: check digit 1 stands for remainders 1 and 10.
        assert scheme is Scheme.KENMERK
        assert {_kenmerk_remainder(reference), _kenmerk_remainder(changed)} == {1, 10}


# --- detection in free text and references for invoice numbers ------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Betaling RF18 5390 0754 7034 factuur 12", (Scheme.RF, "RF18539007547034")),
        ("rf18539007547034", (Scheme.RF, "RF18539007547034")),
        ("+++010/8068/17183+++", (Scheme.OGM, "010806817183")),
        ("mededeling *** 010/8068/17183 ***", (Scheme.OGM, "010806817183")),
        ("factuur 010/8068/17183.", (Scheme.OGM, "010806817183")),
        (" 010806817183 ", (Scheme.OGM, "010806817183")),
        ("kenmerk 5000 0567 8901 2345 dank u", (Scheme.KENMERK, "5000056789012345")),
        ("5000.0567.8901.2345", (Scheme.KENMERK, "5000056789012345")),
        ("Deb. 10202 / Fact. 12115118", None),
        ("factuur 010806817183 van mei", None),  # a bare 12-digit number inside text
        ("2015 0483 0000 0000", None),  # 16 digits with a wrong check digit
        ("RF17 5390 0754 7034", None),
        ("12 2345 3462 2567", None),  # shorter kenmerken are not sought in free text
        ("", None),
    ],
)
def test_detect_finds_a_structured_reference_in_free_text(
    text: str, expected: tuple[Scheme, str] | None
) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(
    ("country", "number", "expected"),
    [
        ("NL", "56789012345", "5000056789012345"),
        ("BE", "0108068171", "010806817183"),
        ("BE", "2024-000012", OGM.generate(2024000012)),
        ("NL", "F2024-12", RF.wrap("F202412")),
        ("DE", "12345", RF.generate(12345)),
        ("BE", "12345678901", RF.generate(12345678901)),
    ],
)
def test_reference_for_suits_the_creditors_country(
    country: str, number: str, expected: str
) -> None:
    assert reference_for(country, number) == expected


@pytest.mark.parametrize("number", ["---", "X" * 22])
def test_reference_for_refuses_what_cannot_be_a_reference(number: str) -> None:
    with pytest.raises(InvalidValue, match="cannot be made into a payment reference"):
        reference_for("NL", number)


def test_a_word_after_an_rf_reference_is_not_taken_as_part_of_it() -> None:
    # RF986844DANK passes the mod 97 check too; found by hypothesis.
    assert RF.is_valid("RF986844DANK")
    assert detect("betaling RF98 6844 dank u") == (Scheme.RF, "RF986844")


@pytest.mark.parametrize(
    ("country", "plan_id", "expected"),
    [
        ("NL", 1, "7900000000000001"),  # a kenmerk: 9 and the plan id, 15 digits, check
        ("NL", 42, "0900000000000042"),  # check digit 0
        ("BE", 1, "900000000116"),  # an OGM: 9000000001, check digits 9000000001 mod 97
        ("DE", 1, "RF28PLAN1"),  # no law of the company's country: RF
        ("NL", 10**14, "RF15PLAN100000000000000"),  # past the kenmerk's top tenth: RF
    ],
)
def test_a_plan_has_a_reference_by_its_companys_country(
    country: str, plan_id: int, expected: str
) -> None:
    found = plan_reference_for(country, plan_id)
    assert found == expected
    assert detect(format_reference(detect(found)[0], found)) == detect(found)  # type: ignore[index]
