"""Mailbox passwords sealed with the installation's key: read back with it only."""

from __future__ import annotations

import pytest

from tijdig.adapters.security.secrets import FernetCipher
from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal


def test_a_password_is_sealed_and_read_back_with_the_same_key() -> None:
    sealed = FernetCipher("key-one").encrypt("geheim wachtwoord €")
    assert "geheim" not in sealed
    assert FernetCipher("key-one").decrypt(sealed, company="ACME") == "geheim wachtwoord €"


def test_another_key_cannot_read_it_and_says_so() -> None:
    sealed = FernetCipher("key-one").encrypt("geheim")
    with pytest.raises(RuleViolation) as refused:
        FernetCipher("key-two").decrypt(sealed, company="ACME")
    assert refused.value.code is Refusal.MAILBOX_UNREADABLE_PASSWORD
