"""SEPA direct debit (S1-2): mandates, the creditor identifier, TARGET2 days and the
dates a collection may carry.

    Mandate              a signed mandate (UMR, scheme CORE/B2B, debtor account, the
                         pre-notification period agreed, one-off or marked last)
    validate_creditor_id SEPA Creditor Identifier (AT-02), NL and BE checked in full
    is_target2_day       a TARGET2 settlement day (no weekend, no closing day)
    earliest_collection  the first collection date a file submitted on a day can carry
    check_collection     refuse a collection date the schemes do not allow

The rules, from the EPC rulebooks (SDD Core EPC016-06 and SDD B2B EPC222-07) since
November 2016: a file must reach the creditor's bank at least one TARGET2 day before
the collection date (D-1), for every sequence type; the collection date is itself a
TARGET2 day. The sequence type follows the mandate's history: FRST for the first
collection under a recurrent mandate, RCUR after it, FNAL for the last one of a mandate
marked last, OOFF under a one-off mandate; a one-off or final collection uses the
mandate up. The debtor is pre-notified (domain/debit_collections.py). Every function
is pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from schwifty import IBAN
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError

from tijdig.domain.calendar import SATURDAY, easter_sunday
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal import law_of_company
from tijdig.domain.refusals import Refusal
from tijdig.domain.validation import validate_bic, validate_iban

MAX_ID_LENGTH = 35  # mandate reference (UMR), end-to-end id, message id
DEFAULT_PRE_NOTIFICATION_DAYS = 14  # EPC SDD rulebooks, PT-04.02, unless agreed otherwise
MAX_PRE_NOTIFICATION_DAYS = 60
MAX_AMOUNT = Decimal("999999999.99")  # the largest amount pain.008 can carry
# The identifier subset of the EPC's Latin character set: letters, digits and
# / - ? : ( ) . , ' + — no spaces; an id neither starts nor ends with "/" nor holds "//".
_SEPA_ID = re.compile(r"[A-Za-z0-9/\-?:().,'+]+")


def check_amount(amount: Decimal) -> None:
    """A SEPA collection's amount: at least a cent, at most what the rulebook allows."""
    if not Decimal("0.01") <= amount <= MAX_AMOUNT:
        raise InvalidValue("amount", Refusal.AMOUNT_OUTSIDE, value=amount, low=Decimal("0.01"),
                           high=MAX_AMOUNT)  # fmt: skip


class Scheme(StrEnum):
    CORE = "CORE"  # consumers and businesses; refundable for 8 weeks
    B2B = "B2B"  # businesses only; no refund, the debtor's bank checks the mandate


class SequenceType(StrEnum):
    FIRST = "FRST"  # the first collection under a recurrent mandate
    RECURRING = "RCUR"
    FINAL = "FNAL"  # the last collection under a recurrent mandate
    ONE_OFF = "OOFF"  # the only collection under a one-off mandate


def check_sepa_id(text: str, *, field: str) -> str:
    """An identifier for a SEPA file (UMR, end-to-end id), or `InvalidValue`."""
    value = text.strip()
    if not value:
        raise InvalidValue(field, Refusal.IS_EMPTY)
    if len(value) > MAX_ID_LENGTH:
        raise InvalidValue(field, Refusal.AT_MOST_CHARACTERS, length=MAX_ID_LENGTH)
    if not _SEPA_ID.fullmatch(value):
        raise InvalidValue(field, Refusal.SEPA_ID_CHARACTERS, value=value)
    if value.startswith("/") or value.endswith("/") or "//" in value:
        raise InvalidValue(field, Refusal.SEPA_ID_SLASHES, value=value)
    return value


def parse_scheme(text: str) -> Scheme:
    try:
        return Scheme(text.strip().upper())
    except ValueError:
        raise InvalidValue("scheme", Refusal.ONE_OF, value=text, allowed="CORE, B2B") from None


