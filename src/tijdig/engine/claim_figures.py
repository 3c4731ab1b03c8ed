"""The figures of a claim: costs and interest per invoice, with the lines a letter
states them by (claims.py decides which invoices may bear them, and when).

- Business (6:96 lid 4 BW; BE: the EUR 40 lump sum): costs per late invoice on its own;
  an invoice whose costs were claimed gets none again.
- Consumer (6:96 lid 7 BW): the principals of one letter's invoices are added before
  the scale, less the costs claimed earlier on invoices of that letter (claims.py).
  Belgian consumer: the damages the contract's clause agreed (never above the Book
  XIX caps), and nothing at all without a clause.
- Interest per invoice from its first day not yet claimed to the claim's day: NL 6:119
  (consumer) or 6:119a (business), BE Late Payment Act (business) or the clause's
  rate capped by it (consumer; none without a clause).

Figures are cached: a run of 100,000 customers meets the same amounts and days often.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import Law, statutory_costs, statutory_interest
from tijdig.domain.legal.be_clause import DamagesClause, clause_damages, clause_interest
from tijdig.domain.legal.rates import InterestResult
from tijdig.domain.money import apportion
from tijdig.engine.model import ClaimedBefore, CostsLine, InterestLine, RatePeriod

ONE_DAY = timedelta(days=1)
ZERO = Decimal(0)
Amounts = dict[str, Decimal]
NO_CLAUSE = "BE consumer: the contract has no valid clause on damages and interest: none"


@dataclass
class Figures:
    """Amounts per invoice, the letter's lines and the (English) notes of a claim."""

    amounts: Amounts = field(default_factory=dict)
    costs_lines: list[CostsLine] = field(default_factory=list)
    interest_lines: list[InterestLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ClaimRules:
    """The rules a claim is made under: the law of the claim, the debtor's kind, and
    for a Belgian consumer the contract's clause."""

    law: Law
    consumer: bool
    vat_uplift: bool = False
    clause: DamagesClause | None = None

    @property
    def by_clause(self) -> bool:
        """A consumer owing only what a contract clause agreed (BE: Book XIX WER)."""
        return self.consumer and self.law.CONSUMER_CLAIMS_BY_CLAUSE


@lru_cache(maxsize=8192)
def _cost_total(
    principal: Decimal, country: str, consumer: bool, vat_uplift: bool
) -> tuple[Decimal, str]:
    result = statutory_costs(principal, country=country, consumer=consumer, vat_uplift=vat_uplift)
    return result.total, result.rule


@lru_cache(maxsize=8192)
def _interest_result(
    principal: Decimal, first: date, last: date, country: str, consumer: bool
) -> InterestResult:
    return statutory_interest(principal, first, last, country=country, commercial=not consumer)


def costs_on(principal: Decimal, law: ClaimRules) -> tuple[Decimal, str]:
    """The legal costs (BE consumer: the clause's damages) on one principal."""
    if law.by_clause:
        if law.clause is None or not law.clause.agrees_damages:
            return ZERO, NO_CLAUSE
        result = clause_damages(principal, law.clause)
        return result.total, result.rule
    return _cost_total(principal, law.law.COUNTRY, law.consumer, law.vat_uplift)


def interest_on(
    principal: Decimal, first: date, last: date, law: ClaimRules
) -> InterestResult | None:
    """Interest on one principal, or None when none is owed (BE consumer without an
    agreed rate)."""
    if law.by_clause:
        if law.clause is None or law.clause.interest_rate is None:
            return None
        return clause_interest(principal, first, last, law.clause)
    return _interest_result(principal, first, last, law.law.COUNTRY, law.consumer)


def _vat(law: ClaimRules) -> Decimal | None:
    return law.law.vat_uplift_rate() if law.vat_uplift else None


def business_costs(invoices: list[Invoice], law: ClaimRules) -> Figures:
    """Costs per late invoice (6:96 lid 4 BW; BE: the lump sum per invoice)."""
    figures = Figures()
    for invoice in invoices:
        total, rule = costs_on(invoice.outstanding, law)
        figures.amounts[invoice.number] = total
        figures.notes.append(f"{invoice.number}: costs {total} ({rule})")
        figures.costs_lines.append(
            CostsLine((invoice.number,), invoice.outstanding, total, total, vat_rate=_vat(law))
        )
    return figures


def consumer_costs(
    fresh: list[Invoice],
    law: ClaimRules,
    *,
    earlier: Mapping[str, ClaimedBefore],
    letters: Mapping[str, date | None],
    principals: Mapping[str, Decimal],
) -> Figures:
    """One letter's principals added before the scale (6:96 lid 7 BW), less the costs
    claimed earlier on the invoices of the same letter (claims.py)."""
    numbers = {i.number for i in fresh}
    groups = {letters.get(n) for n in numbers} - {None}
    mates = sorted(
        (e for e in earlier.values()
         if e.costs > 0 and e.invoice_number not in numbers
         and letters.get(e.invoice_number) in groups),
        key=lambda e: e.invoice_number,
    )  # fmt: skip
    principal = sum((i.outstanding for i in fresh), ZERO)
    principal += sum((max(principals.get(e.invoice_number, ZERO), ZERO) for e in mates), ZERO)
    total, rule = costs_on(principal, law)
    before = sum((e.costs for e in mates), ZERO)
    costs = max(total - before, ZERO)
    figures = Figures(notes=[f"costs {total} on {principal} ({rule})"])
    if mates:
        named = ", ".join(e.invoice_number for e in mates)
        figures.notes = [f"costs {total} on {principal} ({rule}) for the invoices of one "
                         f"letter, less {before} claimed earlier on {named}: {costs}"]  # fmt: skip
    if costs <= 0:
        return figures
    shares = apportion(costs, [i.outstanding for i in fresh])
    figures.amounts = {i.number: share for i, share in zip(fresh, shares, strict=True)}
    invoiced = tuple(sorted(numbers | {e.invoice_number for e in mates}))
    figures.costs_lines.append(
        CostsLine(invoiced, principal, costs, total, before, vat_rate=_vat(law))
    )
    return figures


def interest_first_day(
    invoice: Invoice, starts: Mapping[str, date], earlier: Mapping[str, ClaimedBefore]
) -> date:
    """The first day of interest not yet claimed: the first day of default (the day after
    the due date unless the invoice says otherwise; BE consumer: the term's end), or the
    day after the last message that claimed it."""
    first = starts.get(invoice.number, invoice.first_day_of_default)
    item = earlier.get(invoice.number)
    if item is not None and item.interest > 0 and item.interest_to is not None:
        first = max(first, item.interest_to + ONE_DAY)
    return first


def interest(
    invoices: list[Invoice],
    law: ClaimRules,
    starts: Mapping[str, date],
    as_of: date,
    *,
    earlier: Mapping[str, ClaimedBefore],
) -> Figures:
    """Interest per invoice up to `as_of`, with the rates of each period."""
    figures = Figures()
    if law.by_clause and (law.clause is None or law.clause.interest_rate is None):
        figures.notes.append(NO_CLAUSE)
        return figures
    for invoice in invoices:
        first = interest_first_day(invoice, starts, earlier)
        if first > as_of:
            continue
        try:
            result = interest_on(invoice.outstanding, first, as_of, law)
        except RuleViolation as error:
            figures.notes.append(f"{invoice.number}: no interest computed: {error}")
            continue
        if result is None:
            continue
        figures.amounts[invoice.number] = result.total
        figures.notes.append(f"{invoice.number}: interest {result.total} from {first} to {as_of}")
        figures.interest_lines.append(_interest_line(invoice, result))
    return figures


def _interest_line(invoice: Invoice, result: InterestResult) -> InterestLine:
    """The periods of one rate joined (a yearly capitalisation splits a period only)."""
    rates: list[RatePeriod] = []
    for period in result.periods:
        if rates and rates[-1].rate == period.rate and rates[-1].last + ONE_DAY == period.start:
            rates[-1] = RatePeriod(rates[-1].first, period.end, period.rate)
        else:
            rates.append(RatePeriod(period.start, period.end, period.rate))
    return InterestLine(invoice.number, result.principal, result.first_day, result.last_day,
                        result.total, tuple(rates),
                        tuple(c.on for c in result.capitalisations))  # fmt: skip
