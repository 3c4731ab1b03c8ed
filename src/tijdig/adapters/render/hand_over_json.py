"""The machine-readable part of a hand-over file: `file.json`, valid against
docs/hand_over_file.schema.json. Amounts are decimal strings ("1234.56"), days ISO
dates, moments ISO 8601 in UTC; texts the system wrote are in plain English."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tijdig.domain.collection.records import ContactEvent, Promise
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Reason
from tijdig.engine.hand_over import HandOverClaim
from tijdig.services.hand_over.ports import HandOverFile, PlanRecord
from tijdig.services.records.case_ports import DisputeCase

FORMAT = "tijdig.hand_over_file"
VERSION = 1


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value: Reason | str) -> str:
    return value if isinstance(value, str) else say(value)


def file_json(content: HandOverFile, names: dict[str, Any]) -> dict[str, Any]:
    """The file as JSON; `names` are the ZIP's entries (invoice number -> document,
    outbox id -> message text and attachments)."""
    company, customer, case = content.company, content.customer, content.case
    return {
        "format": FORMAT,
        "version": VERSION,
        "case": {
            "reference": case.reference, "opened_on": _day(case.opened_on),
            "reason": case.reason, "off_policy": case.off_policy, "status": case.status.value,
        },
        "creditor": {
            "code": company.code, "name": company.name, "country": company.country,
            "registration_number": company.registration_number, "vat_id": company.vat_id,
            "address": company.address, "email": company.email, "phone": company.phone,
            "iban": [account.iban for account in company.bank_accounts],
        },
        "debtor": {
            "number": customer.number, "name": customer.name,
            "consumer": customer.is_consumer, "country": customer.country,
            "language": customer.language.value, "address": customer.address,
            "email": customer.email, "phone": customer.phone, "vat_id": customer.vat_id,
            "registration_number": customer.registration_number,
        },
        "claim": claim_json(content.claim, names["invoices"]),
        "invoices": [
            {"number": d.invoice.number, "issue_date": _day(d.invoice.issue_date),
             "due_date": _day(d.invoice.due_date), "total": amount(d.invoice.total),
             "outstanding": amount(d.invoice.outstanding), "currency": d.invoice.currency,
             "payment_reference": d.invoice.payment_reference,
             "document": names["invoices"][d.invoice.number], "original": d.stored}
            for d in content.invoices
        ],
        "messages": [
            {"id": m.outbox_id, "channel": m.channel, "recipient": m.recipient,
             "subject": m.subject, "sent_at": _moment(m.sent_at),
             "delivery_evidence": m.delivery_answer,
             "document": names["messages"][m.outbox_id][0],
             "attachments": names["messages"][m.outbox_id][1]}
            for m in content.messages
        ],
        "contact_log": [_contact(event) for event in content.contacts],
        "agreements": {
            "promises": [_promise(p) for p in content.promises],
            "payment_plans": [_plan(p) for p in content.plans],
        },
        "disputes": [_dispute(d) for d in content.disputes],
        "history": [
            {"at": _moment(e.at), "actor": e.actor, "action": e.action, "subject": e.subject,
             "details": e.details}
            for e in content.history
        ],
    }  # fmt: skip


def claim_json(claim: HandOverClaim, documents: dict[str, str]) -> dict[str, Any]:
    legal = claim.claim
    return {
        "on": _day(claim.on), "currency": claim.currency, "law": legal.law,
        "consumer": legal.consumer, "principal": amount(claim.principal),
        "costs": amount(claim.costs), "interest": amount(claim.interest),
        "total": amount(claim.total),
        "invoices": [
            {"number": line.invoice.number, "issue_date": _day(line.invoice.issue_date),
             "due_date": _day(line.invoice.due_date),
             "days_overdue": line.invoice.days_overdue(claim.on),
             "principal": amount(line.principal), "costs": amount(line.costs),
             "interest": amount(line.interest), "total": amount(line.total),
             "document": documents[line.invoice.number]}
            for line in claim.lines
        ],
        "costs_lines": [
            {"invoices": list(c.invoice_numbers), "principal": amount(c.principal),
             "statutory": amount(c.statutory), "amount": amount(c.amount)}
            for c in legal.costs_lines
        ],
        "interest_lines": [
            {"invoice": i.invoice_number, "principal": amount(i.principal),
             "first": _day(i.first), "last": _day(i.last), "amount": amount(i.amount)}
            for i in legal.interest_lines
        ],
        "notes": list(legal.explanation),
    }  # fmt: skip


def _contact(event: ContactEvent) -> dict[str, Any]:
    return {
        "at": _moment(event.occurred_at), "kind": event.kind.value,
        "summary": _text(event.summary), "by": event.by, "with": event.with_whom,
        "outcome": event.outcome, "reason": None if event.reason is None else event.reason.value,
        "next_step": event.next_step,
    }  # fmt: skip


def _promise(promise: Promise) -> dict[str, Any]:
    return {
        "kind": promise.kind.value, "made_on": _day(promise.made_on),
        "promised_date": _day(promise.promised_date),
        "amount": None if promise.amount is None else amount(promise.amount),
        "currency": promise.currency, "kept": promise.kept,
    }  # fmt: skip


def _plan(record: PlanRecord) -> dict[str, Any]:
    plan = record.stored.plan
    return {
        "reference": plan.reference, "status": plan.status.value,
        "made_on": _day(plan.made_on), "accepted_on": _day(plan.accepted_on),
        "ended_on": _day(plan.ended_on), "currency": plan.currency,
        "principal": amount(plan.principal), "costs": amount(plan.costs),
        "interest": amount(plan.interest), "invoices": list(plan.invoice_numbers),
        "instalments": [
            {"number": i.number, "due_on": _day(i.due_on), "amount": amount(i.amount)}
            for i in plan.instalments
        ],
        "payments": [{"paid_on": _day(day), "amount": amount(paid)}
                     for day, paid in record.payments],
    }  # fmt: skip


def _dispute(dispute: DisputeCase) -> dict[str, Any]:
    return {
        "invoice": dispute.invoice.number, "reason": dispute.reason.value,
        "opened_on": _day(dispute.opened_on), "resolved_on": _day(dispute.resolved_on),
        "note": dispute.note,
        "department": None if dispute.department is None else dispute.department.value,
        "owner": dispute.owner, "deadline": _day(dispute.deadline),
        "lines": [{"line": line.seq, "description": line.name,
                   "amount": None if line.amount is None else amount(line.amount)}
                  for line in dispute.lines],
        "outcome": None if dispute.outcome is None else dispute.outcome.value,
        "explanation": dispute.explanation or None,
        "credit_note": dispute.credit_note, "corrected_invoice": dispute.replacement,
    }  # fmt: skip
