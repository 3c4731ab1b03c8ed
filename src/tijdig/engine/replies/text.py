"""The sender's own words: a reply without the message it quotes, the mail it forwards
or its signature, cut into sentences; and a guess at its language.

Quoted text is the reminder Tijdig sent: full of "betalen" and "vóór 13 maart". Read
with the reply, it would make every reply a promise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line where the quoted or forwarded message starts; everything from it on is cut.
_QUOTE_STARTS = [
    r"^\s*>",
    r"^\s*(?:op|on|le|am)\s.{0,200}\b(?:schreef|wrote|a\s+écrit|écrit|schrieb)\b.{0,80}:?\s*$",
    r"^\s*-{2,}\s*(?:original message|oorspronkelijk bericht|origineel bericht|message d'origine"
    r"|forwarded message|doorgestuurd bericht|message transféré|message transfere)\s*-{2,}",
    r"^\s*(?:begin forwarded message|begin doorgestuurd bericht|début du message réexpédié)\s*:",
    r"^\s*_{10,}\s*$",
]
_QUOTE_START = re.compile("|".join(_QUOTE_STARTS), re.IGNORECASE)
# "Op wo 4 mrt 2026 om 09:02 schreef" wrapped over two lines by the mail program.
_WROTE_HEAD = re.compile(r"^\s*(?:op|on|le|am)\s+\S", re.IGNORECASE)
_WROTE_TAIL = re.compile(r"\b(?:schreef|wrote|a\s+écrit|schrieb)\b.{0,80}:\s*$", re.IGNORECASE)
# An Outlook header block: "Van:" followed within three lines by "Verzonden:".
_HEADER_FROM = re.compile(r"^\s*\*?(?:van|from|de)\s?:", re.IGNORECASE)
_HEADER_SENT = re.compile(
    r"^\s*\*?(?:verzonden|sent|envoyé|date|datum|gesendet)\s?:", re.IGNORECASE
)
# A signature starts at "-- ", at a greeting that closes the mail, or at the phone's line.
_SIGNATURE = re.compile(
    r"^\s*(?:--\s*$|(?:met\s+)?(?:vriendelijke|hartelijke)\s+groet|mvg\b|m\.v\.g\b|groet(?:en|jes)?\b"
    r"|gr\.?\s|gr\.?$|(?:kind|best|warm)\s+(?:regards|wishes)|regards\b|best\b,?\s*$|cheers\b"
    r"|thanks\b,?\s*$|many\s+thanks|thank\s+you\b,?\s*$|yours\s+(?:sincerely|faithfully)"
    r"|(?:bien\s+)?cordialement|bien\s+à\s+vous|salutations|veuillez\s+agréer|bonne\s+journée"
    r"|merci(?:\s+d'avance)?\s*[,!.]?\s*$"
    r"|(?:sent\s+from\s+my|(?:verzonden|verstuurd)\s+(?:vanaf|met)\s+mijn|envoyé\s+(?:de|depuis)\s+mon)\s)",
    re.IGNORECASE,
)


def own_text(body: str) -> str:
    """The lines the sender wrote: up to the quoted message and the signature."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _starts_quote(lines, index):
            break
        if kept and any(k.strip() for k in kept) and _SIGNATURE.match(line):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _starts_quote(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _QUOTE_START.match(line):
        return True
    following = lines[index + 1 : index + 4]
    if _WROTE_HEAD.match(line) and following and _WROTE_TAIL.search(line + " " + following[0]):
        return True
    return bool(_HEADER_FROM.match(line) and any(_HEADER_SENT.match(n) for n in following))


_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|sv|tr|fw|fwd|wg|doorst|réf)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def is_answer_subject(subject: str) -> bool:
    """ "Re: Herinnering ...": the subject is Tijdig's own, not the sender's words."""
    return bool(_REPLY_PREFIX.match(subject))


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # lower case, one line
    question: bool


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentences(text: str) -> list[Sentence]:
    """Sentences of the sender's text, lower case; a question keeps its question mark.
    A full stop between digits (1.250,00; 15.01) does not end one."""
    protected = re.sub(r"(?<=\d)\.(?=\d)", "\u2024", text)
    protected = re.sub(r"\b(?:a\.s|jl|o\.a|bijv|nr|ca|etc|vs)\.", lambda m: m[0][:-1], protected)
    found: list[Sentence] = []
    for match in _SENTENCE.finditer(protected):
        piece = " ".join(match[0].replace("\u2024", ".").split()).lower()
        if piece.strip(" .!?"):
            found.append(Sentence(piece, question=piece.rstrip().endswith("?")))
    return found


_LANGUAGE_WORDS = {
    "nl": {
        "de", "het", "een", "is", "we", "wij", "ik", "niet", "en", "van", "op", "deze",
        "factuur", "hebben", "betaald", "u", "uw", "graag", "dit", "zijn", "dat", "kunt",
        "volgende", "week", "nog", "al", "heb", "maar", "voor", "wordt", "zal", "geen",
    },
    "en": {
        "the", "a", "is", "we", "i", "not", "and", "of", "on", "this", "invoice", "have",
        "paid", "you", "your", "please", "it", "be", "that", "can", "will", "next", "week",
        "yet", "already", "has", "but", "for", "our", "been", "was", "to",
    },
    "fr": {
        "le", "la", "les", "un", "une", "est", "nous", "je", "pas", "et", "de", "du",
        "cette", "facture", "avons", "payé", "vous", "votre", "merci", "ce", "sont", "que",
        "pouvez", "prochain", "semaine", "encore", "déjà", "ai", "mais", "pour", "sera", "été",
        "payer", "puis", "fois", "bonjour", "réglé", "virement", "paiement",
    },
}  # fmt: skip


def guess_language(text: str, hint: str | None = None) -> str:
    """nl, en or fr by the most common words; the hint (the customer's language) decides
    a tie and a text too short to tell."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
    words = [w for part in words for w in part.split("'") if w]
    scores = {
        language: sum(w in known for w in words) for language, known in _LANGUAGE_WORDS.items()
    }
    best = max(scores.values())
    if best < 2 or (hint in scores and scores[hint] == best):
        return hint if hint in scores else max(scores, key=lambda k: scores[k])
    return max(scores, key=lambda k: scores[k])
