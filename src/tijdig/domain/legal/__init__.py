"""Pure legal calculators for NL and BE: collection costs, statutory interest and
the reminder term, each returning a frozen result that explains its figure.

    rates.py  the rate tables and cost scales in data/*.toml, the interest engine
    nl.py     6:96 BW costs (Besluit BIK), 6:119 / 6:119a interest
    be.py     Book XIX consumer damages, EUR 40 lump sum, Late Payment Act interest
    terms.py  NL 14-day letter and BE first reminder dates

The two functions below pick the country. Countries other than NL and BE are
refused with `RuleViolation` rather than answered with zero: Tijdig knows no
other country's rules, and a silent zero could read as "nothing may be claimed".
Callers check `Company.has_statutory_rules` first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.errors import RuleViolation
from tijdig.domain.legal import be, nl
from tijdig.domain.legal.rates import CostsResult, InterestResult


def statutory_costs(
    principal: Decimal, *, country: str, consumer: bool, vat_uplift: bool = False
) -> CostsResult:
    """NL: the Besluit BIK scale; BE: the Book XIX cap or the EUR 40 lump sum."""
    if country == "NL":
        return nl.collection_costs(principal, consumer=consumer, vat_uplift=vat_uplift)
    if country == "BE":
        return be.collection_costs(principal, consumer=consumer, vat_uplift=vat_uplift)
    raise RuleViolation(f"no statutory collection costs for {country!r}: Tijdig knows NL and BE")


def statutory_interest(
    principal: Decimal, first_day: date, last_day: date, *, country: str, commercial: bool
) -> InterestResult:
    """Interest from `first_day` to `last_day`, both counted; `commercial` for
    business-to-business claims (NL 6:119a; BE the same Late Payment Act rate)."""
    if country == "NL":
        return nl.statutory_interest(principal, first_day, last_day, commercial=commercial)
    if country == "BE":
        return be.statutory_interest(principal, first_day, last_day, commercial=commercial)
    raise RuleViolation(f"no statutory interest for {country!r}: Tijdig knows NL and BE")


__all__ = ["CostsResult", "InterestResult", "statutory_costs", "statutory_interest"]
