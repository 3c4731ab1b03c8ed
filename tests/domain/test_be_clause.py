"""Belgian consumer clauses (Book XIX WER): refused above the caps, naming the cap; what
a valid clause agrees, never more than the caps. Figures worked out by hand from
../shared/LEGAL.md (caps: EUR 20 up to 150; 30 + 10 % of the part above 150 up to 500;
65 + 5 % above 500; at most 2,000; interest at most the Late Payment Act rate)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal.be import CONSUMER_RULE
from tijdig.domain.legal.be_clause import (
    DamagesClause,
    check_clause,
    clause_damages,
    clause_interest,
)
from tijdig.domain.money import Money

ON = date(2026, 3, 2)
D = Decimal


def M(amount: str) -> Money:
    return Money("EUR", D(amount))


def clause(**values: object) -> DamagesClause:
    return DamagesClause("artikel 7 van onze algemene voorwaarden", "Bij niet-betaling ...",
                         **values)  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        # 10 % with a EUR 25 minimum: on EUR 120 it gives 25, the cap is 20.
        ({"damages_percent": D(10), "damages_minimum": D(25)}, "damages_minimum",
         "On a balance of EUR 0.01 the clause gives EUR 25.00, above the cap of EUR 20.00 "
         "(€20 for a balance up to €150"),
        # 12 %: on EUR 150 it gives 18 (under 20); on EUR 500 60, cap 65; but on
        # EUR 39,200 it gives 4,704 against 2,000.
        ({"damages_percent": D(12)}, "damages_percent",
         "(€65 + 5 % of the part above €500"),
        # 5 % without a maximum: within the caps until EUR 40,000, above them after.
        ({"damages_percent": D(5)}, "damages_percent",
         "On a balance of EUR 40000.10 the clause gives EUR 2000.01, above the cap of "
         "EUR 2000.00 (at most EUR 2000.00 in all"),
        # 8 % up to EUR 100: on EUR 1,000 the cap is 65 + 25 = 90, the clause 80;
        # on EUR 500: 40 against 65; fine everywhere but 150: 12 < 20. Above 1,250: 100.
        # 14 % capped at 60: above 20 from EUR 142.90 (20.006), where the cap is 20.
        ({"damages_percent": D(14), "damages_maximum": D(60)}, "damages_percent",
         "On a balance of EUR 142.90 the clause gives EUR 20.01, above the cap of EUR 20.00"),
        ({"interest_rate": D("10.6")}, "interest_rate",
         "10.6 % is above the cap: the Late Payment Act rate, 10.5 % from 2026-01-01"),
    ],
)  # fmt: skip
def test_a_clause_above_the_caps_cannot_be_saved(
    values: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_clause(clause(**values), on=ON)
    assert refused.value.field == field
    assert words in str(refused.value)


@pytest.mark.parametrize(
    "values",
    [
        {"damages_percent": D(8), "damages_maximum": D(100), "interest_rate": D(8)},
        {"damages_percent": D(5), "damages_minimum": D(20), "damages_maximum": D(2000)},
        {"legal_scale": True, "interest_rate": D("10.5")},
        {"damages_minimum": D(20), "damages_maximum": D(20)},
        {"interest_rate": D(4)},  # interest only
    ],
)
def test_a_clause_within_the_caps_is_kept(values: dict[str, object]) -> None:
    assert check_clause(clause(**values), on=ON) == clause(**values)


@pytest.mark.parametrize(
    ("values", "balance", "expected"),
    [
        ({"damages_percent": D(8), "damages_maximum": D(100)}, D(400), D("32.00")),
        ({"damages_percent": D(8), "damages_maximum": D(100)}, D(2000), D("100.00")),
        ({"damages_percent": D(5), "damages_minimum": D(20)}, D(120), D("20.00")),
        ({"damages_percent": D(5), "damages_minimum": D(20)}, D(1000), D("50.00")),
        ({"damages_percent": D(5)}, D(50000), D("2000.00")),  # above the cap: capped
        # The Book XIX maximum itself (LEGAL.md's worked examples).
        ({"legal_scale": True}, D(120), D("20.00")),
        ({"legal_scale": True}, D(400), D("55.00")),
        ({"legal_scale": True}, D(2000), D("140.00")),
        ({"legal_scale": True}, D(45000), D("2000.00")),
        ({"interest_rate": D(8)}, D(400), D("0.00")),  # no damages agreed
    ],
)  # fmt: skip
def test_the_damages_a_clause_agreed(
    values: dict[str, object], balance: Decimal, expected: Decimal
) -> None:
    assert clause_damages(balance, clause(**values)).total == expected


def test_interest_is_the_agreed_rate_at_most_the_late_payment_act_rate() -> None:
    """EUR 1,000 from 1 June to 31 July 2025: 30 days in 2025 H1 (Late Payment Act
    11.5 %) and 31 in H2 (10.5 %). Agreed 11 %: 30 days at 11 % = 9.0411 and 31 days
    at 10.5 % = 8.9178, together EUR 17.96. Agreed 8 %: 61 days at 8 % = EUR 13.37."""
    first, last = date(2025, 6, 1), date(2025, 7, 31)
    assert clause_interest(D(1000), first, last, clause(interest_rate=D(11))).total == D("17.96")
    assert clause_interest(D(1000), first, last, clause(interest_rate=D(8))).total == D("13.37")
    assert clause_interest(D(1000), first, last, clause()).total == D("0.00")


@given(
    percent=st.decimals(min_value=0, max_value=30, places=2),
    minimum=st.decimals(min_value=0, max_value=100, places=2),
    maximum=st.one_of(st.none(), st.decimals(min_value=0, max_value=3000, places=2)),
    balance=st.decimals(min_value=D("0.01"), max_value=D(100000), places=2),
)
def test_a_clause_that_passes_the_check_never_gives_more_than_the_cap(
    percent: Decimal, minimum: Decimal, maximum: Decimal | None, balance: Decimal
) -> None:
    candidate = clause(damages_percent=percent, damages_minimum=minimum, damages_maximum=maximum)
    try:
        check_clause(candidate, on=ON)
    except InvalidValue:
        return
    assert (
        candidate.agreed_damages(balance) <= clause_damages(balance, clause(legal_scale=True)).total
    )


def test_a_clause_names_where_it_is_and_its_words() -> None:
    with pytest.raises(InvalidValue, match="reference"):
        DamagesClause(" ", "tekst")
    with pytest.raises(InvalidValue, match="text"):
        DamagesClause("artikel 7", "")
    with pytest.raises(InvalidValue, match="damages_percent"):
        clause(damages_percent=D(-1))


@pytest.mark.parametrize(
    ("values", "code", "params"),
    [
        ({"interest_rate": D("10.6")}, "clause.interest_above_cap",
         {"rate": D("10.6"), "cap": D("10.5"), "since": date(2026, 1, 1),
          "rule": CONSUMER_RULE}),
        # 10 % with a EUR 25 minimum: on EUR 0.01 it gives 25, the cap is 20.
        ({"damages_percent": D(10), "damages_minimum": D(25)}, "clause.damages_above_cap",
         {"balance": M("0.01"), "agreed": M("25.00"), "cap": M("20.00"), "band": "up_to_150",
          "rule": CONSUMER_RULE}),
        ({"damages_percent": D(12)}, "clause.damages_above_cap",
         {"balance": M("571.46"), "agreed": M("68.58"), "cap": M("68.57"),
          "band": "above_500", "rule": CONSUMER_RULE}),
        ({"damages_percent": D(5)}, "clause.damages_above_cap",
         {"balance": M("40000.10"), "agreed": M("2000.01"), "cap": M("2000.00"),
          "band": "in_all", "rule": CONSUMER_RULE}),
    ],
)  # fmt: skip
def test_a_refusal_carries_its_cap_and_figures_for_the_edge_to_word(
    values: dict[str, object], code: str, params: dict[str, object]
) -> None:
    """The edge words a refusal in the reader's language (ARCHITECTURE rule 17): the
    error carries a code and its figures besides the English message."""
    with pytest.raises(InvalidValue) as refused:
        check_clause(clause(**values), on=ON)
    assert (refused.value.code, refused.value.params) == (code, params)


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"reference": " "}, "reference", "clause.no_reference"),
        ({"reference": "x" * 201}, "reference", "at_most_characters"),
        ({"text": ""}, "text", "clause.no_text"),
        ({"damages_percent": D(-1)}, "damages_percent", "clause.negative"),
        # Stored in cents: 20.005 would be rounded, 2.000 (two thousand?) read as 2.
        ({"damages_minimum": D("20.005")}, "damages_minimum", "clause.cents"),
        ({"damages_maximum": D("2.000")}, "damages_maximum", "clause.cents"),
        ({"interest_rate": D("8.12345")}, "interest_rate", "clause.decimals"),
        # No cap bites on a maximum when no percentage is agreed; it must still be kept.
        ({"damages_maximum": D("1E+20")}, "damages_maximum", "clause.too_large"),
        ({"damages_percent": D("NaN")}, "damages_percent", "clause.not_a_number"),
    ],
)  # fmt: skip
def test_a_clause_is_checked_before_it_is_saved_each_refusal_with_its_code(
    values: dict[str, object], field: str, code: str
) -> None:
    words = {"reference": "artikel 7", "text": "Bij niet-betaling ..."}
    with pytest.raises(InvalidValue) as refused:
        check_clause(DamagesClause(**(words | values)), on=ON)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.code) == (field, code)


def test_figures_to_the_cent_and_rates_to_four_decimals_are_kept() -> None:
    kept = clause(damages_percent=D("7.5"), damages_minimum=D("20.00"),
                  damages_maximum=D("1E+2"), interest_rate=D("8.1234"))  # fmt: skip
    assert check_clause(kept, on=ON) == kept
