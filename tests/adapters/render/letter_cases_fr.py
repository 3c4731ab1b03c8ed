"""The Belgian letter cases of letter_cases.py, read in French: the same debtors, days
and figures (worked out by hand from ../shared/LEGAL.md, see letter_cases.py), the words
those of a French-speaking Belgian debtor's letter, each legal term as docs/glossary.md
takes it from the French texts of Book XIX CDE and the law of 2 August 2002.

`REQUIRED` names what Book XIX (art. XIX.2) requires of a first reminder to a consumer:
a French first reminder without any of them must fail the checker.
"""

from __future__ import annotations

from dataclasses import replace

from tests.adapters.render.letter_cases import (
    BE_CONSUMER,
    CASES,
    CLAUSE,
    Case,
)
from tijdig.domain.legal.be_clause import DamagesClause

FRENCH_CLAUSE = replace(
    CLAUSE,
    reference="l'article 7 de nos conditions générales",
    text="En cas de non-paiement dans le délai du premier rappel, le client est redevable "
    "d'une indemnité égale au maximum légal.",
)
BE_FR_CONSUMER = replace(BE_CONSUMER, name="Élise Dupont", address="Rue Haute 4\n1000 Bruxelles")
DUTCH_WORDS = ("herinnering", "verschuldigd", "betaling", "factuur", "uiterlijk")
NAMES = {c.name: c for c in CASES}

# What Book XIX CDE, art. XIX.2, requires of the first reminder, each as the French
# letter says it (the text of be_first_reminder.j2 that carries it).
REQUIRED = {
    "free of charge": "Ce premier rappel est gratuit.",
    "fourteen calendar days": "Vous disposez d'un délai de quatorze jours calendrier",
    "the balance": "Le solde restant dû s'élève à 400,00 €.",
    "the creditor and its number": "Créancier : Acme Groothandel B.V., numéro KvK 12345678.",
    "what was sold and its due date": "F-601 pour ",
    "the damages and interest after the term": (
        "d'une indemnité de 55,00 € et d'intérêts de retard de 10,5% par an sur le solde "
        "restant dû jusqu'au jour du paiement, conformément à l'article 7 de nos conditions "
        "générales"
    ),
    "a payment plan or a dispute": "vous pouvez aussi nous demander un plan de paiement ou "
    "contester la créance",
}


def _case(name: str, **changes: object) -> Case:
    return replace(NAMES[name], **changes)  # type: ignore[arg-type]


def _clause(case: Case, clause: DamagesClause | None) -> Case:
    return replace(case, clause=clause, customer=BE_FR_CONSUMER)


FIRST_REMINDER = _clause(_case(
    "BE consumer of a Dutch company: first reminder with a clause (LEGAL.md: posted 2 "
    "March, term from 5 March)",
    expect=(*REQUIRED.values(), "égale au maximum légal", "échéance le 23 févr."),
    per={
        ("letter", "run"): (
            "le troisième jour ouvrable qui suit l'envoi de cette lettre ; son dernier jour "
            "est le 18 mars 2026", "à partir du 19 mars 2026"),
        ("email", "run"): (
            "le jour calendrier qui suit l'envoi de cet e-mail ; son dernier jour est le "
            "16 mars 2026", "à partir du 17 mars 2026"),
        ("letter", "later"): ("son dernier jour est le 23 mars 2026", "à partir du 24 mars 2026"),
        ("email", "later"): ("son dernier jour est le 18 mars 2026", "à partir du 19 mars 2026"),
    },
    absent=("numéro d'entreprise", "frais de recouvrement", "intérêt légal", *DUTCH_WORDS),
), FRENCH_CLAUSE)  # fmt: skip

CASES_FR = (
    FIRST_REMINDER,
    _clause(_case(
        "BE consumer: first reminder without a clause charges nothing",
        expect=("Créancier : Zwaluw Distributie NV, numéro d'entreprise 0403170701.",
                "Nous ne vous réclamerons ni indemnité ni intérêts.",
                "Ce premier rappel est gratuit."),
        absent=("55,00 €", "intérêts de retard de", "KvK", *DUTCH_WORDS),
    ), None),
    _clause(_case(
        "BE consumer: damages and interest by the clause after the term",
        expect=("Facture F-601 : indemnité selon l'article 7 de nos conditions générales sur "
                "400,00 € : 55,00 €",
                "Les intérêts de retard courent jusqu'au jour du paiement."),
        per={
            **dict.fromkeys([("email", "run"), ("letter", "run")], (
                "intérêts de retard selon l'article 7 de nos conditions générales sur 400,00 € "
                "du 18 mars 2026 au 18 mars 2026 inclus : 0,12 € (10,5% par an)",
                "au plus tard le 31 mars 2026")),
            **dict.fromkeys([("email", "later"), ("letter", "later")], (
                "du 18 mars 2026 au 20 mars 2026 inclus : 0,35 € (10,5% par an)",
                "au plus tard le 2 avril 2026")),
        },
        absent=("frais de recouvrement", "intérêt légal", *DUTCH_WORDS),
    ), FRENCH_CLAUSE),
    _case(
        "BE business: formal demand names the lump sum and Late Payment Act interest",
        expect=("au plus tard le 12 mars 2026",
                "- montant forfaitaire pour les frais de recouvrement (art. 6 de la loi du 2 "
                "août 2002) : 40,00 €",
                "- intérêt de retard (art. 5 de la loi du 2 août 2002), 10,5% par an :"),
        per={
            **dict.fromkeys([("email", "run"), ("letter", "run")], ("6,04 € à ce jour",)),
            **dict.fromkeys([("email", "later"), ("letter", "later")], ("7,19 € à ce jour",)),
        },
        absent=("intérêt légal", "6:119", *DUTCH_WORDS),
    ),
    _case(
        "BE business: notice of default claims the lump sum and interest",
        expect=("Par la présente, nous vous mettons en demeure.",
                "Facture F-501 : montant forfaitaire pour les frais de recouvrement (art. 6 de "
                "la loi du 2 août 2002) sur 1 000,00 € : 40,00 €",
                "L'intérêt de retard prévu par la loi du 2 août 2002 court jusqu'au jour du "
                "paiement."),
        per={
            **dict.fromkeys([("email", "run"), ("letter", "run")], (
                "du 7 février 2026 au 13 mars 2026 inclus : 10,07 € (10,5% par an)",
                "au plus tard le 26 mars 2026")),
            **dict.fromkeys([("email", "later"), ("letter", "later")], (
                "du 7 février 2026 au 17 mars 2026 inclus : 11,22 € (10,5% par an)",
                "au plus tard le 30 mars 2026")),
        },
        absent=("intérêt légal", "6:119", *DUTCH_WORDS),
    ),
    _case(
        "BE business: reminder",
        expect=("une sommation suivra", "au plus tard le 26 février 2026"),
        absent=DUTCH_WORDS,
    ),
    _clause(_case(
        "BE consumer: friendly reminder names the first reminder",
        expect=("au plus tard le 23 février 2026",
                "un premier rappel suivra après l'échéance"),
        absent=DUTCH_WORDS,
    ), None),
)  # fmt: skip
