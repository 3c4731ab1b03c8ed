"""Payment terms written as text (an e-invoice's cbc:PaymentTerms/cbc:Note), read.

Only two things are read, in Dutch, English, German and French: a number of calendar
days after the invoice date ("14 dagen", "30 days net", "Net 30", "14 Tage", "30 jours")
and "payable on receipt" ("bij ontvangst", "due upon receipt", "sofort", "à réception";
also "0 days"). A clause about a discount ("2% korting binnen 8 dagen", Skonto,
escompte) is not a payment term; with several numbers of days the longest counts (the
later due date: no reminder before the customer's time is up). Terms counted to the end
of a month, or in working days, are not read: `read_payment_terms` gives None, and the
caller falls back on its own rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class TermsKind(StrEnum):
    DAYS = "days"  # `days` calendar days after the invoice date
    ON_RECEIPT = "on_receipt"  # payable on receipt: no payment date agreed


@dataclass(frozen=True, slots=True)
class PaymentTerms:
    kind: TermsKind
    days: int = 0


_DAYS = re.compile(
    r"(?<![\d/])(\d{1,3})\s*(?:kalender)?(?:dagen|dag|days?|tagen|tage|tag|jours?)\b"
    r"(?!\s+ouvr)",
    re.IGNORECASE,
)
_NET = re.compile(r"\bnet(?:to)?\s+(\d{1,3})\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[;\n]|[.,](?=\s)")
_DISCOUNT = re.compile(r"korting|discount|skonto|escompte|remise|rabatt?\b", re.IGNORECASE)
_END_OF_MONTH = re.compile(
    r"einde\s+(?:van\s+de\s+)?maand|end\s+of\s+(?:the\s+)?month|\beom\b|monatsende"
    r"|ende\s+des\s+monats|fin\s+de\s+mois",
    re.IGNORECASE,
)
_ON_RECEIPT = re.compile(
    r"\b(?:bij|na)\s+ontvangst\b|\bper\s+omgaande\b|\bdirect\s+(?:te\s+)?(?:betalen|voldoen"
    r"|opeisbaar)\b|\bonmiddellijk\b|\bcontant\b"
    r"|\b(?:up)?on\s+receipt\b|\bimmediate(?:ly)?\b"
    r"|\bsofort\b|\b(?:bei|nach)\s+erhalt\b"
    r"|(?:\bà|\ba|\bdès|\bdes)\s+r[ée]ception\b|\bcomptant\b|\bimm[ée]diat",
    re.IGNORECASE,
)


def read_payment_terms(text: str) -> PaymentTerms | None:
    """The number of days, or payable on receipt, the text states; None for anything else."""
    if _END_OF_MONTH.search(text):
        return None
    clauses = [c for c in _CLAUSES.split(text) if c.strip() and not _DISCOUNT.search(c)]
    found = [int(m.group(1)) for c in clauses for p in (_DAYS, _NET) for m in p.finditer(c)]
    if found:
        longest = max(found)
        return (
            PaymentTerms(TermsKind.DAYS, longest) if longest else PaymentTerms(TermsKind.ON_RECEIPT)
        )
    if any(_ON_RECEIPT.search(c) for c in clauses):
        return PaymentTerms(TermsKind.ON_RECEIPT)
    return None
