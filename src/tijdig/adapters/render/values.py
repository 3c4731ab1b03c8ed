"""Everything a template may use, built once per message from the `MessageContext`.

What a message claims now (`claim`: the principal of the invoices it covers, with the
costs and interest it claims) and what its payment block asks (`amount_to_pay`: the
whole statement, with earlier claims still open, plus the claim now) can differ. The
demand states the first; the payment block then says, in its label and a note with
the figures, that it asks the total of the statement and what that includes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tijdig.adapters.render.claim_words import (
    claim_lines,
    clause_of,
    current_rate,
    law_key,
    law_words,
    owes_by_clause_only,
    registration_in_text,
    registration_label,
    vat_note,
)
from tijdig.adapters.render.formatting import Formats, format_payment_reference
from tijdig.adapters.render.payment import PaymentView, payment_view
from tijdig.adapters.render.sold import what_sold
from tijdig.adapters.render.view import (
    LEGAL_TERM_TEMPLATES,
    Labels,
    LineView,
    TotalView,
    band_colour,
    claimed_views,
    escalation_level,
    fourteen_claim,
    invoices_by_number,
    level_title,
    line_totals,
    pay_by,
    require,
    signed,
    stage_label,
)
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.errors import RuleViolation
from tijdig.engine.deadline import next_step
from tijdig.engine.message import OpenClaim
from tijdig.engine.model import Claim, InvoiceStage
from tijdig.services.records.case_ports import DisputeCase

if TYPE_CHECKING:
    from tijdig.adapters.render.messages import MessageContext

ONE_DAY = timedelta(days=1)
COVERING_TEMPLATES = frozenset({"notice_of_default", "nl_14_day_letter", "be_first_reminder"})


@dataclass(frozen=True, slots=True)
class ClaimView:
    """Costs and interest claimed or announced, formatted, with the principal they follow."""

    principal: str
    costs: str
    interest: str
    total: str
    has_costs: bool
    has_interest: bool
    costs_from: str | None
    last_day: str | None
    explanation: tuple[str, ...]  # how each figure was made, in the reader's words
    costs_label: str
    interest_label: str
    vat_note: str | None  # the costs include VAT: the creditor cannot deduct it (NL)
    rate: str | None  # the yearly rate interest runs at now


def build_values(ctx: MessageContext, labels: Labels, formats: Formats) -> dict[str, Any]:
    """The template values: the statement, the claims, the payment block, escalation."""
    step = ctx.proposal.step
    check_mandatory(ctx)
    words = law_words(ctx, labels)
    lines = line_views(ctx, labels, formats, words)
    invoice_lines = [line for line in lines if not line.is_credit]
    covered = covered_lines(ctx, lines)
    level = escalation_level(step, ctx.policy)
    values: dict[str, Any] = {
        "language": ctx.customer.language.value, "labels": labels, "company": ctx.company,
        "customer": ctx.customer, "portal_url": ctx.portal_url, "lines": lines,
        "totals": total_views(ctx.proposal.lines, formats, ctx.claims), "level": level,
        "level_title": level_title(step.template, level, labels),
        "escalated": level >= 2, "band_colour": band_colour(level),
        "one": len(invoice_lines) == 1, "numbers": formats.join([i.number for i in invoice_lines]),
        "covered": covered, "covered_one": len(covered) == 1,
        "covered_numbers": formats.join([line.number for line in covered]),
        "has_credit": len(invoice_lines) != len(lines), "reasons": ctx.proposal.reasons,
        "max_days_overdue": max((line.days_overdue for line in lines), default=0),
        "by_post": step.channel is StepChannel.LETTER, "before_due": level == 0,
        "as_of": formats.long_date(ctx.as_of), "salutation": salutation(ctx, labels),
        "has_claims": any(line.claimed for line in lines),
        "claims_note": words["claims_note"], "law": words, "law_key": law_key(ctx),
        "registration_in_text": registration_in_text(ctx, labels), "clause": clause_of(ctx),
        "names_agency": ctx.proposal.names_agency,
    }  # fmt: skip
    values |= claim_values(ctx, labels, formats, covered, words)
    values |= party_values(ctx, labels, formats, [line.number for line in invoice_lines])
    values |= payment_scope(ctx, labels, formats, words, claimed=values["claim"] is not None)
    values["interest_runs"] = _interest_runs(ctx, words)
    values["total"] = formats.join([t.amount for t in values["totals"]])
    values |= next_step_values(ctx, labels)
    values["disputes"] = [dispute_view(d, labels, formats) for d in ctx.disputes]
    return values


def dispute_view(case: DisputeCase, labels: Labels, formats: Formats) -> dict[str, str]:
    """A dispute as the hand-over's summary says it: the invoice, why and since when, the
    lines disputed with their amount, and how it ended."""
    words: Labels = labels["disputes"]
    currency = case.invoice.currency
    lines = "; ".join(
        f"{line.seq} {line.name}"
        + ("" if line.amount is None else f" {formats.money(line.amount, currency)}")
        for line in case.lines
    )
    amount = case.disputed_amount
    if case.resolved_on is None:
        ended = str(words["open"])
    else:
        kind = case.outcome.value if case.outcome else ""
        said = words["outcomes"].get(kind, words["resolved"])
        ended = f"{said} {formats.long_date(case.resolved_on)}"
        linked = case.credit_note or case.replacement
        ended += f" ({linked})" if linked else ""
    return {
        "invoice": case.invoice.number, "reason": str(words["reasons"][case.reason.value]),
        "opened": formats.long_date(case.opened_on), "lines": lines or str(words["all_lines"]),
        "amount": "" if amount is None else formats.money(amount, currency), "ended": ended,
    }  # fmt: skip


def next_step_values(ctx: MessageContext, labels: Labels) -> dict[str, Any]:
    """What follows if unpaid, read from the policy (None without one, or at its end):
    `next_step` in words, `next_template` its template."""
    following = next_step(ctx.proposal.step, ctx.policy)
    if following is None:
        return {"next_step": None, "next_template": None}
    words: Mapping[str, str] = labels["next_steps"]
    return {"next_step": words.get(following.template), "next_template": following.template}


def check_mandatory(ctx: MessageContext) -> None:
    """A BE first reminder must name the creditor's company number (Book XIX WER)."""
    template = ctx.proposal.step.template
    if template == "be_first_reminder" and not ctx.company.registration_number:
        raise RuleViolation(f"{template}: the company's registration number is missing")


