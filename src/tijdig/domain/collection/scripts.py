"""Call scripts (S0-3, S0-4) and whom to call by role (S3-5..S3-7). Pure functions.

A script opens politely, says why we call, asks the quick-fix questions first (they
unblock a payment at once), then the negotiation questions, and closes on a dated
agreement that is confirmed in writing (S0-5). Friendly, but firm and businesslike.
"""

from __future__ import annotations

from dataclasses import dataclass

from tijdig.domain.parties import ContactRole, Customer

# Whom to ask for, in order, when the wanted role is absent (S3-7).
ROLE_ORDER = (ContactRole.ACCOUNTS_PAYABLE, ContactRole.PURCHASING, ContactRole.MANAGEMENT)

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "open": "Good morning {whom}, this is {who} calling about your account with us.",
        "why": "Why we call: {reason}.",
        "quick": "Quick fixes first:",
        "q1": "Is the invoice correct (amount, order, address, PO number)?",
        "q2": "Can you use the payment method (transfer, reference, direct debit)?",
        "q3": "Is any information missing (a copy, a contact person, a reference)?",
        "nego": "Then, if it is still not paid:",
        "q4": "Are you satisfied with the goods or the service we delivered?",
        "q5": "Do you need another date or another way to pay? Which date can you commit to?",
        "q6": "Is there any other problem we should know about?",
        "close": "Close: agree one concrete date (and amount), say that we confirm it in "
        "writing today, and what follows if it is not kept.",
        "mark": "  <- reported",
    },
    "nl": {
        "open": "Goedemorgen {whom}, u spreekt met {who}; ik bel over de openstaande facturen.",
        "why": "Reden van het gesprek: {reason}.",
        "quick": "Eerst de snelle oplossingen:",
        "q1": "Klopt de factuur (bedrag, order, adres, inkoopnummer)?",
        "q2": "Kunt u de betaalwijze gebruiken (overmaking, kenmerk, incasso)?",
        "q3": "Ontbreekt er informatie (een kopie, een contactpersoon, een referentie)?",
        "nego": "Daarna, als er nog niet betaald is:",
        "q4": "Bent u tevreden over de geleverde goederen of dienst?",
        "q5": "Heeft u een andere datum of betaalwijze nodig? Welke datum kunt u toezeggen?",
        "q6": "Is er een ander probleem waar wij van moeten weten?",
        "close": "Afsluiten: spreek één concrete datum (en bedrag) af, zeg dat wij dit vandaag "
        "schriftelijk bevestigen, en wat er volgt als de afspraak niet wordt nagekomen.",
        "mark": "  <- gemeld",
    },
    "fr": {
        "open": (
            "Bonjour {whom}, {who} à l'appareil ; je vous appelle au sujet de vos factures "
            "impayées."
        ),
        "why": "Objet de l'appel : {reason}.",
        "quick": "D'abord les solutions rapides :",
        "q1": "La facture est-elle correcte (montant, commande, adresse, numéro de bon de "
        "commande) ?",
        "q2": "Pouvez-vous utiliser le mode de paiement (virement, communication "
        "structurée, domiciliation) ?",
        "q3": "Manque-t-il une information (une copie, une personne de contact, une référence) ?",
        "nego": "Ensuite, si le paiement n'est toujours pas fait :",
        "q4": "Êtes-vous satisfait des biens livrés ou du service presté ?",
        "q5": "Vous faut-il une autre date ou un autre mode de paiement ? À quelle date "
        "pouvez-vous vous engager ?",
        "q6": "Y a-t-il un autre problème dont nous devrions être informés ?",
        "close": "Conclure : convenez d'une date précise (et d'un montant), dites que nous le "
        "confirmons par écrit aujourd'hui, et ce qui suit si l'engagement n'est pas tenu.",
        "mark": "  <- signalé",
    },
}

