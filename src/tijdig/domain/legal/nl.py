"""Dutch law behind the `Law` protocol (law.py): extrajudicial costs (6:96 BW, Besluit
BIK), statutory interest (6:119 consumer, 6:119a commercial), the 14-day letter, the
Algemene termijnenwet holidays, and a Dutch company's KvK number, retention and
betalingskenmerk.

Why one function per figure with an explained result: a letter must state the
exact euro amount, and a disputed claim must show how it was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from tijdig.domain.calendar import ONE_DAY, SUNDAY, easter_sunday
from tijdig.domain.collection.policy import LegalNotice
from tijdig.domain.legal import terms
from tijdig.domain.legal.rates import (
    NL_COMMERCIAL,
    NL_CONSUMER,
    NL_COSTS,
    CostBand,
    CostsResult,
    InterestResult,
    check_principal,
    compound_interest,
    percent_of,
    rate_table,
    read_table,
    round_cents,
)
from tijdig.domain.parties import Language
from tijdig.domain.refusals import Refusal

COUNTRY = "NL"

COSTS_RULE = "art. 6:96 BW; Besluit vergoeding voor buitengerechtelijke incassokosten"
CONSUMER_NOTE = (
    "Consumer (6:96 lid 6): owed only after a 14-day letter stating this exact amount "
    "went unpaid; several claims in one letter are added before the scale (6:96 lid 7)."
)
BUSINESS_NOTE = (
    "Business (6:96 lid 4): at least EUR 40 per late invoice, owed from the day after "
    "the due date without a reminder; the scale applies unless a clause provides otherwise."
)


@dataclass(frozen=True, slots=True)
class Band:
    """A marginal band: `rate` percent of the principal between the previous
    band's bound and `upto` (no bound for the last band)."""

    upto: Decimal | None
    rate: Decimal


@dataclass(frozen=True, slots=True)
class CostScale:
    version: str
    source: str
    bands: tuple[Band, ...]
    minimum: Decimal
    maximum: Decimal
    vat_rate: Decimal


@lru_cache(maxsize=1)
def cost_scale() -> CostScale:
    """The Besluit BIK scale from `data/costs_nl_bik.toml`."""
    data = read_table(NL_COSTS)
    bands = tuple(
        Band(Decimal(b["upto"]) if "upto" in b else None, Decimal(b["rate"])) for b in data["bands"]
    )
    return CostScale(
        data["version"], data["source"], bands,
        Decimal(data["minimum"]), Decimal(data["maximum"]), Decimal(data["vat_rate"]),
    )  # fmt: skip


def scale_bands(principal: Decimal, scale: CostScale) -> tuple[CostBand, ...]:
    """The part of the principal in each band and the exact amount it yields."""
    lines = []
    lower = Decimal(0)
    for band in scale.bands:
        upper = principal if band.upto is None else min(principal, band.upto)
        part = max(upper - lower, Decimal(0))
        if part > 0:
            where = f"above {lower:,.2f}" if band.upto is None else f"{lower:,.2f}-{band.upto:,.2f}"
            lines.append(CostBand(where, band.rate, part, percent_of(part, band.rate)))
        if band.upto is None or principal <= band.upto:
            break
        lower = band.upto
    return tuple(lines)


def collection_costs(
    principal: Decimal, *, consumer: bool, vat_uplift: bool = False
) -> CostsResult:
    """Extrajudicial collection costs on a principal: the scale, then the minimum
    (EUR 40) and the cap (EUR 6,775), then the VAT uplift (x 1.21, Besluit BIK
    art. 2 lid 3, only when the creditor cannot deduct VAT), then rounding to cents.

    Consumer and business get the same figure; the flag sets the notes on when
    the costs are owed (14-day letter for a consumer, none for a business).
    """
    check_principal(principal, allow_zero=False)
    scale = cost_scale()
    bands = scale_bands(principal, scale)
    scale_amount = sum((line.amount for line in bands), Decimal(0))
    limited = min(max(scale_amount, scale.minimum), scale.maximum)
    vat_amount = percent_of(limited, scale.vat_rate) if vat_uplift else Decimal(0)
    return CostsResult(
        country="NL",
        consumer=consumer,
        principal=principal,
        bands=bands,
        scale_amount=scale_amount,
        minimum=scale.minimum,
        maximum=scale.maximum,
        minimum_applied=scale_amount < scale.minimum,
        cap_applied=scale_amount > scale.maximum,
        limited=limited,
        vat_rate=scale.vat_rate if vat_uplift else None,
        vat_amount=vat_amount,
        total=round_cents(limited + vat_amount),
        rule=COSTS_RULE,
        table_version=scale.version,
        notes=(CONSUMER_NOTE if consumer else BUSINESS_NOTE,),
    )


