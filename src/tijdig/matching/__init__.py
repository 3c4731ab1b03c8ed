"""Bank line to invoice matching decisions (pure: no I/O, no clock).

model       OpenItem, PaidCredit, PlanInForce and the Ledger index (in); Allocation, Suggestion,
            MatchOutcome (out)
references  structured references and invoice numbers found in a line's text
allocation  art. 6:44 BW split (per invoice, and across a plan's invoices), early-payment
            discount, the bounded combination search
line        what the rules share: the payer, the line with the ledger, the confidences
matcher     match(tx, ledger) -> MatchOutcome: the rules, their confidences, the threshold
plans       a payment plan in force as a payment target
undo        debits, returns, reversals and refunds
"""

from tijdig.matching.matcher import THRESHOLD, match
from tijdig.matching.model import (
    Allocation,
    Kind,
    Ledger,
    MatchOutcome,
    OpenItem,
    PaidCredit,
    PlanInForce,
    Suggestion,
)

__all__ = [
    "THRESHOLD",
    "Allocation",
    "Kind",
    "Ledger",
    "MatchOutcome",
    "OpenItem",
    "PaidCredit",
    "PlanInForce",
    "Suggestion",
    "match",
]
