"""Classifying replies: the development examples the rules were built from, and the
cases that must never turn into a "paid" or a promise."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email.message import EmailMessage

import pytest

from tests.engine.replies.corpus import Case, dev_examples
from tijdig.domain.collection.records import ReasonCode
from tijdig.engine.replies import Finding, Reply, ReplyKind, Rule, classify_reply, say
from tijdig.engine.replies.text import own_text
from tijdig.engine.replies.texts import TEXTS
from tijdig.entrypoints.web import i18n

D = date.fromisoformat
RECEIVED = D("2026-03-04")  # a Wednesday


def _kind(body: str, language: str | None = None, subject: str = "Re: Herinnering") -> ReplyKind:
    return classify_reply(Reply(subject, body), received_on=RECEIVED, language=language).kind


@pytest.mark.parametrize("case", dev_examples(), ids=lambda c: c.id)
def test_every_development_example_is_classified_as_labelled(case: Case) -> None:
    result = classify_reply(case.message(), received_on=case.received_on, language=case.language)
    assert result.kind.value == case.kind
    assert result.promised_on == case.promised_on
    assert (result.dispute_reason.value if result.dispute_reason else None) == case.reason
    assert result.reasons


@pytest.mark.parametrize(
    "body",
    [
        "De betaling is NIET gedaan.",
        "Het is nog niet betaald.",
        "Betaald? Nee.",
        "Is het al betaald?",
        "Wij hebben nog niets overgemaakt.",
        "We betalen niet tot de creditnota er is.",
        "Paid? No.",
        "We have not paid yet.",
        "Has this been paid?",
        "Nothing has been paid.",
        "Le paiement n'a pas été effectué.",
        "Payé ? Non.",
        "Avez-vous reçu notre virement ?",
    ],
)
def test_a_denied_or_asked_payment_is_no_payment(body: str) -> None:
    assert _kind(body) is not ReplyKind.PAID


@pytest.mark.parametrize(
    "body",
    [
        "We betalen vrijdag als de levering binnen is.",
        "Wij betalen zodra onze klant betaald heeft, hopelijk vrijdag.",
        "We'll pay on Friday if the goods arrive.",
        "Nous paierons vendredi si la livraison est complète.",
        "We betalen niet vrijdag.",
        "Zullen we vrijdag betalen?",
        "We betalen zo snel mogelijk.",  # no day
        "We will pay next year on 15 December.",  # too far off
        "Ik betaalde gisteren, morgen volgt de rest.",  # past and future: a person reads it
    ],
)
def test_a_conditional_denied_vague_or_far_promise_is_no_promise(body: str) -> None:
    assert _kind(body) is not ReplyKind.PROMISE


def test_the_quoted_reminder_is_not_read() -> None:
    """The reminder quoted below says "betalen vóór 13 maart": that is Tijdig's text."""
    body = (
        "Dank u.\n\nOp wo 4 mrt 2026 om 09:02 schreef Debiteurenbeheer\n"
        "<debiteuren@leverancier.nl>:\n> Wilt u vóór 13 maart betalen? Wij zullen het\n"
        "> bedrag op 13 maart innen."
    )
    assert _kind(body) is ReplyKind.OTHER


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (
            "Betaald.\n\nVan: Debiteuren <d@l.nl>\nVerzonden: woensdag\nAan: x\n\nBetaal vrijdag",
            "Betaald.",
        ),
        ("Paid.\n-----Original Message-----\nFrom: x\nPlease pay by Friday", "Paid."),
        ("Réglé.\nLe mer. 4 mars 2026 à 09:02, Service <s@f.be> a écrit :\n> Payez", "Réglé."),
        ("Betaald.\n\nMet vriendelijke groet,\nJan\nTel 06-1234\nWe betalen vrijdag", "Betaald."),
        ("Betaald.\n-- \nJan, betaalt altijd vrijdag", "Betaald."),
        ("Paid.\n\nSent from my iPhone", "Paid."),
        ("Payé.\n\nEnvoyé de mon iPhone", "Payé."),
    ],
)
def test_quotes_forwards_and_signatures_are_cut(body: str, kept: str) -> None:
    assert own_text(body) == kept


