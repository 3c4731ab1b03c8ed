"""Payment terms as people write them (cbc:PaymentTerms/cbc:Note): a number of days, or
payable on receipt, in Dutch, English, German and French; anything else is not read."""

from __future__ import annotations

import pytest

from tijdig.domain.payment_terms import PaymentTerms, TermsKind, read_payment_terms

ON_RECEIPT = PaymentTerms(TermsKind.ON_RECEIPT)


def days(n: int) -> PaymentTerms:
    return PaymentTerms(TermsKind.DAYS, n)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Dutch
        ("14 dagen", days(14)),
        ("Betaling binnen 30 dagen na factuurdatum", days(30)),
        ("netto 8 dagen", days(8)),
        ("Te voldoen binnen 21 kalenderdagen", days(21)),
        ("2% korting bij betaling binnen 8 dagen, netto 30 dagen", days(30)),
        ("Direct te betalen", ON_RECEIPT),
        ("Betaling bij ontvangst van de factuur", ON_RECEIPT),
        ("Per omgaande", ON_RECEIPT),
        ("Contant", ON_RECEIPT),
        ("0 dagen", ON_RECEIPT),
        # English
        ("30 days net", days(30)),
        ("Payment within 30 days", days(30)),
        ("Net 45", days(45)),
        ("net 30 days from invoice date", days(30)),
        ("2/10 net 30", days(30)),
        ("Payable on receipt", ON_RECEIPT),
        ("Due upon receipt", ON_RECEIPT),
        ("Payment due immediately", ON_RECEIPT),
        # German
        ("14 Tage", days(14)),
        ("Zahlbar innerhalb von 14 Tagen ohne Abzug", days(14)),
        ("30 Tage netto, 10 Tage 2 % Skonto", days(30)),
        ("Zahlbar sofort ohne Abzug", ON_RECEIPT),
        ("Zahlbar bei Erhalt der Rechnung", ON_RECEIPT),
        # French
        ("30 jours", days(30)),
        ("Paiement à 45 jours date de facture", days(45)),
        ("Escompte de 2 % à 10 jours, net à 30 jours", days(30)),
        ("Payable à réception de la facture", ON_RECEIPT),
        ("Paiement comptant", ON_RECEIPT),
        ("Dès réception", ON_RECEIPT),
    ],
)
def test_a_number_of_days_or_payable_on_receipt_is_read(note: str, expected: PaymentTerms) -> None:
    assert read_payment_terms(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "",
        "Penalty percentage 10% from due date",
        "2 % discount if paid within 2 days\n Penalty percentage 10% from due date",
        "Enexis brengt wettelijke rente in rekening over te laat betaalde facturen.",
        "50% prepaid, 50% within one month",
        "Credit note",
        "30 dagen einde maand",  # end of month: not a plain number of days
        "30 jours fin de mois",
        "30 days end of month",
        "10 werkdagen",  # working days are no calendar days
        "14 Werktage",
        "10 jours ouvrables",
        "Wordt automatisch geïncasseerd (direct debit)",
    ],
)
def test_anything_else_is_not_read(note: str) -> None:
    assert read_payment_terms(note) is None
