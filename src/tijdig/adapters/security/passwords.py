"""Passwords hashed with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._unknown_user_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)

    def unknown_user_hash(self) -> str:
        """The hash an unknown user name's password is checked against, so that signing
        in as one costs as much as a wrong password: made once per hasher (one per
        installation, `bootstrap.Tijdig`), with its own parameters."""
        if self._unknown_user_hash is None:
            self._unknown_user_hash = self.hash(secrets.token_urlsafe(16))
        return self._unknown_user_hash
