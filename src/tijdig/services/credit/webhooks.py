"""A company's webhook URLs, and the delivery of their events (docs/webhooks.md).

Delivery is at least once, until a 2xx answer: `deliver` claims each due event (as the
mail outbox does: attempts + 1 and a lease, by compare-and-set, so runs at once never
send one attempt twice), posts it signed, and records the answer in the log in a
transaction of its own. A failure (no 2xx, a redirect, a time-out) waits its back-off
(`domain/webhooks.wait_after`) and is tried again; the event id and body never change.
A run that dies after posting leaves its claim to lapse, and the next run tries again:
a receiver may see an event twice and recognises it by its id.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tijdig.domain.errors import Conflict, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.webhooks import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    check_webhook_url,
    delivered,
    signature,
    wait_after,
)
from tijdig.services import audit
from tijdig.services.credit.ports import (
    CreditUnitOfWork,
    Webhook,
    WebhookClaim,
    WebhookEvent,
    WebhookSender,
)
from tijdig.services.records.ports import company_id_of

# Longer than the sender's time limit (10 s): a claim outlives its attempt.
LEASE = timedelta(seconds=60)
SECRET_PREFIX = "whsec_"


@dataclass(frozen=True, slots=True)
class NewWebhook:
    webhook: Webhook
    secret: str  # shown once, on creation


@dataclass(frozen=True, slots=True)
class Delivered:
    delivered: int
    failed: int  # to be tried again after their back-off
    lost: int  # taken over by another run meanwhile


def add_webhook(
    uow: CreditUnitOfWork,
    company: Company,
    url: str,
    *,
    allow_local_http: bool = False,
    actor: str,
    at: datetime,
) -> NewWebhook:
    """Add a URL that each change of a customer's credit status is sent to, with a new
    signing secret (shown to the caller once). https only; http to 127.0.0.1 only where
    the installation allows it for tests. Audited as `webhook.add`."""
    checked = check_webhook_url(url, allow_local_http=allow_local_http)
    company_id = company_id_of(company)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with uow:
        if any(h.url == checked for h in uow.webhooks.active(company_id)):
            raise Conflict(Refusal.WEBHOOK_EXISTS, url=checked, where="url")
        hook = uow.webhooks.add(company_id, checked, secret, by=actor, at=at)
        audit.record(uow, actor=actor, at=at, action="webhook.add", company_id=company_id,
                     subject=f"company {company.code}", details=checked)  # fmt: skip
        uow.commit()
    return NewWebhook(hook, secret)


def remove_webhook(
    uow: CreditUnitOfWork, company: Company, webhook_id: int, *, actor: str, at: datetime
) -> Webhook:
    """Remove a URL: nothing more is sent to it (its undelivered events are cancelled;
    the log stays). Audited as `webhook.remove`."""
    company_id = company_id_of(company)
    with uow:
        removed = uow.webhooks.remove(company_id, webhook_id, at=at)
        if removed is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="webhook", key=str(webhook_id),
                           company=company.code)  # fmt: skip
        audit.record(uow, actor=actor, at=at, action="webhook.remove", company_id=company_id,
                     subject=f"company {company.code}", details=removed.url)  # fmt: skip
        uow.commit()
    return removed


def webhooks(uow: CreditUnitOfWork, company: Company) -> list[Webhook]:
    with uow:
        return uow.webhooks.active(company_id_of(company))


def delivery_log(uow: CreditUnitOfWork, company: Company, *, limit: int = 50) -> list[WebhookEvent]:
    """The company's latest events, the newest first, each with its attempts."""
    with uow:
        return uow.webhooks.log(company_id_of(company), limit=limit)


def signed_headers(claim: WebhookClaim, moment: datetime) -> dict[str, str]:
    timestamp = int(moment.timestamp())
    return {
        "Content-Type": "application/json",
        EVENT_ID_HEADER: claim.event_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(claim.secret, timestamp, claim.body.encode("utf-8")),
    }


def deliver(
    uow_factory: Callable[[], CreditUnitOfWork],
    sender: WebhookSender,
    *,
    now: datetime,
    clock: Callable[[], datetime] | None = None,
    company: Company | None = None,
    limit: int | None = None,
) -> Delivered:
    """Send every event due at `now` (of one company, or all), one claim at a time. The
    signature's timestamp is the moment of each attempt (`clock`, else `now`)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    moment = clock or (lambda: now)
    company_id = None if company is None else company_id_of(company)
    with uow_factory() as uow:
        due = uow.webhooks.due(now=now, company_id=company_id, limit=limit)
    counts = {"delivered": 0, "failed": 0, "lost": 0}
    for row_id in due:
        with uow_factory() as uow:
            claim = uow.webhooks.claim(row_id, now=now, lease_until=now + LEASE)
            uow.commit()
        if claim is None:
            continue  # another run has it
        answer = sender.post(claim.url, claim.body.encode("utf-8"),
                             signed_headers(claim, moment()))  # fmt: skip
        ok = delivered(answer.status_code)
        error = None if ok else (answer.error or f"HTTP {answer.status_code}")
        after = moment()
        with uow_factory() as uow:
            kept = uow.webhooks.record(
                claim, at=after, status_code=answer.status_code, error=error,
                next_attempt_at=None if ok else max(after, now) + wait_after(claim.attempt),
            )  # fmt: skip
            uow.commit()
        counts["lost" if not kept else "delivered" if ok else "failed"] += 1
    return Delivered(**counts)
