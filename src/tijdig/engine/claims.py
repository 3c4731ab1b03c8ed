"""Costs and interest per the legal order (S4-1): nothing the law does not yet allow.

The law is the policy's country (NL, BE; None: no statutory claims); consumer or
business is the customer's kind, so consumer protection holds even under a
business policy. Amounts are EUR only: invoices in another currency get no
statutory figure, and the explanation says so.

- NL consumer: costs (6:96 lid 6 BW) only for invoices whose 14-day letter's term
  has passed, counted by `terms.reminder_term` from the day and channel the letter
  was sent; principals of one letter added before the scale (lid 7). Interest
  6:119 BW from the day after the due date.
- NL business: costs per invoice (at least EUR 40, the scale) and interest 6:119a
  BW, both from the day after the due date.
- BE consumer: damages (Book XIX caps) on the balance and interest only after the
  first reminder's term; interest from the day that term ends.
- BE business: EUR 40 lump sum per invoice and Late Payment Act interest from the
  day after the due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from tijdig.domain.collection.policy import Channel, LegalNotice, Policy
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import statutory_costs, statutory_interest, terms
from tijdig.engine.model import Claim

ONE_DAY = timedelta(days=1)
ZERO = Decimal(0)
TERM_NOTICE = {"NL": LegalNotice.NL_FOURTEEN_DAY_LETTER, "BE": LegalNotice.BE_FIRST_REMINDER}


def term_channel(channel: str) -> terms.Channel:
    """E-mail counts as e-mail; anything else as post (the later, safer date)."""
    return terms.Channel.EMAIL if channel == Channel.EMAIL.value else terms.Channel.POST


def needs_term(law: str | None, consumer: bool) -> bool:
    """Whether costs wait for a reminder's term (NL and BE consumers)."""
    return consumer and law in TERM_NOTICE


def term_costs_from(
    law: str | None, policy: Policy, taken: Iterable[StepTaken], *, consumer: bool
) -> date | None:
    """The day costs may be claimed for one invoice: the day after the term of its
    latest 14-day letter (NL) or first reminder (BE); None if none was sent."""
    if law is None or not needs_term(law, consumer):
        return None
    notice = TERM_NOTICE[law]
    keys = {s.key for s in policy.steps if s.legal_notice is notice}
    letters = [t for t in taken if t.step_key in keys]
    if not letters:
        return None
    letter = max(letters, key=lambda t: t.taken_on)
    term = terms.reminder_term(letter.taken_on, country=law, channel=term_channel(letter.channel))
    return term.costs_from


@lru_cache(maxsize=8192)
def _cost_total(
    principal: Decimal, law: str, consumer: bool, vat_uplift: bool
) -> tuple[Decimal, str]:
    """The legal costs on one principal (cached: a run meets the same amounts often)."""
    result = statutory_costs(principal, country=law, consumer=consumer, vat_uplift=vat_uplift)
    return result.total, result.rule


@lru_cache(maxsize=8192)
def _interest_total(
    principal: Decimal, first: date, last: date, law: str, consumer: bool
) -> Decimal:
    """Statutory interest on one principal (cached like `_cost_total`)."""
    return statutory_interest(principal, first, last, country=law, commercial=not consumer).total


def _costs(
    invoices: list[Invoice], law: str, *, consumer: bool, vat_uplift: bool
) -> tuple[Decimal, list[str]]:
    if consumer:  # one letter: principals added before the scale (6:96 lid 7 BW)
        principal = sum((i.outstanding for i in invoices), ZERO)
        total, rule = _cost_total(principal, law, True, vat_uplift)
        return total, [f"costs {total} on {principal} ({rule})"]
    figures = [(i.number, *_cost_total(i.outstanding, law, False, vat_uplift)) for i in invoices]
    notes = [f"{number}: costs {total} ({rule})" for number, total, rule in figures]
    return sum((total for _, total, _ in figures), ZERO), notes


