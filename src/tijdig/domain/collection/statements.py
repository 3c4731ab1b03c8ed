"""A statement of account sent on request (issue 15): every open invoice and credit note
of a customer on a day, with its days overdue, and what is open per currency. It claims
nothing and takes no step of the policy: it only says where the customer stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.invoices import Invoice


@dataclass(frozen=True, slots=True)
class StatementLine:
    number: str
    is_credit: bool
    issue_date: date
    due_date: date
    open_amount: Decimal  # a credit note's is negative: it counts against the total
    currency: str
    days_overdue: int


@dataclass(frozen=True, slots=True)
class StatementOfAccount:
    customer_number: str
    on: date
    lines: tuple[StatementLine, ...]

    def totals(self) -> tuple[tuple[str, Decimal], ...]:
        """What is open per currency, credit notes netted, in currency order."""
        found: dict[str, Decimal] = {}
        for line in self.lines:
            found[line.currency] = found.get(line.currency, Decimal(0)) + line.open_amount
        return tuple(sorted(found.items()))

    def key(self, company_id: int) -> str:
        """Its idempotency key: one statement per customer a day, however often asked."""
        return f"statement-{company_id}-{self.customer_number}-{self.on.isoformat()}"


def statement_of(
    customer_number: str, invoices: Sequence[Invoice], *, on: date
) -> StatementOfAccount:
    """The statement of the customer's open items on `on`, the oldest due first."""
    lines = tuple(
        StatementLine(i.number, i.is_credit, i.issue_date, i.due_date, i.signed_outstanding,
                      i.currency, 0 if i.is_credit else i.days_overdue(on))
        for i in sorted(invoices, key=lambda i: (i.due_date, i.number))
        if i.is_open()
    )  # fmt: skip
    return StatementOfAccount(customer_number, on, lines)
