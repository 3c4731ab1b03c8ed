"""Why something was proposed, held, planned or matched: a code and what it names.

The pure core never writes a sentence for a person. It says *why* as
`Reason(code, params)`: the code says which rule spoke, the params what it names
(an invoice number, a day, an amount with its currency, a count). The edge puts it in
the reader's language (`reason_texts.py` holds one English template per code, the msgid
of the translation catalogues) and formats the amounts and days in the reader's locale.

Stored as JSON (`to_json` / `from_json`) with the type of every value kept: a day
comes back a `date`, an amount a `Money`, a bare number a `Decimal`.

What the system writes down for a person to read later (a task's title, an entry of the
contact log) is a reason too; where a person may write the same field, it is `Written`,
a reason or a person's str, kept in one text column (`written_to_text`,
`written_from_text`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tijdig.domain.money import Money

# What a reason may name. A tuple of amounts is one per currency ("EUR 10.00, USD 5.00").
Param = str | int | Decimal | date | Money | tuple[Money, ...]


class Code(StrEnum):
    """Every reason the engine and matching give. Adding one means adding its English
    template in `reason_texts.TEXTS` (a test checks both lists agree)."""

    # bank first (S3-1)
    NO_BANK_IMPORT = "no_bank_import"
    BANK_STALE = "bank_stale"
    BANK_STALE_NO_STATEMENT = "bank_stale_no_statement"
    UNALLOCATED_COVERS = "unallocated_covers"
    UNALLOCATED_NETTED = "unallocated_netted"
    # holds
    DISPUTED = "disputed"
    PROMISE_IN_FORCE = "promise_in_force"
    NEW_TERM_IN_FORCE = "new_term_in_force"
    NOT_CONTACT_DAY = "not_contact_day"
    NO_CONTACT_DAY = "no_contact_day"
    MIN_INTERVAL = "min_interval"
    BELOW_MINIMUM = "below_minimum"
    ALREADY_HANDED_OVER = "already_handed_over"
    NO_SEGMENT_RULE = "no_segment_rule"
    APPROVED_WAITING = "approved_waiting"
    PROMISE_NOT_KEPT = "promise_not_kept"
    PROMISE_NOT_KEPT_ALL = "promise_not_kept_all"
    PLAN_IN_FORCE = "plan_in_force"
    # plan B (S0-6): a broken agreement's fallback, proposed until carried out
    FALLBACK_NEW_TERM = "fallback_new_term"
    FALLBACK_PAYMENT_PLAN = "fallback_payment_plan"
    FALLBACK_AGENCY = "fallback_agency"
    PLAN_INSTALMENT_MISSED = "plan_instalment_missed"
    # a payment plan outside the company's limits
    PLAN_TOO_MANY_INSTALMENTS = "plan_too_many_instalments"
    PLAN_INSTALMENT_TOO_SMALL = "plan_instalment_too_small"
    PLAN_TOO_LONG = "plan_too_long"
    PLAN_DEPOSIT_REQUIRED = "plan_deposit_required"
    HARDSHIP = "hardship"  # a debtor in hardship: nothing proposed, nothing claimed
    HARDSHIP_TASK = "hardship_task"  # the task a new status makes (the default text)
    HANDED_OVER = "handed_over"  # a case with the collection agency: no dunning
    # calls
    LARGE_AMOUNT = "large_amount"
    FIRST_TIME_LATE = "first_time_late"
    # why a proposal
    ONLY_POLICY = "only_policy"
    POLICY_BY_RULE = "policy_by_rule"
    DUE_BEFORE_DUE_DATE = "due_before_due_date"
    DUE_AFTER_DUE_DATE = "due_after_due_date"
    DUE_AFTER_ISSUE = "due_after_issue"
    DUE_AFTER_PREVIOUS = "due_after_previous"
    DUE_AFTER_PREVIOUS_MONTH = "due_after_previous_month"
    DUE_SHIFTED = "due_shifted"
    NO_FURTHER_STEP = "no_further_step"
    WAITS_FOR_DEADLINE = "waits_for_deadline"
    FREQUENT_LATE = "frequent_late"
    SKIPPED_DUE_DATE_PASSED = "skipped_due_date_passed"
    SKIPPED_BEFORE_ISSUE = "skipped_before_issue"
    WAITS_FOR_TERM = "waits_for_term"
    MESSAGE_STEP = "message_step"
    NOTICE_COVERS = "notice_covers"
    HAND_OVER_PROPOSED = "hand_over_proposed"
    FRIENDLY_AUTO_APPROVED = "friendly_auto_approved"
    PREVIEW = "preview"
    # worked out again when sent
    WORKED_OUT_FOR_SENDING = "worked_out_for_sending"
    PAID_SINCE_RUN = "paid_since_run"
    NO_LONGER_NEXT_STEP = "no_longer_next_step"
    POLICY_FINISHED = "policy_finished"
    NOT_DUE_BEFORE = "not_due_before"
    # matching a bank line
    MATCH_PENDING = "match_pending"
    MATCH_NUMBERS_IN_TEXT = "match_numbers_in_text"
    MATCH_PAYER_ADDS_UP = "match_payer_adds_up"
    MATCH_DEBIT = "match_debit"
    MATCH_DEBIT_REVERSED = "match_debit_reversed"
    MATCH_UNDO_NOT_FOUND = "match_undo_not_found"
    MATCH_SETTLED_EARLIER = "match_settled_earlier"
    MATCH_REFERENCES_AMOUNTS_DIFFER = "match_references_amounts_differ"
    MATCH_REFERENCE_TYPO = "match_reference_typo"
    MATCH_PAYER_ONE_AMOUNT = "match_payer_one_amount"
    MATCH_ADDS_UP_WITH = "match_adds_up_with"
    MATCH_FOUND = "match_found"
    MATCH_NOTHING_FITS = "match_nothing_fits"
    MATCH_CONTESTED = "match_contested"
    MATCH_UNDO = "match_undo"
    MATCH_POSSIBLE_UNDO = "match_possible_undo"
    MATCH_FOUND_BY = "match_found_by"
    MATCH_PLAN_REFERENCE = "match_plan_reference"
    MATCH_PLAN_INSTALMENT = "match_plan_instalment"
    # what the system writes down for a person: a task's title, the contact log, a run
    # item's note on how it ended
    TASK_STEP = "task_step"
    TASK_CALL = "task_call"
    TASK_PLAN_APPROVAL = "task_plan_approval"
    TASK_PLAN_MISSED = "task_plan_missed"
    PLAN_ACCEPTED = "plan_accepted"
    PAYMENT_RETURNED = "payment_returned"
    PAYMENT_RETURNED_PLAIN = "payment_returned_plain"
    MESSAGE_SENT = "message_sent"
    INVOICE_COPY_SENT = "invoice_copy_sent"
    PROMISE_MADE = "promise_made"
    PROMISE_MADE_ALL = "promise_made_all"
    PORTAL_PROBLEM = "portal_problem"
    NOT_SENT = "not_sent"
    NOT_SENT_REFUSED = "not_sent_refused"
    SENT_WITHOUT = "sent_without"
    DETAIL_ERASED = "detail_erased"
    CUSTOMER_GONE = "customer_gone"
    FALLBACK_DONE_ALREADY = "fallback_done_already"
    NEW_TERM_NOT_KEPT = "new_term_not_kept"
    TASK_PLAN_B_OFFER = "task_plan_b_offer"
    TASK_PLAN_B_NEW_TERM = "task_plan_b_new_term"
    TASK_PLAN_B_HAND_OVER = "task_plan_b_hand_over"
    NEW_TERM_GIVEN = "new_term_given"
    TASK_PLAN_REQUESTED = "task_plan_requested"
    PLAN_REQUESTED = "plan_requested"
    # the internal check (S3-2): another department's note holds; a dispute's owner
    NOTE_HOLDS_CUSTOMER = "note_holds_customer"
    NOTE_HOLDS_INVOICE = "note_holds_invoice"
    TASK_DISPUTE_DEADLINE = "task_dispute_deadline"
    DISPUTE_OUTCOME = "dispute_outcome"
    NOTE_ADDED = "note_added"
    NOTE_CLOSED = "note_closed"
    NOT_REACHED = "not_reached"  # a call without an answer: the task waits for a new day
    HAND_OVER_DISPUTE = "hand_over_dispute"
    # why a customer is on credit hold (S4-7)
    CREDIT_HOLD_MANUAL = "credit_hold_manual"
    CREDIT_HOLD_IMPORTED = "credit_hold_imported"
    CREDIT_OVERDUE_DAYS = "credit_overdue_days"
    CREDIT_OVERDUE_AMOUNT = "credit_overdue_amount"
    CREDIT_OVER_LIMIT = "credit_over_limit"
    CREDIT_PLAN_BROKEN = "credit_plan_broken"
    CREDIT_HANDED_OVER = "credit_handed_over"
    # a pause of dunning set by hand on the customer page (issue 15)
    DUNNING_PAUSED = "dunning_paused"
    PAUSE_SET = "pause_set"
    PAUSE_LIFTED = "pause_lifted"
    STATEMENT_QUEUED = "statement_queued"
    # bounces and contact data quality (S2-1)
    BOUNCE_HARD = "bounce_hard"
    BOUNCE_SOFT = "bounce_soft"
    TASK_FIND_ADDRESS = "task_find_address"
    NOTICE_BOUNCED = "notice_bounced"
    CONTACT_CONFIRMED = "contact_confirmed"
    CONTACT_CORRECTED = "contact_corrected"
    TASK_CHECK_CONTACT = "task_check_contact"
    CONTACT_ISSUE = "contact_issue"
    # keeping in step with the books (issue 16): what the books settled outside Tijdig
    PAID_OUTSIDE = "paid_outside"
    # replies read from the collection mailbox (issue 19)
    REPLY_WAITING = "reply_waiting"
    TASK_READ_REPLY = "task_read_reply"
    REPLY_RECEIVED = "reply_received"
    REPLY_CONFIRMED = "reply_confirmed"
    AUTO_REPLY_RECEIVED = "auto_reply_received"
    PERSONAL_MAIL_SENT = "personal_mail_sent"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: `Reason(Code.FIRST_TIME_LATE)`, `Reason(Code.DISPUTED, {...})`."""

    code: Code
    params: Mapping[str, Param] = field(default_factory=dict)