@dataclass(frozen=True, slots=True)
class Mandate:
    """A mandate a debtor signed; the next collection is FRST until one was made.

    `pre_notification_days`: the calendar days the debtor is told of a collection before
    it (14 unless the debtor agreed another period). `one_off`: a mandate for a single
    collection. `final`: marked last, the next collection ends it. `completed_on`: the
    day of the collection that used the mandate up (one-off or final)."""

    reference: str  # the Unique Mandate Reference (UMR)
    customer_number: str
    signed_on: date
    scheme: Scheme
    iban: str
    bic: str | None = None
    first_collected_on: date | None = None
    revoked_on: date | None = None
    id: int | None = None
    one_off: bool = False
    final: bool = False
    pre_notification_days: int = DEFAULT_PRE_NOTIFICATION_DAYS
    completed_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "reference", check_sepa_id(self.reference, field="reference"))
        object.__setattr__(self, "iban", validate_iban(self.iban))
        if self.bic is not None:
            object.__setattr__(self, "bic", validate_bic(self.bic))
        if not self.customer_number.strip():
            raise InvalidValue("customer_number", Refusal.IS_EMPTY)
        if self.first_collected_on is not None and self.first_collected_on < self.signed_on:
            raise InvalidValue("first_collected_on", Refusal.BEFORE_SIGNATURE)
        if self.revoked_on is not None and self.revoked_on < self.signed_on:
            raise InvalidValue("revoked_on", Refusal.BEFORE_SIGNATURE)
        self._check_kind()

    def _check_kind(self) -> None:
        days = self.pre_notification_days
        if not 1 <= days <= MAX_PRE_NOTIFICATION_DAYS:
            raise InvalidValue("pre_notification_days", Refusal.DAYS_BETWEEN, value=days, low=1,
                               high=MAX_PRE_NOTIFICATION_DAYS)  # fmt: skip
        if self.one_off and self.final:
            raise InvalidValue("final", Refusal.ONE_OFF_IS_FINAL)
        if self.completed_on is not None and self.first_collected_on is None:
            raise InvalidValue("completed_on", Refusal.COMPLETED_NOTHING_COLLECTED)

    @property
    def sequence(self) -> SequenceType:
        """The sequence type of the next collection, from the mandate's history."""
        if self.one_off:
            return SequenceType.ONE_OFF
        if self.first_collected_on is None:
            return SequenceType.FIRST
        return SequenceType.FINAL if self.final else SequenceType.RECURRING

    @property
    def is_used(self) -> bool:
        """A one-off or final collection was made: nothing more is collected under it."""
        return self.completed_on is not None

    def after_collection(self, on: date) -> Mandate:
        """The mandate once a collection on `on` was presented under it."""
        first = self.first_collected_on or on
        ends = self.one_off or self.final
        return replace(self, first_collected_on=first, completed_on=on if ends else None)

    def is_active(self, on: date) -> bool:
        """Signed by `on` and not revoked by then."""
        return self.signed_on <= on and (self.revoked_on is None or self.revoked_on > on)

    def can_collect(self, *, submitted_on: date, collection_date: date) -> bool:
        """Signed when the file is submitted, not revoked before the collection, and
        not used up by a one-off or final collection."""
        return not self.is_used and self.is_active(submitted_on) and self.is_active(collection_date)


def pick_mandate(
    mandates: list[Mandate], *, submitted_on: date, collection_date: date
) -> Mandate | None:
    """The customer's most recently signed mandate that can collect, if any."""
    usable = [
        m
        for m in mandates
        if m.can_collect(submitted_on=submitted_on, collection_date=collection_date)
    ]
    return max(usable, key=lambda m: (m.signed_on, m.id or 0), default=None)


def validate_creditor_id(text: str, *, field: str = "creditor_id") -> str:
    """The SEPA Creditor Identifier, compact: NL + 2 check digits + business code
    (ZZZ) + KvK number and 4 digits (NL69ZZZ123456780000); BE + 2 + ZZZ + the KBO/BCE
    number (BE11ZZZ0403170701). Other countries get the mod 97-10 check only."""
    try:
        value = str(at_02.validate(text))
    except ValidationError as error:
        raise InvalidValue(
            field, Refusal.NOT_A_CREDITOR_ID, value=text, problem=str(error)
        ) from None
    law = law_of_company(value[:2])
    problem = law.creditor_id_problem(value[7:]) if law is not None else None
    if problem is not None:
        raise InvalidValue(field, problem, value=text)
    return value


