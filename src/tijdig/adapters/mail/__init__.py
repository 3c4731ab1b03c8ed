"""E-mail: `SmtpMailer` (SMTP, with STARTTLS and login) and `FolderMailer` (.eml files in
a folder, for the demo); `make_mailer` picks one from the `MailSettings`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tijdig.services.outbox import Mailer

from .folder import FolderMailer
from .smtp import SmtpMailer

__all__ = ["FolderMailer", "MailSettings", "SmtpMailer", "make_mailer"]


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Built from Settings in the composition root. No smtp_host: mail goes to mail_dir."""

    mail_dir: Path = Path("demo-mail")
    mail_from: str | None = None  # None: the company's own address
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0


def make_mailer(settings: MailSettings) -> Mailer:
    if not settings.smtp_host:
        return FolderMailer(settings.mail_dir, sender=settings.mail_from)
    return SmtpMailer(
        settings.smtp_host,
        settings.smtp_port,
        starttls=settings.smtp_starttls,
        username=settings.smtp_user,
        password=settings.smtp_password,
        timeout=settings.smtp_timeout,
        sender=settings.mail_from,
    )
