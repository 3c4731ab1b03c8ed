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
- An invoice payable on receipt (`Invoice.default_from`) is in default, so owes
  costs and interest, only from 30 days after receipt (6:119a lid 2 BW): before that
  it gets neither, and interest runs from that day.
- BE consumer: only what the contract's clause agreed (damages on the balance, within
  the Book XIX caps, and interest at its rate capped by the Late Payment Act rate),
  only after the first reminder's term; interest from the day that term ends. Without
  a valid clause nothing is claimed (LEGAL.md: damages and interest "only if agreed").
- BE business: EUR 40 lump sum per invoice and Late Payment Act interest from the
  day after the due date.

Claims that follow earlier claims (`earlier`: what messages already sent claimed per
invoice; docs/dunning.md has the dated examples). Never more than the law allows in
total, whatever the policy's steps or a preview put in a message:

- Business (6:96 lid 4 BW; BE: the lump sum per invoice): the costs belong to each
  late invoice on its own, so an invoice whose costs were claimed gets none again;
  the others get their own amount.
- Consumer (6:96 lid 7 BW; BE Book XIX on the balance): the principals of the
  invoices of one 14-day letter (first reminder) are added before the scale, so a
  claim on invoices of a letter whose other invoices already had costs claimed is
  the scale on all their principals (a paid one counts as 0) less the costs claimed
  on them, never below 0. The letter is recognised by the day its term ends
  (`costs_from`). Counting an invoice twice, or the scale of one invoice added to
  the scale of another of the same letter, would claim more than the law allows
  (the scale is degressive, with a minimum of EUR 40).
- Interest keeps running: an invoice whose interest was claimed is counted from the
  day after the message that claimed it (`interest_to`), so no day is claimed twice.
  The days between the run that computed it and the day it was sent, and the yearly
  compounding across two claims, are left out: less than the law allows, never more.
