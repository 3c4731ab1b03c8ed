"""Call scripts ask the S0-3 questions; calls go to the right person by role."""

from __future__ import annotations

import pytest

from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for
from tijdig.domain.parties import Contact, ContactRole, Customer


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ("Klopt de factuur", "betaalwijze", "Ontbreekt", "tevreden", "andere datum")),
        ("en", ("invoice correct", "payment method", "information missing", "satisfied")),
        (
            "fr",
            (
                "La facture est-elle correcte",
                "mode de paiement",
                "Manque-t-il",
                "satisfait",
                "autre date",
            ),
        ),
        ("de", ("invoice correct", "another date")),  # unknown: English
    ],
)
def test_a_script_asks_the_quick_fixes_then_the_negotiation(
    language: str, words: tuple[str, ...]
) -> None:
    script = call_script("standard", language)
    assert all(word in script for word in words)
    lines = script.splitlines()
    assert lines.index(next(x for x in lines if "?" in x)) < len(lines) - 1
    # S0-5: confirmed in writing
    assert "writing" in script or "schriftelijk" in script or "par écrit" in script


def test_a_reported_reason_marks_its_question() -> None:
    script = call_script(ReasonCode.PAYMENT_METHOD.value, "en", caller="Sanne")
    [marked] = [line for line in script.splitlines() if "<- reported" in line]
    assert "payment method" in marked and "Sanne" in script
    assert "large overdue amount" in call_script("large_amount", "en")


def test_every_reason_code_points_at_a_question() -> None:
    for reason in ReasonCode:
        assert "<- gemeld" in call_script(reason.value, "nl")


PIET = Contact("Piet", ContactRole.PURCHASING, phone="+31201111111")
ANNA = Contact("Anna", ContactRole.ACCOUNTS_PAYABLE, phone="+31202222222")
BOSS = Contact("Bas", ContactRole.MANAGEMENT, phone="+31203333333")
MUTE = Contact("Mia", ContactRole.ACCOUNTS_PAYABLE, email="mia@example.nl")


@pytest.mark.parametrize(
    ("contacts", "role", "phone", "expected"),
    [
        ((PIET, ANNA, BOSS), None, None, "Anna"),
        ((PIET, ANNA, BOSS), "management", None, "Bas"),
        ((BOSS, PIET), "accounts_payable", None, "Piet"),
        ((MUTE, BOSS), None, None, "Bas"),  # no phone: skipped
        ((MUTE,), None, "+31209999999", "Klant B.V."),  # the main number
        ((MUTE,), "nonsense", None, None),
    ],
)
def test_whom_to_call_by_role(
    contacts: tuple[Contact, ...], role: str | None, phone: str | None, expected: str | None
) -> None:
    customer = Customer("1", "Klant B.V.", phone=phone, contacts=contacts)
    found = contact_for(customer, role)
    assert (found.name if found else None) == expected
    if found is not None:
        assert isinstance(found, CallContact) and found.phone
