"""What the demo generator is asked for and what it hands back: specs, first ids, batches.

`COLUMNS` gives the column order of each table's row tuples, in insert order (parents
first); the loader inserts the tuples under these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

Row = tuple[object, ...]


class Day(date):
    """A date that the sqlite3 driver stores as ISO text by itself, through `__conform__`.

    Python 3.12 deprecates sqlite3's default date adapter, and SQLAlchemy's own
    per-value conversion is too slow for millions of rows; everywhere else a Day is
    just a date.
    """

    __slots__ = ()

    def __conform__(self, protocol: object) -> str:
        return self.isoformat()


class Moment(datetime):
    """A UTC moment that the sqlite3 driver stores as SQLAlchemy's SQLite DateTime does
    (naive ISO text with microseconds), through `__conform__`; elsewhere a datetime."""

    __slots__ = ()

    @classmethod
    def of(cls, value: datetime) -> Moment:
        return cls(value.year, value.month, value.day, value.hour, value.minute, value.second,
                   value.microsecond, tzinfo=value.tzinfo)  # fmt: skip

    def __conform__(self, protocol: object) -> str:
        return f"{self:%Y-%m-%d %H:%M:%S.%f}"


CHUNK = 25_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "companies": (
        "id", "code", "name", "country", "registration_number", "vat_id",
        "payment_term_days", "can_deduct_vat", "address", "email", "phone", "created_at",
    ),
    "bank_accounts": ("id", "company_id", "iban", "bic"),
    "customers": (
        "id", "company_id", "number", "name", "kind", "country", "language",
        "payment_term_days", "tolerance_days", "contact_days", "sales_owner",
        "credit_limit_minor", "credit_hold", "parent_id", "vat_id", "registration_number",
        "email", "phone", "address", "risk_class",
    ),
    "contacts": ("id", "company_id", "customer_id", "name", "role", "email", "phone",
                 "last_verified"),
    "invoices": (
        "id", "company_id", "customer_id", "kind", "number", "issue_date", "due_date",
        "currency", "total_minor", "net_minor", "prepaid_minor", "open_minor",
        "payment_reference", "free_reference", "source",
    ),
    "payments": ("id", "company_id", "customer_id", "paid_on", "amount_minor", "currency",
                 "reference"),
    "allocations": ("id", "company_id", "invoice_id", "payment_id", "credit_note_id",
                    "amount_minor", "allocated_on"),
    "customer_ibans": ("id", "company_id", "customer_id", "iban", "times_seen", "last_seen"),
    # The collection history (history.py, history_rows.py)
    "runs": ("id", "company_id", "as_of", "created_at"),
    "run_items": ("id", "run_id", "company_id", "customer_id", "kind", "status", "policy_code",
                  "step_key", "channel", "summary", "payload", "notes", "auto_approved",
                  "decided_at"),
    "outbox": ("id", "company_id", "customer_id", "run_item_id", "idempotency_key", "channel",
               "recipient", "subject", "body_text", "body_html", "status", "valid_on",
               "attempts", "next_attempt_at", "last_error", "created_at", "sent_at",
               "delivery_answer"),
    "steps_taken": ("id", "company_id", "invoice_id", "step_key", "channel", "taken_on",
                    "deadline", "run_item_id"),
    "contact_events": ("id", "company_id", "customer_id", "kind", "occurred_at", "summary", "by",
                       "with_whom", "outcome", "reason", "next_step", "outbox_id"),
    "promises": ("id", "company_id", "customer_id", "promised_date", "made_on", "amount_minor",
                 "currency", "kept", "kind", "fallback", "fallback_done_on"),
    "disputes": ("id", "company_id", "invoice_id", "reason", "note", "opened_on", "resolved_on",
                 "explanation"),
    "hand_over_cases": ("id", "reference", "company_id", "customer_id", "opened_on", "reason",
                        "off_policy", "status", "file_name", "file_zip"),
    "hand_over_statuses": ("id", "case_id", "status", "on_day", "at", "actor", "source", "note"),
    "payment_plans": ("id", "company_id", "customer_id", "reference", "currency",
                      "principal_minor", "costs_minor", "interest_minor", "made_on", "status",
                      "payment_order", "accepted_on", "outside_limits", "created_by"),
    "payment_plan_invoices": ("plan_id", "invoice_id", "company_id"),
    "plan_instalments": ("plan_id", "number", "company_id", "due_on", "amount_minor"),
    "plan_acceptances": ("id", "company_id", "plan_id", "customer_id", "way", "accepted_at",
                         "ip_address", "shown_text", "filename", "mime_type", "content",
                         "recorded_by"),
}  # fmt: skip
TABLES = tuple(COLUMNS)  # in insert order: parents first
ID_TABLES = tuple(t for t in TABLES if COLUMNS[t][0] == "id")  # not the link tables
# Tables whose rows hold only ints, strings, booleans, None, Days and Moments, so that a
# driver can take the tuples as they are (the company's created_at is a datetime).
BULK_TABLES = frozenset(TABLES) - {"companies"}


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """What to generate: sizes, the seed and the day the data runs up to.

    `bank_days`: the EUR payments of the last that many days up to `as_of` are not
    booked but come as bank statements (see bank.py); 0 books everything directly.
    `history`: the collection history of the dunned invoices (history.py); without it,
    a ledger on which no step was ever taken (the first run proposes first steps).
    """

    as_of: date
    customers: int = 400
    invoices: int = 12_000
    seed: int = 42
    months: int = 24
    bank_days: int = 0
    history: bool = True

    def __post_init__(self) -> None:
        if self.customers < 1 or self.invoices < 0 or self.months < 1 or self.bank_days < 0:
            raise ValueError("need at least one customer and month, and no negative counts")


@dataclass(frozen=True, slots=True)
class FirstIds:
    """The first free primary key per table (the loader reads the current maxima)."""

    companies: int = 1
    bank_accounts: int = 1
    customers: int = 1
    contacts: int = 1
    invoices: int = 1
    payments: int = 1
    allocations: int = 1
    customer_ibans: int = 1
    runs: int = 1
    run_items: int = 1
    outbox: int = 1
    steps_taken: int = 1
    contact_events: int = 1
    promises: int = 1
    disputes: int = 1
    hand_over_cases: int = 1
    hand_over_statuses: int = 1
    payment_plans: int = 1
    plan_acceptances: int = 1


@dataclass(frozen=True, slots=True)
class Batch:
    """Rows for one table, in `COLUMNS[table]` order; `invoices` counts progress."""

    table: str
    rows: list[Row]
    invoices: int = 0
