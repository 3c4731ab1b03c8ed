"""The customer's timeline on one list: messages, calls and notes, promises, disputes,
the planned next steps, and who changed what (the audit log), newest first.

Every entry reads as sentences in the reader's language: its texts are `Phrase`s (a msgid
and its values) that the page says with the `said` filter, amounts and days in the
reader's format. A change of the audit log reads as what was done and by whom ("Proposal
approved by Demo"), one sentence per action code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.records import ContactEvent, Dispute, Promise, Task
from tijdig.domain.money import Money
from tijdig.domain.reasons import Reason
from tijdig.domain.users import AuditEntry
from tijdig.entrypoints.web.rendering import Phrase
from tijdig.entrypoints.web.ui.collection import REASON_LABELS, ROLE_LABELS
from tijdig.entrypoints.web.ui.workspace import N_
from tijdig.services.portal import PORTAL_ACTOR
from tijdig.services.records.agenda import Activity

KIND_LABELS = {
    "email_sent": N_("e-mail sent"),
    "letter_sent": N_("letter sent"),
    "sms_sent": N_("SMS sent"),
    "call": N_("call"),
    "personal_email": N_("personal e-mail"),
    "visit": N_("visit"),
    "note": N_("note"),
    "follow_up": N_("follow-up"),
    "hand_over": N_("hand-over"),
    "promise": N_("promise"),
    "dispute": N_("dispute"),
    "change": N_("change"),
}
STATE_LABELS = {
    "open": N_("open"),
    "kept": N_("kept"),
    "not_kept": N_("not kept"),
    "resolved": N_("resolved"),
    "planned": N_("planned"),
}
# One sentence per action of the audit log; an action not listed says only who changed.
ACTION_TEXTS = {
    "run.start": N_("Daily run started by {actor}"),
    "run.approve": N_("Proposal approved by {actor}"),
    "run.skip": N_("Proposal skipped by {actor}"),
    "run.send": N_("Approved messages sent by {actor}"),
    "message.send": N_("Message handed to the mail server by {actor}"),
    "message.settle": N_("Message queued again by {actor}"),
    "promise.add": N_("Promise to pay recorded by {actor}"),
    "dispute.open": N_("Dispute opened by {actor}"),
    "dispute.resolve": N_("Dispute resolved by {actor}"),
    "dispute.outcome": N_("Dispute closed with its outcome by {actor}"),
    "note.add": N_("Internal note added by {actor}"),
    "note.close": N_("Internal note closed by {actor}"),
    "task.done": N_("Task completed by {actor}"),
    "task.add": N_("Next action set by {actor}"),
    "customer.pause": N_("Dunning paused by {actor}"),
    "customer.pause_lift": N_("Dunning resumed by {actor}"),
    "customer.statement": N_("Statement of account sent by {actor}"),
    "invoice.copy_resent": N_("Invoice copy sent again by {actor}"),
    "customer.export": N_("Personal data exported by {actor}"),
    "customer.erase": N_("Personal data erased by {actor}"),
    "bank.book": N_("Payment booked by {actor}"),
    "bank.dismiss": N_("Bank line set aside by {actor}"),
    "portal.dispute": N_("Problem reported by the customer in the portal"),
    "portal.promise": N_("Promise to pay made by the customer in the portal"),
    "mandate.add": N_("Direct debit mandate added by {actor}"),
    "mandate.set": N_("Direct debit mandate changed by {actor}"),
    "mandate.revoke": N_("Direct debit mandate revoked by {actor}"),
    "debit.notify": N_("Direct debit announced by {actor}"),
    "debit.export": N_("Direct debit collected by {actor}"),
    "clause.set": N_("Contract clause set by {actor}"),
    "clause.remove": N_("Contract clause removed by {actor}"),
    "customer.hardship": N_("Hardship status recorded by {actor}: collection paused"),
    "customer.hardship_end": N_("Hardship status ended by {actor}: collection resumes"),
    "customer.hand_over": N_("Handed over to the collection agency by {actor}"),
    "customer.credit_hold": N_("Credit hold set by {actor}"),
    "customer.language": N_("The customer's language changed by {actor}"),
    "hand_over.status": N_("Hand-over case's status changed by {actor}"),
    "contact.call": N_("Call logged by {actor}"),
    "contact.personal_email": N_("E-mail logged by {actor}"),
    "contact.visit": N_("Visit logged by {actor}"),
    "contact.note": N_("Note added by {actor}"),
    "contact.bounce": N_("Bounce of an e-mail address recorded by {actor}"),
    "mail.personal": N_("Personal e-mail sent by {actor}"),
    "contacts.settings": N_("How often contact details are confirmed changed by {actor}"),
    "message.bounce_resend": N_("Legal notice not received by e-mail: sent again by post"),
    "portal.contact_confirm": N_("Contact details confirmed by the customer in the portal"),
    "plan.offer": N_("Payment plan offered by {actor}"),
    "plan.propose": N_("Payment plan proposed by {actor}, outside the limits: to approve"),
    "plan.approve": N_("Payment plan approved by {actor}"),
    "plan.accept": N_("Payment plan accepted in writing by {actor}"),
    "plan.cancel": N_("Payment plan cancelled by {actor}"),
    "portal.plan_request": N_(
        "Payment plan asked for by the customer in the portal, during the reminder's term"
    ),
}
# Who acted, when it was the customer through their portal link.
BY_PORTAL = N_("the customer in the portal")
OTHER_CHANGE = N_("Changed by {actor}")


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    time: str  # "14:05", or "" for something dated only
    kind: str  # a key of KIND_LABELS (also the entry's CSS class)
    text: Reason | Phrase | str  # str: what a person wrote (a note, a task's title)
    detail: tuple[Reason | Phrase | str, ...] = ()
    state: str = ""  # a key of STATE_LABELS, or ""
    order: int = 0  # within a day: planned steps first, then records, then contacts


def _local(moment: datetime) -> tuple[date, str]:
    local = moment.astimezone(BUSINESS_TIMEZONE)
    return local.date(), f"{local:%H:%M}"


def _event(e: ContactEvent) -> Entry:
    day, time = _local(e.occurred_at)
    parts: list[Phrase | str] = []
    parts += [Phrase(N_("with {name}"), {"name": e.with_whom})] if e.with_whom else []
    parts += [Phrase(N_("by {name}"), {"name": e.by})] if e.by else []
    parts += [e.outcome] if e.outcome else []
    if e.reason:
        parts.append(Phrase(N_("reason: {reason}"), {"reason": Phrase(REASON_LABELS[e.reason])}))
    parts += [e.next_step] if e.next_step else []
    return Entry(day, time, e.kind.value, e.summary, tuple(parts), order=1)


def _promise(p: Promise) -> Entry:
    state = {None: "open", True: "kept", False: "not_kept"}[p.kept]
    if p.amount is None:
        text = Phrase(N_("To pay everything overdue by {day}"), {"day": p.promised_date})
    else:
        amount = Money(p.currency, p.amount)
        text = Phrase(N_("To pay {amount} by {day}"), {"amount": amount, "day": p.promised_date})
    return Entry(p.made_on, "", "promise", text, state=state, order=2)


def _dispute(d: Dispute) -> Entry:
    state = "open" if d.resolved_on is None else "resolved"
    why = Phrase(REASON_LABELS[d.reason])
    text = Phrase(N_("Invoice {invoice}: {reason}"), {"invoice": d.invoice_number, "reason": why})
    detail: list[Phrase | str] = [d.note] if d.note else []
    if d.resolved_on is not None:
        detail.append(Phrase(N_("resolved on {day}"), {"day": d.resolved_on}))
    return Entry(d.opened_on, "", "dispute", text, tuple(detail), state, order=2)


def _task(t: Task) -> Entry:
    role = ROLE_LABELS.get(t.contact_role or "", "")
    who = (Phrase(N_("ask for {role}"), {"role": Phrase(role)}),) if role else ()
    if isinstance(t.title, Reason):  # planned by the system: what, then why
        return Entry(t.due_on, "", t.kind.value, t.title, (*t.reasons, *who), "planned", order=3)
    if t.reasons:  # planned before titles were codes: its reasons say why
        first, *more = t.reasons
        return Entry(t.due_on, "", t.kind.value, first, (*more, *who), "planned", order=3)
    return Entry(t.due_on, "", t.kind.value, t.title, who, "planned", order=3)


def _audit(a: AuditEntry) -> Entry:
    day, time = _local(a.at)
    actor = a.actor.removesuffix(" (web)")
    who = Phrase(BY_PORTAL) if actor == PORTAL_ACTOR else actor
    text = Phrase(ACTION_TEXTS.get(a.action, OTHER_CHANGE), {"actor": who})
    return Entry(day, time, "change", text, order=0)


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