def test_an_html_reply_is_read_without_its_blockquote() -> None:
    msg = EmailMessage()
    msg["Subject"] = "RE: Rappel facture 2026-0113"
    msg.set_content(
        "<html><body><div>Nous paierons le 10 mars.</div><blockquote>Merci de payer avant le "
        "6 mars.</blockquote></body></html>",
        subtype="html",
    )
    result = classify_reply(msg, received_on=RECEIVED, language="fr")
    assert (result.kind, result.promised_on) == (ReplyKind.PROMISE, D("2026-03-10"))


def test_a_subject_the_sender_wrote_is_read_but_an_answers_subject_is_not() -> None:
    own = classify_reply(Reply("Factuur F2026-0113 betaald", ""), received_on=RECEIVED)
    answer = classify_reply(Reply("Re: Factuur F2026-0113 betaald?", ""), received_on=RECEIVED)
    assert (own.kind, answer.kind) == (ReplyKind.PAID, ReplyKind.OTHER)


def test_a_promise_says_why_with_its_day() -> None:
    result = classify_reply(
        Reply("Re: Herinnering", "Wij betalen volgende week dinsdag."), received_on=RECEIVED
    )
    assert result.kind is ReplyKind.PROMISE and result.promised_on == D("2026-03-10")
    assert [f.rule for f in result.reasons] == [Rule.PROMISE_SAID, Rule.PROMISE_DATE]
    assert say(result.reasons[1]) == "Payment day read from the text: 2026-03-10"
    assert 0 < result.confidence <= 1


def test_a_dispute_names_its_reason_code() -> None:
    wrong = classify_reply(Reply("Re: x", "Het bedrag klopt niet."), received_on=RECEIVED)
    broken = classify_reply(
        Reply("Re: x", "De factuur klopt niet en de helft was beschadigd."), received_on=RECEIVED
    )
    assert (wrong.dispute_reason, broken.dispute_reason) == (
        ReasonCode.INVOICE_INCORRECT,
        ReasonCode.DISSATISFIED,
    )


def test_nothing_recognisable_is_other_and_says_so() -> None:
    result = classify_reply(Reply("Re: x", "Ok."), received_on=RECEIVED)
    assert result.kind is ReplyKind.OTHER
    assert [f.rule for f in result.reasons] == [Rule.NOTHING]


def test_the_language_is_guessed_when_no_hint_is_given() -> None:
    assert (
        classify_reply(
            Reply("Re: x", "Nous avons payé la facture hier."), received_on=RECEIVED
        ).language
        == "fr"
    )
    assert (
        classify_reply(
            Reply("Re: x", "We have paid the invoice yesterday."), received_on=RECEIVED
        ).language
        == "en"
    )
    assert (
        classify_reply(
            Reply("Re: x", "Wij hebben de factuur gisteren betaald."), received_on=RECEIVED
        ).language
        == "nl"
    )


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_reason_is_said_in_dutch_and_french(language: str) -> None:
    assert set(TEXTS) == set(Rule)
    params = {"words": "betaald", "day": D("2026-03-10")}
    for rule in Rule:
        text = say(Finding(rule, params), lambda t: i18n.gettext(language, t))
        assert text != say(Finding(rule, params)), rule
        assert "{" not in text


def test_an_encoded_subject_is_decoded() -> None:
    raw = (
        b"From: x@example.be\nSubject: =?utf-8?q?Paiement_factur=C3=A9_r=C3=A9gl=C3=A9?=\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
    )
    reply = Reply.of(message_from_bytes(raw))
    assert reply.subject == "Paiement facturé réglé"


def test_a_forward_is_read_by_what_the_sender_wrote_above_it() -> None:
    forwarded = (
        "\n---------- Doorgestuurd bericht ---------\nVan: Bank <info@bank.nl>\n"
        "Onderwerp: Uw betaling\n\nUw overschrijving van € 1.250,00 is uitgevoerd.\n"
    )
    with_words = Reply("Fwd: Uw betaling", "Zie onderstaand, is gisteren betaald." + forwarded)
    bare = Reply("Fwd: Uw betaling", forwarded)
    assert classify_reply(with_words, received_on=RECEIVED).kind is ReplyKind.PAID
    assert classify_reply(bare, received_on=RECEIVED).kind is ReplyKind.OTHER
