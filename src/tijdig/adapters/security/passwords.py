"""Passwords hashed with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import secrets
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# How passwords are hashed (Settings.password_hashing). "rfc9106" is argon2-cffi's
# default, RFC 9106's low-memory choice, and the only one for an installation people use.
# "minimal-for-tests" is argon2id at its lowest cost (one pass over 8 KiB): a test suite
# signs in thousands of times, and at RFC 9106's cost that alone took minutes. A hash
# made at that cost is guessed at millions of tries a second: never for real passwords.
PasswordHashing = Literal["rfc9106", "minimal-for-tests"]


def argon2_passwords(hashing: PasswordHashing) -> Argon2Passwords:
    """The hasher the setting names."""
    if hashing == "minimal-for-tests":
        return Argon2Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return Argon2Passwords()


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
