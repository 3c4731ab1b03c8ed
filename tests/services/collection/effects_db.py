"""Messages sent, in the real database, for the effects and experiments tests (service,
CLI, API, page): per message one invoice, its step taken, the run item and outbox message
that sent it (at a chosen hour), and the payment that settled it (or none)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tijdig.adapters.db.schema.collection import OutboxRow, RunItemRow, RunRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def add_sent(
    app: Tijdig, company: Company, customer: str, number: str, *, sent_on: date,
    channel: str = "email", step: str = "reminder", total_minor: int = 10_000,
    paid_after: int | None = None, hour: int = 9,
) -> None:  # fmt: skip
    """Invoice `number` of the customer reminded by `step` on `sent_on` (by `channel`,
    sent at `hour` Amsterdam time), paid in full `paid_after` days later (None: open)."""
    assert company.id is not None
    with app.uow() as uow:
        s = uow.session
        customer_id = uow.customers.ids_by_number(company.id)[customer]
        row = InvoiceRow(
            company_id=company.id, customer_id=customer_id, kind="invoice", number=number,
            issue_date=sent_on - timedelta(days=40), due_date=sent_on - timedelta(days=10),
            currency="EUR", total_minor=total_minor,
            open_minor=total_minor if paid_after is None else 0, source="test",
        )  # fmt: skip
        run = RunRow(company_id=company.id, as_of=sent_on, created_at=datetime.now(UTC))
        s.add_all([row, run])
        s.flush()
        item = RunItemRow(run_id=run.id, company_id=company.id, customer_id=customer_id,
                          kind="message", status="sent", policy_code="nl_business",
                          step_key=step, channel=channel)  # fmt: skip
        s.add(item)
        s.flush()
        at = datetime(sent_on.year, sent_on.month, sent_on.day, hour, tzinfo=AMSTERDAM)
        s.add(OutboxRow(company_id=company.id, customer_id=customer_id, run_item_id=item.id,
                        idempotency_key=f"t-{number}", channel=channel, recipient="x@example.nl",
                        status="sent", created_at=at, sent_at=at))  # fmt: skip
        s.add(StepTakenRow(company_id=company.id, invoice_id=row.id, step_key=step,
                           channel=channel, taken_on=sent_on, run_item_id=item.id))  # fmt: skip
        if paid_after is not None:
            day = sent_on + timedelta(days=paid_after)
            payment = PaymentRow(company_id=company.id, customer_id=customer_id, paid_on=day,
                                 amount_minor=total_minor, currency="EUR")  # fmt: skip
            s.add(payment)
            s.flush()
            s.add(AllocationRow(company_id=company.id, invoice_id=row.id, payment_id=payment.id,
                                amount_minor=total_minor, allocated_on=day))  # fmt: skip
        uow.commit()


FIRST = date(2026, 1, 5)  # a Monday


def add_channel_effect(
    app: Tijdig, company: Company, chances: dict[str, float], *, n: int, seed: int,
    customer: str = "C001",
) -> None:  # fmt: skip
    """`n` messages per channel; of a channel's, a share `chances[channel]` is paid
    within 7 days (0-6 days after), the rest after 20 days or never; one a day, 9:00."""
    rng = random.Random(seed)
    for channel, chance in chances.items():
        for k in range(n):
            sent_on = FIRST + timedelta(days=k)
            paid = rng.randint(0, 6) if rng.random() < chance else rng.choice([None, 20])
            add_sent(app, company, customer, f"E-{channel}-{k}", sent_on=sent_on,
                     channel=channel, paid_after=paid)  # fmt: skip
