"""E-mail delivered to a folder as .eml files, one per idempotency key (for `make demo`).

A message is written to a temporary file, released, then renamed into place: the
rename is the delivery, atomic, and a file already there means "sent" — never twice.
Addresses are written as a mail server would get them (UTF-8 only where one needs it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tijdig.services.outbox import OutgoingMessage, Release

from .smtp import build_email, needs_utf8, sender_for

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class FolderMailer:
    def __init__(self, folder: Path, *, sender: str | None = None) -> None:
        self.folder = folder
        self.sender = sender

    def path_for(self, key: str) -> Path:
        return self.folder / f"{_UNSAFE.sub('_', key)}.eml"

    def send(self, message: OutgoingMessage, *, release: Release) -> str:
        """Deliver to the mail folder; the file written is the evidence kept."""
        target = self.path_for(message.key)
        if target.exists():
            release()  # delivered by an earlier run: just record it
            return f"mail folder {target.name}"
        sender = sender_for(message, self.sender)
        mail = build_email(message, sender=sender, utf8=needs_utf8(message, sender=sender))
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as handle:
                handle.write(mail.as_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            release()
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        return f"mail folder {target.name}"
