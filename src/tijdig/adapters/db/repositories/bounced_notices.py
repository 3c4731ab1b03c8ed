"""What a bounce reads and writes of the message that bounced (S2-1): the outbox entry
by its key, the steps and claims its run item recorded (forgotten: a notice not received
took no step), and a new approved item of the same run that sends it again. It never
commits."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.schema.collection import (
    InvoiceClaimRow,
    OutboxRow,
    RunItemRow,
    StepTakenRow,
)
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.services.collection.payload import MessagePayload
from tijdig.services.contacts.ports import SentMessage


class SqlBouncedNotices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def sent_message(self, company_id: int, key: str) -> SentMessage | None:
        """The company's outbox entry with this key, if any."""
        o = OutboxRow
        found = self.session.execute(
            select(o, CustomerRow.number)
            .outerjoin(CustomerRow, CustomerRow.id == o.customer_id)
            .where(o.company_id == company_id, o.idempotency_key == key)
        ).first()
        if found is None:
            return None
        row, number = found
        sent_at = None if row.sent_at is None else conv.as_utc(row.sent_at)
        return SentMessage(row.id, row.idempotency_key, number, row.run_item_id,
                           row.channel, row.recipient, sent_at)  # fmt: skip

    def forget_steps(self, company_id: int, run_item_id: int) -> int:
        """Delete the steps taken and the claims the item's message recorded; how many
        steps."""
        s, c = StepTakenRow, InvoiceClaimRow
        gone = self.session.execute(
            delete(s).where(s.company_id == company_id, s.run_item_id == run_item_id)
        )
        self.session.execute(
            delete(c).where(c.company_id == company_id, c.run_item_id == run_item_id)
        )
        return int(gone.rowcount)  # type: ignore[attr-defined]

    def add_resend(
        self, run_item_id: int, payload: MessagePayload, *, channel: str, at: datetime
    ) -> int:
        """A new message item in the run of `run_item_id`, approved (the approval of the
        step stands), to go by `channel`; its id."""
        old = self.session.get(RunItemRow, run_item_id)
        assert old is not None
        row = RunItemRow(
            run_id=old.run_id, company_id=old.company_id, customer_id=old.customer_id,
            kind=RunItemKind.MESSAGE.value, status=RunItemStatus.APPROVED.value,
            policy_code=old.policy_code, step_key=old.step_key, channel=channel,
            summary=old.summary, payload=json.dumps(payload.to_json()), notes="[]",
            auto_approved=False, decided_at=conv.as_utc(at),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id
