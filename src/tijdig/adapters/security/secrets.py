"""Mailbox passwords encrypted with Fernet (AES-128-CBC with HMAC-SHA256), under a key
derived from the installation's secret key: TIJDIG_SECRET_KEY or the file named by
TIJDIG_SECRET_KEY_FILE, never a key kept in the database beside what it protects."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal


class FernetCipher:
    """Encrypts and decrypts mailbox passwords (services/mailbox/ports.py `Cipher`)."""

    def __init__(self, secret: str) -> None:
        digest = hashlib.sha256(b"tijdig mailbox password\x00" + secret.encode("utf-8")).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, sealed: str, *, company: str) -> str:
        """The password; refused when another key sealed it."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise RuleViolation(Refusal.MAILBOX_UNREADABLE_PASSWORD, company=company) from None