def line_views(
    ctx: MessageContext, labels: Labels, formats: Formats, words: Mapping[str, str]
) -> list[LineView]:
    invoices = invoices_by_number(ctx.invoices)
    templates = {s.key: s.template for s in ctx.policy.steps} if ctx.policy else {}
    templates.setdefault(ctx.proposal.step.key, ctx.proposal.step.template)
    claims = {c.invoice_number: c for c in ctx.claims}
    views = []
    for line in ctx.proposal.lines:
        invoice = invoices.get(line.invoice_number)
        reference = line.payment_reference or (invoice.payment_reference if invoice else None)
        claim = None if line.kind == "credit_note" else claims.get(line.invoice_number)
        sold = ctx.descriptions.get(line.invoice_number) or (
            what_sold(invoice, labels, formats) if invoice else None
        )
        views.append(
            LineView(
                number=line.invoice_number,
                issue_date=formats.short_date(invoice.issue_date) if invoice else None,
                due_date=formats.short_date(line.due_date),
                days_overdue=0 if line.kind == "credit_note" else line.days_overdue,
                amount=formats.money(signed(line), line.currency),
                stage=stage_label(line, templates, labels),
                reference=format_payment_reference(reference, country=ctx.company.country)
                if reference
                else None,
                is_credit=line.kind == "credit_note",
                what_sold=sold or labels["what_sold_default"].format(number=line.invoice_number),
                claimed=claimed_views(claim, words, formats),
                sold=sold,
            )
        )
    return views


def total_views(
    lines: tuple[InvoiceStage, ...], formats: Formats, claims: tuple[OpenClaim, ...] = ()
) -> list[TotalView]:
    """What is owed per currency, with the costs and interest claimed earlier still open."""
    totals = line_totals(lines, claims)
    return [TotalView(c, formats.money(v, c), v) for c, v in totals.items()]


