"""Amounts, dates and payment references as the customer reads them (Babel locales)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from tijdig.domain.legal import knows, law_for
from tijdig.domain.money import minor_units, round_half_up
from tijdig.domain.parties import Customer, Language
from tijdig.domain.references import ReferenceStandard, reading_order

# a customer in a country whose conventions Tijdig does not know
OTHER_COUNTRY_LOCALES = {Language.NL: "nl_NL", Language.EN: "en_GB", Language.FR: "fr_FR"}


def locale_for(customer: Customer) -> str:
    """The customer's language as written in their country (`Law.locale`): nl_BE for
    Dutch-speaking Belgian customers, nl_NL for other Dutch, fr_BE for French-speaking
    Belgian customers, en_GB for English."""
    if knows(customer.country):
        return law_for(customer.country).locale(customer.language)
    return OTHER_COUNTRY_LOCALES[customer.language]


# A subject names at most this many invoice numbers, then how many more (94 numbers made
# a subject no mail program shows in full).
SUBJECT_NUMBERS = 2


@dataclass(frozen=True, slots=True)
class Formats:
    """Formatting in one Babel locale, e.g. `€ 1.210,00` and `5 maart 2026` for nl_NL."""

    locale: str
    conjunction: str | None = None  # "en", "and": the last two items of a list

    def money(self, amount: Decimal, currency: str) -> str:
        places = minor_units(currency)
        exact = round_half_up(amount, places)
        return str(format_currency(exact, currency, locale=self.locale))

    def number(self, value: Decimal) -> str:
        """Every digit given, none added: `2`, `1,5`, `16.000` for nl_NL."""
        return str(
            format_decimal(value.normalize(), locale=self.locale, decimal_quantization=False)
        )

    def unit_price(self, amount: Decimal, currency: str) -> str:
        """A price with at least the currency's decimals and every further one given
        (`€ 0,0625`): a unit price is not rounded to cents."""
        return str(
            format_currency(amount, currency, locale=self.locale, decimal_quantization=False)
        )

    def long_date(self, day: date) -> str:
        return str(format_date(day, format="long", locale=self.locale))

    def short_date(self, day: date) -> str:
        return str(format_date(day, format="medium", locale=self.locale))

    def percent(self, rate: Decimal) -> str:
        """A yearly rate in percent: `10,15%`, `4%`, `12.25%`."""
        return str(format_decimal(rate, format="#,##0.###", locale=self.locale)) + "%"

    def join(self, items: list[str]) -> str:
        """`A, B en C` / `A, B and C`: with the message's own word for "and" when given
        (`conjunction`, from its labels), else the locale's."""
        if not items:
            return ""
        if self.conjunction is None or len(items) == 1:
            return str(format_list(items, locale=self.locale))
        return f"{', '.join(items[:-1])} {self.conjunction} {items[-1]}"

    def join_capped(self, items: list[str], *, more: str, shown: int = SUBJECT_NUMBERS) -> str:
        """`A, B and 92 more`: the first `shown` items and how many follow (`more`, the
        message's words with `{count}`), for a line that must stay short (a subject)."""
        if len(items) <= shown + 1:
            return self.join(items)
        rest = more.format(count=format_decimal(len(items) - shown, locale=self.locale))
        return self.join([*items[:shown], rest])


def reference_standard(reference: str, *, country: str) -> ReferenceStandard | None:
    """The standard a compact structured reference follows; 12 digits can pass both the
    OGM and the kenmerk check, so the creditor's country decides first."""
    return next((s for s in reading_order(country) if s.is_valid(reference)), None)


def format_payment_reference(reference: str, *, country: str) -> str:
    """Grouped as printed: `5000 0567 8901 2345`, `+++010/8068/17183+++`, `RF18 5390 …`."""
    standard = reference_standard(reference, country=country)
    return standard.format(reference) if standard else reference


def format_iban(iban: str) -> str:
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
