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
        "token": N_("active token"),
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
