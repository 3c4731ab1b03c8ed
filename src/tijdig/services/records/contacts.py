"""The contact log (S4-3..S4-5): logging a call, personal e-mail, visit or note by hand,
whose outcome may be a promise to pay or a dispute."""

from __future__ import annotations

from datetime import datetime

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import Company
from tijdig.domain.reason_texts import plain
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.outcomes import Agreement, Recorded, audit_agreed, write_contact
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of

# What a person logs by hand; messages sent are logged by the dunning service.
LOGGABLE = (ContactKind.CALL, ContactKind.PERSONAL_EMAIL, ContactKind.VISIT, ContactKind.NOTE)


def loggable_kind(text: str, *, field: str = "--kind") -> ContactKind:
    """The kind of contact a person may log, from its name (`field`: where it was typed)."""
    kinds = [k.value for k in LOGGABLE]
    if text not in kinds:
        raise InvalidValue(field, Refusal.ONE_OF, value=text, allowed=", ".join(kinds))
    return ContactKind(text)


def log_contact(
    uow: RecordsUnitOfWork,
    company: Company,
    event: ContactEvent,
    *,
    agreed: Agreement = Agreement(),
    actor: str,
    at: datetime,
) -> Recorded:
    """Log a call, personal e-mail, visit or note (S4-3..S4-5) that happened at
    `event.occurred_at`; its outcome may be a promise to pay or a dispute. Audited as
    `contact.<kind>`, with `promise.add` / `dispute.open` for what it brought."""
    if event.kind not in LOGGABLE:
        kinds = ", ".join(k.value for k in LOGGABLE)
        raise InvalidValue("kind", Refusal.LOGGED_BY_TIJDIG, kind=event.kind.value, kinds=kinds)
    if isinstance(event.summary, str) and not event.summary.strip():
        raise InvalidValue("summary", Refusal.IS_EMPTY)
    company_id = company_id_of(company)
    with uow:
        recorded = write_contact(uow, company_id, event, agreed)
        audit.record(uow, actor=actor, at=at, action=f"contact.{event.kind.value}",
                     company_id=company_id, customer_ids=[recorded.customer_id],
                     subject=plain(event.summary)[:200])  # fmt: skip
        audit_agreed(uow, company_id, recorded, actor=actor, at=at)
        uow.commit()
    return recorded
