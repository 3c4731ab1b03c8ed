"""Reading the hand-written reply sets: `labelled/*.txt` (measured, never used to tune
the rules) and `dev_examples.txt` (the examples the rules were built from).

A record starts with a line `=== id | language | kind | received on | promised | reason`
("-" for none), then header lines up to a blank line, then the body up to the next
record. `<<quote:nl>>` (en, fr) and `<<outlook:nl>>` (en, fr) stand for the reminder the
customer answered, quoted the way mail programs quote it: written once here so that the
sets stay readable, and full of the words ("betalen", "vóór 13 maart") that must not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).parent

QUOTES = {
    "<<quote:nl>>": (
        "\nOp wo 4 mrt 2026 om 09:02 schreef Debiteurenbeheer <debiteuren@leverancier.nl>:\n"
        "> Geachte heer, mevrouw,\n>\n"
        "> Volgens onze administratie is factuur F2026-0113 van 3 februari nog niet betaald.\n"
        "> Wilt u het bedrag van € 1.250,00 vóór 13 maart overmaken op NL91 ABNA 0417 1643 00?\n"
        "> Heeft u al betaald? Dan kunt u dit bericht als niet verzonden beschouwen.\n>\n"
        "> Met vriendelijke groet,\n> Debiteurenbeheer\n"
    ),
    "<<quote:en>>": (
        "\nOn Wed, 4 Mar 2026 at 09:02, Credit Control <credit@supplier.co.uk> wrote:\n"
        "> Dear customer,\n>\n"
        "> Our records show that invoice F2026-0113 of 3 February has not been paid yet.\n"
        "> Please pay EUR 1,250.00 by 13 March. If you have already paid, please ignore this\n"
        "> message.\n>\n> Kind regards,\n> Credit Control\n"
    ),
    "<<quote:fr>>": (
        "\nLe mer. 4 mars 2026 à 09:02, Service recouvrement <recouvrement@fournisseur.be>"
        " a écrit :\n"
        "> Madame, Monsieur,\n>\n"
        "> Sauf erreur de notre part, la facture F2026-0113 du 3 février n'a pas encore été\n"
        "> payée.\n"
        "> Nous vous prions de régler 1 250,00 € avant le 13 mars. Si vous avez déjà payé,\n"
        "> veuillez ne pas tenir compte de ce message.\n>\n> Cordialement\n"
    ),
    "<<outlook:nl>>": (
        "\n________________________________\n"
        "Van: Debiteurenbeheer <debiteuren@leverancier.nl>\n"
        "Verzonden: woensdag 4 maart 2026 09:02\n"
        "Aan: info@klant.nl\n"
        "Onderwerp: Herinnering factuur F2026-0113\n\n"
        "Geachte heer, mevrouw,\n\n"
        "Factuur F2026-0113 is nog niet betaald. Wilt u het bedrag vóór 13 maart betalen?\n"
    ),
    "<<outlook:en>>": (
        "\n________________________________\n"
        "From: Credit Control <credit@supplier.co.uk>\n"
        "Sent: Wednesday, March 4, 2026 9:02 AM\n"
        "To: accounts@client.co.uk\n"
        "Subject: Reminder invoice F2026-0113\n\n"
        "Dear customer, invoice F2026-0113 has not been paid. Please pay by 13 March.\n"
    ),
    "<<outlook:fr>>": (
        "\n________________________________\n"
        "De : Service recouvrement <recouvrement@fournisseur.be>\n"
        "Envoyé : mercredi 4 mars 2026 09:02\n"
        "À : compta@client.be\n"
        "Objet : Rappel facture F2026-0113\n\n"
        "Madame, Monsieur, la facture F2026-0113 n'a pas encore été payée. Merci de la régler "
        "avant le 13 mars.\n"
    ),
}


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    language: str
    kind: str
    received_on: date
    promised_on: date | None
    reason: str | None
    headers: tuple[tuple[str, str], ...]
    body: str

    @property
    def subject(self) -> str:
        return next((value for name, value in self.headers if name.lower() == "subject"), "")

    def message(self) -> EmailMessage:
        """The case as the mail it stands for: headers, then a text/plain body."""
        msg = EmailMessage()
        msg["From"] = "Klant <klant@example.nl>"
        msg["To"] = "debiteuren+t0k3n@leverancier.nl"
        for name, value in self.headers:
            msg[name] = value
        msg.set_content(self.body)
        return msg


def _optional(field: str) -> str | None:
    return None if field.strip() == "-" else field.strip()


def _case(head: str, lines: list[str]) -> Case:
    fields = [part.strip() for part in head.removeprefix("===").split("|")]
    ident, language, kind, received, promised, reason = fields
    blank = lines.index("") if "" in lines else len(lines)
    headers = tuple(
        (name.strip(), value.strip())
        for name, value in (line.split(":", 1) for line in lines[:blank])
    )
    body = "\n".join(lines[blank + 1 :]).strip("\n") + "\n"
    for macro, text in QUOTES.items():
        body = body.replace(macro + "\n", text)
    promised_on = _optional(promised)
    return Case(
        id=ident,
        language=language,
        kind=kind,
        received_on=date.fromisoformat(received),
        promised_on=date.fromisoformat(promised_on) if promised_on else None,
        reason=_optional(reason),
        headers=headers,
        body=body,
    )


def read(path: Path) -> list[Case]:
    cases: list[Case] = []
    head: str | None = None
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("==="):
            if head is not None:
                cases.append(_case(head, lines))
            head, lines = line, []
        elif head is not None:
            lines.append(line)
    if head is not None:
        cases.append(_case(head, lines))
    return cases


def labelled() -> list[Case]:
    return [case for path in sorted((HERE / "labelled").glob("*.txt")) for case in read(path)]


def dev_examples() -> list[Case]:
    return read(HERE / "dev_examples.txt")