- `Claim.parts` says what falls on each invoice, so the record of a sent claim is
  per invoice exactly as computed (the consumer costs apportioned over the invoices
  that had none yet, by principal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from tijdig.domain.collection.policy import LegalNotice, Policy, StepChannel
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import Law, law_of_claim
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.engine import claim_figures as figures
from tijdig.engine.claim_figures import ClaimRules, Figures
from tijdig.engine.deadline import term_channel
from tijdig.engine.model import Claim, ClaimedBefore, ClaimPart

ONE_DAY = timedelta(days=1)
ZERO = Decimal(0)
NONE_BEFORE: Mapping[str, ClaimedBefore] = MappingProxyType({})
NO_AMOUNTS: Mapping[str, Decimal] = MappingProxyType({})
Amounts = dict[str, Decimal]


def needs_term(law: str | None, consumer: bool) -> bool:
    """Whether costs wait for a reminder's term: a consumer's, under a law Tijdig knows
    (the NL 14-day letter, the BE first reminder)."""
    return consumer and law_of_claim(law) is not None


def vat_uplift(law: str | None, *, can_deduct_vat: bool) -> bool:
    """Whether the costs get the VAT uplift: the law of the claim has one (NL, Besluit
    BIK art. 2 lid 3) and the creditor cannot deduct VAT."""
    claim_law = law_of_claim(law)
    return claim_law is not None and claim_law.vat_uplift_rate() is not None and not can_deduct_vat


def term_costs_from(
    law: str | None, policy: Policy, taken: Iterable[StepTaken], *, consumer: bool
) -> date | None:
    """The day costs may be claimed for one invoice: the day after the term of its
    latest 14-day letter (NL) or first reminder (BE); None if none was sent."""
    claim_law = law_of_claim(law)
    if claim_law is None or not consumer:
        return None
    notice = claim_law.CONSUMER_TERM_NOTICE
    keys = {s.key for s in policy.steps if s.legal_notice is notice}
    letters = [t for t in taken if t.step_key in keys]
    if not letters:
        return None
    letter = max(letters, key=lambda t: t.taken_on)
    return claim_law.reminder_term(letter.taken_on, term_channel(letter.channel)).costs_from


def _costs(
    invoices: list[Invoice],
    law: ClaimRules,
    *,
    earlier: Mapping[str, ClaimedBefore],
    letters: Mapping[str, date | None],
    principals: Mapping[str, Decimal],
) -> Figures:
    """Costs per invoice, never on an invoice whose costs were claimed before."""
    fresh = [i for i in invoices if not _costs_claimed(earlier, i.number)]
    notes = [
        f"{i.number}: costs {earlier[i.number].costs} claimed earlier; not claimed again"
        for i in invoices
        if _costs_claimed(earlier, i.number)
    ]
    if not fresh:
        return Figures(notes=notes)
    if not law.consumer:
        found = figures.business_costs(fresh, law)
    else:
        found = figures.consumer_costs(fresh, law, earlier=earlier, letters=letters,
                                       principals=principals)  # fmt: skip
    found.notes = notes + found.notes
    return found


def _costs_claimed(earlier: Mapping[str, ClaimedBefore], number: str) -> bool:
    item = earlier.get(number)
    return item is not None and item.costs > 0


def _split(
    invoices: list[Invoice],
    law: Law,
    consumer: bool,
    costs_from: Mapping[str, date | None],
    as_of: date,
) -> tuple[list[Invoice], list[Invoice], dict[str, date], list[str]]:
    """(costs allowed, interest allowed, interest start days, notes) under the term rule;
    an invoice not yet in default (payable on receipt: `default_from`) gets neither."""
    notes = [
        f"{i.number}: {i.currency}, no statutory figure" for i in invoices if i.currency != "EUR"
    ]
    notes += [
        f"{i.number}: not in default before {i.first_day_of_default}"
        for i in invoices
        if i.currency == "EUR" and i.first_day_of_default > as_of
    ]
    eur = [
        i for i in invoices
        if i.currency == "EUR" and i.outstanding > 0 and i.first_day_of_default <= as_of
    ]  # fmt: skip
    if not consumer:
        return eur, eur, {}, notes
    allowed = [i for i in eur if _term_passed(costs_from.get(i.number), as_of)]
    notes += [
        f"{i.number}: the term has not passed; no costs yet"
        for i in eur
        if not _term_passed(costs_from.get(i.number), as_of)
    ]
    if not law.CONSUMER_INTEREST_AFTER_TERM:
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
    earlier: Mapping[str, ClaimedBefore] = NONE_BEFORE,
    principals: Mapping[str, Decimal] = NO_AMOUNTS,
    clause: DamagesClause | None = None,
) -> Claim:
    """Costs and interest the law allows on `as_of` for `invoices` (see module rules).

    `costs_from` maps an invoice to the day its consumer term ended (None: no
    letter yet); it is ignored for business customers. For a consumer it also
    names the letter of the invoices claimed `earlier`, and `principals` their open
    principal (an invoice not in it counts as 0: paid). `clause`: a Belgian
    consumer's contract clause (without one, nothing is claimed from them)."""
    claim_law = law_of_claim(law)
    if claim_law is None:
        return Claim(explanation=("no statutory costs or interest outside NL and BE",))
    rules = ClaimRules(claim_law, consumer, vat_uplift, clause)
    for_costs, for_interest, starts, notes = _split(
        invoices, claim_law, consumer, costs_from, as_of
    )
    found_costs, found_interest = Figures(), Figures()
    if costs and for_costs:
        found_costs = _costs(
            for_costs, rules, earlier=earlier, letters=costs_from,
            principals={i.number: i.outstanding for i in invoices} | dict(principals),
        )  # fmt: skip
    if interest:
        found_interest = figures.interest(for_interest, rules, starts, as_of, earlier=earlier)
    notes += found_costs.notes + found_interest.notes
    parts = tuple(
        ClaimPart(i.number, found_costs.amounts.get(i.number, ZERO),
                  found_interest.amounts.get(i.number, ZERO))
        for i in invoices
        if i.number in found_costs.amounts or i.number in found_interest.amounts
    )  # fmt: skip
    return Claim(
        sum(found_costs.amounts.values(), ZERO), sum(found_interest.amounts.values(), ZERO),
        "EUR", tuple(notes), parts=parts, law=law, consumer=consumer,
        costs_lines=tuple(found_costs.costs_lines),
        interest_lines=tuple(found_interest.interest_lines),
        clause=clause if rules.by_clause else None,
    )  # fmt: skip


def _term_passed(costs_from: date | None, as_of: date) -> bool:
    return costs_from is not None and costs_from <= as_of


def announced_claim(
    invoices: list[Invoice],
    *,
    law: str | None,
    consumer: bool,
    as_of: date,
    channel: StepChannel,
    notice: LegalNotice,
    vat_uplift: bool = False,
    earlier: Mapping[str, ClaimedBefore] = NONE_BEFORE,
    clause: DamagesClause | None = None,
) -> Claim:
    """What a message names as following if unpaid (S2-4): for a 14-day letter or BE
    first reminder the exact costs and the day they become owed; otherwise the
    costs and the interest accrued so far. What was claimed `earlier` is left out,
    as the claim that follows will leave it out (the invoices of this letter are one
    letter: the same rule as `legal_claim`)."""
    costs_from = None
    claim_law = law_of_claim(law)
    if claim_law is not None and notice is claim_law.CONSUMER_TERM_NOTICE:
        costs_from = claim_law.reminder_term(as_of, term_channel(channel.value)).costs_from
    # a consumer whose interest waits for the term is announced none (BE: Book XIX)
    interest = not (consumer and claim_law is not None and claim_law.CONSUMER_INTEREST_AFTER_TERM)
    starts: dict[str, date | None] = {i.number: as_of for i in invoices}  # owed from costs_from
    claim = legal_claim(
        invoices, law=law, consumer=consumer, as_of=as_of, costs_from=starts,
        vat_uplift=vat_uplift, interest=interest, earlier=earlier,
        clause=clause,
    )  # fmt: skip
    if costs_from is None:
        return claim
    notes = (*claim.explanation, f"owed from {costs_from} if unpaid")
    return replace(claim, explanation=notes, costs_from=costs_from)