def bank_bic(iban: str) -> str | None:
    """The BIC of the bank holding the account, from schwifty's bank registry (it
    knows every Dutch bank and most Belgian ones), else None."""
    bic = IBAN(validate_iban(iban)).bic
    return None if bic is None else str(bic.compact)


# TARGET2 is closed on weekends and on these days (ECB, since 2002).
@lru_cache(maxsize=64)
def target2_closing_days(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter - timedelta(days=2),  # Good Friday
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_target2_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in target2_closing_days(day.year)


def add_target2_days(day: date, count: int) -> date:
    """`count` TARGET2 days after `day` (`day` itself is not counted)."""
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_target2_day(day):
            remaining -= 1
    return day


def earliest_collection(submitted_on: date, scheme: Scheme) -> date:
    """D-1 for CORE (FRST and RCUR, since November 2016) and for B2B: the collection
    date lies at least one TARGET2 day after the day the file reaches the bank."""
    del scheme  # both schemes have the same lead time today; kept for when they differ
    return add_target2_days(submitted_on, 1)


def check_collection(collection_date: date, *, submitted_on: date, scheme: Scheme) -> date:
    """The collection date, or `RuleViolation` with the reason and the first date allowed."""
    earliest = earliest_collection(submitted_on, scheme)
    if not is_target2_day(collection_date):
        weekend = collection_date.weekday() >= SATURDAY
        raise RuleViolation(
            Refusal.COLLECTION_ON_WEEKEND if weekend else Refusal.COLLECTION_ON_CLOSING_DAY,
            day=collection_date,
            first=earliest_on_or_after(collection_date, earliest),
        )
    if collection_date < earliest:
        raise RuleViolation(
            Refusal.COLLECTION_TOO_EARLY,
            day=collection_date,
            scheme=scheme.value,
            submitted=submitted_on,
            first=earliest,
        )
    return collection_date


def earliest_on_or_after(day: date, earliest: date) -> date:
    """The first TARGET2 day on or after both dates."""
    start = max(day, earliest)
    return start if is_target2_day(start) else add_target2_days(start, 1)


@dataclass(frozen=True, slots=True)
class Creditor:
    """Who collects: the name, account and SEPA Creditor Identifier in the file."""

    name: str
    iban: str
    bic: str
    creditor_id: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("name", Refusal.IS_EMPTY)
        object.__setattr__(self, "iban", validate_iban(self.iban))
        object.__setattr__(self, "bic", validate_bic(self.bic))
        object.__setattr__(self, "creditor_id", validate_creditor_id(self.creditor_id))


@dataclass(frozen=True, slots=True)
class Debit:
    """One collection under one mandate (one DrctDbtTxInf): the invoices of a planned
    collection, as one amount."""

    end_to_end_id: str
    collection_id: int
    mandate: Mandate
    sequence: SequenceType
    amount: Decimal  # EUR, more than zero
    debtor_name: str
    remittance: str  # the invoice numbers (and a single invoice's payment reference)

    def __post_init__(self) -> None:
        check_sepa_id(self.end_to_end_id, field="end_to_end_id")
        check_amount(self.amount)


@dataclass(frozen=True, slots=True)
class DebitBatch:
    """A pain.008 message: debits of one scheme, due on one collection date."""

    message_id: str
    created_at: datetime
    collection_date: date
    scheme: Scheme
    creditor: Creditor
    debits: tuple[Debit, ...]

    def __post_init__(self) -> None:
        check_sepa_id(self.message_id, field="message_id")
        if not self.debits:
            raise InvalidValue("debits", Refusal.BATCH_NO_DEBIT)
        if len({d.end_to_end_id for d in self.debits}) != len(self.debits):
            raise InvalidValue("end_to_end_id", Refusal.NOT_UNIQUE_IN_BATCH)
        seen: set[str] = set()
        for debit in self.debits:
            if debit.mandate.reference in seen:
                raise InvalidValue(
                    "debits",
                    Refusal.MANDATE_COLLECTED_TWICE,
                    mandate=debit.mandate.reference,
                    day=self.collection_date,
                )
            seen.add(debit.mandate.reference)

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.debits), Decimal(0))
