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

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, case, extract, func, null, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import as_utc, from_minor
from tijdig.adapters.db.schema.collection import OutboxRow, RunItemRow, StepTakenRow
from tijdig.adapters.db.schema.experiments import ExperimentAssignmentRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.analytics.effects import (
    DIMENSIONS,
    LARGE,
    SMALL,
    AmountBand,
    SentCount,
    SentMessage,
    time_of_day,
)
from tijdig.domain.money import unusual_minor_units

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


def _query(company_id: int, as_of: date, *, hours: bool = True) -> Any:
    """Per message its customer, step, channel, day, customer kind and country, total,
    currency, invoices, those settled and the last day, policy and (`hours`) first
    moment sent."""
    st, i, c = StepTakenRow, InvoiceRow, CustomerRow
    stepped = select(st.invoice_id).where(
        st.company_id == company_id, st.channel.in_(SENT_CHANNELS), st.taken_on <= as_of
    )
    settled = (
        _settled()
        .where(AllocationRow.company_id == company_id, AllocationRow.invoice_id.in_(stepped))
        .subquery()
    )
    sent = (
        select(OutboxRow.run_item_id.label("item"), func.min(OutboxRow.sent_at).label("at"))
        .where(OutboxRow.company_id == company_id, OutboxRow.run_item_id.is_not(None))
        .group_by(OutboxRow.run_item_id)
        .subquery()
    )
    query = (
        select(
            i.customer_id.label("customer"), st.step_key.label("step"),
            st.channel.label("channel"), st.taken_on.label("sent_on"), c.kind.label("kind"),
            c.country.label("country"), func.sum(i.total_minor).label("total"),
            func.max(i.currency).label("currency"), func.count(st.id).label("invoices"),
            func.count(settled.c.on).label("paid"), func.max(settled.c.on).label("last"),
            func.max(RunItemRow.policy_code).label("policy"),
            (func.min(sent.c.at) if hours else null()).label("at"),
        )
        .join(i, i.id == st.invoice_id)
        .join(c, c.id == i.customer_id)
        .outerjoin(settled, settled.c.invoice_id == st.invoice_id)
        .outerjoin(RunItemRow, RunItemRow.id == st.run_item_id)
        .where(st.company_id == company_id, st.channel.in_(SENT_CHANNELS), st.taken_on <= as_of)
        .group_by(i.customer_id, st.step_key, st.channel, st.taken_on, c.kind, c.country)
    )  # fmt: skip
    return query.outerjoin(sent, sent.c.item == st.run_item_id) if hours else query


def _days(engine: Engine, later: Any, earlier: Any) -> Any:
    """The number of days from one date column to another."""
    if engine.dialect.name == "postgresql":
        return later - earlier
    return func.julianday(later) - func.julianday(earlier)


def _band(total: Any, currency: Any) -> Any:
    """analytics.effects.amount_band of a total in minor units, in SQL (exact: the
    bounds are whole minor units in every currency)."""
    unusual = unusual_minor_units()

    def band(places: int) -> Any:
        small, large = int(SMALL.scaleb(places)), int(LARGE.scaleb(places))
        return case((total < small, AmountBand.UNDER_500.value),
                    (total <= large, AmountBand.FROM_500_TO_5000.value),
                    else_=AmountBand.OVER_5000.value)  # fmt: skip

    others = sorted(set(unusual.values()))
    return case(*((currency.in_(sorted(k for k, n in unusual.items() if n == places)),
                   band(places)) for places in others), else_=band(2))  # fmt: skip


def _counted_query(engine: Engine, company_id: int, as_of: date, by: Sequence[str]) -> Any:
    """The messages counted by all the response table looks at: step, policy, channel,
    day, customer kind, country, amount band, how soon paid (0 within 7 days, 1 within
    14, 2 not), and only when grouped by them the hour of sending (the outbox read) and
    the customer when it is in an experiment (for its variant)."""
    m = _query(company_id, as_of, hours="time" in by).subquery()
    assigned = select(ExperimentAssignmentRow.customer_id).where(
        ExperimentAssignmentRow.company_id == company_id
    )
    customer: Any = null()
    if "variant" in by:
        customer = case((m.c.customer.in_(assigned), m.c.customer))
    delay = _days(engine, m.c["last"], m.c.sent_on)
    paid = case((m.c.paid != m.c.invoices, 2), (delay <= 7, 0), (delay <= 14, 1), else_=2)
    hour: Any = null()
    if "time" in by and engine.dialect.name == "postgresql":
        hour = extract("hour", func.timezone(str(AMSTERDAM), m.c.at))
    elif "time" in by:  # naive UTC text: its hour, made Amsterdam's in Python (whole hours)
        hour = func.substr(m.c.at, 1, 13)
    keys = (m.c.policy, m.c.step, m.c.channel, m.c.sent_on, m.c.kind, m.c.country,
            _band(m.c.total, m.c.currency), paid)  # fmt: skip
    grouped = [k for k, wanted in ((customer, "variant" in by), (hour, "time" in by)) if wanted]
    return select(customer, hour, *keys, func.count()).group_by(*keys, *grouped)


def _hour_of(value: Any) -> int:
    """The Amsterdam hour of `_counted_query`'s hour column."""
    if value is None:
        return DEFAULT_HOUR
    if isinstance(value, str):
        at = _moment(value + ":00" if len(value) == 13 else value)
        return DEFAULT_HOUR if at is None else _hour(at)
    return int(value)


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

    def counted(
        self, company_id: int, *, as_of: date, steps: StepInfo, variant_of: VariantOf,
        by: Sequence[str] = DIMENSIONS,
    ) -> list[SentCount]:  # fmt: skip
        """The messages sent on or before `as_of`, counted by what the response table
        looks at (analytics.effects.counted_table): the same figures as `sent`, grouped
        in the database. The time of sending and the variant cost the most to read:
        unless `by` holds them they are left out ("" in every count)."""
        with self.engine.connect() as conn:
            rows = conn.execute(_counted_query(self.engine, company_id, as_of, by)).all()
        found = []
        info: dict[tuple[str | None, str], tuple[int, str]] = {}
        timed = "time" in by
        for customer, hour, policy, step, channel, on, kind, country, band, paid, n in rows:
            if (policy, step) not in info:
                info[policy, step] = steps(policy, step)
            stage, template = info[policy, step]
            variant = "" if customer is None else variant_of(customer, template, on)
            values = (("step", step), ("template", template), ("channel", channel),
                      ("weekday", str(on.isoweekday())),
                      ("time", time_of_day(_hour_of(hour)).value if timed else ""),
                      ("variant", variant),
                      ("stage", str(stage)), ("kind", kind), ("country", country),
                      ("band", band))  # fmt: skip
            found.append(SentCount(values, on, paid == 0, paid <= 1, n))
        return found


def _moment(value: datetime | str | None) -> datetime | None:
    """min() over a DateTime column comes back as text on SQLite."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if value[:1].isdigit() else None
