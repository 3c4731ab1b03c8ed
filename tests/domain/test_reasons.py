"""Reasons are codes with typed values: stored as JSON and read back the same, said in
English for the CLI, and never with a requirement code in the words."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from tijdig.domain.money import Money
from tijdig.domain.reason_texts import TEXTS, WORDS, Formats, say
from tijdig.domain.reasons import Code, Reason, from_json, many_from_json, reason, to_json


def test_every_code_has_its_words_and_no_requirement_code() -> None:
    assert set(TEXTS) == set(Code)
    shown = [*TEXTS.values(), *(w for table in WORDS.values() for w in table.values())]
    assert not [text for text in shown if re.search(r"\(?S\d-\d", text)]


def test_a_reason_keeps_the_types_of_its_values_through_json() -> None:
    held = reason(Code.BELOW_MINIMUM, totals=(Money("EUR", Decimal("10.00")),
                  Money("USD", Decimal("5.50"))), minimum=Decimal("25.00"))  # fmt: skip
    later = reason(Code.NOT_CONTACT_DAY, day=date(2026, 12, 6), next=date(2026, 12, 9))
    counted = reason(Code.MESSAGE_STEP, step="reminder", count=3)
    for item in (held, later, counted):
        assert from_json(to_json(item)) == item


def test_what_was_stored_before_codes_is_left_out() -> None:
    stored = ["first time late: ask what changed (S0-2)", {"code": "gone", "params": {}}]
    assert many_from_json([*stored, to_json(Reason(Code.FIRST_TIME_LATE))]) == (
        Reason(Code.FIRST_TIME_LATE),
    )


def test_plain_english_for_the_cli_and_a_readers_formats_for_the_web() -> None:
    large = reason(Code.LARGE_AMOUNT, overdue=(Money("EUR", Decimal("424945.52")),),
                   threshold=Decimal("5000.00"))  # fmt: skip
    assert say(large) == "Large amount: overdue EUR 424945.52 reaches 5000.00."
    formats = Formats(money=lambda a, c: f"<{a} {c}>", day=lambda d: "<day>", number=str)
    dutch = {TEXTS[Code.DISPUTED]: "{invoice}: betwist sinds {since} ({why})"}
    words = {"invoice incorrect": "factuur onjuist"}
    disputed = reason(Code.DISPUTED, invoice="F-1", since=date(2026, 3, 1), why="invoice_incorrect")
    assert say(disputed, gettext=lambda m: dutch.get(m) or words.get(m, m),
               formats=formats) == "F-1: betwist sinds <day> (factuur onjuist)"  # fmt: skip
