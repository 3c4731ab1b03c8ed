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
