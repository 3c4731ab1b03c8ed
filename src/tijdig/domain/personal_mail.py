"""Personal e-mails from the workspace (issue 19): the templates a credit controller
starts from, in the customer's language, and what a text must be to go.

A template is filled with the customer's data: name and number, the company, the open
invoices (number, due day, open amount) and what is open in all, amounts and days in the
customer's own formats (`Formats`: Babel, given by the caller). Where only the writer
knows what to say, a template leaves a part `[[...]]` to fill in; a text that still has
one is refused, so that no such mark reaches a customer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final, Protocol

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.refusals import Refusal

MAX_SUBJECT: Final = 300  # the outbox's subject column
MAX_BODY: Final = 20_000
MAX_LINES: Final = 25  # open invoices named one by one; the rest counted
_TO_FILL = re.compile(r"\[\[[^\]]*\]\]")
_ANSWER = re.compile(r"^\s*(re|aw|antw|sv|réf|ref)\s*:\s*", re.IGNORECASE)


class MailTemplate(StrEnum):
    FOLLOW_UP = "follow_up"  # after a payment reminder
    ANSWER = "answer"  # an answer to a question, an invoice copy attached
    AGREEMENT = "agreement"  # confirming what was agreed
    FREE = "free"  # greeting and signature only


class Formats(Protocol):
    """Amounts and days as the customer reads them (adapters/render/formatting.py)."""

    def money(self, amount: Decimal, currency: str) -> str: ...
    def long_date(self, day: date) -> str: ...


@dataclass(frozen=True, slots=True)
class OpenLine:
    """One open invoice as a template names it."""

    number: str
    due_date: date
    open_amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Draft:
    subject: str
    body: str


# Per language: each template's subject and body, the line of one open invoice, what to
# say when nothing is open, and the closing. {name} {number} {company} {invoices} {total}.
_LINE = {
    "nl": "- factuur {number}, vervallen op {due}: {amount} open",
    "en": "- invoice {number}, due on {due}: {amount} open",
    "fr": "- facture {number}, échue le {due} : {amount} ouverts",
}
_MORE = {
    "nl": "- en nog {count} facturen",
    "en": "- and {count} more invoices",
    "fr": "- et {count} autres factures",
}
_NONE_OPEN = {
    "nl": "Er staan op dit moment geen facturen open.",
    "en": "At the moment no invoices are open.",
    "fr": "Aucune facture n'est ouverte pour le moment.",
}
_GREETING = {"nl": "Beste {name},", "en": "Dear {name},", "fr": "Bonjour {name},"}
_CLOSING = {
    "nl": "Met vriendelijke groet,\n{company}",
    "en": "Kind regards,\n{company}",
    "fr": "Veuillez agréer nos salutations distinguées.\n{company}",
}
_TEXTS: dict[MailTemplate, dict[str, tuple[str, str]]] = {
    MailTemplate.FOLLOW_UP: {
        "nl": (
            "Onze herinnering: openstaande facturen ({number})",
            "Onlangs stuurden wij u een herinnering. Volgens onze administratie staat nog "
            "open:\n\n{invoices}\n\nIn totaal: {total}.\n\nWilt u dit bedrag overmaken, of "
            "ons laten weten wanneer wij de betaling kunnen verwachten? Heeft u al betaald, "
            "dan kunt u dit bericht als niet verzonden beschouwen.",
        ),
        "en": (
            "Our reminder: open invoices ({number})",
            "We recently sent you a reminder. According to our records the following is "
            "still open:\n\n{invoices}\n\nIn all: {total}.\n\nCould you pay this amount, or "
            "let us know when we may expect the payment? If you have paid already, please "
            "disregard this message.",
        ),
        "fr": (
            "Notre rappel : factures ouvertes ({number})",
            "Nous vous avons récemment envoyé un rappel. Selon notre comptabilité, les "
            "montants suivants restent ouverts :\n\n{invoices}\n\nAu total : {total}.\n\n"
            "Pourriez-vous régler ce montant, ou nous dire quand nous pouvons attendre le "
            "paiement ? Si vous avez déjà payé, veuillez ne pas tenir compte de ce message.",
        ),
    },
    MailTemplate.ANSWER: {
        "nl": (
            "Uw vraag over uw facturen ({number})",
            "Dank u voor uw bericht. [[uw antwoord]]\n\nDe facturen die op dit moment open "
            "staan:\n\n{invoices}",
        ),
        "en": (
            "Your question about your invoices ({number})",
            "Thank you for your message. [[your answer]]\n\nThe invoices open at the "
            "moment:\n\n{invoices}",
        ),
        "fr": (
            "Votre question sur vos factures ({number})",
            "Merci pour votre message. [[votre réponse]]\n\nLes factures ouvertes à ce "
            "jour :\n\n{invoices}",
        ),
    },
    MailTemplate.AGREEMENT: {
        "nl": (
            "Bevestiging van onze afspraak ({number})",
            "Hierbij bevestigen wij wat wij hebben afgesproken: [[de afspraak]]\n\nHet gaat "
            "om:\n\n{invoices}\n\nIn totaal: {total}.",
        ),
        "en": (
            "Confirming our agreement ({number})",
            "We hereby confirm what we agreed: [[the agreement]]\n\nIt concerns:\n\n"
            "{invoices}\n\nIn all: {total}.",
        ),
        "fr": (
            "Confirmation de notre accord ({number})",
            "Nous confirmons par la présente ce que nous avons convenu : [[l'accord]]\n\n"
            "Il s'agit de :\n\n{invoices}\n\nAu total : {total}.",
        ),
    },
    MailTemplate.FREE: {
        "nl": ("", "[[uw bericht]]"),
        "en": ("", "[[your message]]"),
        "fr": ("", "[[votre message]]"),
    },
}


def template_of(name: str) -> MailTemplate:
    try:
        return MailTemplate(name.strip())
    except ValueError:
        allowed = ", ".join(t.value for t in MailTemplate)
        raise InvalidValue("template", Refusal.ONE_OF, value=name, allowed=allowed) from None


def draft(
    template: MailTemplate,
    language: str,
    *,
    name: str,
    number: str,
    company: str,
    lines: Sequence[OpenLine],
    formats: Formats,
) -> Draft:
    """The template filled in for the customer, in their language (Dutch when the
    template has not theirs)."""
    lang = language if language in _LINE else "nl"
    subject, body = _TEXTS[template][lang]
    items = [
        _LINE[lang].format(number=line.number, due=formats.long_date(line.due_date),
                           amount=formats.money(line.open_amount, line.currency))
        for line in lines[:MAX_LINES]
    ]  # fmt: skip
    if len(lines) > MAX_LINES:
        items.append(_MORE[lang].format(count=len(lines) - MAX_LINES))
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.open_amount
    total = ", ".join(formats.money(amount, currency) for currency, amount in totals.items())
    values = {"name": name, "number": number, "company": company,
              "invoices": "\n".join(items) or _NONE_OPEN[lang],
              "total": total or formats.money(Decimal(0), "EUR")}  # fmt: skip
    whole = "\n\n".join((_GREETING[lang], body, _CLOSING[lang]))
    return Draft(subject.format(**values), whole.format(**values) + "\n")


def answer_subject(subject: str) -> str:
    """`Re: ` and the subject answered, without piling up `Re: Re: `."""
    bare = subject.strip()
    while _ANSWER.match(bare):
        bare = _ANSWER.sub("", bare, count=1)
    return f"Re: {bare}".strip()


def checked_text(subject: str, body: str) -> tuple[str, str]:
    """The subject on one line and the body, refused when either is empty or too long,
    or when a part of the template is still to be filled in."""
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").strip()
    if not subject:
        raise RuleViolation(Refusal.PERSONAL_MAIL_NO_SUBJECT)
    if not body:
        raise RuleViolation(Refusal.PERSONAL_MAIL_NO_TEXT)
    if len(subject) > MAX_SUBJECT:
        raise InvalidValue("subject", Refusal.AT_MOST_CHARACTERS, length=MAX_SUBJECT)
    if len(body) > MAX_BODY:
        raise InvalidValue("body", Refusal.AT_MOST_CHARACTERS, length=MAX_BODY)
    for part in (subject, body):
        found = _TO_FILL.search(part)
        if found is not None:
            raise RuleViolation(Refusal.PERSONAL_MAIL_TO_FILL_IN, part=found.group(0))
    return subject, body + "\n"
