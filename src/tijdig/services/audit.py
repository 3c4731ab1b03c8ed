"""The audit log: who changed what. Entry points call `log_change` once a change has
been committed; the CLI names the operating-system user, the web the signed-in user."""

from __future__ import annotations

from datetime import datetime

from tijdig.domain.users import AuditEntry
from tijdig.services.users import UsersUnitOfWork


def log_change(
    uow: UsersUnitOfWork,
    *,
    actor: str,
    action: str,
    company_id: int | None,
    customer_id: int | None = None,
    subject: str = "",
    details: str = "",
    at: datetime,
) -> None:
    entry = AuditEntry(
        at=at, actor=actor, action=action, company_id=company_id,
        customer_id=customer_id, subject=subject, details=details,
    )  # fmt: skip
    with uow:
        uow.audit.add(entry)
        uow.commit()


def for_customer(uow: UsersUnitOfWork, company_id: int, customer_id: int) -> list[AuditEntry]:
    with uow:
        return uow.audit.for_customer(company_id, customer_id)
