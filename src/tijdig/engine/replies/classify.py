"""A reply, classified with rules: paid, promise (with the day read from the text),
dispute (with a reason code), asks for a copy, asks for a plan, or other. Every kind
comes with the rules that fired, so that the person who confirms it sees why.

Conservative: a wrong "paid" or "promise" that slipped through would stop reminders that
should go, so both need a clause that says so plainly: not asked, not denied, not under a
condition, a promise with a day to come. Anything less is "other", for a person to read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import Message
from enum import StrEnum

from tijdig.domain.collection.records import ReasonCode
from tijdig.engine.replies.dates import read_dates
from tijdig.engine.replies.mail import Reply
from tijdig.engine.replies.rules import (
    ATTACHED,
    CONDITION,
    FUTURE,
    HEDGE,
    NEGATION,
    NOT_MONEY,
    PATTERNS,
    Pattern,
    Signal,
)
from tijdig.engine.replies.text import Sentence, guess_language, is_answer_subject, own_text
from tijdig.engine.replies.text import sentences as split_sentences

# A promised day further off than this is no promise to hold reminders for.
PROMISE_HORIZON = timedelta(days=120)


class ReplyKind(StrEnum):
    PAID = "paid"
    PROMISE = "promise"
    DISPUTE = "dispute"
    COPY_REQUEST = "copy_request"
    PLAN_REQUEST = "plan_request"
    OTHER = "other"


class Rule(StrEnum):
    """Why a reply got its kind: a code with parameters, said at the edge (texts.py)."""

    PAID_SAID = "paid_said"
    PAID_PROOF = "paid_proof"
    PROMISE_SAID = "promise_said"
    PROMISE_DATE = "promise_date"
    DISPUTE_SAID = "dispute_said"
    COPY_ASKED = "copy_asked"
    PLAN_ASKED = "plan_asked"
    NEGATED = "negated"
    QUESTION = "question"
    CONDITIONAL = "conditional"
    NO_DATE = "no_date"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    MIXED = "mixed"
    NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    params: Mapping[str, str | date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Classification:
    kind: ReplyKind
    reasons: tuple[Finding, ...]
    confidence: float  # 0..1: how plainly the text says it; no probability
    language: str
    promised_on: date | None = None
    dispute_reason: ReasonCode | None = None


@dataclass(frozen=True, slots=True)
class _Hit:
    pattern: Pattern
    words: str  # the words that matched, as the sender wrote them (lower case)
    clause: str
    sentence: Sentence


_CLAUSE = re.compile(r"\s*(?:,|;|:|\s-\s|\bmaar\b|\bbut\b|\bmais\b)\s*")


def _clauses(sentence: Sentence) -> list[tuple[str, bool]]:
    """The clauses of a sentence; a question mark asks only its last clause ("Is betaald,
    kunt u het nakijken?" asks to check, it does not ask whether it was paid)."""
    parts = [p for p in _CLAUSE.split(sentence.text) if p.strip(" .!?")]
    return [(p, sentence.question and i == len(parts) - 1) for i, p in enumerate(parts)]


def _hits(sentences: list[Sentence], language: str) -> list[tuple[_Hit, bool]]:
    """Every pattern that matched, with whether its clause is a question."""
    found: list[tuple[_Hit, bool]] = []
    for sentence in sentences:
        for clause, question in _clauses(sentence):
            for pattern in PATTERNS[language]:
                match = pattern.regex.search(clause)
                if match is not None:
                    found.append((_Hit(pattern, match[0].strip(), clause, sentence), question))
    return found


def classify_reply(
    message: Message | Reply, *, received_on: date, language: str | None = None
) -> Classification:
    """The kind of a reply, from the sender's own words (quotes and signature cut). The
    subject counts only when the sender wrote it (no "Re:"/"Fw:"): an answer's subject
    is Tijdig's own ("Herinnering ... betalen")."""
    reply = Reply.of(message)
    text = own_text(reply.body)
    if reply.subject and not is_answer_subject(reply.subject):
        text = reply.subject + ".\n" + text
    lang = guess_language(text, language)
    return _decide(split_sentences(text), received_on, lang)


# What a reply asks for comes before what it says of a payment: "we betalen vrijdag, als
# de creditnota er is" is a dispute, not a promise. The first kind found wins.
_REQUESTS = (
    (Signal.DISPUTE, ReplyKind.DISPUTE, Rule.DISPUTE_SAID),
    (Signal.PLAN, ReplyKind.PLAN_REQUEST, Rule.PLAN_ASKED),
    (Signal.COPY, ReplyKind.COPY_REQUEST, Rule.COPY_ASKED),
)


def _decide(sentences: list[Sentence], received_on: date, language: str) -> Classification:
    hits = _hits(sentences, language)
    reasons: list[Finding] = []
    by_signal: dict[Signal, list[_Hit]] = {}
    for hit, question in hits:
        if _not_a_payment(hit, language):
            continue
        blocked = _blocked(hit, question, language)
        if blocked is not None:
            reasons.append(blocked)
        else:
            by_signal.setdefault(hit.pattern.signal, []).append(hit)
    for signal, kind, rule in _REQUESTS:
        found = by_signal.get(signal)
        if found:
            return Classification(
                kind,
                tuple([_said(rule, h) for h in found] + reasons),
                _confidence(0.7, found),
                language,
                dispute_reason=_reason(found) if kind is ReplyKind.DISPUTE else None,
            )
    return _payment(by_signal, reasons, received_on, language)


def _payment(
    by_signal: dict[Signal, list[_Hit]], blocked: list[Finding], received_on: date, language: str
) -> Classification:
    """Paid, promise or other: "paid" only where nothing denies it and no promise is
    made beside it; a promise only with a day and no "paid" beside it."""
    paid = by_signal.get(Signal.PAID, []) + by_signal.get(Signal.PAID_PROOF, [])
    promises = by_signal.get(Signal.PROMISE, [])
    promised, reasons = _promise(promises, received_on, language)
    reasons += blocked
    if promised is not None and not paid:
        return Classification(
            ReplyKind.PROMISE, tuple(reasons), _confidence(0.75, promises), language, promised
        )
    said = [
        _said(Rule.PAID_PROOF if h.pattern.signal is Signal.PAID_PROOF else Rule.PAID_SAID, h)
        for h in paid
    ]
    denied = any(r.rule is Rule.NEGATED for r in blocked)
    if paid and not denied and not promises:
        return Classification(
            ReplyKind.PAID, tuple(said + reasons), _confidence(0.75, paid), language
        )
    if paid:
        reasons += [*said, Finding(Rule.MIXED)]
    confidence = 0.5 if reasons else 0.3
    return Classification(
        ReplyKind.OTHER, tuple(reasons or [Finding(Rule.NOTHING)]), confidence, language
    )


def _not_a_payment(hit: _Hit, language: str) -> bool:
    """A "paid" that speaks of something else: a future ("wordt morgen betaald" is a
    promise's words, read by the promise rules), a mail or a problem, a proof of payment
    that is not sent along."""
    signal = hit.pattern.signal
    if signal not in {Signal.PAID, Signal.PAID_PROOF}:
        return False
    if FUTURE[language].search(hit.clause):
        return True
    if signal is Signal.PAID_PROOF:
        return not ATTACHED[language].search(hit.sentence.text)
    return bool(NOT_MONEY[language].search(hit.clause))


def _said(rule: Rule, hit: _Hit) -> Finding:
    return Finding(rule, {"words": hit.clause.strip(" .!?")})


def _blocked(hit: _Hit, question: bool, language: str) -> Finding | None:
    """Why a "paid" or promise clause does not count, or None when it does."""
    signal = hit.pattern.signal
    if signal not in {Signal.PAID, Signal.PAID_PROOF, Signal.PROMISE}:
        return None
    words = hit.clause.strip(" .!?")
    if question:
        return Finding(Rule.QUESTION, {"words": words})
    if NEGATION[language].search(hit.clause) or HEDGE[language].search(hit.sentence.text):
        return Finding(Rule.NEGATED, {"words": words})
    if signal is Signal.PROMISE and CONDITION[language].search(hit.sentence.text):
        return Finding(Rule.CONDITIONAL, {"words": hit.sentence.text.strip(" .!?")})
    return None


def _promise(
    hits: list[_Hit], received_on: date, language: str
) -> tuple[date | None, list[Finding]]:
    """The day promised: the first day named in a promise's sentence, if it is to come
    within PROMISE_HORIZON."""
    reasons: list[Finding] = []
    for hit in hits:
        found = read_dates(hit.sentence.text, received_on, language)
        if not found:
            reasons.append(Finding(Rule.NO_DATE, {"words": hit.clause.strip(" .!?")}))
            continue
        day = found[0].day
        if not received_on <= day <= received_on + PROMISE_HORIZON:
            reasons.append(Finding(Rule.DATE_OUT_OF_RANGE, {"day": day}))
            continue
        said = _said(Rule.PROMISE_SAID, hit)
        return day, [said, Finding(Rule.PROMISE_DATE, {"day": day})]
    return None, reasons


def _reason(hits: list[_Hit]) -> ReasonCode:
    """The most specific reason named: what is wrong with the goods or the work comes
    before what is missing on the invoice, which comes before "the invoice is wrong"."""
    named = {h.pattern.reason for h in hits}
    for reason in (
        ReasonCode.DISSATISFIED,
        ReasonCode.INFORMATION_MISSING,
        ReasonCode.PAYMENT_METHOD,
        ReasonCode.INVOICE_INCORRECT,
    ):
        if reason in named:
            return reason
    return ReasonCode.OTHER


def _confidence(base: float, hits: list[_Hit]) -> float:
    """More distinct rules saying the same make it plainer, up to 0.95."""
    distinct = len({h.pattern.regex.pattern for h in hits})
    return round(min(0.95, base + 0.1 * (distinct - 1)), 2)
