"""What a pain.008 file makes of a planned collection (S1-2): collect it, let it wait
for a later file, or cancel it, always with the reason.

The order of the checks: the mandate (revoked, used up), then the invoices as they are
now (each still open for exactly the amount announced, none disputed), then the notice
(sent at the latest the mandate's period before the collection date: EPC SDD rulebooks,
PT-04.02), then the creditor identifier the notice gave. A notice still queued waits
while it can still go out in time; an unconfirmed one waits for a person to settle it.
Every function is pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.debit_collections import (
    NoticeState,
    PlannedCollection,
    Reason,
    mandate_problem,
    names,
)


class Outcome(StrEnum):
    COLLECT = "collect"  # into this file
    WAIT = "wait"  # not into this file; it may still go into a later one
    CANCEL = "cancel"  # never as announced: its invoices are free to be announced again


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    reason: Reason | None = None


COLLECT = Verdict(Outcome.COLLECT)


def judge(
    collection: PlannedCollection,
    *,
    submitted_on: date,
    creditor_id: str,
    open_now: Mapping[int, Decimal],
    disputed: Collection[int],
) -> Verdict:
    """What a file submitted on `submitted_on` under `creditor_id` makes of the
    collection: the mandate first, then its invoices as they are now, then the notice."""
    return (
        _mandate_verdict(collection, submitted_on)
        or _invoice_verdict(collection, open_now, disputed)
        or _notice_verdict(collection, submitted_on)
        or _creditor_verdict(collection, creditor_id)
        or COLLECT
    )


def _mandate_verdict(collection: PlannedCollection, submitted_on: date) -> Verdict | None:
    problem = mandate_problem(
        collection.mandate, submitted_on=submitted_on, collection_date=collection.collection_date
    )
    return None if problem is None else Verdict(Outcome.CANCEL, problem)


def _invoice_verdict(
    collection: PlannedCollection, open_now: Mapping[int, Decimal], disputed: Collection[int]
) -> Verdict | None:
    named = names(collection.mandate)
    for line in collection.invoices:
        if line.invoice_id in disputed:
            return Verdict(Outcome.CANCEL, Reason("disputed", {**named, "invoice": line.number}))
        now = open_now.get(line.invoice_id, Decimal(0))
        if now != line.amount:
            params = {**named, "invoice": line.number, "announced": f"{line.amount:.2f}",
                      "open": f"{now:.2f}"}  # fmt: skip
            return Verdict(Outcome.CANCEL, Reason("amount_changed", params))
    return None


def _notice_verdict(collection: PlannedCollection, submitted_on: date) -> Verdict | None:
    notice, deadline = collection.notice, collection.deadline
    named = names(collection.mandate, deadline=deadline.isoformat(),
                  days=str(collection.mandate.pre_notification_days))  # fmt: skip
    if notice is None or notice.state is NoticeState.QUEUED:
        if submitted_on <= deadline:
            return Verdict(Outcome.WAIT, Reason("notice_queued", named))
        return Verdict(Outcome.CANCEL, Reason("notice_not_sent", named))
    if notice.state is NoticeState.UNCONFIRMED:
        return Verdict(Outcome.WAIT, Reason("notice_unconfirmed", named))
    if notice.state is NoticeState.FAILED:
        return Verdict(
            Outcome.CANCEL, Reason("notice_failed", {**named, "error": notice.error or ""})
        )
    assert notice.sent_on is not None
    if notice.sent_on > deadline:
        params = {**named, "sent_on": notice.sent_on.isoformat()}
        return Verdict(Outcome.CANCEL, Reason("notice_late", params))
    return None


def _creditor_verdict(collection: PlannedCollection, creditor_id: str) -> Verdict | None:
    if creditor_id == collection.creditor_id:
        return None
    params = names(collection.mandate, announced=collection.creditor_id, file=creditor_id)
    return Verdict(Outcome.WAIT, Reason("other_creditor_id", params))
