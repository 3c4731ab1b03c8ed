"""What matching's rules share about one bank line: who paid (`Payer`), the line with the
ledger (`Line`: does the payer contradict, corroborate, whom a suggestion is for), and
the confidences the rules give (the table in `tijdig.matching.matcher`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from tijdig.domain.banking import BankTransaction
from tijdig.domain.reasons import Reason
from tijdig.matching.model import ZERO, Allocation, Ledger, OpenItem, Suggestion, normalise_name

THRESHOLD = Decimal("0.90")
NAME_RATIO = 0.85
MAX_BROKEN = 6  # broken references repaired per line
MARGIN = Decimal("0.05")
MAX_SUGGESTIONS = 3

REF_EXACT, NUMBERS, PAYER_SINGLE = Decimal("0.99"), Decimal("0.96"), Decimal("0.95")
TYPO, REF_COMBINED, TAILS = Decimal("0.94"), Decimal("0.94"), Decimal("0.93")
PARTIAL, OVERPAID, PAYER_COMBINED = Decimal("0.93"), Decimal("0.92"), Decimal("0.92")
STRANGER, NAME_SINGLE = Decimal("0.92"), Decimal("0.90")
AMBIGUOUS, UNSURE, GUESS = Decimal("0.80"), Decimal("0.70"), Decimal("0.50")


@dataclass(frozen=True, slots=True)
class Payer:
    """Who paid, as far as the account or the name tells: `group` is the customer and the
    companies it pays for; `by_iban` whether a learned account (not a name) says so."""

    number: str
    group: frozenset[str]
    by_iban: bool


@dataclass(frozen=True, slots=True)
class Line:
    """The bank line with what the rules share: the ledger and the payer, if known."""

    tx: BankTransaction
    ledger: Ledger
    payer: Payer | None

    def consistent(self, allocations: Sequence[Allocation]) -> bool:
        """Nothing contradicts: no payer known, or it pays for all these invoices."""
        if self.payer is None:
            return True
        owners = {self.ledger.owner(a.invoice_number) for a in allocations}
        return all(o is not None and o in self.payer.group for o in owners)

    def corroborates(self, item: OpenItem) -> bool:
        """The payer, known by account or name, is the item's customer or its parent;
        or, unknown, the name on the line resembles that customer's (or parent's)."""
        owner = item.customer_number
        if self.payer is not None:
            return self.ledger.pays_for(self.payer.number, owner)
        named = normalise_name(self.tx.counterparty_name or "")
        candidates = (owner, self.ledger.parents.get(owner))
        names = [normalise_name(self.ledger.names.get(c or "", "")) for c in candidates]
        return any(n and SequenceMatcher(None, named, n).ratio() >= NAME_RATIO for n in names)

    def suggest(
        self,
        allocations: tuple[Allocation, ...],
        confidence: Decimal,
        reason: Reason,
        overpayment: Decimal = ZERO,
    ) -> Suggestion:
        """A suggestion for the invoices' customer (the payer when it pays for several)."""
        owners = {self.ledger.owner(a.invoice_number) for a in allocations}
        customer = owners.pop() if len(owners) == 1 else None
        if customer is None and self.payer is not None:
            customer = self.payer.number
        return Suggestion(customer, allocations, confidence, (reason,), overpayment)


def names(allocations: Sequence[Allocation]) -> str:
    return ", ".join(a.invoice_number for a in allocations)
