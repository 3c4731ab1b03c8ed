"""The audit log: who changed what, when.

Every use case that changes data takes the actor and the moment (keyword-only) and calls
`record` inside its own transaction, before it commits: the entry and the change commit
or roll back together. One entry per customer the change touched, or one without a
customer when it touched none. Actors: `cli:<os user>`, the signed-in user's name, an
API token's user, `portal` for a debtor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.money import minor_units
from tijdig.domain.users import AuditEntry
from tijdig.services.access.users import UsersUnitOfWork
from tijdig.services.ports import UnitOfWork


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def add_many(self, entries: Sequence[AuditEntry]) -> None:
        """All at once: an import writes an entry for each of thousands of customers."""
        ...


class AuditedUnitOfWork(UnitOfWork, Protocol):
    @property
    def audit(self) -> AuditLog: ...


def record(
    uow: AuditedUnitOfWork,
    *,
    actor: str,
    at: datetime,
    action: str,
    company_id: int | None,
    customer_ids: Iterable[int | None] = (),
    subject: str = "",
    details: str = "",
) -> int:
    """Write the entries of a change in the caller's transaction: one per customer it
    touched (each once, in order), else one for the company; how many were written."""
    customers = list(dict.fromkeys(customer_ids)) or [None]
    uow.audit.add_many([
        AuditEntry(at=at, actor=actor, action=action, company_id=company_id,
                   customer_id=customer_id, subject=subject, details=details)
        for customer_id in customers
    ])  # fmt: skip
    return len(customers)


def record_each(
    uow: AuditedUnitOfWork,
    *,
    actor: str,
    at: datetime,
    action: str,
    company_id: int | None,
    details: Mapping[int, str],
    subject: str = "",
    otherwise: str = "",
) -> int:
    """Like `record`, with details of its own for each customer touched (`details`, by
    customer id, in order); `otherwise` when the change touched no customer. How many
    entries were written."""
    entries = [
        AuditEntry(at=at, actor=actor, action=action, company_id=company_id,
                   customer_id=customer_id, subject=subject, details=text)
        for customer_id, text in details.items()
    ] or [AuditEntry(at=at, actor=actor, action=action, company_id=company_id,
                     customer_id=None, subject=subject, details=otherwise)]  # fmt: skip
    uow.audit.add_many(entries)
    return len(entries)


def sums(amounts: Mapping[str, Decimal]) -> str:
    """Amounts per currency as an entry's details give them: "EUR 1,234.50, USD 10.00"."""
    return ", ".join(f"{c} {a:,.{minor_units(c)}f}" for c, a in sorted(amounts.items()))


def for_customer(uow: UsersUnitOfWork, company_id: int, customer_id: int) -> list[AuditEntry]:
    with uow:
        return uow.audit.for_customer(company_id, customer_id)
