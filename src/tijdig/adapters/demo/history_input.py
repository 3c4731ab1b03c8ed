"""What the ledger hands the collection history (history.py) about each dunned invoice.

An invoice is dunned when it is still open on the as-of date (its whole ladder so far
is made, however old), or when it fell due in the last `HISTORY_WINDOW` days and was
still open when its first step (a friendly reminder before the due date) could go.
Older invoices paid long ago get no history: it would cost a million-invoice demo
much time and show nothing the engine or a person looks at.
"""

from __future__ import annotations

HISTORY_WINDOW = 21  # days: invoices due since then get their history even when paid
LADDER_LEAD = 8  # days before the due date the earliest friendly reminder can go

# invoice id, number, issue day, due day (ordinals), currency, total, net, prepaid
# (minor units), the settlements booked as (ordinal day, amount), payment reference
Dunned = tuple[int, str, int, int, str, int, int, int, tuple[tuple[int, int], ...], str]
