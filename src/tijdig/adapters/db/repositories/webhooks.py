"""The webhooks repository: a company's URLs, the event outbox and the delivery log.

As in the mail outbox (repositories/outbox.py), every change of an event's state is a
compare-and-set on (status, attempts): a run claims a due event (attempts + 1, leased
until a moment), and only the run holding that attempt may record its answer, so two
runs at once never both deliver one attempt. Never commits (the unit of work does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.credit import WebhookAttemptRow, WebhookEventRow, WebhookRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.services.credit.ports import (
    Attempt,
    EventStatus,
    Webhook,
    WebhookClaim,
    WebhookEvent,
)


def _maybe(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def _webhook(row: WebhookRow) -> Webhook:
    return Webhook(
        id=row.id, url=row.url, created_by=row.created_by, created_at=as_utc(row.created_at),
        removed_at=_maybe(row.removed_at),
    )  # fmt: skip


def _due(now: datetime) -> ColumnElement[bool]:
    """Pending and due, or claimed by a run whose lease has run out."""
    e = WebhookEventRow
    waited = or_(e.next_attempt_at.is_(None), e.next_attempt_at <= now)
    return or_(
        and_(e.status == EventStatus.PENDING, waited),
        and_(e.status == EventStatus.SENDING, e.next_attempt_at <= now),
    )


class SqlWebhooks:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the URLs -----------------------------------------------------------------------

    def add(self, company_id: int, url: str, secret: str, *, by: str, at: datetime) -> Webhook:
        row = WebhookRow(company_id=company_id, url=url, secret=secret, created_by=by,
                         created_at=as_utc(at))  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _webhook(row)

    def active(self, company_id: int) -> list[Webhook]:
        rows = self.session.scalars(
            select(WebhookRow)
            .where(WebhookRow.company_id == company_id, WebhookRow.removed_at.is_(None))
            .order_by(WebhookRow.id)
        )
        return [_webhook(r) for r in rows]

    def remove(self, company_id: int, webhook_id: int, *, at: datetime) -> Webhook | None:
        """Remove a URL: its events not yet delivered are cancelled (the log stays)."""
        row = self.session.get(WebhookRow, webhook_id)
        if row is None or row.company_id != company_id or row.removed_at is not None:
            return None
        row.removed_at = as_utc(at)
        e = WebhookEventRow
        self.session.execute(
            update(e)
            .where(e.webhook_id == webhook_id,
                   e.status.in_([EventStatus.PENDING, EventStatus.SENDING]))
            .values(status=EventStatus.CANCELLED, next_attempt_at=None)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        self.session.flush()
        return _webhook(row)

    # --- the outbox ---------------------------------------------------------------------

    def enqueue(
        self, company_id: int, webhook_id: int, *, event_id: str, kind: str,
        customer_id: int | None, body: str, at: datetime,
    ) -> int:  # fmt: skip
        row = WebhookEventRow(
            company_id=company_id, webhook_id=webhook_id, event_id=event_id, kind=kind,
            customer_id=customer_id, body=body, status=EventStatus.PENDING, attempts=0,
            created_at=as_utc(at),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def due(
        self, *, now: datetime, company_id: int | None = None, limit: int | None = None
    ) -> list[int]:
        query = select(WebhookEventRow.id).where(_due(as_utc(now)))
        if company_id is not None:
            query = query.where(WebhookEventRow.company_id == company_id)
        return list(self.session.scalars(query.order_by(WebhookEventRow.id).limit(limit)))

    def claim(self, row_id: int, *, now: datetime, lease_until: datetime) -> WebhookClaim | None:
        """Take a due event for this run (attempts + 1, leased until `lease_until`)."""
        e = WebhookEventRow
        claimed = self._set(
            and_(e.id == row_id, _due(as_utc(now))), status=EventStatus.SENDING,
            attempts=e.attempts + 1, next_attempt_at=as_utc(lease_until),
        )  # fmt: skip
        if not claimed:
            return None
        row = self.session.get_one(e, row_id, populate_existing=True)
        hook = self.session.get_one(WebhookRow, row.webhook_id)
        return WebhookClaim(row_id=row.id, event_id=row.event_id, url=hook.url,
                            secret=hook.secret, body=row.body, attempt=row.attempts)  # fmt: skip

    def record(
        self, claim: WebhookClaim, *, at: datetime, status_code: int | None, error: str | None,
        next_attempt_at: datetime | None,
    ) -> bool:  # fmt: skip
        """The answer of the claimed attempt: delivered (no next attempt) or pending again
        until `next_attempt_at`; logged. False, and nothing written, when another run took
        the event over meanwhile."""
        e = WebhookEventRow
        mine = and_(e.id == claim.row_id, e.attempts == claim.attempt,
                    e.status == EventStatus.SENDING)  # fmt: skip
        if next_attempt_at is None:
            moved = self._set(mine, status=EventStatus.DELIVERED, next_attempt_at=None,
                              delivered_at=as_utc(at), last_error=None)  # fmt: skip
        else:
            later = as_utc(next_attempt_at)
            moved = self._set(mine, status=EventStatus.PENDING, next_attempt_at=later,
                              last_error=error)  # fmt: skip
        if moved:
            row = self.session.get_one(e, claim.row_id)
            self.session.add(WebhookAttemptRow(
                company_id=row.company_id, event_row_id=claim.row_id, attempt=claim.attempt,
                at=as_utc(at), status_code=status_code, error=error,
            ))  # fmt: skip
            self.session.flush()
        return moved

    def _set(self, where: ColumnElement[bool], **values: Any) -> bool:
        statement = update(WebhookEventRow).where(where).values(**values)
        result = self.session.execute(statement.execution_options(synchronize_session=False))
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    # --- the log ------------------------------------------------------------------------

    def log(self, company_id: int, *, limit: int = 50) -> list[WebhookEvent]:
        """The latest events of the company with their attempts, the newest first."""
        e, w, c = WebhookEventRow, WebhookRow, CustomerRow
        rows = list(self.session.execute(
            select(e, w.url, c.number)
            .join(w, w.id == e.webhook_id)
            .outerjoin(c, c.id == e.customer_id)
            .where(e.company_id == company_id)
            .order_by(e.id.desc())
            .limit(limit)
        ))  # fmt: skip
        attempts: dict[int, list[Attempt]] = {}
        found = self.session.scalars(
            select(WebhookAttemptRow)
            .where(WebhookAttemptRow.event_row_id.in_([r[0].id for r in rows]))
            .order_by(WebhookAttemptRow.attempt)
        )
        for a in found:
            attempts.setdefault(a.event_row_id, []).append(
                Attempt(a.attempt, as_utc(a.at), a.status_code, a.error)
            )
        return [_event(row, url, number, attempts.get(row.id, [])) for row, url, number in rows]


def _event(
    row: WebhookEventRow, url: str, number: str | None, tried: list[Attempt]
) -> WebhookEvent:
    return WebhookEvent(
        event_id=row.event_id, kind=row.kind, url=url, customer=number,
        status=EventStatus(row.status), attempts=tuple(tried),
        next_attempt_at=_maybe(row.next_attempt_at), created_at=as_utc(row.created_at),
        delivered_at=_maybe(row.delivered_at), body=row.body,
    )  # fmt: skip
