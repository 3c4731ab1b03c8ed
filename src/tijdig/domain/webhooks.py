"""Webhooks: the rules of a company's webhook URLs, how an event is signed, and how long
a failed delivery waits before the next attempt. See docs/webhooks.md for receivers.

Pure: the signature is a computation (HMAC-SHA256), nothing here sends or reads a clock.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from urllib.parse import urlsplit

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_URL = 500
SIGNATURE_VERSION = "v1"
# The headers every delivery carries (docs/webhooks.md says how to check them).
EVENT_ID_HEADER = "Tijdig-Event-Id"
TIMESTAMP_HEADER = "Tijdig-Timestamp"
SIGNATURE_HEADER = "Tijdig-Signature"
CREDIT_STATUS_CHANGED = "credit.status_changed"
DIRECT_PAYMENT = "hand_over.direct_payment"  # a payment that reached the creditor itself
# Plain http only to this machine, and only where the installation allows it (tests).
LOCAL_HOSTS = frozenset({"127.0.0.1"})
# Waits after the 1st, 2nd, ... failed attempt; the last one repeats until a 2xx answer.
BACK_OFF = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
    timedelta(hours=6),
)  # fmt: skip


def check_webhook_url(url: str, *, allow_local_http: bool = False) -> str:
    """A webhook URL as stored: https with a host; http only to 127.0.0.1 when the
    installation allows it (a test setting). No credentials in it, no spaces."""
    url = url.strip()
    refused = InvalidValue("url", Refusal.WEBHOOK_URL, value=url[:MAX_URL])
    if not url or len(url) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in url):
        raise refused
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _port = parts.port  # a port that is no number is refused here
    except ValueError:
        raise refused from None
    if not host or parts.username is not None or parts.password is not None:
        raise refused
    local_http = allow_local_http and parts.scheme == "http" and host in LOCAL_HOSTS
    if parts.scheme != "https" and not local_http:
        raise refused
    return url


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256, keyed with the URL's secret, of `{timestamp}.{body}`."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    """Whether `header` is the signature of `body` at `timestamp` (constant time)."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def wait_after(attempt: int) -> timedelta:
    """How long the delivery waits after its `attempt`-th failed attempt (1-based)."""
    return BACK_OFF[min(max(attempt, 1), len(BACK_OFF)) - 1]


def delivered(status_code: int | None) -> bool:
    """Only a 2xx answer delivers; a redirect (3xx) is not followed and is a failure."""
    return status_code is not None and 200 <= status_code < 300
