"""Properties of the legal calculators over many amounts and dates (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.calendar import is_business_day
from tijdig.domain.legal import be, nl, statutory_interest
from tijdig.domain.legal.terms import atw_term_end

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2, allow_nan=False
)
days = st.dates(min_value=date(2013, 1, 1), max_value=date(2026, 12, 31))
spans = st.integers(min_value=0, max_value=1500)


@given(amounts, st.booleans())
def test_nl_costs_stay_between_minimum_and_cap(principal: Decimal, vat: bool) -> None:
    factor = Decimal("1.21") if vat else Decimal(1)
    total = nl.collection_costs(principal, consumer=True, vat_uplift=vat).total
    assert Decimal(40) * factor <= total <= Decimal(6775) * factor


@given(amounts, amounts, st.booleans())
def test_nl_costs_never_fall_when_the_principal_rises(a: Decimal, b: Decimal, vat: bool) -> None:
    low, high = sorted((a, b))
    cost_low = nl.collection_costs(low, consumer=False, vat_uplift=vat).total
    cost_high = nl.collection_costs(high, consumer=False, vat_uplift=vat).total
    assert cost_low <= cost_high


@given(amounts)
def test_nl_bands_add_up_to_the_principal(principal: Decimal) -> None:
    assert sum(b.base for b in nl.collection_costs(principal, consumer=True).bands) == principal


@given(amounts)
def test_be_damages_stay_between_20_and_2000(balance: Decimal) -> None:
    assert Decimal(20) <= be.consumer_damages(balance).total <= Decimal(2000)


@given(amounts, amounts)
def test_be_damages_never_fall_when_the_balance_rises(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert be.consumer_damages(low).total <= be.consumer_damages(high).total


@given(amounts, days, spans, st.booleans())
def test_interest_is_never_negative_and_periods_cover_every_day(
    principal: Decimal, first: date, span: int, commercial: bool
) -> None:
    last = first + timedelta(days=span)
    result = nl.statutory_interest(principal, first, last, commercial=commercial)
    assert result.total >= 0
    assert sum(p.days for p in result.periods) == span + 1
    assert result.periods[0].start == first
    assert result.periods[-1].end == last


@given(amounts, days, spans, spans)
def test_interest_over_a_longer_span_is_never_less(
    principal: Decimal, first: date, span: int, extra: int
) -> None:
    short = statutory_interest(
        principal, first, first + timedelta(days=span), country="NL", commercial=True
    )
    longer = statutory_interest(
        principal, first, first + timedelta(days=span + extra), country="NL", commercial=True
    )
    assert short.total <= longer.total


@given(amounts, amounts, days, spans)
def test_interest_is_additive_in_the_principal_within_a_cent_per_year(
    a: Decimal, b: Decimal, first: date, span: int
) -> None:
    """Without capitalisation rounding interest is linear in the principal; each
    year's rounding (and the final one) may move it by at most a cent or so."""
    last = first + timedelta(days=span)

    def total(principal: Decimal) -> Decimal:
        return nl.statutory_interest(principal, first, last, commercial=False).total

    years = span // 365 + 1
    assert abs(total(a + b) - total(a) - total(b)) <= Decimal("0.02") * years


@given(days, st.integers(min_value=0, max_value=30))
def test_an_atw_term_ends_on_a_business_day_not_before_its_last_day(
    start: date, length: int
) -> None:
    last = start + timedelta(days=length)
    end = atw_term_end(last, start)
    assert end >= last
    assert is_business_day(end, "NL")
