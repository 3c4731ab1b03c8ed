"""What a run item carries, as typed values, and their JSON in the run item's payload.

- a message: `MessagePayload`, the proposal as approved (`StoredProposal`) and, once it
  is worked out for its send day, as it is sent (`as_sent`, with the day);
- a call: `CallPayload`, why, by when and whom to ask for;
- a hold: `HoldPayload`, the invoice held back (None: the whole customer);
- plan B: `FallbackPayload`, the broken agreement and its fallback (S0-6);
- a warning, or an item whose detail was erased (privacy): no payload (None).

`payload_to_json` and `payload_from_json` are the one place that writes and reads the
JSON, and read back every payload stored before: a claim keeps its parts per invoice
(`Claim.parts`), so what is recorded when the message is sent is exactly what the
engine computed on each invoice; payloads written before the parts (or the deadline)
were stored read back without them.

The reasons are passed through as they are stored (`_reasons_json`, `_reasons`): the
one part of a proposal whose form is about to change on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from tijdig.domain.collection.ladder import AgreementKind, Rung
from tijdig.domain.collection.policy import PolicySet, StepChannel
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.reason_texts import say_all
from tijdig.domain.reasons import Reason, many_from_json, many_to_json
from tijdig.engine.model import (
    CallTask,
    Claim,
    ClaimPart,
    CostsLine,
    FallbackDue,
    InterestLine,
    InvoiceStage,
    Proposal,
    RatePeriod,
)

AS_SENT = "as_sent"  # the message payload's key holding the proposal as it was sent
SENT_ON = "sent_on"  # ... and, inside it, the day it was worked out for


@dataclass(frozen=True, slots=True)
class StoredProposal:
    """A proposal as a run item keeps it: its step by key, to be found again in the
    company's policies (`proposal`)."""

    customer_number: str
    policy_code: str
    step_key: str
    lines: tuple[InvoiceStage, ...]
    reasons: tuple[Reason, ...]
    covered: tuple[str, ...] = ()
    claim: Claim | None = None
    announced: Claim | None = None
    auto_approve: bool = False
    deadline: date | None = None
    names_agency: bool = False
    # The channel it must go by instead of its step's: a legal notice sent again by post
    # after its e-mail bounced (S2-1). None: the step's.
    channel: StepChannel | None = None
    # The variant of its template it was sent with, in an A/B test (issue 18). None: none.
    variant: str | None = None

    @classmethod
    def of(cls, proposal: Proposal) -> StoredProposal:
        return cls(
            customer_number=proposal.customer_number, policy_code=proposal.policy_code,
            step_key=proposal.step.key, lines=proposal.lines, reasons=proposal.reasons,
            covered=proposal.covered, claim=proposal.claim, announced=proposal.announced,
            auto_approve=proposal.auto_approve, deadline=proposal.deadline,
            names_agency=proposal.names_agency,
        )  # fmt: skip

    def proposal(self, policies: PolicySet) -> Proposal:
        """The proposal again, with its step from the policy set."""
        policy = policies.policy(self.policy_code)
        step = policy.steps[policy.index_of(self.step_key)]
        return Proposal(
            customer_number=self.customer_number,
            step=step if self.channel is None else replace(step, channel=self.channel),
            policy_code=self.policy_code, lines=self.lines, reasons=self.reasons,
            covered=self.covered, claim=self.claim, announced=self.announced,
            auto_approve=self.auto_approve, deadline=self.deadline,
            names_agency=self.names_agency,
        )  # fmt: skip

    def steps_taken(self) -> list[tuple[str, str]]:
        """(invoice number, step key) of each invoice that takes a step."""
        return [(line.invoice_number, line.step_key) for line in self.lines if line.step_key]

    def to_json(self) -> dict[str, Any]:
        return (
            {
                "customer": self.customer_number,
                "policy": self.policy_code,
                "step": self.step_key,
                "lines": [_line_json(line) for line in self.lines],
                "reasons": _reasons_json(self.reasons),
                "covered": list(self.covered),
                "claim": _claim_json(self.claim),
                "announced": _claim_json(self.announced),
                "auto_approve": self.auto_approve,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "names_agency": self.names_agency,
            }
            | ({} if self.channel is None else {"channel": self.channel.value})
            | ({} if self.variant is None else {"variant": self.variant})
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoredProposal:
        return cls(
            customer_number=data["customer"],
            policy_code=data["policy"],
            step_key=data["step"],
            lines=tuple(_line(line) for line in data["lines"]),
            reasons=_reasons(data["reasons"]),
            covered=tuple(data["covered"]),
            claim=_claim(data["claim"]),
            announced=_claim(data["announced"]),
            auto_approve=bool(data["auto_approve"]),
            deadline=date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
            names_agency=bool(data.get("names_agency", False)),
            channel=StepChannel(data["channel"]) if data.get("channel") else None,
            variant=data.get("variant"),
        )


@dataclass(frozen=True, slots=True)
class MessagePayload:
    """A message item: the proposal approved and, once worked out for the day it is
    sent, the proposal as it is sent (`as_sent`) and that day."""

    approved: StoredProposal
    as_sent: StoredProposal | None = None
    sent_on: date | None = None

    @property
    def sent(self) -> StoredProposal:
        """The proposal as it went out, else as the run made it (an item queued before
        messages were worked out again at sending)."""
        return self.as_sent or self.approved

    def to_json(self) -> dict[str, Any]:
        found = self.approved.to_json()
        if self.as_sent is not None:
            found[AS_SENT] = sent_json(self.as_sent, self.sent_on)
        return found

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MessagePayload:
        sent = data.get(AS_SENT)
        if not isinstance(sent, Mapping):
            return cls(StoredProposal.from_json(data))
        day = sent.get(SENT_ON)
        return cls(
            StoredProposal.from_json(data),
            StoredProposal.from_json(sent),
            date.fromisoformat(day) if day else None,
        )


@dataclass(frozen=True, slots=True)
class CallPayload:
    """A call item: why (in English for the CLI and API, and as codes for the pages), by
    when, whom to ask for and which script to follow."""

    reason: str
    due_on: date
    contact_role: str | None = None
    script: str = "standard"
    reasons: tuple[Reason, ...] = ()  # none in a call stored before reasons were codes

    @classmethod
    def of(cls, call: CallTask) -> CallPayload:
        return cls(say_all(call.reasons), call.due_on, call.contact_role, call.script,
                   call.reasons)  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "reasons": _reasons_json(self.reasons),
                "due_on": self.due_on.isoformat(), "contact_role": self.contact_role,
                "script": self.script}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CallPayload:
        return cls(data["reason"], date.fromisoformat(data["due_on"]), data.get("contact_role"),
                   data.get("script", "standard"), _reasons(data.get("reasons")))  # fmt: skip