def covered_lines(ctx: MessageContext, lines: list[LineView]) -> list[LineView]:
    """Exactly the invoices a legal notice covers; every invoice line for other messages."""
    template = ctx.proposal.step.template
    if template in COVERING_TEMPLATES and not ctx.proposal.covered:
        raise RuleViolation(f"{template}: the proposal names no covered invoices")
    if not ctx.proposal.covered:
        return [line for line in lines if not line.is_credit]
    by_number = {line.number: line for line in lines}
    missing = [n for n in ctx.proposal.covered if n not in by_number]
    if missing:
        raise RuleViolation(f"covered invoice {missing[0]} is not among the proposal's lines")
    return [by_number[number] for number in ctx.proposal.covered]


def claim_values(
    ctx: MessageContext,
    labels: Labels,
    formats: Formats,
    covered: list[LineView],
    words: Mapping[str, str],
) -> dict[str, Any]:
    """`claim` (claimed now), `announced` and `fourteen` (a legal term's costs), `pay_by`."""
    proposal = ctx.proposal
    template = proposal.step.template
    numbers = {line.number for line in covered}
    principal = line_totals([line for line in proposal.lines if line.invoice_number in numbers])
    legal = template in LEGAL_TERM_TEMPLATES
    fourteen = require(fourteen_claim(proposal), template) if legal else None
    view = _claim_view_maker(labels, formats, principal, words)
    claim = None if legal or proposal.claim is None else view(proposal.claim)
    return {
        "claim": claim,
        "claim_words": claim_words(claim, formats),
        "announced": view(proposal.announced) if proposal.announced else None,
        "fourteen": view(fourteen) if fourteen else None,
        "covered_total": formats.join([formats.money(v, c) for c, v in principal.items()]),
        "pay_by": formats.long_date(pay_by(proposal, ctx.as_of, ctx.policy)),
        "first_due": formats.long_date(min(line.due_date for line in proposal.lines)),
    }


def _claim_view_maker(
    labels: Labels, formats: Formats, principal: dict[str, Decimal], words: Mapping[str, str]
) -> Callable[[Claim], ClaimView]:
    def view(claim: Claim) -> ClaimView:
        base = principal.get(claim.currency, Decimal(0))
        last = claim.costs_from - ONE_DAY if claim.costs_from else None
        return ClaimView(
            principal=formats.money(base, claim.currency),
            costs=formats.money(claim.costs, claim.currency),
            interest=formats.money(claim.interest, claim.currency),
            total=formats.money(base + claim.costs + claim.interest, claim.currency),
            has_costs=claim.costs > 0, has_interest=claim.interest > 0,
            costs_from=formats.long_date(claim.costs_from) if claim.costs_from else None,
            last_day=formats.long_date(last) if last else None,
            explanation=claim_lines(claim, words, labels, formats),
            costs_label=words["costs"], interest_label=words["interest"],
            vat_note=vat_note(claim, labels, formats),
            rate=current_rate(claim, labels, formats),
        )  # fmt: skip

    return view


def claim_words(claim: ClaimView | None, formats: Formats) -> str:
    """What the claim adds to the principal, in words: `incassokosten en wettelijke
    rente`, `verwijlinteresten` (only what it claims; "" for nothing or no claim)."""
    if claim is None:
        return ""
    words = [claim.costs_label.lower()] if claim.has_costs else []
    words += [claim.interest_label.lower()] if claim.has_interest else []
    return formats.join(words)


def salutation(ctx: MessageContext, labels: Labels) -> str:
    if ctx.recipient_name:
        return str(labels["salutation_named"]).format(name=ctx.recipient_name)
    return str(labels["salutation"])


