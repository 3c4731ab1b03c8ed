"""The words of the classification's reasons, in English: the msgids of the web's
`replies.po` catalogues. `say(finding)` writes one; the web passes its gettext and its
date formatter, the CLI and the API take it as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from tijdig.engine.replies.classify import Finding, Rule


def N_(message: str) -> str:
    return message


TEXTS: Mapping[Rule, str] = {
    Rule.PAID_SAID: N_("Says it has been paid: “{words}”"),
    Rule.PAID_PROOF: N_("Mentions proof of payment: “{words}”"),
    Rule.PROMISE_SAID: N_("Says it will be paid: “{words}”"),
    Rule.PROMISE_DATE: N_("Payment day read from the text: {day}"),
    Rule.DISPUTE_SAID: N_("Disputes the invoice: “{words}”"),
    Rule.COPY_ASKED: N_("Asks for a copy of the invoice: “{words}”"),
    Rule.PLAN_ASKED: N_("Asks to pay in parts or later: “{words}”"),
    Rule.NEGATED: N_("Says it is not paid or will not be paid: “{words}”"),
    Rule.QUESTION: N_("Asks whether it is paid: “{words}”"),
    Rule.CONDITIONAL: N_("Pays only on a condition: “{words}”"),
    Rule.NO_DATE: N_("Will pay, but names no day: “{words}”"),
    Rule.DATE_OUT_OF_RANGE: N_("The day read ({day}) is not a day to come within four months"),
    Rule.MIXED: N_("Says both that it has been paid and that it will be: read by a person"),
    Rule.NOTHING: N_("No rule applies: read by a person"),
}


def say(
    finding: Finding,
    gettext: Callable[[str], str] = lambda text: text,
    format_date: Callable[[date], str] = date.isoformat,
) -> str:
    params = {
        name: format_date(value) if isinstance(value, date) else value
        for name, value in finding.params.items()
    }
    return gettext(TEXTS[finding.rule]).format(**params)
