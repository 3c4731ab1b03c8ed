"""Why a command was refused: a code and what it names, like a reason (`reasons.py`).

The core never writes a refusal's sentence either. It raises a `TijdigError` with a
`Refusal` code and params (a field's or a thing's kind as a code, a number, a day, an
amount with its currency); `refusal_texts.py` holds one English template per code, the
msgid of the `refusals` catalogue. The English message of the CLI, the API and the logs
is that template filled in plainly; the web says it in the reader's language.

Many refusals share a shape ("no customer K9", "is empty", "at most 200 characters"):
those are a few general codes, with the thing or the limit as params.
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Every refusal of the core. Adding one means adding its English template in
    `refusal_texts.TEXTS` and its Dutch in `locale/nl/refusals.po` (tests check both)."""

    # general shapes
    NOT_FOUND = "not_found"
    NOT_FOUND_AT = "not_found_at"
    COMPANY_NOT_STORED = "company_not_stored"
    IS_EMPTY = "is_empty"
    AT_MOST_CHARACTERS = "at_most_characters"
    AT_LEAST_CHARACTERS = "at_least_characters"
    NOT_AN_AMOUNT = "not_an_amount"
    NOT_A_DAY = "not_a_day"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    MORE_THAN_ZERO = "more_than_zero"
    ONE_OF = "one_of"
    BETWEEN = "between"
    IN_THE_PAST = "in_the_past"
    BEFORE = "before"
    IMPORT_REFUSED = "import_refused"
    IMPORT_REFUSED_FIRST = "import_refused_first"
    # a clause of a Belgian consumer's contract
    CLAUSE_NO_REFERENCE = "clause.no_reference"
    CLAUSE_NO_TEXT = "clause.no_text"
    CLAUSE_NOT_A_NUMBER = "clause.not_a_number"
    CLAUSE_NEGATIVE = "clause.negative"
    CLAUSE_CENTS = "clause.cents"
    CLAUSE_DECIMALS = "clause.decimals"
    CLAUSE_TOO_LARGE = "clause.too_large"
    CLAUSE_INTEREST_ABOVE_CAP = "clause.interest_above_cap"
    CLAUSE_DAMAGES_ABOVE_CAP = "clause.damages_above_cap"
    # users
    USERNAME_FORM = "username_form"
    PASSWORD_IS_USERNAME = "password_is_username"
    OWN_ADMIN_ROLE = "own_admin_role"
    # direct debit
    NOTICE_SENT_DAY = "notice_sent_day"
    COLLECTION_NO_INVOICE = "collection_no_invoice"
    COLLECTION_INVOICE_TWICE = "collection_invoice_twice"
    AMOUNT_OUTSIDE = "amount_outside"
    # the portal
    NOT_A_WEB_ADDRESS = "not_a_web_address"
    DAYS_BETWEEN = "days_between"
    # the law
    BEFORE_TERM = "before_term"
    NO_LAW_FOR = "no_law_for"
    UNKNOWN_COUNTRY = "unknown_country"
    NO_VAT_UPLIFT_BE = "no_vat_uplift_be"
    RATE_ROWS = "rate_rows"
    NO_RATE_BEFORE = "no_rate_before"
    EXACT_AMOUNT = "exact_amount"
    # matching
    OPEN_ITEM_POSITIVE = "open_item_positive"
    ALLOCATION_ADDS_UP = "allocation_adds_up"
    ALLOCATION_DOES_NOT_FIT = "allocation_does_not_fit"
    # the engine
    POLICY_HAS_NO_STEP_OF = "policy_has_no_step_of"
    NO_INVOICE_NOT_DUE = "no_invoice_not_due"
    NO_INVOICE_OVERDUE = "no_invoice_overdue"
    NO_SEGMENT_RULE = "no_segment_rule"
    SEPA_ID_CHARACTERS = "sepa_id_characters"
    SEPA_ID_SLASHES = "sepa_id_slashes"
    BEFORE_SIGNATURE = "before_signature"
    ONE_OFF_IS_FINAL = "one_off_is_final"
    COMPLETED_NOTHING_COLLECTED = "completed_nothing_collected"
    NOT_A_CREDITOR_ID = "not_a_creditor_id"
    CREDITOR_ID_NL = "creditor_id_nl"
    CREDITOR_ID_BE = "creditor_id_be"
    COLLECTION_ON_WEEKEND = "collection_on_weekend"
    COLLECTION_ON_CLOSING_DAY = "collection_on_closing_day"
    COLLECTION_TOO_EARLY = "collection_too_early"
    BATCH_NO_DEBIT = "batch_no_debit"
    NOT_UNIQUE_IN_BATCH = "not_unique_in_batch"
    MANDATE_COLLECTED_TWICE = "mandate_collected_twice"
    # policies
    COSTS_BEFORE_14_DAY_LETTER = "costs_before_14_day_letter"
    COSTS_BEFORE_BE_FIRST_REMINDER = "costs_before_be_first_reminder"
    STEP_KEY_FORM = "step_key_form"
    STEP_DAYS_NEGATIVE = "step_days_negative"
    FRIENDLY_STEP_CLAIMS = "friendly_step_claims"
    POLICY_NO_STEPS = "policy_no_steps"
    STEP_KEYS_UNIQUE = "step_keys_unique"
    FIRST_STEP_FOLLOWS = "first_step_follows"
    POLICY_HAS_NO_STEP = "policy_has_no_step"
    POLICY_CODES_UNIQUE = "policy_codes_unique"
    RULE_UNKNOWN_POLICY = "rule_unknown_policy"
    NO_POLICY = "no_policy"
    NOTICE_DURABLE = "notice_durable"
    NOTICE_BEFORE_DUE = "notice_before_due"
    NOTICE_ANNOUNCES_COSTS = "notice_announces_costs"
    TOML_STRING = "toml_string"
    TOML_WHOLE_NUMBER = "toml_whole_number"
    TOML_BOOLEAN = "toml_boolean"
    TOML_QUOTED_AMOUNT = "toml_quoted_amount"
    TOML_NOT_ONE_OF = "toml_not_one_of"
    TOML_TABLE = "toml_table"
    TOML_UNKNOWN_KEY = "toml_unknown_key"
    TOML_MISSING = "toml_missing"
    TOML_NO_STEPS = "toml_no_steps"
    TOML_UNREADABLE = "toml_unreadable"
    TOML_ARRAY = "toml_array"
    # values typed in
    NOT_AN_IBAN = "not_an_iban"
    NOT_A_BIC = "not_a_bic"
    NOT_A_VAT_ID = "not_a_vat_id"
    NOT_A_KVK_NUMBER = "not_a_kvk_number"
    NOT_A_KBO_NUMBER = "not_a_kbo_number"
    NOT_AN_EMAIL = "not_an_email"
    NOT_A_PHONE_NUMBER = "not_a_phone_number"
    NUMBER_BETWEEN = "number_between"
    NOT_A_KENMERK = "not_a_kenmerk"
    KENMERK_LENGTH_CODE = "kenmerk_length_code"
    KENMERK_LENGTH = "kenmerk_length"
    WRONG_CHECK_DIGIT = "wrong_check_digit"
    NOT_AN_OGM = "not_an_ogm"
    NOT_AN_RF_REFERENCE = "not_an_rf_reference"
    RF_BODY = "rf_body"
    NO_PAYMENT_REFERENCE = "no_payment_reference"
    NOT_A_CURRENCY = "not_a_currency"
    MIXED_CURRENCIES = "mixed_currencies"
    NO_POSITIVE_WEIGHT = "no_positive_weight"
    NOT_A_COUNTRY = "not_a_country"
    CODE_FORM = "code_form"
    UNKNOWN_DAYS = "unknown_days"
    OWN_GROUP = "own_group"
    LINE_NEEDS_NAME = "line_needs_name"
    TOTAL_NEGATIVE = "total_negative"
    BEFORE_ISSUE_DATE = "before_issue_date"
    AFTER_DUE_DATE = "after_due_date"
    INSTALMENTS_ADD_UP = "instalments_add_up"
