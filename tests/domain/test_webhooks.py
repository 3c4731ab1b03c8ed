"""Webhook URLs are https only (http to 127.0.0.1 only where a test setting allows it);
a signature is HMAC-SHA256 over `{timestamp}.{body}`; only a 2xx delivers; the back-off
grows and then stays."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from datetime import timedelta

import pytest

from tijdig.domain.errors import InvalidValue
from tijdig.domain.webhooks import check_webhook_url, delivered, signature, verify, wait_after


@pytest.mark.parametrize(
    "url",
    ["https://erp.example.com/hooks/tijdig", "https://10.0.0.5:8443/h?x=1", " https://a.b/ "],
)
def test_https_urls_are_taken(url: str) -> None:
    assert check_webhook_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "http://erp.example.com/hook", "http://127.0.0.1:8080/hook", "ftp://a.b/c",
        "https://", "https:///path", "https://user:pw@a.b/", "https://a.b/x y",
        "https://a.b:port/", "https://a.b/\x00", "", "https://a.b/" + "x" * 500,
    ],
)  # fmt: skip
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_webhook_url(url)
    assert refused.value.field == "url"


def test_http_only_to_this_machine_and_only_when_allowed() -> None:
    local = "http://127.0.0.1:8765/hook"
    assert check_webhook_url(local, allow_local_http=True) == local
    for elsewhere in ("http://localhost:8765/hook", "http://10.0.0.1/hook",
                      "http://127.0.0.1.example.com/hook"):  # fmt: skip
        with pytest.raises(InvalidValue):
            check_webhook_url(elsewhere, allow_local_http=True)


def test_the_signature_is_an_hmac_over_the_timestamp_and_the_body() -> None:
    body = b'{"id":"e1","type":"credit.status_changed"}'
    expected = hmac.new(b"whsec_k", b"1709280000." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1709280000, body) == f"v1={expected}"
    assert verify("whsec_k", 1709280000, body, f"v1={expected}")
    assert not verify("whsec_k", 1709280001, body, f"v1={expected}")
    assert not verify("whsec_other", 1709280000, body, f"v1={expected}")
    assert not verify("whsec_k", 1709280000, body + b" ", f"v1={expected}")


@pytest.mark.parametrize(("code", "ok"), [(200, True), (204, True), (299, True), (301, False),
                                          (302, False), (404, False), (500, False),
                                          (None, False)])  # fmt: skip
def test_only_a_2xx_delivers(code: int | None, ok: bool) -> None:
    assert delivered(code) is ok


def test_the_back_off_grows_then_stays() -> None:
    waits = [wait_after(n) for n in range(1, 9)]
    assert waits[0] == timedelta(minutes=1)
    assert all(a <= b for a, b in itertools.pairwise(waits))
    assert waits[-1] == waits[-2] == timedelta(hours=6)