def statutory_interest(
    principal: Decimal, first_day: date, last_day: date, *, commercial: bool
) -> InterestResult:
    """Statutory interest from `first_day` to `last_day`, both counted.

    Commercial (6:119a, business to business): runs from the day after the agreed
    last payment day up to and including the payment day. Consumer (6:119): from
    default until payment. Compounded yearly either way.
    """
    if commercial:
        table, rule = rate_table(NL_COMMERCIAL), "art. 6:119a BW (wettelijke handelsrente)"
    else:
        table, rule = rate_table(NL_CONSUMER), "art. 6:119 BW (wettelijke rente)"
    return compound_interest(principal, first_day, last_day, table=table, rule=rule)


def vat_uplift_rate() -> Decimal:
    """Besluit BIK art. 2 lid 3: the general VAT rate, for a creditor that cannot
    deduct VAT on the collection service."""
    return cost_scale().vat_rate


# -- the 14-day letter (6:96 lid 6 BW): a consumer owes costs only after its term --
CONSUMER_TERM_NOTICE = LegalNotice.NL_FOURTEEN_DAY_LETTER
COSTS_BEFORE_NOTICE = Refusal.COSTS_BEFORE_14_DAY_LETTER
CONSUMER_CLAIMS_BY_CLAUSE = False  # the statute gives costs and interest, no clause needed
CONSUMER_INTEREST_AFTER_TERM = False  # 6:119 interest runs from default, not from the term
# A payment goes to the costs, then the interest due, then the principal (art. 6:44 BW);
# a payment plan states it.
PLAN_PAYMENT_ORDER = "costs_interest_principal_6_44"
PLAN_REQUEST_IN_TERM = False  # LEGAL.md gives the 14-day letter no such right


def reminder_term(sent: date, channel: terms.NoticeDelivery) -> terms.TermResult:
    return terms.nl_fourteen_day_letter(sent, channel)


# -- a Dutch company --
REGISTRATION_LABEL = "kvk"
REGISTRATION_IN_TEXT = "registration_in_text_nl"
FISCAL_RETENTION_YEARS = 7
FISCAL_RETENTION_SOURCE = "art. 52 lid 4 AWR"
# the reference schemes (`references.Scheme`) a 12-digit reference is read by, first
# match first: it passes both the kenmerk and the OGM check; a Dutch creditor's is a kenmerk
REFERENCE_SCHEMES: tuple[str, ...] = ("kenmerk", "ogm", "rf")
NATIONAL_SCHEME = "kenmerk"  # a numeric invoice number becomes a betalingskenmerk ...
NATIONAL_LIMIT = 10**15  # ... below this: it holds at most 15 digits before its check digit


def validate_registration(text: str, *, field: str) -> str:
    # imported here: validation loads phonenumbers and schwifty, which a calculation
    # (`tijdig calc`) does not need
    from tijdig.domain.validation import validate_kvk

    return validate_kvk(text, field=field)


def creditor_id_problem(national: str) -> Refusal | None:
    """A Dutch SEPA creditor id ends in the KvK number and 4 digits."""
    if len(national) == 12 and national.isdigit():
        return None
    return Refusal.CREDITOR_ID_NL


# -- the calendar and a reader in the Netherlands --
LANGUAGE = Language.NL
LOCALES = {Language.NL: "nl_NL", Language.EN: "en_GB", Language.FR: "fr_FR"}


def locale(language: Language) -> str:
    return LOCALES[language]


# Days equated to a holiday by decree under Atw art. 3 lid 3 (LEGAL.md).
EQUATED_DAYS = frozenset(
    {
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
)


def kings_day(year: int) -> date:
    """King's Day: 27 April, or the 26th when the 27th is a Sunday (Queen's Day
    30 April, or the 29th, before 2014)."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - ONE_DAY if day.weekday() == SUNDAY else day


def holidays(year: int) -> frozenset[date]:
    """Atw art. 3: the general holidays, 5 May every year, Good Friday, and the
    days equated by decree."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1),
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        kings_day(year),
        date(year, 5, 5),  # Liberation Day: every year under the Atw, not only lustrum years
        easter + timedelta(days=39),  # Ascension Day
        easter + timedelta(days=50),  # Whit Monday
        date(year, 12, 25),
        date(year, 12, 26),
    }
    return frozenset(days | {d for d in EQUATED_DAYS if d.year == year})
