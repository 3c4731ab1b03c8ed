"""Typed cells of a CSV export: dates, booleans, whole numbers and amounts.

Each parser raises `InvalidValue` naming the field; the row reader turns that into an
`ImportIssue` for the file and line.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import parse_amount

_DATE_HINT = "use dd-mm-yyyy or yyyy-mm-dd"
_BOOLEANS = {
    **dict.fromkeys(("ja", "j", "yes", "y", "true", "waar", "1", "x"), True),
    **dict.fromkeys(("nee", "n", "no", "false", "onwaar", "0"), False),
}
_DATE_HINT = "use dd-mm-yyyy or yyyy-mm-dd"


@functools.lru_cache(maxsize=8192)
def parse_date(text: str, *, field: str = "date") -> date:
    """Read `dd-mm-yyyy`, `dd/mm/yyyy`, `dd.mm.yyyy`, `d-m-yyyy` or ISO `yyyy-mm-dd`.

    Day-first is the Dutch and Belgian order; two-digit years are refused as ambiguous.
    """
    raw = text.strip()
    sep = next((s for s in "-/." if s in raw), "")
    parts = raw.split(sep) if sep else [raw]
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise InvalidValue(field, f"{text!r} is not a date; {_DATE_HINT}")
    if len(parts[0]) == 4 and sep == "-" and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        year, month, day = (int(p) for p in parts)
    elif len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        day, month, year = (int(p) for p in parts)
    else:
        two_digit_year = len(parts[2]) == 2 and len(parts[0]) <= 2
        why = "has a two-digit year, which is ambiguous" if two_digit_year else "is not a date"
        raise InvalidValue(field, f"{text!r} {why}; {_DATE_HINT}")
    if not 1900 <= year <= 2199:
        raise InvalidValue(field, f"{text!r} has an unlikely year {year}")
    try:
        return date(year, month, day)
    except ValueError:
        why = f"is not a valid date (day {day}, month {month})"
        raise InvalidValue(field, f"{text!r} {why}; {_DATE_HINT}") from None


def parse_bool(text: str, *, field: str = "flag") -> bool:
    """Read ja/nee, j/n, yes/no, y/n, true/false, 1/0 (any case)."""
    try:
        return _BOOLEANS[text.strip().lower()]
    except KeyError:
        raise InvalidValue(field, f"{text!r} is not yes or no; use ja/nee or yes/no") from None


_LONE_GROUP = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")


def parse_int(text: str, *, field: str = "number") -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.lstrip("-").isdigit()):
        raise InvalidValue(field, f"{text!r} is not a whole number")
    return int(raw)


def parse_money(text: str, *, field: str = "amount") -> Decimal:
    """An amount of at most two decimals. A file's `1.234` or `1,234` is refused: a person
    typing it means a thousand (`parse_amount`), but an export may mean three decimals."""
    if "e" in text.lower():
        raise InvalidValue(field, f"{text!r} is in scientific notation; export the full amount")
    if _LONE_GROUP.fullmatch(text.strip()):
        raise InvalidValue(field, f"{text!r} is ambiguous (a thousand or three decimals?); "
                           "write 1234,00 or 1.234,00")  # fmt: skip
    value = parse_amount(text, field=field)
    shown = str(value)  # cheaper than as_tuple() on a hot path
    if "E" in shown or len(shown.partition(".")[2]) > 2:
        raise InvalidValue(field, f"{text!r} has more than two decimals; write 1234,56 or 1234.56")
    return value
