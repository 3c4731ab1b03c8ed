"""The demo's collection history as rows, as the real run, approval and send store them.

A message sent (history.Sent) becomes what `tijdig run`, `run approve` and `tijdig send`
leave behind: the run of its day (one per day for the company, created at 07:30
Amsterdam time), its run item (status sent, the engine's proposal as payload), the
outbox message (sent at 09:00), a step taken per invoice with the deadline it stated,
and the contact log entry (the demo computes no costs or interest for its letters). Calls are
logged contacts (and their promises promise rows); disputes dispute rows. Ids are
assigned from `FirstIds`; the tuples follow `spec.COLUMNS`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from tijdig.adapters.demo.history import PLAN_INSTALMENTS, Call, DemoPlan, Story
from tijdig.adapters.demo.history_walk import Message
from tijdig.adapters.demo.spec import CHUNK, ID_TABLES, Batch, Day, FirstIds, Moment, Row
from tijdig.domain.collection.plans import AcceptanceWay, PlanStatus, add_months, plan_reference
from tijdig.domain.collection.records import TASK_CHANNEL, ContactKind
from tijdig.domain.legal import law_of_claim
from tijdig.domain.reasons import Code, reason, written_to_text
from tijdig.services.collection.messages import SENDER

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CONTROLLER = "Demo Credit Controller"
BODY_LINES = 20  # invoices listed in the stand-in text of a message
_STAND_IN = "@@recipient@@"  # in no address: replaced by the recipient
SUBJECTS = {
    "friendly": "Vriendelijke herinnering", "reminder": "Herinnering",
    "formal_demand": "Aanmaning", "notice_of_default": "Ingebrekestelling",
    "fourteen_day_letter": "Veertiendagenbrief", "costs_claim": "Vordering kosten en rente",
    "first_reminder": "Eerste herinnering", "final_notice": "Laatste aanmaning",
}  # fmt: skip
CALL_NOT_REACHED = ("Niet bereikt, voicemail ingesproken", "Niet bereikt, lijn bezet")
CALL_REACHED = "Gesproken over de openstaande facturen"
PLAN_AGREED = f"Betalingsregeling afgesproken in {PLAN_INSTALMENTS} maandelijkse termijnen"
PLAN_REPLY = (
    "Subject: Re: Betalingsregeling\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Geachte heer/mevrouw,\r\n\r\nHierbij ga ik akkoord met de voorgestelde "
    "betalingsregeling voor de facturen {numbers}.\r\n\r\nMet vriendelijke groet,\r\n{name}\r\n"
)
COMPANY_COUNTRY = "NL"  # the demo company's (generator.company_row)


def moment(day: date, at: time) -> Moment:
    """A wall-clock time in Amsterdam on `day`, in UTC as the database keeps it."""
    return Moment.of(datetime.combine(day, at, AMSTERDAM).astimezone(UTC))


class HistoryRows:
    """Rows of every table the history fills, with their ids."""

    def __init__(self, company_id: int, ids: FirstIds) -> None:
        self.company = company_id
        self.next_id: dict[str, int] = {t: int(getattr(ids, t)) for t in TABLES if t in ID_TABLES}
        self.rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        self.runs: dict[date, int] = {}
        self.moments: dict[tuple[date, time], Moment] = {}
        self.texts: dict[tuple[str, str], str] = {}

    def _take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, customer_id: int, story: Story) -> None:
        for sent in story.sent:
            self._message(customer_id, story, sent)
        if story.handed_over is not None:
            self._hand_over(customer_id, story, story.handed_over)
        for call in story.calls:
            self._call(customer_id, story, call)
        if story.plan is not None:
            self._plan(customer_id, story, story.plan)
        for invoice_id, d in story.disputes:
            self.rows["disputes"].append((
                self._take("disputes"), self.company, invoice_id, d.reason.value, d.note,
                Day.fromordinal(d.opened_on.toordinal()), _day(d.resolved_on), "",
            ))  # fmt: skip

    def batches(self) -> Iterator[Batch]:
        self.rows["runs"] = [
            (run_id, self.company, Day.fromordinal(day.toordinal()), moment(day, time(7, 30)))
            for day, run_id in sorted(self.runs.items(), key=lambda pair: pair[1])
        ]
        for table in TABLES:
            rows = self.rows[table]
            for start in range(0, len(rows), CHUNK):
                yield Batch(table, rows[start : start + CHUNK])

    def _sent_text(self, step: str, channel: str, recipient: str) -> str:
        """The contact log's "message sent" reason as stored (`written_to_text`), made
        once per step and channel with a stand-in for the recipient: fast."""
        if (step, channel) not in self.texts:
            said = reason(Code.MESSAGE_SENT, step=step, channel=channel, recipient=_STAND_IN)
            self.texts[step, channel] = written_to_text(said)
        return self.texts[step, channel].replace(_STAND_IN, json.dumps(recipient)[1:-1])

    def _moment(self, day: date, at: time) -> Moment:
        if (day, at) not in self.moments:
            self.moments[day, at] = moment(day, at)
        return self.moments[day, at]

    def _run(self, day: date) -> int:
        if day not in self.runs:
            self.runs[day] = self._take("runs")
        return self.runs[day]

    def _message(self, customer_id: int, story: Story, sent: Message) -> None:
        step, day = sent.step, date.fromordinal(sent.day)
        item_id, outbox_id, channel = (
            self._take("run_items"),
            self._take("outbox"),
            step.channel.value,
        )
        approved, sent_at = self._moment(day, time(8, 45)), self._moment(day, time(9, 0))
        payload = json.dumps(_payload(story, sent))
        self.rows["run_items"].append((
            item_id, self._run(day), self.company, customer_id, "message", "sent",
            story.policy.code, step.key, channel, f"{step.key} by {channel}", payload, "[]",
            False, approved,
        ))  # fmt: skip
        recipient = _recipient(story, channel)
        numbers = ", ".join(rung.number for rung, _ in sent.lines[:5])
        subject = f"{SUBJECTS.get(step.key, step.key)}: {numbers}"[:300]
        on, deadline = Day.fromordinal(sent.day), _day(sent.deadline)
        self.rows["outbox"].append((
            outbox_id, self.company, customer_id, item_id, f"run-item-{item_id}-{day:%Y%m%d}",
            channel, recipient, subject, _body(story, sent), None, "sent", on, 1, None, None,
            approved, sent_at, None,
        ))  # fmt: skip
        for rung, index in sent.steps:
            self.rows["steps_taken"].append((
                self._take("steps_taken"), self.company, rung.id,
                story.policy.steps[index].key, channel, on, deadline, item_id,
            ))  # fmt: skip
        kind = ContactKind.LETTER_SENT if channel == "letter" else ContactKind.EMAIL_SENT
        self.rows["contact_events"].append((
            self._take("contact_events"), self.company, customer_id, kind.value, sent_at,
            self._sent_text(step.key, channel, recipient), SENDER, "", "", None, "", None,
        ))  # fmt: skip

    def _hand_over(self, customer_id: int, story: Story, sent: Message) -> None:
        """An approved hand-over carried out: its run item done, the task-channel steps
        on its invoices, the case opened with the agency and its first status."""
        day, step = date.fromordinal(sent.day), sent.step
        item_id, case_id = self._take("run_items"), self._take("hand_over_cases")
        approved = self._moment(day, time(8, 45))
        self.rows["run_items"].append((
            item_id, self._run(day), self.company, customer_id, "message", "done",
            story.policy.code, step.key, step.channel.value, f"{step.key} by task",
            json.dumps(_payload(story, sent)), "[]", False, approved,
        ))  # fmt: skip
        on = Day.fromordinal(sent.day)
        for rung, index in sent.steps:
            self.rows["steps_taken"].append((
                self._take("steps_taken"), self.company, rung.id,
                story.policy.steps[index].key, TASK_CHANNEL, on, None, item_id,
            ))  # fmt: skip
        self.rows["hand_over_cases"].append((
            case_id, f"HO{case_id:06d}", self.company, customer_id, on, step.key, False,
            "handed_over", "", None,
        ))  # fmt: skip
        self.rows["hand_over_statuses"].append((
            self._take("hand_over_statuses"), case_id, "handed_over", on, approved, CONTROLLER,
            "policy", "",
        ))  # fmt: skip

    def _call(self, customer_id: int, story: Story, call: Call) -> None:
        at = moment(call.day, time(10, 15))
        who = _person(story)
        if not call.reached:
            text = CALL_NOT_REACHED[call.day.toordinal() % len(CALL_NOT_REACHED)]
            self._contact(customer_id, at, CALL_REACHED, "", text, "Opnieuw bellen")
            return
        if call.plan:
            self._contact(customer_id, at, CALL_REACHED, who, PLAN_AGREED, "Akkoord afwachten")
            return
        if call.promised is None:
            self._contact(customer_id, at, CALL_REACHED, who, "Betaling toegezegd zonder datum", "")
            return
        outcome = f"Belooft te betalen uiterlijk {call.promised:%d-%m-%Y}"
        self._contact(customer_id, at, CALL_REACHED, who, outcome, "Betaling controleren")
        broken = call.kept is False
        done = _day(call.promised) if broken and (call.promised.toordinal() % 3) else None
        self.rows["promises"].append((
            self._take("promises"), self.company, customer_id, _day(call.promised),
            Day.fromordinal(call.day.toordinal()), None, "EUR", call.kept, "promise", None, done,
        ))  # fmt: skip

    def _plan(self, customer_id: int, story: Story, plan: DemoPlan) -> None:
        """The plan as `tijdig plan offer` and its written acceptance leave it: in force,
        its plan instalments monthly, the customer's e-mail reply kept as the evidence."""
        plan_id, currency = self._take("payment_plans"), plan.currency
        principal = sum(amount for _, _, amount in plan.invoices)
        law = law_of_claim(story.policy.country)
        self.rows["payment_plans"].append((
            plan_id, self.company, customer_id, plan_reference(plan_id, COMPANY_COUNTRY),
            currency, principal, 0, 0, _day(plan.made_on), PlanStatus.IN_FORCE.value,
            law.PLAN_PAYMENT_ORDER if law else "", _day(plan.accepted_on), "[]", CONTROLLER,
        ))  # fmt: skip
        self.rows["payment_plan_invoices"] += [
            (plan_id, invoice_id, self.company) for invoice_id, _, _ in plan.invoices
        ]
        share, rest = divmod(principal, PLAN_INSTALMENTS)
        for number in range(1, PLAN_INSTALMENTS + 1):
            due = add_months(plan.first_due, number - 1)
            amount = share + (rest if number == PLAN_INSTALMENTS else 0)
            self.rows["plan_instalments"].append((plan_id, number, self.company, _day(due), amount))
        numbers = ", ".join(number for _, number, _ in plan.invoices)
        reply = PLAN_REPLY.format(name=_person(story) or story.customer.name, numbers=numbers)
        self.rows["plan_acceptances"].append((
            self._take("plan_acceptances"), self.company, plan_id, customer_id,
            AcceptanceWay.EMAIL_REPLY.value, self._moment(plan.accepted_on, time(11, 40)), "", "",
            "akkoord-betalingsregeling.eml", "message/rfc822", reply.encode(), CONTROLLER,
        ))  # fmt: skip

    def _contact(self, customer_id: int, at: datetime, summary: str, who: str, outcome: str,
                 next_step: str) -> None:  # fmt: skip
        self.rows["contact_events"].append((
            self._take("contact_events"), self.company, customer_id, ContactKind.CALL.value, at,
            summary, CONTROLLER, who, outcome, None, next_step, None,
        ))  # fmt: skip


