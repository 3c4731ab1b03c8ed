"""Belgian law behind the `Law` protocol (law.py): consumer damages under Book XIX WER,
the EUR 40 lump sum, interest under the Late Payment Act of 2 August 2002, the free
first reminder, the legal holidays, and a Belgian company's KBO/BCE number, retention
and OGM/VCS reference.

Why the consumer figure is a cap and not a claim: Book XIX allows damages and
interest only if the contract provides them, and voids a clause above the caps.
Tijdig computes the highest amount a valid clause can yield; the notes say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from tijdig.domain.calendar import easter_sunday
from tijdig.domain.collection.policy import LegalNotice
from tijdig.domain.errors import RuleViolation
from tijdig.domain.legal import terms
from tijdig.domain.legal.rates import (
    BE_COSTS,
    BE_LATE_PAYMENT,
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

COUNTRY = "BE"

CONSUMER_RULE = "Book XIX WER, art. XIX.4 (Act of 4 May 2023)"
BUSINESS_RULE = "Wet van 2 augustus 2002 (betalingsachterstand), art. 6"
INTEREST_RULE = "Wet van 2 augustus 2002, art. 5 (ECB rate + 8 points)"
CONSUMER_NOTE = (
    "Consumer: a cap, owed only if the contract provides damages, and only after the "
    "free first reminder's 14-day term has passed unpaid."
)
BUSINESS_NOTE = "Business: fixed lump sum, owed without notice; reasonable further costs apart."
NO_COMPOUNDING_NOTE = "Simple interest: not capitalised yearly (old Civil Code art. 1154)."
CONSUMER_INTEREST_NOTE = (
    "Consumer: interest only if agreed in the contract; this rate is the cap (Book XIX)."
)


@dataclass(frozen=True, slots=True)
class Tier:
    """Balances up to `upto` (none: no bound): `fixed` plus `rate` percent of the
    part of the balance above `over`."""

    upto: Decimal | None
    fixed: Decimal
    rate: Decimal
    over: Decimal


@dataclass(frozen=True, slots=True)
class DamagesScale:
    version: str
    tiers: tuple[Tier, ...]
    consumer_maximum: Decimal
    business_lump_sum: Decimal


@lru_cache(maxsize=1)
def damages_scale() -> DamagesScale:
    """The Book XIX tiers and the lump sum from `data/costs_be.toml`."""
    data = read_table(BE_COSTS)
    tiers = tuple(
        Tier(
            Decimal(t["upto"]) if "upto" in t else None,
            Decimal(t["fixed"]),
            Decimal(t["rate"]),
            Decimal(t["over"]),
        )
        for t in data["tiers"]
    )
    return DamagesScale(
        data["version"],
        tiers,
        Decimal(data["consumer_maximum"]),
        Decimal(data["business_lump_sum"]),
    )


def _tier_for(balance: Decimal, scale: DamagesScale) -> Tier:
    for tier in scale.tiers:
        if tier.upto is None or balance <= tier.upto:
            return tier
    return scale.tiers[-1]


def consumer_damages(balance: Decimal) -> CostsResult:
    """The highest fixed damages a consumer contract may provide (Book XIX):
    EUR 20 up to EUR 150; EUR 30 + 10 % of the part above 150 up to EUR 500;
    EUR 65 + 5 % of the part above 500; at most EUR 2,000."""
    check_principal(balance, allow_zero=False)
    scale = damages_scale()
    tier = _tier_for(balance, scale)
    part = max(balance - tier.over, Decimal(0)) if tier.rate else Decimal(0)
    label = (
        "up to 150.00" if tier.upto is not None and tier.rate == 0 else f"above {tier.over:,.2f}"
    )
    line = CostBand(label, tier.rate, part, tier.fixed + percent_of(part, tier.rate), tier.fixed)
    limited = min(line.amount, scale.consumer_maximum)
    return CostsResult(
        country="BE",
        consumer=True,
        principal=balance,
        bands=(line,),
        scale_amount=line.amount,
        minimum=None,
        maximum=scale.consumer_maximum,
        minimum_applied=False,
        cap_applied=line.amount > scale.consumer_maximum,
        limited=limited,
        vat_rate=None,
        vat_amount=Decimal(0),
        total=round_cents(limited),
        rule=CONSUMER_RULE,
        table_version=scale.version,
        notes=(CONSUMER_NOTE,),
    )


def business_lump_sum(principal: Decimal) -> CostsResult:
    """The fixed EUR 40 per late invoice between businesses, whatever the amount."""
    check_principal(principal, allow_zero=False)
    scale = damages_scale()
    amount = scale.business_lump_sum
    line = CostBand("lump sum", Decimal(0), Decimal(0), amount, amount)
    return CostsResult(
        country="BE",
        consumer=False,
        principal=principal,
        bands=(line,),
        scale_amount=amount,
        minimum=None,
        maximum=None,
        minimum_applied=False,
        cap_applied=False,
        limited=amount,
        vat_rate=None,
        vat_amount=Decimal(0),
        total=round_cents(amount),
        rule=BUSINESS_RULE,
        table_version=scale.version,
        notes=(BUSINESS_NOTE,),
    )


def collection_costs(
    principal: Decimal, *, consumer: bool, vat_uplift: bool = False
) -> CostsResult:
    """Belgian costs: Book XIX damages cap for a consumer, the lump sum for a
    business. The VAT uplift is a Dutch rule (Besluit BIK), refused here."""
    if vat_uplift:
        raise RuleViolation(Refusal.NO_VAT_UPLIFT_BE)
    return consumer_damages(principal) if consumer else business_lump_sum(principal)


def statutory_interest(
    principal: Decimal, first_day: date, last_day: date, *, commercial: bool
) -> InterestResult:
    """Late Payment Act interest from `first_day` to `last_day`, both counted; for
    a consumer the same rate is the contractual cap.

    Simple interest, never compounded: Belgian law lets interest bear interest
    only after a court claim or a special agreement (old Civil Code art. 1154),
    so the automatic yearly capitalisation of 6:119 lid 2 BW is not applied."""
    notes = () if commercial else (CONSUMER_INTEREST_NOTE,)
    return compound_interest(
        principal,
        first_day,
        last_day,
        table=rate_table(BE_LATE_PAYMENT),
        rule=INTEREST_RULE,
        notes=(*notes, NO_COMPOUNDING_NOTE),
        yearly_compounding=False,
    )


def vat_uplift_rate() -> None:
    """No VAT uplift on costs: that is a Dutch rule (Besluit BIK)."""
    return None


# -- the free first reminder (Book XIX WER): a consumer owes nothing before its term --
CONSUMER_TERM_NOTICE = LegalNotice.BE_FIRST_REMINDER
COSTS_BEFORE_NOTICE = Refusal.COSTS_BEFORE_BE_FIRST_REMINDER
CONSUMER_CLAIMS_BY_CLAUSE = True  # damages and interest only if the contract agreed them
CONSUMER_INTEREST_AFTER_TERM = True  # and interest too only once the term has passed
PLAN_PAYMENT_ORDER = ""  # LEGAL.md names no Belgian rule: a plan states none
# During the first reminder's term "the consumer may ask a payment plan or dispute".
PLAN_REQUEST_IN_TERM = True


def reminder_term(sent: date, channel: terms.NoticeDelivery) -> terms.TermResult:
    return terms.be_first_reminder(sent, channel)


# -- a Belgian company --
REGISTRATION_LABEL = "company_number"
REGISTRATION_IN_TEXT = "registration_in_text_be"
FISCAL_RETENTION_YEARS = 10
FISCAL_RETENTION_SOURCE = "art. 60 §4 WBTW / art. 315 WIB 92"  # 10 years since 2023
# the reference schemes (`references.Scheme`) a 12-digit reference is read by, first
# match first: it passes both the OGM and the kenmerk check; a Belgian creditor's is an OGM
REFERENCE_SCHEMES: tuple[str, ...] = ("ogm", "kenmerk", "rf")
NATIONAL_SCHEME = "ogm"  # a numeric invoice number becomes an OGM/VCS ...
NATIONAL_LIMIT = 10**10  # ... below this: it holds 10 digits before its 2 check digits


def validate_registration(text: str, *, field: str) -> str:
    # imported here: validation loads phonenumbers and schwifty, which a calculation
    # (`tijdig calc`) does not need
    from tijdig.domain.validation import validate_kbo

    return validate_kbo(text, field=field)


def creditor_id_problem(national: str) -> Refusal | None:
    """A Belgian SEPA creditor id ends in the KBO/BCE number."""
    from stdnum.be import vat as be_vat

    return None if be_vat.is_valid(national) else Refusal.CREDITOR_ID_BE


# -- the calendar and a reader in Belgium --
LANGUAGE = Language.NL
LOCALES = {Language.NL: "nl_BE", Language.EN: "en_GB", Language.FR: "fr_BE"}


def locale(language: Language) -> str:
    return LOCALES[language]


def holidays(year: int) -> frozenset[date]:
    """The ten Belgian legal holidays (Wet van 4 januari 1974; LEGAL.md)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            easter + timedelta(days=39),  # Ascension Day
            easter + timedelta(days=50),  # Whit Monday
            date(year, 7, 21),
            date(year, 8, 15),
            date(year, 11, 1),
            date(year, 11, 11),
            date(year, 12, 25),
        }
    )
