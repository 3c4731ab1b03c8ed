"""The words of every refusal code, in English: the msgids of the `refusals` catalogue.

`say(code, params)` writes a refusal in one line: plainly (ISO days, "EUR 1234.56") for
the CLI, the API's `detail` and the logs, as `TijdigError` does when raised; the web
passes its `gettext` and Babel formatters (`rendering.said`), the same code then reads
in the reader's language. Marked with `N_` for Babel's extractor, like `reason_texts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tijdig.domain.legal.be import CONSUMER_RULE
from tijdig.domain.reason_texts import PLAIN, Formats, fill
from tijdig.domain.reasons import Param
from tijdig.domain.refusals import Refusal as R


def N_(message: str) -> str:
    return message


TEXTS: Mapping[R, str] = {
    # general shapes
    R.NOT_FOUND: N_("no {thing} {key}"),
    R.NOT_FOUND_AT: N_("no {thing} {key} at {company}"),
    R.COMPANY_NOT_STORED: N_("company {company} is not stored"),
    R.IS_EMPTY: N_("is empty"),
    R.AT_MOST_CHARACTERS: N_("at most {length} characters"),
    R.AT_LEAST_CHARACTERS: N_("at least {length} characters"),
    R.NOT_AN_AMOUNT: N_("'{value}' is not an amount"),
    R.NOT_A_DAY: N_("'{value}' is not a day"),
    R.NOT_A_NUMBER: N_("'{value}' is not a number"),
    R.NEGATIVE: N_("cannot be negative"),
    R.MORE_THAN_ZERO: N_("must be more than zero"),
    R.ONE_OF: N_("'{value}': one of {allowed}"),
    R.BETWEEN: N_("must be between {low} and {high}"),
    R.IN_THE_PAST: N_("{day} lies in the past"),
    R.BEFORE: N_("{day} is before {first}"),
    R.IMPORT_REFUSED: N_("{count} problem(s), nothing booked"),
    R.IMPORT_REFUSED_FIRST: N_("{first}; {count} problem(s), nothing booked"),
    # a clause of a Belgian consumer's contract
    R.CLAUSE_NO_REFERENCE: N_(
        "Say where the clause is, e.g. “artikel 7 van onze algemene voorwaarden”."
    ),
    R.CLAUSE_NO_TEXT: N_("Give the clause's words: the letters cite them."),
    R.CLAUSE_NOT_A_NUMBER: N_("“{value}” is not a number: write e.g. 10,5 or 10.5."),
    R.CLAUSE_NEGATIVE: N_("{value} cannot be negative."),
    R.CLAUSE_CENTS: N_(
        "{value} has more than two decimals: amounts are in euros and cents (write "
        "two thousand as 2000)."
    ),
    R.CLAUSE_DECIMALS: N_("{value} has more than {places} decimals."),
    R.CLAUSE_TOO_LARGE: N_("{value} is too large."),
    R.CLAUSE_INTEREST_ABOVE_CAP: N_(
        "{rate} % is above the cap: the Late Payment Act rate, {cap} % from {since} ({rule})."
    ),
    R.CLAUSE_DAMAGES_ABOVE_CAP: N_(
        "On a balance of {balance} the clause gives {agreed}, above the cap of "
        "{cap} ({band}; {rule})."
    ),
    # users
    R.USERNAME_FORM: N_("'{value}': 2-64 characters, lower-case letters, digits and . _ @ -"),
    R.PASSWORD_IS_USERNAME: N_("must differ from the user name"),
    R.OWN_ADMIN_ROLE: N_("you cannot take away your own administrator role or access"),
    # direct debit
    R.NOTICE_SENT_DAY: N_("a notice has a sending day exactly when it is sent"),
    R.COLLECTION_NO_INVOICE: N_("a collection takes at least one invoice"),
    R.COLLECTION_INVOICE_TWICE: N_("an invoice appears twice in one collection"),
    R.AMOUNT_OUTSIDE: N_("{value} is outside {low} .. {high}"),
    # the portal
    R.NOT_A_WEB_ADDRESS: N_("'{value}' is not a web address (https://...)"),
    R.DAYS_BETWEEN: N_("{value}: use {low} to {high} days"),
    # the law
    R.BEFORE_TERM: N_("is before the first day of the term"),
    R.NO_LAW_FOR: N_("no {what} for '{country}': Tijdig knows {known}"),
    R.UNKNOWN_COUNTRY: N_("'{value}': Tijdig knows {known} only"),
    R.NO_VAT_UPLIFT_BE: N_("the VAT uplift on costs is a Dutch rule; Belgium has none"),
    R.RATE_ROWS: N_("rows must be non-empty and in date order"),
    R.NO_RATE_BEFORE: N_("{table}: no rate known before {first}"),
    R.EXACT_AMOUNT: N_("must be an exact Decimal amount"),
    # matching
    R.OPEN_ITEM_POSITIVE: N_("open items owe a positive amount"),
    R.ALLOCATION_ADDS_UP: N_("costs, interest and principal must add up"),
    R.ALLOCATION_DOES_NOT_FIT: N_("{amount} does not fit the {claimed} claimed"),
    # the engine
    R.POLICY_HAS_NO_STEP_OF: N_("policy {policy} has no step '{step}'; its steps: {steps}"),
    R.NO_INVOICE_NOT_DUE: N_("customer {customer} has no not yet due invoice to show"),
    R.NO_INVOICE_OVERDUE: N_("customer {customer} has no overdue invoice to show"),
    R.NO_SEGMENT_RULE: N_("no segment rule matches customer {customer}"),
    R.SEPA_ID_CHARACTERS: N_("'{value}': use letters, digits and / - ? : ( ) . , ' + (no spaces)"),
    R.SEPA_ID_SLASHES: N_("'{value}' may not start or end with '/' nor contain '//'"),
    R.BEFORE_SIGNATURE: N_("lies before the signature"),
    R.ONE_OFF_IS_FINAL: N_("a one-off mandate has one collection: it is always last"),
    R.COMPLETED_NOTHING_COLLECTED: N_("set, but nothing was collected"),
    R.NOT_A_CREDITOR_ID: N_("'{value}' is not a SEPA creditor identifier"),
    R.CREDITOR_ID_NL: N_("'{value}': a Dutch creditor id ends in 12 digits (KvK + 4)"),
    R.CREDITOR_ID_BE: N_("'{value}': a Belgian creditor id ends in the KBO/BCE number"),
    R.COLLECTION_ON_WEEKEND: N_(
        "{day} is a weekend: banks do not collect then; the first possible date is {first}"
    ),
    R.COLLECTION_ON_CLOSING_DAY: N_(
        "{day} is a TARGET2 closing day: banks do not collect then; the first "
        "possible date is {first}"
    ),
    R.COLLECTION_TOO_EARLY: N_(
        "{day} is too early for a {scheme} file submitted on {submitted}: the bank "
        "needs one TARGET2 day; the first possible date is {first}"
    ),
    R.BATCH_NO_DEBIT: N_("a batch holds at least one debit"),
    R.NOT_UNIQUE_IN_BATCH: N_("is not unique within the batch"),
    R.MANDATE_COLLECTED_TWICE: N_(
        "mandate {mandate} is collected twice on {day}: one collection per mandate and date"
    ),
    # policies
    R.COSTS_BEFORE_14_DAY_LETTER: N_(
        "policy {policy}: step {step} charges a consumer costs before a 14-day "
        "letter (art. 6:96 lid 6 BW)"
    ),
    R.COSTS_BEFORE_BE_FIRST_REMINDER: N_(
        "policy {policy}: step {step} charges a consumer damages before the free "
        "first reminder (Book XIX WER)"
    ),
    R.STEP_KEY_FORM: N_("step key '{step}': use letters, digits, - or _"),
    R.STEP_DAYS_NEGATIVE: N_("step {step}: days cannot be negative"),
    R.FRIENDLY_STEP_CLAIMS: N_("step {step}: a friendly step cannot claim costs or interest"),
    R.POLICY_NO_STEPS: N_("policy {policy}: has no steps"),
    R.STEP_KEYS_UNIQUE: N_("policy {policy}: step keys must be unique"),
    R.FIRST_STEP_FOLLOWS: N_("policy {policy}: the first step cannot follow a previous step"),
    R.POLICY_HAS_NO_STEP: N_("policy {policy} has no step '{step}'"),
    R.POLICY_CODES_UNIQUE: N_("policy codes must be unique"),
    R.RULE_UNKNOWN_POLICY: N_("segment rule names unknown policy '{policy}'"),
    R.NO_POLICY: N_("no policy '{policy}'"),
    R.NOTICE_DURABLE: N_("a legal notice needs a durable medium (email or letter)"),
    R.NOTICE_BEFORE_DUE: N_("a legal notice cannot go before the due date (6:83 BW)"),
    R.NOTICE_ANNOUNCES_COSTS: N_("a {notice} must announce the costs"),
    R.TOML_STRING: N_("must be a string, not {value}"),
    R.TOML_WHOLE_NUMBER: N_("must be a whole number, not {value}"),
    R.TOML_BOOLEAN: N_("must be true or false, not {value}"),
    R.TOML_QUOTED_AMOUNT: N_('write an amount as a quoted string ("10.00"), not {value}'),
    R.TOML_NOT_ONE_OF: N_("{value} is not one of {allowed}"),
    R.TOML_TABLE: N_("must be a table"),
    R.TOML_UNKNOWN_KEY: N_("unknown key; known keys: {known}"),
    R.TOML_MISSING: N_("is missing"),
    R.TOML_NO_STEPS: N_("needs at least one [[policies.steps]]"),
    R.TOML_UNREADABLE: N_("not valid TOML: {problem}"),
    R.TOML_ARRAY: N_("must be an array of tables"),
    # values typed in
    R.NOT_AN_IBAN: N_("'{value}' is not a valid IBAN"),
    R.NOT_A_BIC: N_("'{value}' is not a valid BIC"),
    R.NOT_A_VAT_ID: N_("'{value}' is not a valid VAT id"),
    R.NOT_A_KVK_NUMBER: N_("'{value}' is not a KvK number: 8 digits expected"),
    R.NOT_A_KBO_NUMBER: N_("'{value}' is not a KBO/BCE number"),
    R.NOT_AN_EMAIL: N_("'{value}' is not an e-mail address"),
    R.NOT_A_PHONE_NUMBER: N_("'{value}' is not a valid phone number"),
    R.NUMBER_BETWEEN: N_("{value} must lie between 1 and {high}"),
    R.NOT_A_KENMERK: N_("'{value}' is not a betalingskenmerk: digits only"),
    R.KENMERK_LENGTH_CODE: N_("'{value}' has a wrong length code"),
    R.KENMERK_LENGTH: N_("'{value}' must have 7, 9-14 or 16 digits"),
    R.WRONG_CHECK_DIGIT: N_("'{value}' has a wrong check digit"),
    R.NOT_AN_OGM: N_("'{value}' is not an OGM/VCS"),
    R.NOT_AN_RF_REFERENCE: N_("'{value}' is not an RF reference"),
    R.RF_BODY: N_("'{value}': 1 to 21 letters or digits expected"),
    R.NO_PAYMENT_REFERENCE: N_("'{value}' cannot be made into a payment reference"),
    R.NOT_A_CURRENCY: N_("'{value}' is not an ISO 4217 code"),
    R.MIXED_CURRENCIES: N_("cannot mix {first} and {second}"),
    R.NO_POSITIVE_WEIGHT: N_("need at least one positive weight"),
    R.NOT_A_COUNTRY: N_("'{value}' is not an ISO 3166 two-letter code"),
    R.CODE_FORM: N_("'{value}': use letters, digits, - or _"),
    R.UNKNOWN_DAYS: N_("unknown day(s) {days}"),
    R.OWN_GROUP: N_("a customer cannot be its own group"),
    R.LINE_NEEDS_NAME: N_("an invoice line needs a name"),
    R.TOTAL_NEGATIVE: N_("is negative; a credit is a credit note"),
    R.BEFORE_ISSUE_DATE: N_("lies before the issue date"),
    R.AFTER_DUE_DATE: N_("must lie after the due date"),
    R.INSTALMENTS_ADD_UP: N_("instalments do not add up to the amount payable"),
    # the bank
    R.LINE_NOT_WAITING: N_("no bank line {line} waiting for review (decided already?)"),
    R.LINE_NOT_A_CREDIT: N_("bank line {line} is not a credit: nothing to book"),
    R.PICK_AN_INVOICE: N_("pick at least one open invoice"),
    R.PICK_IN_CURRENCY: N_("pick invoices in {currency}, the line's currency"),
    R.NOTHING_TO_ALLOCATE: N_("bank line {line}: nothing to allocate it to"),
    R.SUGGESTION_UNREADABLE: N_("the suggestion cannot be read; pick invoices"),
    R.NO_SUGGESTION: N_("line {line} has no suggestion {number}"),
    R.NO_LONGER_OPEN_FOR: N_(
        "invoice {invoice} is no longer open for {amount}: it was paid or changed "
        "since the import; pick the invoices again"
    ),
    R.NOT_OPEN_INVOICES: N_("{invoices}: not an open invoice"),
    R.DIFFERENT_CUSTOMERS: N_("the invoices picked belong to different customers"),
    R.NO_OPEN_INVOICE_IN: N_("customer {customer} has no open invoice in {currency}"),
    R.COMPANY_NO_ACCOUNT: N_("company {company} has no bank account"),
    R.NO_CREDITOR_ID: N_("company {company} has no SEPA creditor identifier: pass --creditor-id"),
    R.NO_ACCOUNT_TO_COLLECT_ON: N_("company {company} has no account {iban} to collect on"),
    R.BIC_UNKNOWN: N_("the BIC of {iban} is unknown: add it to the account"),
    R.B2B_CONSUMER: N_("{name} is a consumer: B2B is for businesses only"),
    R.EXISTS_ALREADY: N_("a {thing} {key} exists already"),
    R.MANDATE_USED_UP: N_("mandate {mandate} was used up on {on}"),
    R.MANDATE_SIGNED_ON: N_("mandate {mandate} was signed on {on}"),
    # records
    R.CREDIT_NOTE_DISPUTED: N_("{invoice} is a credit note: only an invoice can be disputed"),
    R.BELONGS_TO_CUSTOMER: N_("invoice {invoice} belongs to customer {customer}"),
    R.DISPUTED_ALREADY: N_("invoice {invoice} is disputed already (since {since})"),
    R.NO_DISPUTE_NAMED: N_("no dispute named"),
    R.NO_OPEN_DISPUTE: N_("invoice {invoice} has no open dispute"),
    R.DISPUTE_OPENED_AFTER: N_("the dispute was opened on {opened}, after {day}"),
    R.DISPUTE_RESOLVED: N_("the dispute on invoice {invoice} was resolved on {on}"),
    # the portal
    R.TOO_FAR_AHEAD: N_("{day} lies more than {days} days ahead"),
    R.NOT_A_WORKING_DAY: N_("{day} is not a working day"),
    R.PAGE_NOT_AVAILABLE: N_("this page is not available"),
    R.NOT_ON_THIS_PAGE: N_("no such invoice on this page"),
    R.ANONYMISED_NO_PAGE: N_("customer {customer} was anonymised: there is no page"),
    # the run
    R.NOT_A_GROUP: N_("'{group}' is not a group of this run"),
    R.CHOOSE_AN_ITEM: N_("choose at least one item"),
    R.RUN_HAS_NO_ITEM: N_("run {run} has no item {item}"),
    R.NO_RUN_YET: N_("no run for {company}: start one with `tijdig run`"),
    R.NOT_THE_LATEST_RUN: N_(
        "run {run} is not the latest run ({latest}): only its items are decided"
    ),
    # privacy
    R.ALREADY_ANONYMISED: N_("customer {customer} cannot be erased: already anonymised on {on}"),
    R.CLAIM_STILL_OPEN: N_(
        "customer {customer} cannot be erased: a claim is still open: {count} {hold}"
    ),
    R.RETENTION_RUNS: N_(
        "customer {customer} cannot be erased: the retention period of {years} "
        "years since the last invoice or payment ({last}) runs until {until}"
    ),
    R.YEARS_BETWEEN: N_("{value}: between {low} and {high}"),
    # users and companies
    R.TOKEN_NEEDS_NAME: N_("give the token a name (what or who uses it)"),
    R.NO_TOKEN_OF: N_("no active token {token} of {user}"),
    R.NO_COMPANY_YET: N_("no company yet: add one with `tijdig company add` or `tijdig demo-data`"),
    R.SEVERAL_COMPANIES: N_("there are several companies ({codes}): name one with {how}"),
    R.COMPANY_EXISTS: N_("a company with {key} exists already"),
    R.NO_COMPANY_SEE_LIST: N_("no company {key}; see `tijdig company list`"),
    R.ACCOUNT_OURS_ALREADY: N_("{iban} is an account of {company} already"),
    R.ACCOUNT_OF_ANOTHER: N_("{iban} is an account of another company"),
    R.NO_ACCOUNT: N_("{company} has no account {iban}"),
    R.BELONGS_TO_COMPANY: N_("{key} belongs to company {company} already"),
    # messages
    R.NOT_UNCONFIRMED: N_("message {message} is {status}, not unconfirmed"),
    R.NO_EMAIL_FOR_INVOICES: N_("customer {customer} has no e-mail address for invoices"),
    R.FORM_KEY: N_("missing or malformed: reload the page and try again"),
    R.NO_INVOICE_OF_CUSTOMER: N_("customer {customer} has no invoice {invoice}"),
    R.CUSTOMER_GONE: N_("customer {customer} no longer exists"),
    R.STEP_IS_A_TASK: N_("step {step} is a task for a person, not a message"),
    R.NO_OPEN_INVOICES_AT: N_("customer {customer} has no open invoices at {company}"),
    R.RUN_HAS_NO_ITEM_AT: N_("run {run} of {company} has no item {item}"),
    R.NOT_TODAY: N_(
        "--as-of {day} is not today ({today}): with a real mail server or posting "
        "service, messages go out now and state today's dates"
    ),
    R.COLLECTION_TAKEN: N_(
        "the collection of customer {customer} under mandate {mandate} was taken by "
        "another export meanwhile; nothing was written: export again"
    ),
    # reading
    R.ONE_OR_MORE: N_("must be 1 or more"),
    # contacts, promises, tasks
    R.LOGGED_BY_TIJDIG: N_("'{kind}' is logged by Tijdig; log {kinds}"),
    R.PROMISE_BEFORE: N_("the promised date {promised} lies before {day}"),
    R.AMOUNT_NEEDS_PROMISE: N_("goes with a promised date (--promise)"),
    R.DISPUTE_NEEDS_REASON: N_("a dispute needs a reason code (--reason)"),
    R.NOT_A_REASON_CODE: N_("'{value}' is not a reason code; use one of {codes}"),
    R.SAY_THE_OUTCOME: N_("say what came out of the call"),
    R.TASK_DONE: N_("task {task} was done on {on}"),
    R.CHOOSE_AN_INVOICE: N_("choose one of your open invoices"),
    # the workspace's own
    R.ITEM_NO_HTML: N_("item {item} has no HTML message"),
    R.ITEM_NO_ATTACHMENT: N_("item {item} has no attachment {index}"),
    R.MESSAGE_NO_HTML: N_("this message has no HTML"),
    R.NO_ATTACHMENT: N_("no attachment {index}"),
    R.NOT_A_DAY_ISO: N_("'{value}' is not a date (use YYYY-MM-DD)"),
    R.RUN_HAS_NO_GROUP: N_("run {run} has no group '{group}'"),
    R.NAME_THE_GROUP: N_("name the group to decide"),
    R.READ_ONLY: N_("your role (read-only) cannot change anything"),
    R.ADMIN_ONLY: N_("only an administrator can do this"),
    R.NO_COMPANY_GRANTED: N_("no company is granted to you; ask an administrator"),
    R.NUL_CHARACTER: N_("holds a NUL character"),
    R.ILLEGAL_TRANSITION: N_("a {kind} item that is {current} cannot become {wanted}"),
    # payment plans, plan B, hardship
    R.FROM_ONE_TO_CHARACTERS: N_("1 to {length} characters"),
    R.NOT_AN_AMOUNT_TO_PAY: N_("'{value}' is not an amount to pay"),
    R.LADDER_NO_RUNG: N_("has at least one rung"),
    R.LADDER_RUNG_TWICE: N_("names a rung twice"),
    R.LADDER_ORDER: N_("climbs from new term to payment plan to the agency"),
    R.NO_FALLBACK_TO_CHOOSE: N_("no {agreement} {key}, or its fallback was carried out already"),
    R.ONLY_MISSED_REMINDER: N_("only a missed-instalment reminder names one"),
    R.PAY_BY_AFTER_LETTER: N_("a new day to pay by, after the letter's date"),
    R.PLAN_NOT_ACCEPTED: N_("payment plan {plan} was not accepted in writing"),
    R.PLAN_HAS_NO_INSTALMENT: N_("plan {plan} has no plan instalment {number}"),
    R.INSTALMENT_DUE_ON: N_("plan instalment {number} is due {day}"),
    R.INSTALMENT_MORE_THAN_ZERO: N_("plan instalment {number} must be more than zero"),
    R.PLAN_NO_INVOICE: N_("a plan covers at least one invoice"),
    R.INVOICE_NAMED_TWICE: N_("an invoice is named twice"),
    R.PLAN_NO_INSTALMENT: N_("a plan has at least one plan instalment"),
    R.PLAN_INSTALMENTS_ADD_UP: N_("do not add up to the plan's {total}"),
    R.PLAN_INSTALMENTS_IN_ORDER: N_("must fall in order, from the day it is made"),
    R.PORTAL_ACCEPTANCE_KEPT: N_("the portal keeps the IP address and the text"),
    R.ACCEPTANCE_KEPT_AS_FILE: N_("a signed copy or an e-mail reply is kept as a file"),
    R.NOT_A_POSITIVE_AMOUNT_IN: N_("{value} is not a positive amount in {currency}"),
    R.DEPOSIT_BELOW_TOTAL: N_("must be more than zero and less than {total}"),
    R.DEPOSIT_BEFORE_FIRST: N_("falls on or before the first plan instalment"),
    R.TOO_MANY_INSTALMENTS: N_("{count} plan instalments of {rest} are too many"),
    R.NOT_OPEN_OR_IN_PLAN: N_("not open, or in another plan: {invoices}"),
    R.PLAN_ONE_CURRENCY: N_("a plan covers invoices in one currency"),
    R.PLAN_CHANGED_MEANWHILE: N_("payment plan {plan} was changed meanwhile"),
    R.BEFORE_PLAN_MADE: N_("lies before the plan was made, {made}"),
    R.NO_PLAN_ON_THIS_PAGE: N_("no such payment plan on this page"),
    R.FIRST_DAY_WITHIN: N_("from {day} to at most {days} days ahead"),
    R.NO_INVOICES_FOR_PLAN: N_("there are no open invoices to put in a payment plan"),
    R.NO_TERM_FOR_PLAN_REQUEST: N_("no term is running in which a payment plan may be asked"),
    R.HARDSHIP_EVIDENCE: N_("say what shows the status (a letter, a ruling)"),
    R.HARDSHIP_BEGAN_AFTER: N_("the status began on {since}, after that day"),
    R.HARDSHIP_BEGINS_AFTER: N_("a status cannot begin after {day} (given {given})"),
    R.HARDSHIP_RUNNING: N_(
        "customer {customer} has the status {hardship} since {since}: end it first"
    ),
    R.HARDSHIP_ENDS_AFTER: N_("a status cannot end after {day} (given {given})"),
    R.NO_HARDSHIP_RUNNING: N_("customer {customer} has no running hardship status"),
    R.HAND_OVER_STATUS: N_("case {case} is {current}: it cannot become {status}"),
    R.HAND_OVER_OPEN: N_("customer {customer} is with the agency already (case {case})"),
    R.HAND_OVER_REASON: N_("say why the customer is handed over"),
    R.HAND_OVER_NOTHING_OPEN: N_("customer {customer} owes nothing overdue to hand over"),
    R.HAND_OVER_CASE_UNKNOWN: N_("no hand-over case {case}"),
    R.NOT_A_COMPANY_USER: N_("{user} is not a user of company {company}"),
    R.NO_INVOICE_LINE: N_("invoice {invoice} has no line {line}"),
    R.DEADLINE_BEFORE_OPENED: N_(
        "the deadline {deadline} is before the day the dispute is opened ({opened})"
    ),
    R.OUTCOME_NEEDS: N_("this outcome needs {needs}"),
    R.OUTCOME_DAY_BEFORE_OPENED: N_(
        "the dispute was opened on {opened}: its outcome cannot be on {day}"
    ),
    R.NUMBER_IS_OTHER_KIND: N_("{number} is not {expected}"),
    R.NUMBER_OF_OTHER_CUSTOMER: N_("{number} belongs to customer {customer}, not {own}"),
    R.NOTHING_TO_SET_OFF: N_(
        "credit note {number} has nothing left to set off against invoice {invoice}"
    ),
    R.CORRECTED_IS_ORIGINAL: N_("the corrected invoice must be another invoice than {invoice}"),
    R.PLAN_NOT_COVERING: N_("payment plan {plan} does not cover invoice {invoice}"),
    R.NO_EMAIL_FOR_EXPLANATION: N_(
        "customer {customer} has no e-mail address to send the explanation to"
    ),
    R.NOTE_NEEDS_TEXT: N_("say what the note is about"),
    R.NOTE_UNTIL_BEFORE: N_("the note ends on {until}, before it begins ({opened})"),
    R.NOTE_CLOSED: N_("internal note {note} was closed on {on}"),
    R.CREDIT_HOLD_REASON: N_("say why the customer is put on hold"),
    R.CREDIT_HELD_ALREADY: N_(
        "customer {customer} is on hold by hand since {since} ({by}): lift that hold first"
    ),
    R.NO_CREDIT_HOLD: N_("customer {customer} is not on hold by hand"),
    R.WEBHOOK_URL: N_(
        "a webhook URL must start with https:// and name a host, without a name or password "
        "in it (given {value})"
    ),
    R.WEBHOOK_EXISTS: N_("the webhook {url} is there already"),
    R.RUN_TIME: N_("a run time is hours and minutes, HH:MM (given {value})"),
    R.RUN_DAYS: N_(
        "run days are one or more of mon, tue, wed, thu, fri, sat, separated by commas "
        "(given {value})"
    ),
    R.PAUSE_NEEDS_REASON: N_("say why dunning is paused"),
    R.PAUSE_UNTIL_NOT_AFTER: N_("{until} must be after {since}, the day the pause begins"),
    R.TASK_NEEDS_TITLE: N_("say what is to be done next"),
    R.TASK_DUE_BEFORE: N_("the next action's day {due} is before today ({today})"),
    R.NOT_PAUSED: N_("dunning of customer {customer} is not paused on {day}"),
    R.STATEMENT_NOTHING_OPEN: N_("customer {customer} has nothing open: no statement to send"),
    R.STATEMENT_NO_EMAIL: N_("customer {customer} has no e-mail address for the statement"),
    # habits and the suggested tolerance (issue 17)
    R.NO_TOLERANCE_SUGGESTION: N_(
        "customer {customer}'s habit does not suggest a tolerance of {days} days today"
    ),
    R.EXPORT_OLDER: N_(
        "the export of {day} is older than the one of {last} synced from {source}: "
        "what it no longer lists may have been invoiced since"
    ),
    # the risk model (issue 17)
    R.RISK_TOO_LITTLE_HISTORY: N_(
        "too little history to learn from: {rows} invoices with a known outcome by {cutoff}, "
        "{late} of them late"
    ),
    R.RISK_MODEL_OTHER_VERSION: N_(
        "the risk model was trained with scikit-learn {stored}, this installation has "
        "{installed}: train it again"
    ),
    R.RISK_MODEL_UNREADABLE: N_("the stored risk model {model} cannot be read: train it again"),
    R.SUGGESTION_DECIDED: N_("suggestion {suggestion} was decided already ({status})"),
    R.FORECAST_NOT_STORED: N_(
        "no cash-flow forecast is stored made on {day} or before: it is made daily after the "
        "day's run, or by `tijdig forecast --store`"
    ),
    # A/B tests of templates (issue 18)
    R.EXPERIMENT_SHARES: N_(
        "a share of {baseline} and an effect of {effect}: both shares must lie between 0 and 1"
    ),
    R.EXPERIMENT_RUNNING: N_("template {template} has an experiment running already"),
    R.EXPERIMENT_NO_VARIANT: N_("template {template} has no variant B to test"),
    R.EXPERIMENT_NO_VERDICT: N_(
        "no verdict yet: each variant needs {needed} messages, the smallest arm has {have}"
    ),
    R.EXPERIMENT_NOT_BETTER: N_("variant {variant} is not the better one: {best} is"),
    # settings a person can edit (issue 15)
    R.TEMPLATE_UNREADABLE: N_("line {line} of the text cannot be used: {problem}"),
    R.TEMPLATE_NEEDS_BLOCK: N_("the text must keep its block '{block}'"),
    R.TEMPLATE_LEAVES_OUT: N_(
        "the letter rules refuse this text: it leaves out {element} (checked on the preview "
        "for customer {customer})"
    ),
    R.TEMPLATE_NOT_IN_POLICIES: N_(
        "no step of the company's policies uses the template '{template}', so it cannot be "
        "previewed and checked"
    ),
    # the collection mailbox (issue 19)
    R.MAILBOX_NO_KEY: N_(
        "no secret key is configured, so the mailbox password cannot be stored encrypted: "
        "set TIJDIG_SECRET_KEY or TIJDIG_SECRET_KEY_FILE"
    ),
    R.MAILBOX_PORT: N_("{port} is not a port number (1 to 65535)"),
    R.MAILBOX_ADDRESS: N_("{address} is not a mailbox address (name@domain, without a +)"),
    R.MAILBOX_NOT_CONNECTED: N_("company {company} has no collection mailbox"),
    R.MAILBOX_NO_PASSWORD: N_("the collection mailbox of {company} has no password"),
    R.MAILBOX_UNREADABLE_PASSWORD: N_(
        "the mailbox password of {company} cannot be read with the configured secret key "
        "(was the key changed?): store the password again"
    ),
    R.MAILBOX_UNAVAILABLE: N_("the mailbox server {server} could not be read: {problem}"),
    R.MAIL_LINKED_ALREADY: N_("message {message} is linked to customer {customer} already"),
    R.MAIL_NOT_A_REPLY: N_("message {message} is no person's reply ({kind}): nothing to confirm"),
    R.MAIL_NOT_LINKED: N_("message {message} is linked to no customer yet: link it first"),
    R.REPLY_CONFIRMED_ALREADY: N_("the reply {message} was confirmed already, as {kind}"),
    R.REPLY_NEEDS_DATE: N_("a promise needs the day it will be paid"),
    R.REPLY_NEEDS_INVOICE: N_("a dispute needs the invoice it is about"),
    R.PERSONAL_MAIL_NO_ADDRESS: N_("customer {customer} has no e-mail address"),
    R.PERSONAL_MAIL_UNDELIVERABLE: N_(
        "every e-mail address of customer {customer} bounced for good ({address}): "
        "ask the customer for another"
    ),
    R.PERSONAL_MAIL_NO_SUBJECT: N_("the e-mail has no subject"),
    R.PERSONAL_MAIL_NO_TEXT: N_("the e-mail has no text"),
    R.PERSONAL_MAIL_TO_FILL_IN: N_("the e-mail still has a part to fill in: {part}"),
    R.PERSONAL_MAIL_TOO_MANY_COPIES: N_("at most {count} invoice copies in one e-mail"),
    R.PERSONAL_MAIL_OTHER_CUSTOMER: N_(
        "message {message} is not linked to customer {customer}: it cannot be answered here"
    ),
}

# Params that are codes: said in words, in the reader's language. A word may itself
# name the other params ("at most {cap} in all").
WORDS: Mapping[str, Mapping[str, str]] = {
    "thing": {
        "company": N_("company"),
        "customer": N_("customer"),
        "invoice": N_("invoice"),
        "payment": N_("payment"),
        "run": N_("run"),
        "run item": N_("run item"),
        "task": N_("task"),
        "user": N_("user"),
        "mandate": N_("mandate"),
        "bank line": N_("bank line"),
        "dispute": N_("dispute"),
        "policy": N_("policy"),
        "template": N_("template"),
        "experiment": N_("experiment"),
        "token": N_("active token"),
        "outbox message": N_("outbox message"),
        "payment plan": N_("payment plan"),
        "internal note": N_("internal note"),
        "credit note": N_("credit note"),
        "message read": N_("message read"),
    },
    "agreement": {
        "promise": N_("promise to pay"),
        "new_term": N_("new term"),
        "plan": N_("payment plan"),
    },
    "hardship": {
        "debt_counselling": N_("debt counselling"),
        "wsnp": N_("WSNP (statutory debt rescheduling)"),
        "debt_mediation": N_("debt mediation (Belgium)"),
        "collective_settlement": N_("collective debt settlement (Belgium)"),
        "bankruptcy": N_("bankruptcy"),
        "deceased": N_("deceased"),
    },
    "band": {
        "in_all": N_("at most {cap} in all"),
        "up_to_150": N_("€20 for a balance up to €150"),
        "150_to_500": N_("€30 + 10 % of the part above €150"),
        "above_500": N_("€65 + 5 % of the part above €500"),
    },
    "rule": {
        CONSUMER_RULE: N_("Book XIX WER, art. XIX.4 (Act of 4 May 2023)"),
    },
    "what": {
        "statutory collection costs": N_("statutory collection costs"),
        "statutory interest": N_("statutory interest"),
        "statutory reminder term": N_("statutory reminder term"),
    },
    "notice": {
        "formal_demand": N_("formal demand"),
        "nl_14_day_letter": N_("14-day letter"),
        "notice_of_default": N_("notice of default"),
        "be_first_reminder": N_("first reminder (Book XIX)"),
    },
    "needs": {
        "explanation": N_("an explanation for the customer"),
        "credit": N_("the number of an imported credit note, or an amount"),
        "corrected": N_(
            "the corrected invoice: an imported one's number, or a number, amount and due date"
        ),
        "plan": N_("a payment plan"),
    },
    "expected": {
        "invoice": N_("an invoice"),
        "credit_note": N_("a credit note"),
    },
    "hold": {
        "open_invoices": N_("open invoice(s) or credit note(s)"),
        "open_disputes": N_("open dispute(s)"),
        "open_promises": N_("promise(s) to pay still running"),
        "live_plans": N_("payment plan(s) proposed, offered or in force"),
        "mandates_in_force": N_("direct-debit mandate(s) in force"),
        "unallocated_payments": N_("payment(s) not allocated in full (money held for them)"),
        "credits_in_review": N_("bank credit(s) of theirs waiting for review"),
        "waiting_messages": N_("message(s) waiting in the outbox"),
    },
    "field": {
        "name": N_("Name"),
        "email": N_("E-mail"),
        "phone": N_("Phone"),
        "address": N_("Address"),
        "registration_number": N_("KvK/KBO number"),
        "vat_id": N_("VAT id"),
        "creditor_id": N_("SEPA creditor id"),
        "payment_term_days": N_("Payment term (days)"),
        "large_amount": N_("Overdue total that also gets a call"),
        "bank_stale_days": N_("Bank statement stale after (working days)"),
        "reply_hold_days": N_("An unconfirmed reply holds its customer (working days)"),
        "baseline": N_("Share paid within 14 days now (percent)"),
        "effect": N_("Smallest effect worth finding (percentage points)"),
        "variant": N_("Variant"),
        "max_promise_days": N_("A customer may promise to pay up to (days ahead)"),
        "username": N_("User name"),
        "password": N_("Password"),
        "language": N_("Language"),
        "role": N_("Role"),
        "companies": N_("Companies"),
        "outcome": N_("What came out of it"),
        "promise": N_("Promise to pay"),
        "amount": N_("Amount"),
        "reason": N_("Reason"),
        "dispute": N_("Disputed invoice (holds it)"),
        "years": N_("Retention period (years)"),
        "policy TOML": N_("Policies (TOML)"),
        "action": N_("Action"),
        "department": N_("Department"),
        "owner": N_("Owner"),
        "deadline": N_("Decide by"),
        "lines": N_("Disputed lines"),
        "until": N_("Until"),
        "explanation": N_("Explanation to the customer"),
        "due_on": N_("Due date of the corrected invoice"),
        "summary": N_("What was said"),
        "with_whom": N_("With whom"),
        "kind": N_("Kind"),
        "promised": N_("Pay by"),
        "title": N_("Next action"),
        "due": N_("On"),
        "invoice": N_("Invoice"),
        "resume_on": N_("Dunning resumes on"),
        "instalments": N_("Plan instalments"),
        "first": N_("First plan instalment"),
        "deposit": N_("Deposit (optional)"),
        # the policy form's columns (issue 15)
        "key": N_("Step key"),
        "basis": N_("Counted from"),
        "days": N_("Days"),
        "channel": N_("Channel"),
        "template": N_("Template"),
        "legal_notice": N_("Legal notice"),
        "claims_costs": N_("Claims costs"),
        "announces_costs": N_("Announces costs"),
        "friendly": N_("Approval"),
        "policy_name": N_("Policy name"),
        "min_interval_days": N_("Days between two messages"),
        "min_amount": N_("Minimum amount"),
        "steps": N_("Steps"),
        "rule_policy": N_("Policy"),
        "rule_kind": N_("Customer kind"),
        "rule_country": N_("Country"),
        "rule_min_amount": N_("Open total at least"),
        "payable_on_receipt": N_("Payable on receipt"),
    },
    "element": {
        "amount_due": N_("the amount due"),
        "invoice_numbers": N_("the invoice numbers"),
        "pay_by": N_("the day to pay by"),
        "costs_announced": N_("the costs that will follow"),
        "costs_from": N_("the first day the costs may be charged"),
        "term_last_day": N_("the last day of the term"),
        "creditor_number": N_("the creditor's company number"),
    },
}
NESTED = ("band",)  # words that name other params


def _identity(message: str) -> str:
    return message


def say(
    code: R,
    params: Mapping[str, Param],
    *,
    gettext: Callable[[str], str] = _identity,
    formats: Formats = PLAIN,
) -> str:
    """The refusal in one line: in plain English, or in a reader's words and formats. A
    `where` param (a place in a file: "policy 'p', step 'x'") leads the line."""
    plain = {k: v for k, v in params.items() if k not in NESTED}
    values: dict[str, Param] = dict(plain)
    for name in NESTED:
        word = WORDS[name].get(str(params.get(name, "")))
        if word is not None:
            values[name] = fill(gettext(word), plain, gettext=gettext, formats=formats,
                                words=WORDS)  # fmt: skip
    text = fill(gettext(TEXTS[code]), values, gettext=gettext, formats=formats, words=WORDS)
    return f"{params['where']}: {text}" if "where" in params else text
