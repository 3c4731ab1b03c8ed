"""A proposal as JSON in a run item, and back (with its step from the policy set).

A claim keeps its parts per invoice (`Claim.parts`), so what is recorded when the
message is sent is exactly what the engine computed on each invoice. Payloads
written before the parts (or the deadline) were stored read back without them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.reasons import many_from_json, many_to_json
from tijdig.engine.model import (
    Claim,
    ClaimPart,
    CostsLine,
    InterestLine,
    InvoiceStage,
    Proposal,
    RatePeriod,
)


def proposal_to_json(proposal: Proposal) -> dict[str, Any]:
    return {
        "customer": proposal.customer_number,
        "policy": proposal.policy_code,
        "step": proposal.step.key,
        "lines": [_line_json(line) for line in proposal.lines],
        "reasons": many_to_json(proposal.reasons),
        "covered": list(proposal.covered),
        "claim": _claim_json(proposal.claim),
        "announced": _claim_json(proposal.announced),
        "auto_approve": proposal.auto_approve,
        "deadline": proposal.deadline.isoformat() if proposal.deadline else None,
    }


def proposal_from_json(data: dict[str, Any], policies: PolicySet) -> Proposal:
    policy = policies.policy(data["policy"])
    return Proposal(
        customer_number=data["customer"],
        step=policy.steps[policy.index_of(data["step"])],
        policy_code=data["policy"],
        lines=tuple(_line(line) for line in data["lines"]),
        reasons=many_from_json(data["reasons"]),
        covered=tuple(data["covered"]),
        claim=_claim(data["claim"]),
        announced=_claim(data["announced"]),
        auto_approve=bool(data["auto_approve"]),
        deadline=date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
    )


def _line_json(line: InvoiceStage) -> dict[str, Any]:
    return {
        "invoice": line.invoice_number,
        "kind": line.kind,
        "step": line.step_key,
        "due_date": line.due_date.isoformat(),
        "open": str(line.open_amount),
        "currency": line.currency,
        "days_overdue": line.days_overdue,
        "reference": line.payment_reference,
    }


def _line(data: dict[str, Any]) -> InvoiceStage:
    return InvoiceStage(
        invoice_number=data["invoice"],
        kind=data["kind"],
        step_key=data["step"],
        due_date=date.fromisoformat(data["due_date"]),
        open_amount=Decimal(data["open"]),
        currency=data["currency"],
        days_overdue=int(data["days_overdue"]),
        payment_reference=data["reference"],
    )


def _claim_json(claim: Claim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {
        "costs": str(claim.costs),
        "interest": str(claim.interest),
        "currency": claim.currency,
        "explanation": list(claim.explanation),
        "costs_from": claim.costs_from.isoformat() if claim.costs_from else None,
        "parts": [
            {"invoice": p.invoice_number, "costs": str(p.costs), "interest": str(p.interest)}
            for p in claim.parts
        ],
        "law": claim.law,
        "consumer": claim.consumer,
        "costs_lines": [_costs_line_json(line) for line in claim.costs_lines],
        "interest_lines": [_interest_line_json(line) for line in claim.interest_lines],
        "clause": _clause_json(claim.clause),
    }


def _claim(data: dict[str, Any] | None) -> Claim | None:
    if data is None:
        return None
    costs_from = data.get("costs_from")
    return Claim(
        costs=Decimal(data["costs"]),
        interest=Decimal(data["interest"]),
        currency=data["currency"],
        explanation=tuple(data["explanation"]),
        costs_from=date.fromisoformat(costs_from) if costs_from else None,
        parts=tuple(
            ClaimPart(p["invoice"], Decimal(p["costs"]), Decimal(p["interest"]))
            for p in data.get("parts") or ()
        ),
        law=data.get("law"),
        consumer=bool(data.get("consumer", False)),
        costs_lines=tuple(_costs_line(line) for line in data.get("costs_lines") or ()),
        interest_lines=tuple(_interest_line(line) for line in data.get("interest_lines") or ()),
        clause=_clause(data.get("clause")),
    )


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _costs_line_json(line: CostsLine) -> dict[str, Any]:
    return {"invoices": list(line.invoice_numbers), "principal": str(line.principal),
            "amount": str(line.amount), "statutory": str(line.statutory),
            "earlier": str(line.earlier), "vat_rate": _amount(line.vat_rate)}  # fmt: skip


def _costs_line(data: dict[str, Any]) -> CostsLine:
    return CostsLine(tuple(data["invoices"]), Decimal(data["principal"]),
                     Decimal(data["amount"]), Decimal(data["statutory"]),
                     Decimal(data["earlier"]), _decimal(data.get("vat_rate")))  # fmt: skip


def _interest_line_json(line: InterestLine) -> dict[str, Any]:
    return {
        "invoice": line.invoice_number, "principal": str(line.principal),
        "first": line.first.isoformat(), "last": line.last.isoformat(),
        "amount": str(line.amount),
        "rates": [[r.first.isoformat(), r.last.isoformat(), str(r.rate)] for r in line.rates],
        "capitalised": [day.isoformat() for day in line.capitalised],
    }  # fmt: skip


def _interest_line(data: dict[str, Any]) -> InterestLine:
    rates = tuple(
        RatePeriod(date.fromisoformat(first), date.fromisoformat(last), Decimal(rate))
        for first, last, rate in data["rates"]
    )
    capitalised = tuple(date.fromisoformat(day) for day in data.get("capitalised", ()))
    return InterestLine(data["invoice"], Decimal(data["principal"]),
                        date.fromisoformat(data["first"]), date.fromisoformat(data["last"]),
                        Decimal(data["amount"]), rates, capitalised)  # fmt: skip


def _clause_json(clause: DamagesClause | None) -> dict[str, Any] | None:
    if clause is None:
        return None
    return {
        "reference": clause.reference, "text": clause.text,
        "interest_rate": _amount(clause.interest_rate),
        "damages_percent": str(clause.damages_percent),
        "damages_minimum": str(clause.damages_minimum),
        "damages_maximum": _amount(clause.damages_maximum), "legal_scale": clause.legal_scale,
    }  # fmt: skip


def _clause(data: dict[str, Any] | None) -> DamagesClause | None:
    if data is None:
        return None
    return DamagesClause(
        data["reference"], data["text"], _decimal(data["interest_rate"]),
        Decimal(data["damages_percent"]), Decimal(data["damages_minimum"]),
        _decimal(data["damages_maximum"]), bool(data["legal_scale"]),
    )  # fmt: skip