def _interest(
    invoices: list[Invoice], law: str, starts: Mapping[str, date], as_of: date, *, consumer: bool
) -> tuple[Decimal, list[str]]:
    total, notes = ZERO, []
    for invoice in invoices:
        first = starts.get(invoice.number, invoice.due_date + ONE_DAY)
        if first > as_of:
            continue
        try:
            amount = _interest_total(invoice.outstanding, first, as_of, law, consumer)
        except RuleViolation as error:
            notes.append(f"{invoice.number}: no interest computed: {error}")
            continue
        total += amount
        notes.append(f"{invoice.number}: interest {amount} from {first} to {as_of}")
    return total, notes


def _split(
    invoices: list[Invoice],
    law: str,
    consumer: bool,
    costs_from: Mapping[str, date | None],
    as_of: date,
) -> tuple[list[Invoice], list[Invoice], dict[str, date], list[str]]:
    """(costs allowed, interest allowed, interest start days, notes) under the term rule."""
    eur = [i for i in invoices if i.currency == "EUR" and i.outstanding > 0]
    notes = [
        f"{i.number}: {i.currency}, no statutory figure" for i in invoices if i.currency != "EUR"
    ]
    if not needs_term(law, consumer):
        return eur, eur, {}, notes
    allowed = [i for i in eur if _term_passed(costs_from.get(i.number), as_of)]
    notes += [
        f"{i.number}: the term has not passed; no costs yet"
        for i in eur
        if not _term_passed(costs_from.get(i.number), as_of)
    ]
    if law != "BE":
        return allowed, eur, {}, notes
    starts = {i.number: d for i in allowed if (d := costs_from.get(i.number))}
    return allowed, allowed, starts, notes


def legal_claim(
    invoices: list[Invoice],
    *,
    law: str | None,
    consumer: bool,
    as_of: date,
    costs_from: Mapping[str, date | None],
    vat_uplift: bool = False,
    costs: bool = True,
    interest: bool = True,
) -> Claim:
    """Costs and interest the law allows on `as_of` for `invoices` (see module rules).

    `costs_from` maps an invoice to the day its consumer term ended (None: no
    letter yet); it is ignored for business customers."""
    if law is None or law not in TERM_NOTICE:
        return Claim(explanation=("no statutory costs or interest outside NL and BE",))
    for_costs, for_interest, starts, notes = _split(invoices, law, consumer, costs_from, as_of)
    cost_total = interest_total = ZERO
    if costs and for_costs:
        cost_total, more = _costs(for_costs, law, consumer=consumer, vat_uplift=vat_uplift)
        notes += more
    if interest:
        interest_total, more = _interest(for_interest, law, starts, as_of, consumer=consumer)
        notes += more
    return Claim(cost_total, interest_total, "EUR", tuple(notes))


def _term_passed(costs_from: date | None, as_of: date) -> bool:
    return costs_from is not None and costs_from <= as_of


def announced_claim(
    invoices: list[Invoice],
    *,
    law: str | None,
    consumer: bool,
    as_of: date,
    channel: Channel,
    notice: LegalNotice,
    vat_uplift: bool = False,
) -> Claim:
    """What a message names as following if unpaid (S2-4): for a 14-day letter or BE
    first reminder the exact costs and the day they become owed; otherwise the
    costs and the interest accrued so far."""
    costs_from = None
    if law in TERM_NOTICE and notice is TERM_NOTICE[law]:
        term = terms.reminder_term(as_of, country=law, channel=term_channel(channel.value))
        costs_from = term.costs_from
    starts = {i.number: as_of for i in invoices}  # named now, owed from costs_from
    claim = legal_claim(
        invoices, law=law, consumer=consumer, as_of=as_of, costs_from=starts,
        vat_uplift=vat_uplift, interest=not (consumer and law == "BE"),
    )  # fmt: skip
    if costs_from is None:
        return claim
    notes = (*claim.explanation, f"owed from {costs_from} if unpaid")
    return Claim(claim.costs, claim.interest, "EUR", notes, costs_from)
