"""The documents beside the dunning letters, in Belgian French (issue 15): the invoice
copy, the SMS, the explanation of a rejected dispute and the direct-debit
pre-notification, each in fr_BE formats for a French-speaking Belgian customer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.adapters.render.test_messages import (
    BE_COMPANY,
    context,
    customer,
    pdf_text,
    plain,
    render,
)
from tests.adapters.render.test_pre_notification import COMPANY as DEBIT_COMPANY
from tests.adapters.render.test_pre_notification import notice
from tijdig.adapters.render.dispute_letters import DisputeLetterRenderer
from tijdig.adapters.render.messages import TEMPLATES_DIR, MessageContext, read_labels
from tijdig.adapters.render.pre_notification import PreNotificationRenderer
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.parties import Customer, CustomerKind, Language
from tijdig.services.records.case_ports import Rejection

FRENCH_BELGIAN = Customer("2001", "Boulangerie Lejeune SRL", country="BE", language=Language.FR,
                          kind=CustomerKind.BUSINESS)  # fmt: skip


def _french_context(template: str, channel: StepChannel = StepChannel.EMAIL) -> MessageContext:
    be_customer = customer("fr", country="BE")
    return context(template, language="fr", company=BE_COMPANY, customer=be_customer,
                   channel=channel)  # fmt: skip


def test_a_french_invoice_copy_names_its_parts_in_french_and_belgian_formats() -> None:
    message = render(_french_context("reminder"))
    (copy,) = [a for a in message.attachments if a.filename.endswith(".pdf")]
    assert copy.filename == "facture-2026-001.pdf"
    text = pdf_text(copy.content)
    for key in ("Copie de facture", "VENDEUR", "ACHETEUR", "Montant hors TVA", "1 210,00 €",
                "1 000,00 €", "Bakkerij de Vries"):  # fmt: skip
        assert key in text, key
    assert "Kopie factuur" not in text


def test_a_french_sms_is_short_and_in_french() -> None:
    message = render(_french_context("reminder", StepChannel.SMS))
    assert "restent" not in message.text and "reste impayée" in message.text
    assert "Merci de payer avant le" in message.text and "1 210,00 €" in plain(message.text)
    assert len(message.text) < 320


def test_a_french_letter_is_dated_and_laid_out_in_french() -> None:
    message = render(_french_context("reminder", StepChannel.LETTER))
    assert message.letter_pdf is not None
    text = pdf_text(message.letter_pdf)
    assert "3 mars 2026" in text and "Numéro de client" in text and "Comment payer" in text
    assert "Betreft" not in text and "Klantnummer" not in text


def test_a_rejected_dispute_is_explained_in_french() -> None:
    rejection = Rejection("2026-001", date(2026, 2, 27), date(2026, 3, 3),
                          "La livraison a été signée sans réserve.")  # fmt: skip
    reader = replace(FRENCH_BELGIAN, number="C1")
    message = DisputeLetterRenderer().render(rejection, company=BE_COMPANY, customer=reader)
    assert message.subject == "Votre contestation de la facture 2026-001"
    text = plain(message.text)
    for key in ("Le 27 février 2026, vous avez contesté la facture 2026-001.",
                "La livraison a été signée sans réserve.", "La facture reste donc due",
                "Madame, Monsieur,", "Numéro de client: C1 · 3 mars 2026"):  # fmt: skip
        assert key in text, key
    assert 'lang="fr"' in (message.html or "")


def test_a_french_pre_notification_announces_the_direct_debit_in_belgian_formats() -> None:
    message = PreNotificationRenderer().render(notice(), company=DEBIT_COMPANY,
                                               customer=FRENCH_BELGIAN)  # fmt: skip
    assert plain(message.subject) == "Annonce de domiciliation de 1 210,05 € le 31 décembre 2026"
    text = plain(message.text)
    for key in ("Référence du mandat", "MND-1001", "ID du créancier", "NL69ZZZ123456780000",
                "huit semaines", "1 210,00 €", "2026-0002"):  # fmt: skip
        assert key in text, key
    assert message.html is not None and '<html lang="fr">' in message.html


def _keys(table: dict[str, object], prefix: str = "") -> set[str]:
    """Every key of a labels table, nested ones dotted; a list by its length too."""
    found: set[str] = set()
    for key, value in table.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= _keys(value, f"{prefix}{key}.")
        if isinstance(value, list):
            found.add(f"{prefix}{key}#{len(value)}")
    return found


def test_french_has_every_template_and_label_dutch_has() -> None:
    """A template or label added in nl without its French would break a French letter."""
    dutch, french = TEMPLATES_DIR / "nl", TEMPLATES_DIR / "fr"
    assert {p.name for p in dutch.iterdir()} == {p.name for p in french.iterdir()}
    assert _keys(read_labels(TEMPLATES_DIR, "nl")) == _keys(read_labels(TEMPLATES_DIR, "fr"))
