"""Settings: the address in links follows the served address unless one is configured."""

from __future__ import annotations

import pytest

from tijdig.config import Settings


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("127.0.0.1", 8101, "http://127.0.0.1:8101"),
        ("localhost", 9000, "http://localhost:9000"),
        ("::1", 8101, "http://[::1]:8101"),
        ("0.0.0.0", 8101, "http://0.0.0.0:8101"),
        ("::", 8000, "http://[::]:8000"),
    ],
)
def test_links_use_the_served_address_without_a_public_url(
    host: str, port: int, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIJDIG_PUBLIC_URL", raising=False)
    settings = Settings(host=host, port=port, _env_file=None)  # type: ignore[call-arg]
    assert settings.served_url == expected
    assert settings.link_url == expected


def test_a_configured_public_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIJDIG_PORT", "8101")
    monkeypatch.setenv("TIJDIG_PUBLIC_URL", "https://debiteuren.example.nl/")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.served_url == "http://127.0.0.1:8101"
    assert settings.link_url == "https://debiteuren.example.nl"
    assert settings.link_warning is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_links_to_every_address_get_a_warning(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIJDIG_PUBLIC_URL", raising=False)
    warning = Settings(host=host, _env_file=None).link_warning  # type: ignore[call-arg]
    assert warning is not None
    assert "TIJDIG_PUBLIC_URL" in warning and host in warning


def test_no_warning_for_a_real_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIJDIG_PUBLIC_URL", raising=False)
    assert Settings(host="10.0.0.5", _env_file=None).link_warning is None  # type: ignore[call-arg]