TABLES = ("runs", "run_items", "outbox", "steps_taken", "contact_events", "promises",
          "disputes", "hand_over_cases", "hand_over_statuses", "payment_plans",
          "payment_plan_invoices", "plan_instalments", "plan_acceptances")  # fmt: skip


def _day(value: date | None) -> Day | None:
    return None if value is None else Day.fromordinal(value.toordinal())


def _recipient(story: Story, channel: str) -> str:
    customer = story.customer
    if channel == "letter":
        return f"{customer.name}, {customer.address.replace(chr(10), ', ')}"[:254]
    return customer.email or ""


def _person(story: Story) -> str:
    customer = story.customer
    return customer.name if customer.is_consumer else "Crediteurenadministratie"


def _payload(story: Story, sent: Message) -> dict[str, object]:
    """The run item's payload as `StoredProposal.to_json` writes it: the lines with their
    steps, the deadline (the demo computes no claim figures for it). Every invoice that
    took a step is a line; of the others listed only the first `BODY_LINES` (a customer
    with hundreds open would make a million-invoice demo hundreds of megabytes larger)."""
    steps = {rung.id: story.policy.steps[index].key for rung, index in sent.steps}
    listed = [
        (r, left) for n, (r, left) in enumerate(sent.lines) if n < BODY_LINES or r.id in steps
    ]
    lines = [
        {"invoice": r.number, "kind": "invoice", "step": steps.get(r.id),
         "due_date": _iso(r.due), "open": _amount(left),
         "currency": r.currency, "days_overdue": max(0, sent.day - r.due),
         "reference": r.reference}
        for r, left in listed
    ]  # fmt: skip
    return {
        "customer": story.customer.number, "policy": story.policy.code, "step": sent.step.key,
        "lines": lines, "reasons": [], "covered": [], "claim": None, "announced": None,
        "auto_approve": False, "names_agency": False,
        "deadline": sent.deadline.isoformat() if sent.deadline else None,
    }  # fmt: skip


@lru_cache(maxsize=4096)
def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def _amount(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def _body(story: Story, sent: Message) -> str:
    """A short text standing in for the rendered message (the demo renders no templates)."""
    lines = [f"{r.number}  {r.currency} {_amount(left)}" for r, left in sent.lines[:BODY_LINES]]
    deadline = sent.deadline
    tail = [f"Graag uiterlijk {deadline:%d-%m-%Y} betalen."] if deadline else []
    return "\n".join([f"Geachte {story.customer.name},", "", *lines, "", *tail])