def party_values(
    ctx: MessageContext, labels: Labels, formats: Formats, numbers: list[str]
) -> dict[str, Any]:
    """The payment block and the company's contact and footer lines."""
    company = ctx.company
    single = ctx.proposal.lines[0] if len(ctx.proposal.lines) == 1 else None
    invoices = invoices_by_number(ctx.invoices)
    reference = None
    if single is not None:
        invoice = invoices.get(single.invoice_number)
        reference = single.payment_reference or (invoice.payment_reference if invoice else None)
    remittance = str(labels["remittance"])
    text = remittance.format(customer=ctx.customer.number, numbers=", ".join(numbers))
    totals = amount_to_pay(ctx)
    payment: PaymentView | None = payment_view(
        company, totals, reference=reference, text=text, formats=formats
    )
    return {
        "payment": payment,
        "contact_line": " · ".join(x for x in (company.email, company.phone) if x),
        "footer_line": footer_line(ctx, labels),
    }


def amount_to_pay(ctx: MessageContext) -> dict[str, Decimal]:
    """What the payment block and its EPC QR code ask, per currency: every line of the
    statement (credit notes netted), the costs and interest claimed earlier and still
    open, and the costs and interest this message claims now.

    A notice of default demands the principal with its costs and interest; a transfer
    of the principal only would leave those open, and by art. 6:44 BW the payment
    would go to the costs and interest first, leaving principal unpaid. A 14-day letter
    or BE first reminder only announces costs that are not yet owed (6:96 lid 6 BW):
    they are shown, never asked."""
    totals = line_totals(ctx.proposal.lines, ctx.claims)
    claim = ctx.proposal.claim
    if claim is None or ctx.proposal.step.template in LEGAL_TERM_TEMPLATES:
        return totals
    now = claim.costs + claim.interest
    if now > 0:
        totals[claim.currency] = totals.get(claim.currency, Decimal(0)) + now
    return totals


def payment_scope(
    ctx: MessageContext,
    labels: Labels,
    formats: Formats,
    words: Mapping[str, str],
    *,
    claimed: bool,
) -> dict[str, Any]:
    """The payment block's amount label, and a note when the block asks more than the
    claim demands: the statement's total (other invoices, earlier claims still open,
    credit notes netted) plus the costs and interest claimed now, with both figures."""
    included = _beyond_the_claim(ctx, labels, words) if claimed else []
    claim = ctx.proposal.claim
    if not included or claim is None:
        return {"amount_label": labels["amount"], "payment_note": None}
    totals = line_totals(ctx.proposal.lines, ctx.claims)
    note = words["payment_note"]
    return {
        "amount_label": labels["amount_all"],
        "payment_note": str(note).format(
            statement=formats.join([formats.money(v, c) for c, v in totals.items()]),
            included=formats.join(included),
            claim=formats.money(claim.costs + claim.interest, claim.currency),
        ),
    }


def _beyond_the_claim(ctx: MessageContext, labels: Labels, words: Mapping[str, str]) -> list[str]:
    """What the statement holds besides the invoices the claim covers, in words."""
    lines = ctx.proposal.lines
    covered = set(ctx.proposal.covered) or {x.invoice_number for x in lines if x.kind == "invoice"}
    kinds = {x.kind for x in lines if x.invoice_number not in covered}
    found = [labels["scope_invoices"]] if "invoice" in kinds else []
    found += [words["scope_claims"]] if ctx.claims else []
    found += [labels["scope_credits"]] if "credit_note" in kinds else []
    return found


def _interest_runs(ctx: MessageContext, words: Mapping[str, str]) -> str | None:
    """ "The interest runs on until payment": only where interest is owed at all (never
    outside NL and BE; for a Belgian consumer only at a rate the clause agreed)."""
    if law_key(ctx) == "other":
        return None
    if owes_by_clause_only(ctx):
        clause = clause_of(ctx)
        if clause is None or clause.interest_rate is None:
            return None
    return words["interest_runs"] or None


def footer_line(ctx: MessageContext, labels: Labels) -> str:
    company = ctx.company
    number_label = labels[registration_label(company.country)]
    parts = [company.name, company.address.replace("\n", ", ")]
    if company.registration_number:
        parts.append(f"{number_label} {company.registration_number}")
    if company.vat_id:
        parts.append(f"{labels['vat_id']} {company.vat_id}")
    return " · ".join(p for p in parts if p)
