"""A run item as the pages show it: open amounts per currency, reasons, claim, link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.reasons import Reason, many_from_json
from tijdig.entrypoints.web.ui.collection import customer_url
from tijdig.entrypoints.web.ui.workspace import Workspace
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
        return self.item.status == "proposed"


def item_row(ws: Workspace, item: RunItem) -> ItemRow:
    payload = item.payload
    lines = payload.get("lines", [])
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line["currency"]] = totals.get(line["currency"], Decimal(0)) + Decimal(line["open"])
    claim = payload.get("claim")
    return ItemRow(
        item=item,
        amounts=tuple((amount, currency) for currency, amount in sorted(totals.items())),
        invoices=len(lines),
        days_overdue=max((int(line["days_overdue"]) for line in lines), default=None),
        reasons=many_from_json(payload.get("reasons")),
        claim=(Decimal(claim["costs"]), Decimal(claim["interest"]), claim["currency"])
        if claim else None,
        customer_url=customer_url(ws, item.customer_number) if item.customer_number else None,
        due_on=date.fromisoformat(payload["due_on"]) if payload.get("due_on") else None,
    )  # fmt: skip
