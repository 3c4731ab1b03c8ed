"""Posting a webhook event over HTTP (httpx): no redirect is followed (a 3xx is an
answer, and not a delivery), a 10 s time limit, and whatever goes wrong on the way is
an `Answer` with its error, never an exception."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from tijdig.services.credit.ports import Answer

TIMEOUT_SECONDS = 10.0
USER_AGENT = "Tijdig-Webhooks/1"


class HttpWebhookSender:
    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Answer:
        sent = {"User-Agent": USER_AGENT, **headers}
        try:
            with httpx.Client(follow_redirects=False, timeout=self.timeout) as client:
                response = client.post(url, content=body, headers=sent)
        except httpx.HTTPError as error:
            return Answer(None, f"{type(error).__name__}: {error}"[:500])
        return Answer(response.status_code)
