"""A customer's collection activity as one timeline: contacts, promises (kept or not),
disputes and the planned next steps (S0-2, S4-3..S4-6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.records import ContactEvent, Dispute, Promise, Task
from tijdig.domain.reason_texts import plain

TITLE = "Activity so far"
Line = tuple[date, int, str, str]  # day, order within the day, what, detail


def _event(e: ContactEvent) -> Line:
    parts = [plain(e.summary)]
    parts += [f"with {e.with_whom}"] if e.with_whom else []
    parts += [f"by {e.by}"] if e.by else []
    parts += [f"outcome: {e.outcome}"] if e.outcome else []
    parts += [f"reason: {e.reason.value}"] if e.reason else []
    parts += [f"next: {e.next_step}"] if e.next_step else []
    local = e.occurred_at.astimezone(BUSINESS_TIMEZONE)
    return (
        local.date(),
        2,
        f"{e.kind.value.replace('_', ' ')} {local:%H:%M}",
        escape("; ".join(parts)),
    )


def _promise(p: Promise) -> Line:
    what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
    state = {None: "open", True: "[green]kept[/]", False: "[red]not kept[/]"}[p.kept]
    return p.made_on, 1, "promise", f"to pay {what} by {p.promised_date}: {state}"


def _dispute(d: Dispute) -> Line:
    state = (
        "[yellow]open, invoice held[/]" if d.resolved_on is None else f"resolved {d.resolved_on}"
    )
    note = f" ({d.note})" if d.note else ""
    return (
        d.opened_on,
        1,
        "dispute",
        f"invoice {d.invoice_number}: {d.reason.value}{escape(note)}; {state}",
    )


def _task(task_id: int, t: Task) -> Line:
    who = f", ask for {t.contact_role.replace('_', ' ')}" if t.contact_role else ""
    return (
        t.due_on,
        0,
        f"[bold]planned[/] #{task_id}",
        f"{t.kind.value}: {escape(plain(t.title))}{who}",
    )


def timeline_panel(
    events: Sequence[ContactEvent],
    tasks: Sequence[tuple[int, Task]],
    promises: Sequence[Promise],
    disputes: Sequence[Dispute],
) -> RenderableType:
    """Newest first, the planned next steps on top; a short panel when there is nothing."""
    lines = [
        *(_task(task_id, t) for task_id, t in tasks),
        *(_event(e) for e in events),
        *(_promise(p) for p in promises),
        *(_dispute(d) for d in disputes),
    ]
    if not lines:
        return Panel("No contacts, agreements or reminders recorded yet.", title=TITLE)
    lines.sort(key=lambda line: (line[0], -line[1]), reverse=True)
    table = Table("date", "what", "detail", title=TITLE)
    for day, _, what, detail in lines:
        table.add_row(str(day), what, detail)
    return table
