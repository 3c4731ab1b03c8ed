"""The debtor portal's rules of one company: whether it is on, how far ahead a customer
may promise to pay, and the payment-provider link its pages offer."""

from __future__ import annotations

from dataclasses import dataclass

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_PROMISE_DAYS = 90  # a longer wait is a payment plan, agreed with a person


@dataclass(frozen=True, slots=True)
class PortalSettings:
    enabled: bool = True
    max_promise_days: int = 14
    payment_link: str | None = None  # with {reference} {amount} {currency} to fill in

    def describe(self) -> str:
        """For the audit log."""
        return (f"enabled {self.enabled}; promise up to {self.max_promise_days} days; "
                f"payment link {self.payment_link or '-'}")  # fmt: skip


def check_payment_link(template: str | None) -> str | None:
    """A payment link as stored: a web address (https), or None to have none."""
    if template is None or not template.strip():
        return None
    template = template.strip()
    if not template.startswith(("https://", "http://")) or any(c.isspace() for c in template):
        raise InvalidValue("payment_link", Refusal.NOT_A_WEB_ADDRESS, value=template)
    return template


def check_max_promise_days(days: int) -> int:
    """How far ahead a company lets customers promise: 0 (today only) to 90 days."""
    if not 0 <= days <= MAX_PROMISE_DAYS:
        raise InvalidValue("max_promise_days", Refusal.DAYS_BETWEEN, value=days, low=0,
                           high=MAX_PROMISE_DAYS)  # fmt: skip
    return days