@dataclass(frozen=True, slots=True)
class HoldPayload:
    """A hold item: the invoice held back (None when the whole customer is) and why, as
    codes (none in a hold stored before reasons were codes)."""

    invoice_number: str | None = None
    reasons: tuple[Reason, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"invoice": self.invoice_number, "reasons": _reasons_json(self.reasons)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HoldPayload:
        return cls(data.get("invoice"), _reasons(data.get("reasons")))


@dataclass(frozen=True, slots=True)
class WarningPayload:
    """A warning item: what it warns of, as codes (none in one stored before codes)."""

    reasons: tuple[Reason, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"reasons": _reasons_json(self.reasons)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WarningPayload:
        return cls(_reasons(data.get("reasons")))


@dataclass(frozen=True, slots=True)
class FallbackPayload:
    """A plan B item (S0-6): the broken agreement, its fallback and why."""

    kind: AgreementKind
    agreement_id: int
    fallback: Rung
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def of(cls, due: FallbackDue) -> FallbackPayload:
        return cls(due.kind, due.agreement_id, due.fallback, (due.reason,))

    def to_json(self) -> dict[str, Any]:
        return {"agreement": self.kind.value, "agreement_id": self.agreement_id,
                "fallback": self.fallback.value,
                "reasons": _reasons_json(self.reasons)}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FallbackPayload:
        return cls(AgreementKind(data["agreement"]), int(data["agreement_id"]),
                   Rung(data["fallback"]), _reasons(data.get("reasons")))  # fmt: skip


RunPayload = MessagePayload | CallPayload | HoldPayload | WarningPayload | FallbackPayload | None
_TYPES: dict[
    RunItemKind,
    type[MessagePayload] | type[CallPayload] | type[HoldPayload] | type[WarningPayload]
    | type[FallbackPayload],
] = {
    RunItemKind.MESSAGE: MessagePayload, RunItemKind.CALL: CallPayload,
    RunItemKind.HOLD: HoldPayload, RunItemKind.WARNING: WarningPayload,
    RunItemKind.FALLBACK: FallbackPayload,
}  # fmt: skip


def reasons_of(payload: RunPayload) -> tuple[Reason, ...]:
    """Why the item is there, as codes: none for an item stored before reasons were codes
    (its summary says it in English)."""
    if isinstance(payload, MessagePayload):
        return payload.approved.reasons
    return () if payload is None else payload.reasons


def sent_json(sent: StoredProposal, sent_on: date | None) -> dict[str, Any]:
    """The JSON kept under AS_SENT: the proposal as sent, with its day."""
    found = sent.to_json()
    if sent_on is not None:
        found[SENT_ON] = sent_on.isoformat()
    return found


def payload_to_json(payload: RunPayload) -> dict[str, Any]:
    return {} if payload is None else payload.to_json()


def payload_from_json(kind: RunItemKind, data: Mapping[str, Any]) -> RunPayload:
    """The payload of an item of `kind`; None for a warning and for an erased item."""
    found = _TYPES.get(kind)
    return None if found is None or not data else found.from_json(data)


def proposal_to_json(proposal: Proposal) -> dict[str, Any]:
    return StoredProposal.of(proposal).to_json()


def proposal_from_json(data: Mapping[str, Any], policies: PolicySet) -> Proposal:
    return StoredProposal.from_json(data).proposal(policies)


def _reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return many_to_json(reasons)


def _reasons(data: Any) -> tuple[Reason, ...]:
    """The codes and values; a proposal stored before reasons were codes has none."""
    return many_from_json(data)


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


def _line(data: Mapping[str, Any]) -> InvoiceStage:
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


def _claim(data: Mapping[str, Any] | None) -> Claim | None:
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
