"""The law per country, one module each behind the `Law` protocol (law.py), and the
lookups that pick it. The rest of Tijdig asks these and never branches on a country.

    law.py        the `Law` protocol and which lookup decides what
    nl.py, be.py  one country each: costs, interest, reminder term, VAT uplift, the
                  company's registration label, retention and reference, holidays
    rates.py      the rate tables and cost scales in data/*.toml, the interest engine
    terms.py      the NL 14-day letter's and the BE first reminder's dates
    be_clause.py  a Belgian consumer contract's damages and interest clause

Adding a country: its module `<cc>.py` with its data, and its code in `COUNTRIES`.
Countries Tijdig does not know are refused (`law_for`) or answered with None
(`law_of_claim`, `law_of_company`), never with zero: Tijdig knows no other
country's rules, and a silent zero could read as "nothing may be claimed".

A module is imported when it is first asked for (as python-stdnum's `get_cc_module`
does): the calendar asks a law for its holidays, and the country modules count their
terms with the calendar, so importing them here would be a cycle.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, cast

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal.law import Law
from tijdig.domain.refusals import Refusal

if TYPE_CHECKING:
    from tijdig.domain.collection.policy import LegalNotice
    from tijdig.domain.legal import be, nl
    from tijdig.domain.legal.rates import CostsResult, InterestResult

    # mypy checks here that every country module implements the protocol
    _IMPLEMENTED: tuple[Law, ...] = (nl, be)

COUNTRIES = ("NL", "BE")


def knows(country: str | None) -> bool:
    """Whether Tijdig knows the law of `country`."""
    return country in COUNTRIES


@cache
def law_for(country: str) -> Law:
    """The law and conventions of `country`; `InvalidValue` for a country Tijdig does
    not know. Prefer the two named lookups below where the question is a legal one."""
    if not knows(country):
        known = " and ".join(COUNTRIES)
        raise InvalidValue("country", Refusal.UNKNOWN_COUNTRY, value=country, known=known)
    return cast("Law", importlib.import_module(f"{__name__}.{country.lower()}"))


def law_of_claim(policy_country: str | None) -> Law | None:
    """The law a claim is made under: the collection policy's country. It decides costs,
    interest, terms and wording. None: no statutory claims (a country Tijdig does not
    know, or no policy)."""
    return law_for(policy_country) if policy_country and knows(policy_country) else None


def law_of_company(company_country: str) -> Law | None:
    """The law of the creditor's own country: its registration label, how long its
    books are kept, the reference on its invoices. None for another country."""
    return law_for(company_country) if knows(company_country) else None


def law_of_notice(notice: LegalNotice) -> Law | None:
    """The law whose consumer term `notice` starts (the NL 14-day letter, the BE first
    reminder): its dates are that law's, whatever the policy's country."""
    return next(
        (law for law in map(law_for, COUNTRIES) if law.CONSUMER_TERM_NOTICE is notice), None
    )


def _claim_law(country: str, what: str) -> Law:
    law = law_of_claim(country)
    if law is None:
        known = " and ".join(COUNTRIES)
        raise RuleViolation(Refusal.NO_LAW_FOR, what=what, country=country, known=known)
    return law


def statutory_costs(
    principal: Decimal, *, country: str, consumer: bool, vat_uplift: bool = False
) -> CostsResult:
    """NL: the Besluit BIK scale; BE: the Book XIX cap or the EUR 40 lump sum."""
    law = _claim_law(country, "statutory collection costs")
    return law.collection_costs(principal, consumer=consumer, vat_uplift=vat_uplift)


def statutory_interest(
    principal: Decimal, first_day: date, last_day: date, *, country: str, commercial: bool
) -> InterestResult:
    """Interest from `first_day` to `last_day`, both counted; `commercial` for
    business-to-business claims (NL 6:119a; BE the same Late Payment Act rate)."""
    law = _claim_law(country, "statutory interest")
    return law.statutory_interest(principal, first_day, last_day, commercial=commercial)


__all__ = [
    "COUNTRIES",
    "Law",
    "knows",
    "law_for",
    "law_of_claim",
    "law_of_company",
    "law_of_notice",
    "statutory_costs",
    "statutory_interest",
]
