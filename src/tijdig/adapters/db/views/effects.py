"""The messages sent and whether their invoices were paid (analytics/effects.py): one
Core query over the steps taken, grouped into messages.

A message is the steps one customer's invoices took on one day by one step and channel
(a run item sends one message; the steps it named are its invoices). Handing over (the
task channel) and calls send nothing and are left out. Its time of sending is its outbox
message's first `sent_at` (the run item's), in Amsterdam time; without one (a message
sent outside Tijdig) 09:00. An invoice is settled on the day of the last payment
allocated to it once nothing is open on it; one settled by a credit note alone is not
paid. A message is settled when all its invoices are, on the last of their days.

The variant: when the customer was assigned one in an experiment on the message's
template (experiment_assignments), and the message was sent on or after the day it was
assigned, the message carries that variant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import as_utc, from_minor
from tijdig.adapters.db.schema.collection import OutboxRow, RunItemRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.analytics.effects import SentMessage

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SENT_CHANNELS = ("email", "letter", "sms")
DEFAULT_HOUR = 9

# (policy code, step key) -> (stage, template); the service reads them from the policies
StepInfo = Callable[[str | None, str], tuple[int, str]]
# (customer id, template, sent on) -> variant or ""
VariantOf = Callable[[int, str, date], str]


def _settled() -> Any:
    """Per invoice paid in full: the day of its last payment."""
    a, i = AllocationRow, InvoiceRow
    return (
        select(a.invoice_id.label("invoice_id"), func.max(PaymentRow.paid_on).label("on"))
        .join(PaymentRow, PaymentRow.id == a.payment_id)
        .join(i, i.id == a.invoice_id)
        .where(i.kind == p.INVOICE, i.open_minor == 0)
        .group_by(a.invoice_id)
    )


def _query(company_id: int, as_of: date) -> Any:
    st, i, c = StepTakenRow, InvoiceRow, CustomerRow
    settled = _settled().where(AllocationRow.company_id == company_id).subquery()
    sent = (
        select(OutboxRow.run_item_id.label("item"), func.min(OutboxRow.sent_at).label("at"))
        .where(OutboxRow.company_id == company_id, OutboxRow.run_item_id.is_not(None))
        .group_by(OutboxRow.run_item_id)
        .subquery()
    )
    return (
        select(
            i.customer_id, st.step_key, st.channel, st.taken_on, c.kind, c.country,
            func.sum(i.total_minor), func.max(i.currency), func.count(st.id),
            func.count(settled.c.on), func.max(settled.c.on), func.max(RunItemRow.policy_code),
            func.min(sent.c.at),
        )
        .join(i, i.id == st.invoice_id)
        .join(c, c.id == i.customer_id)
        .outerjoin(settled, settled.c.invoice_id == st.invoice_id)
        .outerjoin(RunItemRow, RunItemRow.id == st.run_item_id)
        .outerjoin(sent, sent.c.item == st.run_item_id)
        .where(st.company_id == company_id, st.channel.in_(SENT_CHANNELS), st.taken_on <= as_of)
        .group_by(i.customer_id, st.step_key, st.channel, st.taken_on, c.kind, c.country)
    )  # fmt: skip


def _hour(at: datetime | None) -> int:
    return DEFAULT_HOUR if at is None else as_utc(at).astimezone(AMSTERDAM).hour


class SqlSentMessages:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sent(
        self, company_id: int, *, as_of: date, steps: StepInfo, variant_of: VariantOf
    ) -> Iterator[SentMessage]:
        """Every message sent on or before `as_of`, with its invoices' settlement."""
        with self.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(_query(company_id, as_of))]
        for (customer, step, channel, on, kind, country, total, currency, count, paid,
             last, policy, at) in rows:  # fmt: skip
            stage, template = steps(policy, step)
            amount: Decimal = from_minor(int(total), currency)
            yield SentMessage(
                step, stage, template, channel, on, _hour(_moment(at)), kind, country, amount,
                last if paid == count else None, variant_of(customer, template, on),
            )  # fmt: skip


def _moment(value: datetime | str | None) -> datetime | None:
    """min() over a DateTime column comes back as text on SQLite."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if value[:1].isdigit() else None