# The question each reason code (ReasonCode values) points at.
_QUESTION_FOR = {
    "invoice_incorrect": "q1",
    "payment_method": "q2",
    "information_missing": "q3",
    "dissatisfied": "q4",
    "wants_other_date": "q5",
    "cash_flow": "q5",
    "other": "q6",
}

_REASONS: dict[str, dict[str, str]] = {
    "en": {
        "standard": "overdue invoices",
        "large_amount": "a large overdue amount",
        "first_time_late": "a first late payment: find out what changed",
        "promise_broken": "a promise to pay was not kept",
        "new_term_broken": "a new term agreed in writing was not kept",
    },
    "nl": {
        "standard": "vervallen facturen",
        "large_amount": "een groot vervallen bedrag",
        "first_time_late": "voor het eerst te laat: vraag wat er veranderd is",
        "promise_broken": "een betalingsafspraak is niet nagekomen",
        "new_term_broken": "een schriftelijk afgesproken nieuwe termijn is niet nagekomen",
    },
    "fr": {
        "standard": "des factures échues",
        "large_amount": "un montant échu important",
        "first_time_late": "un premier retard de paiement : demandez ce qui a changé",
        "promise_broken": "une promesse de paiement n'a pas été tenue",
        "new_term_broken": "un nouveau délai convenu par écrit n'a pas été respecté",
    },
}


# The marks a stored script keeps for whom we call and who calls, filled in when the
# agenda shows it (`fill_in`): a task is planned before anyone knows who will call.
CONTACT_MARK = "[contact]"
CALLER_MARK = "[name]"


def fill_in(script: str, *, contact: str = "", caller: str = "") -> str:
    """The script with the contact's and the caller's names in their marks; a mark with
    no name to put in goes (with its space), so the script reads "Good morning, ..."."""
    script = script.replace(f" {CONTACT_MARK}", f" {contact}" if contact else "")
    script = script.replace(CONTACT_MARK, contact)
    return script.replace(CALLER_MARK, caller) if caller else script


def call_script(reason: str, language: str, *, caller: str = "", contact: str = "") -> str:
    """The call script in the customer's language (nl, fr; else English), with the names
    of whom to ask for and who calls where known, else their marks (see `fill_in`).

    `reason` is why the call was planned (an engine reason such as "large_amount",
    or a reason code such as "invoice_incorrect", whose question is marked).
    """
    lang = language if language in _TEXT else "en"
    text = _TEXT[lang]
    label = _REASONS[lang].get(reason, reason.replace("_", " ") or _REASONS[lang]["standard"])
    marked = _QUESTION_FOR.get(reason)

    def ask(key: str) -> str:
        return f"  - {text[key]}" + (text["mark"] if key == marked else "")

    lines = [
        text["open"].format(who=caller or CALLER_MARK, whom=contact or CONTACT_MARK),
        text["why"].format(reason=label),
        text["quick"],
        *(ask(k) for k in ("q1", "q2", "q3")),
        text["nego"],
        *(ask(k) for k in ("q4", "q5", "q6")),
        text["close"],
    ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class CallContact:
    """Whom to ask for, and on which number."""

    name: str
    role: str  # a ContactRole value, or "main" for the customer's own number
    phone: str


def contact_for(customer: Customer, role: str | ContactRole | None = None) -> CallContact | None:
    """The customer's contact with a phone number: the wanted role first, then accounts
    payable, purchasing, management, another contact; else the customer's main number."""
    values = {r.value for r in ContactRole}
    wanted = ContactRole(role) if role in values else ContactRole.ACCOUNTS_PAYABLE
    order = (wanted, *(r for r in ROLE_ORDER if r is not wanted), ContactRole.OTHER)
    for each in order:
        for contact in customer.contacts:
            if contact.role is each and contact.phone:
                return CallContact(contact.name, contact.role.value, contact.phone)
    if customer.phone:
        return CallContact(customer.name, "main", customer.phone)
    return None
