"""A run item as the pages show it: open amounts per currency, reasons, claim, link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.run_items import RunItemStatus
from tijdig.domain.reasons import Reason
from tijdig.entrypoints.web.ui.collection import customer_url
from tijdig.entrypoints.web.ui.workspace import Workspace
from tijdig.services.collection.payload import CallPayload, MessagePayload, reasons_of
from tijdig.services.collection.views import RunItem


@dataclass(frozen=True, slots=True)
class ItemRow:
    """A run item as the page shows it: amounts per currency, reasons, claim."""

    item: RunItem
    amounts: tuple[tuple[Decimal, str], ...]
    invoices: int
    days_overdue: int | None
    reasons: tuple[Reason, ...]  # none for an item stored before codes: its summary says
    claim: tuple[Decimal, Decimal, str] | None
    customer_url: str | None
    due_on: date | None = None  # a call's day

    @property
    def decidable(self) -> bool:
        return self.item.status is RunItemStatus.PROPOSED


def item_row(ws: Workspace, item: RunItem) -> ItemRow:
    payload = item.payload
    proposal = payload.approved if isinstance(payload, MessagePayload) else None
    lines = proposal.lines if proposal else ()
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.open_amount
    claim = proposal.claim if proposal else None
    return ItemRow(
        item=item,
        amounts=tuple((amount, currency) for currency, amount in sorted(totals.items())),
        invoices=len(lines),
        days_overdue=max((line.days_overdue for line in lines), default=None),
        reasons=reasons_of(payload),
        claim=(claim.costs, claim.interest, claim.currency) if claim else None,
        customer_url=customer_url(ws, item.customer_number) if item.customer_number else None,
        due_on=payload.due_on if isinstance(payload, CallPayload) else None,
    )  # fmt: skip
