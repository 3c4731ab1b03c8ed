"""Connect a company's collection mailbox (the settings page, `tijdig mail connect`):
its IMAP settings, and its password sealed with the installation's secret key.

Without a configured key (TIJDIG_SECRET_KEY or TIJDIG_SECRET_KEY_FILE) a password is
refused, saying why: a password sealed with a key kept beside it in the database would
be no secret. Changing the folder or the server starts reading that folder from its
beginning (messages already kept stay kept once: their keys). Audited as
`company.mailbox`, never with the password.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.mailbox import MailboxSettings
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.mailbox.ports import Cipher, MailUnitOfWork, StoredMailbox


def mailbox_of(uow: MailUnitOfWork, company: Company) -> StoredMailbox | None:
    """The company's collection mailbox, if it connected one; reads only."""
    if company.id is None:
        return None
    with uow:
        return uow.mail.mailbox(company.id)


def connect_mailbox(
    uow_factory: Callable[[], MailUnitOfWork],
    cipher: Cipher | None,
    company: Company,
    settings: MailboxSettings,
    *,
    password: str | None,
    actor: str,
    at: datetime,
) -> StoredMailbox:
    """Store the settings; `password` None (or empty) keeps the one stored."""
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    sealed = None
    if password:
        if cipher is None:
            raise RuleViolation(Refusal.MAILBOX_NO_KEY)
        sealed = cipher.encrypt(password)
    with uow_factory() as uow:
        uow.mail.save_mailbox(company.id, settings, password_sealed=sealed,
                              keep_password=sealed is None, at=at, by=actor)  # fmt: skip
        details = (
            f"{settings.username} at {settings.host}:{settings.port} ({settings.tls.value}), "
            f"folder {settings.folder}, address {settings.address}"
            + ("; password changed" if sealed else "")
        )
        audit.record(uow, actor=actor, at=at, action="company.mailbox", company_id=company.id,
                     subject=f"company {company.code}", details=details)  # fmt: skip
        stored = uow.mail.mailbox(company.id)
        uow.commit()
    assert stored is not None
    return stored
