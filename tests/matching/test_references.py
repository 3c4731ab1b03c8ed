"""Finding references and invoice numbers in the free text of a bank line."""

from __future__ import annotations

import pytest

from tijdig.domain.references import KENMERK, OGM, RF
from tijdig.matching.references import find, is_near, number_keys, tail, variants

K = KENMERK.generate(123456789)  # 9000000123456789
G = OGM.generate(1234567)  # 000123456748
R = RF.generate(98765)  # RF7398765


@pytest.mark.parametrize(
    ("structured", "text", "expected"),
    [
        (K, "", K),
        (None, f"betaling {KENMERK.format(K)} dank", K),
        (None, f"{K[:8]}.{K[8:]}", K),
        (None, OGM.format(G), G),
        (None, f"{G[:3]}/{G[3:7]}/{G[7:]}", G),
        (None, f"*** {G} ***", G),
        (None, RF.format(R), R),
        (None, f"{RF.format(R)} DANK U", R),
    ],
)
def test_a_valid_reference_is_found_whatever_its_spacing(
    structured: str | None, text: str, expected: str
) -> None:
    assert expected in find(structured, text).references


def test_several_references_in_one_line_are_all_found() -> None:
    other = RF.generate(12356)
    found = find(None, f"{RF.format(R)} {RF.format(other)} {KENMERK.format(K)}")
    assert {R, other, K} <= set(found.references)


def test_a_reference_with_a_typo_is_broken_not_valid() -> None:
    typo = K[:5] + str((int(K[5]) + 1) % 10) + K[6:]
    found = find(None, f"kenmerk {typo}")
    assert typo not in found.references
    assert typo in found.broken
    assert K in set(variants(typo))


@pytest.mark.parametrize(
    ("number", "keys"),
    [
        ("2024-000012", ("2024-12", "2024000012")),
        ("INV-000012", ("INV-12", "INV000012")),
        ("INV12", ("INV-12", "INV12")),
        ("12", ("12",)),
        ("F2024/0012", ("F-2024-12", "F20240012")),
        ("geen nummer", ()),
    ],
)
def test_invoice_numbers_are_keyed_without_separators_or_leading_zeros(
    number: str, keys: tuple[str, ...]
) -> None:
    assert number_keys(number) == keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("fact. 2024-0012", "2024-12"),
        ("Factuur 2024-12", "2024-12"),
        ("factuurnr 2024 000012", "2024-12"),
        ("fact 2024.000012", "2024-12"),
        ("INV 2024000012", "2024000012"),
        ("INV12345", "INV-12345"),
    ],
)
def test_invoice_numbers_as_people_type_them(text: str, key: str) -> None:
    assert key in find(None, text).number_keys


def test_short_numbers_are_tails_only_never_looked_up_across_the_ledger() -> None:
    found = find(None, "nr 12/13")
    assert {"12", "13"} <= set(found.tails)
    assert "12" not in found.number_keys


def test_a_number_without_separator_is_not_read_as_year_and_sequence() -> None:
    """20240012 might be 2024-0012 or 20240-012: not guessed."""
    assert "2024-12" not in find(None, "fact 20240012").number_keys


def test_tail_is_the_last_digit_run_without_zeros() -> None:
    assert tail("2024-000012") == "12"
    assert tail("ABC") is None


@pytest.mark.parametrize(
    ("typed", "reference", "near"),
    [("1234", "1235", True), ("1243", "1234", True), ("2143", "1234", False),
     ("1234", "1234", False), ("123", "1234", False)],
)  # fmt: skip
def test_near_means_one_digit_wrong_or_two_neighbours_swapped(
    typed: str, reference: str, near: bool
) -> None:
    assert is_near(typed, reference) is near
