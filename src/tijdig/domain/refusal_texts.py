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
    """The refusal in one line: in plain English, or in a reader's words and formats."""
    plain = {k: v for k, v in params.items() if k not in NESTED}
    values: dict[str, Param] = dict(plain)
    for name in NESTED:
        word = WORDS[name].get(str(params.get(name, "")))
        if word is not None:
            values[name] = fill(gettext(word), plain, gettext=gettext, formats=formats,
                                words=WORDS)  # fmt: skip
    return fill(gettext(TEXTS[code]), values, gettext=gettext, formats=formats, words=WORDS)
