"""Mandates, the creditor identifier, TARGET2 days and the collection date rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.mandates import (
    Creditor,
    Debit,
    DebitBatch,
    Mandate,
    Scheme,
    SequenceType,
    add_target2_days,
    bank_bic,
    check_collection,
    check_sepa_id,
    earliest_collection,
    is_target2_day,
    parse_scheme,
    pick_mandate,
    target2_closing_days,
    validate_creditor_id,
)

SIGNED = date(2026, 1, 15)


def mandate(**changes: object) -> Mandate:
    values: dict[str, object] = {
        "reference": "MND-1001-01",
        "customer_number": "1001",
        "signed_on": SIGNED,
        "scheme": Scheme.CORE,
        "iban": "nl91 abna 0417 1643 00",
    }
    return Mandate(**(values | changes))  # type: ignore[arg-type]


def test_a_mandate_is_normalised_when_built() -> None:
    built = mandate(bic="abnanl2a")
    assert built.iban == "NL91ABNA0417164300" and built.bic == "ABNANL2A"


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        ("", "empty"),
        ("X" * 36, "at most 35 characters"),
        ("MND 1", "no spaces"),
        ("MND_1", "use letters"),
        ("MÄNDAT", "use letters"),
        ("/MND1", "'/'"),
        ("MND1/", "'/'"),
        ("MND//1", "'//'"),
    ],
)
def test_a_mandate_reference_outside_the_sepa_charset_is_refused(reference: str, why: str) -> None:
    with pytest.raises(InvalidValue, match="reference") as error:
        mandate(reference=reference)
    assert why in str(error.value)


def test_the_sepa_identifier_charset_allows_the_epc_punctuation() -> None:
    assert check_sepa_id("a/B-9?:().,'+", field="id") == "a/B-9?:().,'+"
    assert check_sepa_id("X" * 35, field="id") == "X" * 35


def test_an_invalid_iban_is_refused() -> None:
    with pytest.raises(InvalidValue, match="iban"):
        mandate(iban="NL00ABNA0417164300")


def test_dates_before_the_signature_are_refused() -> None:
    with pytest.raises(InvalidValue, match="first_collected_on"):
        mandate(first_collected_on=date(2026, 1, 1))
    with pytest.raises(InvalidValue, match="revoked_on"):
        mandate(revoked_on=date(2026, 1, 1))


def test_the_first_collection_is_frst_and_every_later_one_rcur() -> None:
    assert mandate().sequence is SequenceType.FIRST
    assert mandate(first_collected_on=date(2026, 2, 2)).sequence is SequenceType.RECURRING


def test_a_one_off_mandate_collects_once_as_ooff() -> None:
    one_off = mandate(one_off=True)
    assert one_off.sequence is SequenceType.ONE_OFF
    used = one_off.after_collection(date(2026, 2, 27))
    assert used.completed_on == date(2026, 2, 27) and used.first_collected_on == date(2026, 2, 27)
    assert not used.can_collect(submitted_on=date(2026, 3, 2), collection_date=date(2026, 3, 3))


def test_a_mandate_marked_last_collects_fnal_once_and_then_no_more() -> None:
    last = mandate(first_collected_on=date(2026, 2, 2), final=True)
    assert last.sequence is SequenceType.FINAL
    ended = last.after_collection(date(2026, 12, 31))
    assert ended.completed_on == date(2026, 12, 31)
    assert ended.first_collected_on == date(2026, 2, 2)  # history kept
    assert not ended.can_collect(submitted_on=date(2027, 1, 4), collection_date=date(2027, 1, 5))


def test_a_mandate_marked_last_before_any_collection_starts_with_frst_and_ends() -> None:
    last = mandate(final=True)
    assert last.sequence is SequenceType.FIRST
    assert last.after_collection(date(2028, 2, 29)).completed_on == date(2028, 2, 29)


def test_a_recurrent_mandate_goes_on_after_its_first_collection() -> None:
    first = mandate().after_collection(date(2026, 1, 30))
    assert first.sequence is SequenceType.RECURRING and first.completed_on is None
    again = first.after_collection(date(2026, 2, 27))
    assert again.first_collected_on == date(2026, 1, 30)


@pytest.mark.parametrize(
    ("days", "ok"), [(0, False), (1, True), (14, True), (60, True), (61, False)]
)
def test_the_agreed_pre_notification_period_is_kept_within_bounds(days: int, ok: bool) -> None:
    if ok:
        assert mandate(pre_notification_days=days).pre_notification_days == days
        return
    with pytest.raises(InvalidValue, match="pre_notification_days"):
        mandate(pre_notification_days=days)


def test_the_pre_notification_period_is_14_days_unless_agreed() -> None:
    assert mandate().pre_notification_days == 14


def test_a_one_off_mandate_cannot_be_marked_last() -> None:
    with pytest.raises(InvalidValue, match="final"):
        mandate(one_off=True, final=True)


def test_a_mandate_is_active_from_its_signature_until_revoked() -> None:
    revoked = mandate(revoked_on=date(2026, 3, 1))
    assert not revoked.is_active(date(2026, 1, 14))
    assert revoked.is_active(SIGNED) and revoked.is_active(date(2026, 2, 28))
    assert not revoked.is_active(date(2026, 3, 1))
    assert not revoked.can_collect(submitted_on=date(2026, 2, 27), collection_date=date(2026, 3, 2))


def test_the_latest_usable_mandate_is_picked() -> None:
    old = mandate(reference="OLD", id=1, signed_on=date(2025, 1, 1))
    new = mandate(reference="NEW", id=2)
    later = mandate(reference="LATER", id=3, signed_on=date(2026, 6, 1))
    on = {"submitted_on": date(2026, 2, 2), "collection_date": date(2026, 2, 3)}
    assert pick_mandate([old, new, later], **on) == new
    assert pick_mandate([later], **on) is None


def test_the_scheme_is_read_case_insensitively() -> None:
    assert parse_scheme(" b2b ") is Scheme.B2B
    with pytest.raises(InvalidValue, match="CORE, B2B"):
        parse_scheme("COR1")


@pytest.mark.parametrize(
    ("typed", "compact"),
    [
        ("NL69ZZZ123456780000", "NL69ZZZ123456780000"),
        ("nl69 zzz 1234 5678 0000", "NL69ZZZ123456780000"),
        ("BE11ZZZ0403170701", "BE11ZZZ0403170701"),
        ("BE11 ZZZ 0403.170.701", "BE11ZZZ0403170701"),
        ("DE98ZZZ09999999999", "DE98ZZZ09999999999"),
    ],
)
def test_a_creditor_identifier_is_validated_and_compacted(typed: str, compact: str) -> None:
    assert validate_creditor_id(typed) == compact


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("NL98ZZZ999999999999", "checksum"),  # one digit off the check: mod 97-10 catches it
        ("NL38ZZZ12345678", "12 digits"),  # a valid check, but the KvK part lacks its 4 digits
        ("BE81ZZZ0403170702", "KBO"),  # a valid check over an invalid KBO number
        ("NL91ABNA0417164300", "creditor identifier"),  # an IBAN is not a creditor id
    ],
)
def test_a_wrong_creditor_identifier_is_refused(typed: str, why: str) -> None:
    with pytest.raises(InvalidValue, match="creditor_id") as error:
        validate_creditor_id(typed)
    assert why in str(error.value) or why in str(error.value.params.get("problem"))


def test_the_target2_closing_days_of_2026() -> None:
    assert target2_closing_days(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (date(2026, 4, 2), True),  # Maundy Thursday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 4), False),  # Saturday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 27), True),  # King's Day: a Dutch holiday, TARGET2 is open
        (date(2026, 5, 14), True),  # Ascension: likewise
        (date(2026, 12, 24), True),
        (date(2027, 3, 26), False),  # Good Friday 2027
    ],
)
def test_target2_is_open_on_weekdays_but_its_closing_days(day: date, open_: bool) -> None:
    assert is_target2_day(day) is open_


def test_target2_days_skip_easter_and_weekends() -> None:
    assert add_target2_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_target2_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_target2_days(date(2026, 3, 2), 0) == date(2026, 3, 2)


@pytest.mark.parametrize("scheme", list(Scheme))
def test_a_file_is_due_one_target2_day_before_its_collection(scheme: Scheme) -> None:
    assert earliest_collection(date(2026, 3, 2), scheme) == date(2026, 3, 3)
    assert earliest_collection(date(2026, 4, 2), scheme) == date(2026, 4, 7)
    assert check_collection(date(2026, 3, 3), submitted_on=date(2026, 3, 2), scheme=scheme)


@pytest.mark.parametrize(
    ("collection", "submitted", "message"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), "too early .* first possible date is 2026-03-03"),
        (date(2026, 3, 2), date(2026, 3, 5), "too early"),
        (date(2026, 3, 7), date(2026, 3, 2), "a weekend.*2026-03-09"),
        (date(2026, 4, 6), date(2026, 4, 1), "TARGET2 closing day.*2026-04-07"),
        (date(2026, 4, 3), date(2026, 4, 2), "TARGET2 closing day.*2026-04-07"),
    ],
)
def test_a_collection_date_the_schemes_refuse(
    collection: date, submitted: date, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message):
        check_collection(collection, submitted_on=submitted, scheme=Scheme.CORE)


def test_the_bic_of_a_dutch_account_is_known() -> None:
    assert bank_bic("NL91ABNA0417164300") == "ABNANL2A"
    assert bank_bic("BE68539007547034") is None  # not in schwifty's Belgian registry


def _debit(e2e: str, amount: str = "10.00", reference: str = "MND-1001-01") -> Debit:
    """A debit of one collection (id 1)."""
    return Debit(
        e2e, 1, mandate(id=1, reference=reference), SequenceType.FIRST, Decimal(amount),
        "Jansen", "F1",
    )  # fmt: skip


def test_a_batch_needs_unique_end_to_end_ids_and_amounts_in_range() -> None:
    creditor = Creditor("Acme", "NL91ABNA0417164300", "ABNANL2A", "NL69ZZZ123456780000")
    moment = datetime(2026, 3, 1, 9, 0)
    with pytest.raises(InvalidValue, match="unique"):
        DebitBatch("M1", moment, date(2026, 3, 3), Scheme.CORE, creditor, (_debit("E1"),) * 2)
    with pytest.raises(InvalidValue, match="at least one"):
        DebitBatch("M1", moment, date(2026, 3, 3), Scheme.CORE, creditor, ())
    with pytest.raises(InvalidValue, match="amount"):
        _debit("E1", "0.00")
    batch = DebitBatch(
        "M1", moment, date(2026, 3, 3), Scheme.CORE, creditor,
        (_debit("E1"), _debit("E2", "5", reference="MND-2")),
    )  # fmt: skip
    assert batch.total == Decimal("15.00")


def test_a_batch_collects_once_per_mandate() -> None:
    creditor = Creditor("Acme", "NL91ABNA0417164300", "ABNANL2A", "NL69ZZZ123456780000")
    debits = (_debit("E1"), _debit("E2", "5"))
    with pytest.raises(InvalidValue, match="MND-1001-01 is collected twice on 2026-12-31"):
        DebitBatch("M1", datetime(2026, 12, 30, 9), date(2026, 12, 31), Scheme.CORE, creditor,
                   debits)  # fmt: skip
