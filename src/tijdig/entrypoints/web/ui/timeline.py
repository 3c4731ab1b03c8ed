"""The customer's timeline on one list: messages, calls and notes, promises, disputes,
the planned next steps, and who changed what (the audit log), newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.records import ContactEvent, Dispute, Promise, Task
from tijdig.domain.users import AuditEntry
from tijdig.services.records.agenda import Activity


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    time: str  # "14:05", or "" for something dated only
    kind: str  # a msgid: the template translates it
    text: str
    detail: str = ""
    state: str = ""  # a msgid: open, kept, not kept, resolved, planned
    order: int = 0  # within a day: planned steps first, then records, then contacts


def _local(moment: datetime) -> tuple[date, str]:
    local = moment.astimezone(BUSINESS_TIMEZONE)
    return local.date(), f"{local:%H:%M}"


def _event(e: ContactEvent) -> Entry:
    day, time = _local(e.occurred_at)
    parts = [f"with {e.with_whom}"] if e.with_whom else []
    parts += [f"by {e.by}"] if e.by else []
    parts += [f"outcome: {e.outcome}"] if e.outcome else []
    parts += [f"reason: {e.reason.value}"] if e.reason else []
    parts += [f"next: {e.next_step}"] if e.next_step else []
    kind = e.kind.value.replace("_", " ")
    return Entry(day, time, kind, e.summary, "; ".join(parts), order=1)


def _promise(p: Promise) -> Entry:
    what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
    state = {None: "open", True: "kept", False: "not kept"}[p.kept]
    return Entry(p.made_on, "", "promise", f"to pay {what} by {p.promised_date}", state=state,
                 order=2)  # fmt: skip


def _dispute(d: Dispute) -> Entry:
    state = "open" if d.resolved_on is None else "resolved"
    detail = d.note if d.resolved_on is None else f"{d.note} (resolved {d.resolved_on})".strip()
    return Entry(d.opened_on, "", "dispute", f"invoice {d.invoice_number}: {d.reason.value}",
                 detail, state, order=2)  # fmt: skip


def _task(t: Task) -> Entry:
    who = f"ask for {t.contact_role.replace('_', ' ')}" if t.contact_role else ""
    return Entry(t.due_on, "", t.kind.value.replace("_", " "), t.title, who, "planned", order=3)


def _audit(a: AuditEntry) -> Entry:
    day, time = _local(a.at)
    text = f"{a.action}: {a.subject}" if a.subject else a.action
    return Entry(day, time, "change", text, f"{a.details} ({a.actor})".strip(), order=0)


def timeline(activity: Activity, changes: Sequence[AuditEntry] = ()) -> list[Entry]:
    entries = [
        *(_task(t) for _, t in activity.tasks),
        *(_event(e) for e in activity.events),
        *(_promise(p) for p in activity.promises),
        *(_dispute(d) for d in activity.disputes),
        *(_audit(a) for a in changes),
    ]
    entries.sort(key=lambda e: (e.day, e.order, e.time), reverse=True)
    return entries
