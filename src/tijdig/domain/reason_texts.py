"""The words of every reason code, in English: the msgids of the translation catalogues.

`say(reason)` writes a reason in one line. The CLI, the JSON of the API and the run's
stored summary call it as it is (English, ISO days, "EUR 1234.56", as before codes); the
web passes its `gettext` and Babel formatters, so the same code reads in the reader's
language with amounts and days in the reader's locale. Nothing here reads a clock or a
file, and no requirement code ("(S1-4)") is ever part of a text: those are for the
developers' documents, not for the people reading a run.

The templates are marked with `N_` so that Babel's extractor finds them beside the web's
own texts (tests/entrypoints/web/test_i18n.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.money import Money
from tijdig.domain.reasons import Code, Param, Reason, Written


def N_(message: str) -> str:
    return message


TEXTS: Mapping[Code, str] = {
    Code.NO_BANK_IMPORT: N_(
        "No bank statement imported yet: payments may be missing. Import the bank first."
    ),
    Code.BANK_STALE: N_(
        "Book the bank first: the last bank statement ({last}) is older than {days} working "
        "days. Import the bank before approaching customers."
    ),
    Code.BANK_STALE_NO_STATEMENT: N_(
        "Book the bank first: there is no bank statement of the last {days} working days. "
        "Import the bank before approaching customers."
    ),
    Code.UNALLOCATED_COVERS: N_(
        "{received} received but not yet allocated covers the open {open}: settle the bank first."
    ),
    Code.UNALLOCATED_NETTED: N_("{received} received but not yet allocated is netted."),
    Code.DISPUTED: N_("{invoice}: disputed since {since} ({why}): held."),
    Code.PROMISE_IN_FORCE: N_("Promise to pay by {promised} (made {made}) in force."),
    Code.NOT_CONTACT_DAY: N_("Waiting for contact day: {day} is not one; the next is {next}."),
    Code.NO_CONTACT_DAY: N_(
        "Waiting for contact day: {day} is not one, and the customer has no usable contact day."
    ),
    Code.MIN_INTERVAL: N_(
        "Last message on {last}; the next may go on {next} (at least {days} days between messages)."
    ),
    Code.BELOW_MINIMUM: N_(
        "Net total {totals} (invoices less open credit notes) is below the minimum {minimum}."
    ),
    Code.ALREADY_HANDED_OVER: N_(
        "{invoice}: the customer was handed over on {on} ({first}); add this invoice to "
        "that file, not a new hand-over."
    ),
    Code.NO_SEGMENT_RULE: N_("No segment rule matches customer {customer}."),
    Code.APPROVED_WAITING: N_("An approved message is still waiting to be sent."),
    Code.PROMISE_NOT_KEPT: N_(
        "Promise to pay {amount} by {promised} not kept: call and agree what now."
    ),
    Code.PROMISE_NOT_KEPT_ALL: N_(
        "Promise to pay everything overdue by {promised} not kept: call and agree what now."
    ),
    Code.NEW_TERM_IN_FORCE: N_("New term to {promised} (agreed {made}) in force."),
    Code.FALLBACK_NEW_TERM: N_(
        "{agreement} broken on {broken}: plan B is a new term, to be agreed in writing."
    ),
    Code.FALLBACK_PAYMENT_PLAN: N_(
        "{agreement} broken on {broken}: plan B is a payment plan, to be offered."
    ),
    Code.FALLBACK_AGENCY: N_(
        "{agreement} broken on {broken}: plan B is the hand-over to the collection agency."
    ),
    Code.PLAN_IN_FORCE: N_("{invoice}: in payment plan {plan} (accepted {accepted}): held."),
    Code.PLAN_INSTALMENT_MISSED: N_(
        "Payment plan {plan}: the plan instalment of {amount} due {due} was not paid "
        "by {counted}: call and agree what now."
    ),
    Code.PLAN_TOO_MANY_INSTALMENTS: N_(
        "{count} plan instalments: more than the {most} the company allows."
    ),
    Code.PLAN_INSTALMENT_TOO_SMALL: N_(
        "A plan instalment of {amount} is less than the smallest the company allows, {least}."
    ),
    Code.PLAN_TOO_LONG: N_(
        "The last plan instalment falls on {last}, after {latest} ({months} months at most)."
    ),
    Code.PLAN_DEPOSIT_REQUIRED: N_("The company asks a deposit, and the plan has none."),
    Code.HARDSHIP: N_("{kind} since {since}: no reminders, costs or interest while it lasts."),
    Code.HARDSHIP_TASK: N_("{kind} since {since}: {task}"),
    Code.HANDED_OVER: N_(
        "Handed over to the collection agency on {since} (case {case}): no reminders while "
        "the agency has it."
    ),
    Code.LARGE_AMOUNT: N_("Large amount: overdue {overdue} reaches {threshold}."),
    Code.FIRST_TIME_LATE: N_("First time late: ask what changed."),
    Code.ONLY_POLICY: N_("Policy {policy}, the only one (no segment rules)."),
    Code.POLICY_BY_RULE: N_("Policy {policy}, chosen by the rule ({rule})."),
    Code.DUE_BEFORE_DUE_DATE: N_(
        "{invoice}: {step} due from {on} ({days} days before the due date {due})."
    ),
    Code.DUE_AFTER_DUE_DATE: N_(
        "{invoice}: {step} due from {on} ({days} days after the due date {due})."
    ),
    Code.DUE_AFTER_ISSUE: N_(
        "{invoice}: {step} due from {on} ({days} days after the invoice date {issued})."
    ),
    Code.DUE_AFTER_PREVIOUS: N_(
        "{invoice}: {step} due from {on} ({days} days after the previous step)."
    ),
    Code.DUE_AFTER_PREVIOUS_MONTH: N_(
        "{invoice}: {step} due from {on} ({days} days after the end of the previous step's month)."
    ),
    Code.DUE_SHIFTED: N_(
        "{invoice}: shifted {days} days for the customer's payment term and tolerance."
    ),
    Code.NO_FURTHER_STEP: N_("{invoice}: no further step in the policy."),
    Code.WAITS_FOR_DEADLINE: N_(
        "{invoice}: {step} waits until the day after the deadline {deadline} the previous "
        "message stated."
    ),
    Code.FREQUENT_LATE: N_("{invoice}: frequent late payer, {days} days earlier."),
    Code.SKIPPED_DUE_DATE_PASSED: N_("{invoice}: {step} skipped: the due date {due} has passed."),
    Code.SKIPPED_BEFORE_ISSUE: N_(
        "{invoice}: {step} skipped: it would fall on or before the invoice date."
    ),
    Code.WAITS_FOR_TERM: N_(
        "{invoice}: {step} waits for the letter's term: costs are owed from {costs_from}."
    ),
    Code.MESSAGE_STEP: N_("Message step {step}: the most escalated of the invoices due ({count})."),
    Code.NOTICE_COVERS: N_("The {notice} covers {invoice}."),
    Code.HAND_OVER_PROPOSED: N_("Hand-over proposed: a person decides."),
    Code.FRIENDLY_AUTO_APPROVED: N_("Friendly step: approved automatically."),
    Code.PREVIEW: N_("Preview of step {step} of policy {policy}."),
    Code.WORKED_OUT_FOR_SENDING: N_("Worked out for sending on {on}."),
    Code.PAID_SINCE_RUN: N_("{invoice}: paid or closed since the run."),
    Code.NO_LONGER_NEXT_STEP: N_("{invoice}: {step} is no longer its next step (now: {now})."),
    Code.POLICY_FINISHED: N_(
        "{invoice}: {step} is no longer its next step (the policy is finished)."
    ),
    Code.NOT_DUE_BEFORE: N_("{invoice}: {step} is not due before {on}."),
    Code.MATCH_PENDING: N_("Pending, not yet booked by the bank."),
    Code.MATCH_NUMBERS_IN_TEXT: N_("Invoice numbers {invoices} in the text."),
    Code.MATCH_PAYER_ADDS_UP: N_("Payer known by {how}; {invoices} add up."),
    Code.MATCH_DEBIT: N_("A debit never settles an invoice."),
    Code.MATCH_DEBIT_REVERSED: N_("A reversed debit comes back: check what it was."),
    Code.MATCH_UNDO_NOT_FOUND: N_("A return or reversal of a payment that was not found."),
    Code.MATCH_SETTLED_EARLIER: N_(
        "{invoice} was (partly) settled by an earlier line of this import."
    ),
    Code.MATCH_REFERENCES_AMOUNTS_DIFFER: N_("References of {invoices}; the amounts differ."),
    Code.MATCH_REFERENCE_TYPO: N_(
        "A reference with a typo, near that of {invoice}; the amount fits."
    ),
    Code.MATCH_PAYER_ONE_AMOUNT: N_("Payer known by {how}; only {invoice} has this amount."),
    Code.MATCH_ADDS_UP_WITH: N_("{what} of {invoice}; with {others} it adds up."),
    Code.MATCH_FOUND: N_("{what} of {invoice}; {fit}."),
    Code.MATCH_PLAN_REFERENCE: N_("Reference of payment plan {plan}, {fit}: to {invoices}."),
    Code.MATCH_PLAN_INSTALMENT: N_(
        "Payer known by {how}; a plan instalment of payment plan {plan}: to {invoices}."
    ),
    Code.MATCH_NOTHING_FITS: N_("No reference, invoice number or amount fits an open item."),
    Code.MATCH_CONTESTED: N_("Two or more ways to settle it."),
    Code.MATCH_UNDO: N_("{what} of the payment of {amount} on {paid_on}."),
    Code.MATCH_POSSIBLE_UNDO: N_("Possibly a {what} of the payment of {amount} on {paid_on}."),
    Code.MATCH_FOUND_BY: N_("Found by {how}."),
    Code.TASK_STEP: N_("Step {step} for {customer}: {invoices}."),
    Code.TASK_CALL: N_("Call {customer}."),
    Code.TASK_PLAN_APPROVAL: N_(
        "Payment plan {plan} is outside the company's limits: approve or cancel it."
    ),
    Code.TASK_PLAN_MISSED: N_("Payment plan {plan}: the plan instalment due {due} was not paid."),
    Code.PLAN_ACCEPTED: N_("Payment plan {plan} accepted in writing: {way}."),
    Code.PAYMENT_RETURNED: N_("Payment returned ({return_reason}): {invoices} open again."),
    Code.PAYMENT_RETURNED_PLAIN: N_("Payment returned: {invoices} open again."),
    Code.MESSAGE_SENT: N_("Step {step} sent by {channel} to {recipient}."),
    Code.INVOICE_COPY_SENT: N_("Copy of invoice {invoice} e-mailed to {recipient}."),
    Code.PROMISE_MADE: N_("Promise to pay {amount} by {promised}."),
    Code.PROMISE_MADE_ALL: N_("Promise to pay everything overdue by {promised}."),
    Code.PORTAL_PROBLEM: N_("Problem with invoice {invoice} reported in the portal."),
    Code.NOT_SENT: N_("Not sent:"),
    Code.NOT_SENT_REFUSED: N_("Not sent: {error}"),
    Code.SENT_WITHOUT: N_("Sent without some of its invoices:"),
    Code.DETAIL_ERASED: N_("Not carried out: its detail was erased."),
    Code.CUSTOMER_GONE: N_("Not carried out: the customer no longer exists."),
    Code.FALLBACK_DONE_ALREADY: N_("Not carried out: this plan B was carried out already."),
    Code.NEW_TERM_NOT_KEPT: N_("New term to {promised} not kept: call and agree what now."),
    Code.TASK_PLAN_B_OFFER: N_("{customer}: Offer a payment plan (plan B): tijdig plan offer"),
    Code.TASK_PLAN_B_NEW_TERM: N_(
        "{customer}: Have the new term to {until} confirmed in writing (plan B)"
    ),
    Code.TASK_PLAN_B_HAND_OVER: N_(
        "{customer}: Hand the case over to the collection agency (plan B)"
    ),
    Code.NEW_TERM_GIVEN: N_("New term (plan B): everything overdue by {until}"),
    Code.TASK_PLAN_REQUESTED: N_(
        "The customer asked a payment plan in the portal (term until {until}): offer one"
    ),
    Code.PLAN_REQUESTED: N_("Payment plan asked in the portal, during the term that ends {until}"),
    Code.NOTE_HOLDS_CUSTOMER: N_("{department}: {note_kind} since {since}: customer held."),
    Code.NOTE_HOLDS_INVOICE: N_("{invoice}: {department}: {note_kind} since {since}: held."),
    Code.TASK_DISPUTE_DEADLINE: N_("Dispute on invoice {invoice} ({department}): decide by today"),
    Code.DISPUTE_OUTCOME: N_("Dispute on invoice {invoice} closed: {outcome}"),
    Code.NOTE_ADDED: N_("{department}: {note_kind} noted"),
    Code.NOTE_CLOSED: N_("{department}: {note_kind} closed"),
    Code.NOT_REACHED: N_("Not reached: call back on {day}."),
    Code.HAND_OVER_DISPUTE: N_(
        "{invoice}: disputed since {since} ({why}), lines {lines} ({amount}): {outcome}"
    ),
    Code.CREDIT_HOLD_MANUAL: N_("Held by hand by {by} since {since}: {why}"),
    Code.CREDIT_HOLD_IMPORTED: N_("On credit hold in the customer file of the bookkeeping"),
    Code.CREDIT_OVERDUE_DAYS: N_(
        "An invoice is {days} days overdue (due {due}), more than the {limit} days allowed"
    ),
    Code.CREDIT_OVERDUE_AMOUNT: N_("{overdue} overdue, more than the {limit} allowed"),
    Code.CREDIT_OVER_LIMIT: N_("{open} open, over the credit limit of {limit}"),
    Code.CREDIT_PLAN_BROKEN: N_("Payment plan {plan} broken on {on}"),
    Code.CREDIT_HANDED_OVER: N_("Handed over to the collection agency on {on} (case {case})"),
    Code.DUNNING_PAUSED: N_("Dunning paused by hand since {since}, until {until}: {why}"),
    Code.PAUSE_SET: N_("Dunning paused until {until}: {why}"),
    Code.PAUSE_LIFTED: N_("Dunning resumed on {on}, before {until}"),
    Code.STATEMENT_QUEUED: N_("Statement of account sent to {recipient}: {open} open"),
    Code.BOUNCE_HARD: N_("E-mail to {address} bounced for good: the address is undeliverable"),
    Code.BOUNCE_SOFT: N_("E-mail to {address} bounced for now ({count} times so far)"),
    Code.TASK_FIND_ADDRESS: N_("Find a good e-mail address for {customer}: {address} bounces"),
    Code.NOTICE_BOUNCED: N_(
        "The {step} sent by e-mail on {sent} was not received: it goes again by post"
    ),
    Code.CONTACT_CONFIRMED: N_("Contact details confirmed by the customer"),
    Code.CONTACT_CORRECTED: N_("Contact details corrected by the customer: {changes}"),
    Code.TASK_CHECK_CONTACT: N_("Check the contact details of {customer}"),
    Code.CONTACT_ISSUE: N_("Contact details: {issue}"),
    Code.PAID_OUTSIDE: N_(
        "Invoice {invoice}: {amount} paid outside Tijdig, per the books' export of {on}"
    ),
    Code.REPLY_WAITING: N_(
        "A reply received on {received} waits for a person (message {message}): "
        "held until {until} at the latest"
    ),
    Code.TASK_READ_REPLY: N_("Read and confirm the reply of {customer} received on {received}"),
    Code.REPLY_RECEIVED: N_("Reply received: {subject}"),
    Code.REPLY_CONFIRMED: N_("Reply of {received} confirmed as: {kind}"),
    Code.AUTO_REPLY_RECEIVED: N_("Automatic reply received (no contact): {subject}"),
    Code.PERSONAL_MAIL_SENT: N_("Personal e-mail sent to {recipient}: {subject}"),
}

# Params that are themselves codes (a legal notice, a late-payment reason, how a payer
# or an invoice was found): said in words, in the reader's language.
WORDS: Mapping[str, Mapping[str, str]] = {
    # what is wrong with a customer's contact details (domain/contact_quality.py)
    "issue": {
        "email_missing": N_("no e-mail address"),
        "email_invalid": N_("e-mail address not valid"),
        "email_bounced": N_("e-mail bounces"),
        "phone_missing": N_("no phone number"),
        "phone_invalid": N_("phone number not valid"),
        "not_confirmed": N_("not confirmed recently"),
    },
    "notice": {
        "formal_demand": N_("formal demand"),
        "nl_14_day_letter": N_("14-day letter"),
        "notice_of_default": N_("notice of default"),
        "be_first_reminder": N_("first reminder (Book XIX)"),
    },
    "why": {
        "invoice_incorrect": N_("invoice incorrect"),
        "payment_method": N_("payment method not usable"),
        "information_missing": N_("information missing"),
        "dissatisfied": N_("dissatisfied with goods or service"),
        "wants_other_date": N_("wants another date or way to pay"),
        "cash_flow": N_("cash-flow problems"),
        "other": N_("other"),
    },
    "what": {
        "reference": N_("Reference"),
        "invoice_number": N_("Invoice number"),
        "return": N_("return"),
        "reversal": N_("reversal"),
        "refund": N_("refund"),
    },
    "how": {
        "iban": N_("account number"),
        "name": N_("name"),
        "id": N_("its payment id"),
        "payer and amount": N_("payer and amount"),
    },
    "fit": {
        "exact": N_("the amount fits"),
        "partial": N_("a partial payment"),
        "overpaid": N_("an overpayment, the rest kept as credit"),
    },
    "kind": {
        "debt_counselling": N_("Debt counselling"),
        "wsnp": N_("WSNP (statutory debt rescheduling)"),
        "debt_mediation": N_("Debt mediation (Belgium)"),
        "collective_settlement": N_("Collective debt settlement (Belgium)"),
        "bankruptcy": N_("Bankruptcy"),
        "deceased": N_("Deceased"),
    },
    # the default text of the task a status makes, until the company writes its own
    "task": {
        "debt_counselling": N_(
            "Send the debt counsellor the statement of the claim and agree the next step."
        ),
        "wsnp": N_("Register the claim with the WSNP administrator."),
        "debt_mediation": N_("Send the debt mediator the statement of the claim."),
        "collective_settlement": N_(
            "Register the claim with the debt mediator of the collective settlement."
        ),
        "bankruptcy": N_("Register the claim with the trustee in bankruptcy."),
        "deceased": N_("Ask who deals with the estate and send them the statement of the claim."),
    },
    "way": {
        "portal": N_("ticked and confirmed in the debtor portal"),
        "signed_copy": N_("a signed copy"),
        "email_reply": N_("an e-mail reply"),
    },
    "department": {
        "sales": N_("Sales"),
        "delivery": N_("Delivery"),
        "finance": N_("Finance"),
    },
    "note_kind": {
        "complaint": N_("open complaint"),
        "pending_delivery": N_("delivery pending"),
        "extra_work": N_("extra work"),
    },
    "outcome": {
        "credit_note": N_("credit note"),
        "corrected_invoice": N_("corrected invoice"),
        "rejected": N_("rejected, explanation sent"),
        "plan": N_("payment plan"),
        "open": N_("still open"),
        "resolved": N_("resolved"),
    },
    "lines": {"all": N_("all")},
    "now": {},  # a step key: shown as it is
    "channel": {
        "email": N_("e-mail"),
        "letter": N_("letter"),
        "sms": N_("SMS"),
    },
}


@dataclass(frozen=True, slots=True)
class Formats:
    """How a reader sees values: the defaults are the plain English of the CLI."""

    money: Callable[[Decimal, str], str] = lambda amount, currency: f"{currency} {amount}"
    day: Callable[[date], str] = date.isoformat
    number: Callable[[Decimal | int], str] = str


PLAIN = Formats()


def _identity(message: str) -> str:
    return message


def _value(
    name: str,
    value: Param,
    gettext: Callable[[str], str],
    formats: Formats,
    words: Mapping[str, Mapping[str, str]],
) -> str:
    if isinstance(value, Money):
        return formats.money(value.amount, value.currency)
    if isinstance(value, tuple):
        return ", ".join(formats.money(m.amount, m.currency) for m in value)
    if isinstance(value, date):
        return formats.day(value)
    if isinstance(value, Decimal | int):
        return formats.number(value)
    said = words.get(name, {}).get(value)
    return gettext(said) if said else value


def say(
    reason: Reason,
    *,
    gettext: Callable[[str], str] = _identity,
    formats: Formats = PLAIN,
) -> str:
    """The reason in one line: in English as stored, or in a reader's words."""
    return fill(gettext(TEXTS[reason.code]), reason.params, gettext=gettext, formats=formats)


def fill(
    template: str,
    params: Mapping[str, Param],
    *,
    gettext: Callable[[str], str] = _identity,
    formats: Formats = PLAIN,
    words: Mapping[str, Mapping[str, str]] = WORDS,
) -> str:
    """A (translated) template with its `{name}` values in the reader's formats; a value
    that is a code of `words` (by its param's name) is said in words."""
    values = {k: _value(k, v, gettext, formats, words) for k, v in params.items()}
    return template.format_map(values)


def say_all(reasons: tuple[Reason, ...] | list[Reason], separator: str = " ") -> str:
    """Reasons in plain English on one line, for the CLI and the run's summary."""
    return separator.join(say(r) for r in reasons)


def plain(value: Written) -> str:
    """A written text in plain English, for the CLI and the API: a reason said, a
    person's text as it is."""
    return value if isinstance(value, str) else say(value)
