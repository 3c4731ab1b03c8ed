"""The password hasher is a setting: RFC 9106's argon2id unless a test suite names the
minimal one, which is never the default."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from tijdig.adapters.security.passwords import argon2_passwords
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings


def test_an_installation_hashes_with_rfc_9106_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TIJDIG_PASSWORD_HASHING")  # tests/conftest.py sets it
    settings = Settings(database_url="sqlite://", _env_file=None)  # type: ignore[call-arg]
    assert settings.password_hashing == "rfc9106"
    installation = bootstrap(settings, migrate_schema=False)
    try:
        stored = installation.passwords().hash("correct horse battery")
    finally:
        installation.close()
    low_memory = RFC_9106_LOW_MEMORY
    assert f"m={low_memory.memory_cost},t={low_memory.time_cost},p={low_memory.parallelism}" in (
        stored
    )


def test_the_minimal_hasher_is_argon2id_at_its_lowest_cost_and_reads_every_hash() -> None:
    minimal = argon2_passwords("minimal-for-tests")
    stored = minimal.hash("correct horse battery")
    assert stored.startswith("$argon2id$") and "m=8,t=1,p=1" in stored
    assert minimal.verify(stored, "correct horse battery")
    assert not minimal.verify(stored, "wrong horse battery")
    production = PasswordHasher().hash("correct horse battery")
    assert minimal.verify(production, "correct horse battery")
    assert argon2_passwords("rfc9106").needs_rehash(stored)  # never kept by a real one
