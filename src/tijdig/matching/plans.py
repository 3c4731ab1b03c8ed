"""A payment plan in force as a payment target (the rules' confidences are in the table of
`tijdig.matching.matcher`).

`by_plan` suggests booking a line to a plan: named by its reference, or, the payer known
by a learned account, a plan instalment's exact amount (unless the line names an invoice
outside the plan). What it books goes to the invoices the plan covers in the order the
plan states (`allocation.to_plan`). `plan_first`: where a plan is surely paid, the other
ways to pay its invoices (their own references, their amounts) give way to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tijdig.domain.reasons import Code, reason
from tijdig.matching import allocation as alloc
from tijdig.matching.line import (
    OVERPAID,
    PARTIAL,
    PAYER_SINGLE,
    REF_EXACT,
    STRANGER,
    THRESHOLD,
    UNSURE,
    Line,
    names,
)
from tijdig.matching.model import ZERO, Allocation, Ledger, PlanInForce, Suggestion
from tijdig.matching.references import Found


def by_plan(line: Line, found: Found) -> list[Suggestion]:
    """A payment plan in force named by its reference; else, the payer known by a learned
    account, a plan of its whose plan instalment has the amount, unless the line names
    an invoice outside the plan. A plan instalment's amount from a payer known by name
    alone, or fitting two plans, is only suggested."""
    tx, ledger, payer = line.tx, line.ledger, line.payer
    named = [ledger.plans_by_reference[r] for r in found.references
             if r in ledger.plans_by_reference]  # fmt: skip
    named = [p for p in named if p.currency == tx.currency]
    if named:
        return _plan_named(line, named[0])
    if payer is None:
        return []
    theirs = [p for c in sorted(payer.group) for p in ledger.plans_by_customer.get(c, ())
              if p.currency == tx.currency and tx.amount in p.amounts
              and not _names_other(ledger, found, p)]  # fmt: skip
    level = PAYER_SINGLE if payer.by_iban and len(theirs) == 1 else UNSURE
    how = "iban" if payer.by_iban else "name"
    out = []
    for plan in theirs:
        allocations, rest = _to_plan(line, plan)
        if allocations:
            why = reason(Code.MATCH_PLAN_INSTALMENT, how=how, plan=plan.reference,
                         invoices=names(allocations))  # fmt: skip
            out.append(line.suggest(allocations, level if not rest else UNSURE, why, rest))
    return out


def _names_other(ledger: Ledger, found: Found, plan: PlanInForce) -> bool:
    """The line names an open item outside the plan, by its reference or its number:
    the amount alone does not outweigh that."""
    named = [ledger.by_reference.get(r) for r in found.references]
    named += [i for k in found.number_keys for i in ledger.by_number.get(k, ())]
    return any(i is not None and i.invoice_number not in plan.invoice_numbers for i in named)


def _plan_named(line: Line, plan: PlanInForce) -> list[Suggestion]:
    allocations, rest = _to_plan(line, plan)
    if not allocations:
        return []
    items = line.ledger.plan_items(plan)
    left = sum((i.claimed for i in items), ZERO)
    sure = line.corroborates(items[0])
    if rest:
        fit, level = "overpaid", OVERPAID if sure else UNSURE
    elif line.tx.amount in plan.amounts or line.tx.amount == left:
        fit, level = "exact", REF_EXACT if line.consistent(allocations) else STRANGER
    else:
        fit, level = "partial", PARTIAL if sure else UNSURE
    why = reason(Code.MATCH_PLAN_REFERENCE, plan=plan.reference, fit=fit,
                 invoices=names(allocations))  # fmt: skip
    return [line.suggest(allocations, level, why, overpayment=rest)]


def _to_plan(line: Line, plan: PlanInForce) -> tuple[tuple[Allocation, ...], Decimal]:
    return alloc.to_plan(line.tx.amount, line.ledger.plan_items(plan), by_law=plan.by_law)


def plan_first(
    suggestions: list[Suggestion], planned: Sequence[Suggestion], ledger: Ledger
) -> list[Suggestion]:
    """Where a plan is surely paid, the other ways to pay its invoices give way to it:
    its payments go to them in the order the plan states, whatever the line names."""
    sure = [s for s in planned if s.confidence >= THRESHOLD]
    if not sure:
        return suggestions
    covered = {n for s in sure for a in s.allocations
               for n in ledger.plan_by_invoice[a.invoice_number].invoice_numbers}  # fmt: skip
    elsewhere = [s for s in suggestions
                 if not all(a.invoice_number in covered for a in s.allocations)]  # fmt: skip
    return [*sure, *(s for s in elsewhere if s not in sure)]
