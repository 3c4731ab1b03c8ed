"""`match(tx, ledger)`: what one bank line settles, with a confidence and the reasons.

Every rule below proposes suggestions; suggestions that book the same thing merge.
The line is booked automatically (MATCHED) when the best suggestion reaches
`THRESHOLD` and no different suggestion comes within `MARGIN` of it; otherwise it waits
for REVIEW with up to three suggestions. Confidences, per rule:

    0.99  a valid structured reference of an open item, and the amount fits it (in full,
          the principal alone, or the discounted amount within the discount period)
    0.96  invoice numbers (4+ digits) in the text whose invoices add up to the amount
    0.95  the payer known (learned IBAN; a parent pays for its children), and exactly one
          of its open items has the amount
    0.94  a reference failing its check, one typo away from an open item's reference, and
          the amount fits that item; a valid reference plus other open items of its
          customer that add up
    0.93  short invoice numbers matching the payer's items that add up; a partial
          payment with a reference or invoice number from the payer (art. 6:44 split)
    0.92  an overpayment with a reference or invoice number from the payer (the rest kept
          as credit); a unique combination of the payer's open items; a reference with
          the amount fitting, paid from the account of an unrelated customer
    0.90  the payer known by its exact name only, and exactly one open item has the amount
    ≤0.85 anything ambiguous or uncorroborated: two ways to make the amount, a partial
          payment without a known payer, amounts that fit nothing

A payment plan in force is a payment target of its own (`by_plan`); what it books goes to
the invoices the plan covers, in the order the plan states (`allocation.to_plan`), and a
plan surely paid (at `THRESHOLD` or more) sets aside the other ways to pay its invoices
(an invoice's own reference, its amount):

    0.99  the plan's reference, and the amount is one of its plan instalments' or what is
          left of it
    0.95  the payer known by a learned account, and the amount is a plan instalment's of
          exactly one of its plans in force (and the line names no invoice outside it)
    0.93  the plan's reference with another amount, from a corroborated payer (partial)
    0.92  the plan's reference with an overpayment from a corroborated payer; the plan's
          reference with an instalment's amount, from the account of an unrelated customer
    ≤0.70 a plan instalment's amount with the payer known by name only, or named by two
          of its plans; the plan's reference and another amount from an unknown payer

Debits never settle invoices. Returns and reversals (and refunds naming the payment)
re-open what the original credit settled: see `tijdig.matching.undo`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from tijdig.domain.banking import BankTransaction
from tijdig.domain.reasons import Code, reason
from tijdig.matching import allocation as alloc
from tijdig.matching.line import (
    AMBIGUOUS,
    GUESS,
    MARGIN,
    MAX_BROKEN,
    MAX_SUGGESTIONS,
    NAME_RATIO,
    NAME_SINGLE,
    NUMBERS,
    OVERPAID,
    PARTIAL,
    PAYER_COMBINED,
    PAYER_SINGLE,
    REF_COMBINED,
    REF_EXACT,
    STRANGER,
    TAILS,
    THRESHOLD,
    TYPO,
    UNSURE,
    Line,
    Payer,
    names,
)
from tijdig.matching.model import (
    ZERO,
    Allocation,
    Kind,
    Ledger,
    MatchOutcome,
    OpenItem,
    Suggestion,
    normalise_iban,
    normalise_name,
)
from tijdig.matching.plans import by_plan, plan_first
from tijdig.matching.references import Found, find, variants
from tijdig.matching.undo import undo

__all__ = [  # the confidences, for the tests and the callers that compare with them
    "AMBIGUOUS", "GUESS", "MARGIN", "NAME_RATIO", "NAME_SINGLE", "NUMBERS", "OVERPAID",
    "PARTIAL", "PAYER_COMBINED", "PAYER_SINGLE", "REF_COMBINED", "REF_EXACT", "STRANGER",
    "TAILS", "THRESHOLD", "TYPO", "UNSURE", "Payer", "by_plan", "choose", "identify", "match",
]  # fmt: skip


def match(tx: BankTransaction, ledger: Ledger) -> MatchOutcome:
    """The decision for one bank line. No clock: the booking date is the payment date."""
    if not tx.booked:
        return MatchOutcome(Kind.IGNORE, None, (), ZERO, Decimal(1), (reason(Code.MATCH_PENDING),))
    if tx.amount <= 0 or tx.is_reversal or tx.return_reason:
        return undo(tx, ledger)
    payer = identify(tx, ledger)
    found = find(tx.structured_reference, tx.remittance)
    line = Line(tx, ledger, payer)
    planned = by_plan(line, found)
    suggestions = [*by_reference(line, found), *by_typo(line, found), *by_numbers(line, found),
                   *planned]  # fmt: skip
    strongest = max((s.confidence for s in suggestions), default=ZERO)
    suggestions += by_amount(line, strongest=strongest)
    return choose(plan_first(suggestions, planned, ledger), payer)


def identify(tx: BankTransaction, ledger: Ledger) -> Payer | None:
    """The customer behind the account (learned from earlier payments), else the one
    customer with exactly this name (legal form and punctuation aside)."""
    if tx.counterparty_iban:
        number = ledger.customer_by_iban.get(normalise_iban(tx.counterparty_iban))
        if number is not None:
            return Payer(number, frozenset(ledger.group(number)), by_iban=True)
    if tx.counterparty_name:
        named = ledger.customers_by_name.get(normalise_name(tx.counterparty_name), ())
        if len(named) == 1:
            return Payer(named[0], frozenset(ledger.group(named[0])), by_iban=False)
    return None


def by_reference(line: Line, found: Found) -> list[Suggestion]:
    """Valid structured references of open items, whose amounts make the payment."""
    tx = line.tx
    items = [line.ledger.by_reference.get(r) for r in found.references]
    hits = [i for i in items if i is not None and i.currency == tx.currency]
    if not hits:
        return []
    exact = alloc.combinations(tx.amount, hits, paid_on=tx.booking_date, want=1)
    if exact:
        level = REF_EXACT if line.consistent(exact[0]) else STRANGER
        why = reason(Code.MATCH_FOUND, what="reference", invoice=names(exact[0]), fit="exact")
        return [line.suggest(exact[0], level, why)]
    if len({i.invoice_number for i in hits}) > 1:
        allocations, rest = alloc.oldest_first(tx.amount, hits)
        why = reason(Code.MATCH_REFERENCES_AMOUNTS_DIFFER, invoices=names(allocations))
        return [line.suggest(allocations, UNSURE, why, overpayment=rest)]
    return _around(line, hits[0], REF_COMBINED, "reference")


def by_typo(line: Line, found: Found) -> list[Suggestion]:
    """A reference that fails its check, one typo away from an open item's reference
    whose amount the payment has: the check digit caught the typo, the amount confirms
    the repair. Two such items, or one of another payer, leave it to review."""
    tx, by_reference = line.tx, line.ledger.by_reference
    near = {by_reference[v] for b in found.broken[:MAX_BROKEN] for v in variants(b)
            if v in by_reference}  # fmt: skip
    out = []
    for item in sorted(near, key=lambda i: i.invoice_number):
        if item.currency == tx.currency and tx.amount in alloc.fits(item, paid_on=tx.booking_date):
            allocation = alloc.settle(tx.amount, item, paid_on=tx.booking_date)
            level = TYPO if line.consistent((allocation,)) else AMBIGUOUS
            why = reason(Code.MATCH_REFERENCE_TYPO, invoice=item.invoice_number)
            out.append(line.suggest((allocation,), level, why))
    return out


def by_numbers(line: Line, found: Found) -> list[Suggestion]:
    """Invoice numbers in the free text: across the ledger for long ones, among the
    open items of the payer (or of the one customer the long ones name) for short ones."""
    tx, ledger = line.tx, line.ledger
    wide = {i.invoice_number: i for k in found.number_keys for i in ledger.by_number.get(k, ())}
    owners = frozenset(i.customer_number for i in wide.values())
    group = line.payer.group if line.payer else owners if len(owners) == 1 else frozenset()
    short = {i.invoice_number: i for t in found.tails for i in ledger.with_tail(t, group)}
    hits = [i for i in {**short, **wide}.values() if i.currency == tx.currency]
    if not hits:
        return []
    combos = alloc.combinations(tx.amount, hits, paid_on=tx.booking_date)
    if combos:
        best = combos[0]
        level = NUMBERS if all(a.invoice_number in wide for a in best) else TAILS
        level = level if len(combos) == 1 and line.consistent(best) else AMBIGUOUS
        return [line.suggest(c, level, reason(Code.MATCH_NUMBERS_IN_TEXT, invoices=names(c)))
                for c in combos]  # fmt: skip
    payer = line.payer
    mine = [i for i in hits if payer is not None and i.customer_number in payer.group]
    return _around(line, mine[0], TAILS, "invoice_number") if len(mine) == 1 else []


def by_amount(line: Line, *, strongest: Decimal = ZERO) -> list[Suggestion]:
    """The payer's open items that make the amount: exactly one of them, else a unique
    combination of its oldest (`allocation.MAX_ITEMS`) open items. The combination
    search is skipped when another rule is already so sure that no combination
    (at most PAYER_COMBINED) could come within MARGIN of it: the decision is the same."""
    tx, payer = line.tx, line.payer
    if payer is None:
        return []
    how = "iban" if payer.by_iban else "name"
    candidates = line.ledger.with_amount(tx.amount, payer.group)
    single = [i for i in candidates if tx.amount in alloc.fits(i, paid_on=tx.booking_date)]
    if len(single) == 1:
        level = PAYER_SINGLE if payer.by_iban else NAME_SINGLE
        allocation = alloc.settle(tx.amount, single[0], paid_on=tx.booking_date)
        why = reason(Code.MATCH_PAYER_ONE_AMOUNT, how=how, invoice=single[0].invoice_number)
        return [line.suggest((allocation,), level, why)]
    if strongest >= PAYER_COMBINED + MARGIN:
        return []
    items = line.ledger.open_items(payer.group, tx.currency, limit=alloc.MAX_ITEMS)
    combos = alloc.combinations(tx.amount, items, paid_on=tx.booking_date)
    unique = len(combos) == 1 and not single and payer.by_iban
    level = PAYER_COMBINED if unique else AMBIGUOUS
    return [line.suggest(c, level, reason(Code.MATCH_PAYER_ADDS_UP, how=how, invoices=names(c)))
            for c in combos]  # fmt: skip


def _around(line: Line, item: OpenItem, combined: Decimal, what: str) -> list[Suggestion]:
    """One invoice named but the amount differs: more of its customer's items with it,
    else a partial payment or an overpayment; booked only when the payer is corroborated."""
    tx, sure = line.tx, line.corroborates(item)
    if tx.amount > item.claimed:
        others = line.ledger.open_items((item.customer_number,), tx.currency, limit=alloc.MAX_ITEMS)
        combos = alloc.combinations(tx.amount, others, paid_on=tx.booking_date, want=3)
        with_it = [c for c in combos if item.invoice_number in _numbers(c)]
        if len(with_it) == 1:
            why = reason(Code.MATCH_ADDS_UP_WITH, what=what, invoice=item.invoice_number,
                         others=names(with_it[0]))  # fmt: skip
            return [line.suggest(with_it[0], combined if sure else UNSURE, why)]
    allocations, rest = alloc.oldest_first(tx.amount, (item,))
    fit = "overpaid" if rest else "partial"
    level = (OVERPAID if rest else PARTIAL) if sure else UNSURE
    why = reason(Code.MATCH_FOUND, what=what, invoice=item.invoice_number, fit=fit)
    return [line.suggest(allocations, level, why, overpayment=rest)]


def _numbers(allocations: Sequence[Allocation]) -> set[str]:
    return {a.invoice_number for a in allocations}


def choose(suggestions: Sequence[Suggestion], payer: Payer | None) -> MatchOutcome:
    """Merge agreeing suggestions, rank them, and book the best one if it is clear."""
    ranked = _ranked(suggestions)
    customer = payer.number if payer else None
    if not ranked:
        return MatchOutcome(
            Kind.REVIEW, customer, (), ZERO, ZERO, (reason(Code.MATCH_NOTHING_FITS),)
        )
    best, rivals = ranked[0], [s for s in ranked[1:] if s.key != ranked[0].key]
    contested = bool(rivals) and rivals[0].confidence >= best.confidence - MARGIN
    if best.confidence >= THRESHOLD and not contested:
        return MatchOutcome(Kind.MATCHED, best.customer_number, best.allocations,
                        best.overpayment, best.confidence, best.reasons,
                        tuple(rivals[:MAX_SUGGESTIONS]))  # fmt: skip
    reasons = (reason(Code.MATCH_CONTESTED),) if contested else best.reasons
    return MatchOutcome(Kind.REVIEW, best.customer_number or customer, (), ZERO, best.confidence,
                    reasons, tuple(ranked[:MAX_SUGGESTIONS]))  # fmt: skip


def _ranked(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    merged: dict[object, Suggestion] = {}
    for s in suggestions:
        old = merged.get(s.key)
        if old is None:
            merged[s.key] = s
        else:
            top = max(old.confidence, s.confidence)
            merged[s.key] = replace(old, confidence=top, reasons=(*old.reasons, *s.reasons))
    return sorted(merged.values(), key=lambda s: -s.confidence)