Written = Reason | str
"""A text a person reads later: a `Reason` when the system wrote it (said in the reader's
language), a str when a person did (shown as written, as is a text stored before codes)."""


def reason(code: Code, **params: Param) -> Reason:
    return Reason(code, params)


def _value_json(value: Param) -> Any:
    if isinstance(value, bool):  # a bool is an int to Python: refuse it, it has no words
        raise TypeError("a reason names no booleans")
    if isinstance(value, str | int):
        return value
    if isinstance(value, Money):
        return {"money": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return {"amounts": [_value_json(item) for item in value]}


def _value(data: Any) -> Param:
    if isinstance(data, str | int):
        return data
    if "money" in data:
        return Money(data["currency"], Decimal(data["money"]))
    if "decimal" in data:
        return Decimal(data["decimal"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    return tuple(Money(item["currency"], Decimal(item["money"])) for item in data["amounts"])


def params_to_json(params: Mapping[str, Param]) -> dict[str, Any]:
    """Params as JSON, each value's type kept (a refusal's too, in an API answer)."""
    return {k: _value_json(v) for k, v in params.items()}


def to_json(item: Reason) -> dict[str, Any]:
    return {"code": item.code.value, "params": params_to_json(item.params)}


def from_json(data: Any) -> Reason | None:
    """The reason stored by `to_json`; None for what was stored before codes (a sentence),
    or for a code this version no longer knows."""
    if not isinstance(data, dict):
        return None
    try:
        code = Code(str(data.get("code")))
    except ValueError:
        return None
    return Reason(code, {k: _value(v) for k, v in data.get("params", {}).items()})


def many_to_json(items: tuple[Reason, ...] | list[Reason]) -> list[dict[str, Any]]:
    return [to_json(item) for item in items]


def many_from_json(data: Any) -> tuple[Reason, ...]:
    """The reasons stored; old sentences (stored before codes) are left out."""
    found = (from_json(item) for item in data or ())
    return tuple(item for item in found if item is not None)


def written_to_text(value: Written) -> str:
    """A `Written` for a text column: a reason as its JSON, a person's text as it is."""
    return value if isinstance(value, str) else json.dumps(to_json(value))


def written_from_text(text: str) -> Written:
    """What `written_to_text` stored: a reason again, or the text as it was written (a
    person's, or a sentence stored before codes)."""
    if not text.startswith('{"code"'):
        return text
    try:
        found = from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return text
    return text if found is None else found
