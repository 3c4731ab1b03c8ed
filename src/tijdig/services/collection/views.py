"""Read-model values of a run, as the CLI and the web show them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.reason_texts import say_all
from tijdig.domain.reasons import Reason
from tijdig.services.collection.payload import RunPayload, payload_from_json


@dataclass(frozen=True, slots=True)
class RunItem:
    """A proposal, call, hold or warning of a run, with its status."""

    id: int
    run_id: int
    kind: RunItemKind
    status: RunItemStatus
    customer_number: str | None
    customer_name: str | None
    policy_code: str | None
    step_key: str | None
    channel: str | None
    summary: str  # what and why in English, for the CLI and the API (the pages say codes)
    payload_json: str = "{}"  # as stored: read through `payload`
    auto_approved: bool = False
    notes: tuple[Reason, ...] = ()  # how it ended, when not as planned (not sent ...)

    @property
    def line(self) -> str:
        """The summary and the notes in one line of English, as the CLI and API show it."""
        if not self.notes:
            return self.summary
        noted = f"[{say_all(self.notes)}]"
        return f"{self.summary} {noted}" if self.summary else noted

    @property
    def payload(self) -> RunPayload:
        """What the item carries (payload.py), read from its JSON when asked: a run of
        100,000 items is listed and counted without reading every proposal."""
        return payload_from_json(self.kind, json.loads(self.payload_json or "{}"))


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run with its items counted: the runs page, the CLI's review and the API alike."""

    id: int
    as_of: date
    created_at: datetime
    counts: tuple[tuple[RunItemKind, RunItemStatus, int], ...]  # (kind, status, how many)

    def count(self, *statuses: RunItemStatus) -> int:
        """Items of every kind with one of these statuses."""
        return sum(n for _, status, n in self.counts if status in statuses)


@dataclass(frozen=True, slots=True)
class RunView:
    id: int
    company_code: str
    as_of: date
    items: tuple[RunItem, ...]

    def count(self, kind: RunItemKind, status: RunItemStatus | None = None) -> int:
        return sum(1 for i in self.items if i.kind == kind and status in (None, i.status))
