"""Argon2 passwords and signed portal links."""

from __future__ import annotations

from argon2 import PasswordHasher

from tijdig.adapters.security.links import PortalKey, PortalLinks
from tijdig.adapters.security.passwords import Argon2Passwords

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def test_a_password_verifies_against_its_argon2id_hash_only() -> None:
    passwords = Argon2Passwords()
    stored = passwords.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse batterY")
    assert not passwords.verify("not a hash", "correct horse battery")


def test_a_weaker_old_hash_asks_to_be_rehashed() -> None:
    old = Argon2Passwords(FAST).hash("correct horse battery")
    assert Argon2Passwords().needs_rehash(old)
    assert not Argon2Passwords().needs_rehash(Argon2Passwords().hash("x" * 12))


def test_an_unknown_users_hash_is_made_once_per_hasher_and_opens_nothing() -> None:
    passwords, other = Argon2Passwords(FAST), Argon2Passwords(FAST)
    unknown = passwords.unknown_user_hash()
    assert passwords.unknown_user_hash() == unknown
    assert other.unknown_user_hash() != unknown
    assert unknown.startswith("$argon2id$")
    assert not passwords.verify(unknown, "")


def test_a_portal_link_reads_back_and_refuses_tampering() -> None:
    links = PortalLinks("secret-1")
    token = links.token(PortalKey(3, 42))
    assert links.read(token) == PortalKey(3, 42)
    assert links.read(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert links.read("garbage") is None
    assert PortalLinks("another-secret").read(token) is None


def test_an_expired_portal_link_is_refused() -> None:
    links = PortalLinks("secret-1", max_age_days=0)
    token = links.token(PortalKey(1, 2))
    links.max_age_seconds = -1
    assert links.read(token) is None


def test_a_signed_value_of_another_shape_is_refused() -> None:
    links = PortalLinks("secret-1")
    serializer = links._serializer
    for value in ([1], [1, "2"], {"a": 1}, [True, 2], "x"):
        assert links.read(serializer.dumps(value)) is None
