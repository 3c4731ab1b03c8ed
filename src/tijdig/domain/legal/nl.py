"""Dutch collection law: extrajudicial costs (6:96 BW, Besluit BIK) and statutory
interest (6:119 consumer, 6:119a commercial).

Why one function per figure with an explained result: a letter must state the
exact euro amount, and a disputed claim must show how it was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

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
