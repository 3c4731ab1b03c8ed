"""Signed, expiring links for the debtor portal (itsdangerous).

The token carries only the company and customer ids; it is signed with the
installation's secret and a salt of its own, so a token made for another purpose
(or another installation) does not open the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PORTAL_SALT = "tijdig.portal.v1"


@dataclass(frozen=True)
class PortalKey:
    company_id: int
    customer_id: int


class PortalLinks:
    def __init__(self, secret: str, *, max_age_days: int = 60) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=PORTAL_SALT)
        self.max_age_seconds = max_age_days * 86400

    def token(self, key: PortalKey) -> str:
        return self._serializer.dumps([key.company_id, key.customer_id])

    def read(self, token: str) -> PortalKey | None:
        """The key, or None for a tampered, malformed or expired token."""
        try:
            value = self._serializer.loads(token, max_age=self.max_age_seconds)
        except (SignatureExpired, BadSignature):
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            return None
        return PortalKey(value[0], value[1])
