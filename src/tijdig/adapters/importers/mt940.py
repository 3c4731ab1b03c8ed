"""SWIFT MT940 customer statements, as Dutch, Belgian and German banks write them.

    identify(path) -> bool                          MT940 by content (:20: and :25: lines)
    extract(path) -> ImportResult[BankStatement]    one statement per :20: block with balances

The tag grammar (the :61: statement line, the :60x:/:62x: balances) is the `mt-940`
library's own patterns. Around it this module does what the library gets wrong on real
files: `mt940_text` cuts the file into fields (SWIFT envelopes, headers, prose, control
bytes, wrapped fields, a second :61: line with the counterparty's name), Rabobank's
pre-SEPA amounts with a decimal point are rewritten to the SWIFT comma, one statement is
made per :20: block (a 60M/62M continuation page is a statement of its own), RC/RD
(reversal) marks invert the sign, and `mt940_fields` reads the :86: subfields.

A file cut short (a SWIFT message without its end) is refused with the line; a statement
whose balances do not add up, or that has no closing balance, imports with a warning;
a missing closing balance is derived from the opening balance and the lines, marked so.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mt940.tags import FinalOpeningBalance, Statement

from tijdig.adapters.importers.mt940_fields import read_details
from tijdig.adapters.importers.mt940_text import Block, Field, blocks, decode, tokenize
from tijdig.adapters.importers.safe_xml import read_limited
from tijdig.domain.banking import (
    BankStatement,
    BankTransaction,
    StatementFormat,
    with_derived_closing,
)
from tijdig.domain.imports import ImportIssue, ImportResult, Severity

__all__ = ["MAX_BYTES", "extract", "identify"]

MAX_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 16 * 1024
_STATEMENT_LINE = Statement().re  # the library's :61: grammar
_BALANCE = FinalOpeningBalance().re  # the library's :60x:/:62x: grammar
_DOTTED_LINE = re.compile(r"^(\d{6}(?:\d{4})?R?[CD][A-Z]?)(\d+)\.(\d*)")
_DOTTED_BALANCE = re.compile(r"^([CD]\d{6}[A-Z]{3})(\d+)\.(\d*)")
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_TRAILING_CURRENCY = re.compile(r"^(.*?\d)\s*([A-Z]{3})$")
_SNIFF = re.compile(r"^(?:\{1:|:20:)", re.MULTILINE)
_ACCOUNT_LINE = re.compile(r"^:25:", re.MULTILINE)


class _Invalid(Exception):
    """A field that cannot be read; becomes an error issue naming its line."""

    def __init__(self, field: Field, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def identify(path: Path) -> bool:
    """True when the file reads as MT940: a :20: (or SWIFT {1: header) and a :25: line."""
    try:
        with path.open("rb") as stream:
            head = decode(stream.read(SNIFF_BYTES))
    except OSError:
        return False
    if head.lstrip().startswith("<"):
        return False
    return bool(_SNIFF.search(head)) and bool(_ACCOUNT_LINE.search(head))


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BankStatement]:
    """Every statement in the file with the issues found; no items when there are errors."""
    data = read_limited(path, max_bytes=max_bytes)
    if isinstance(data, ImportIssue):
        return ImportResult(issues=(data,))
    fields = tokenize(decode(data), file=path.name)
    if isinstance(fields, ImportIssue):
        return ImportResult(issues=(fields,))
    every = blocks(fields)
    found = [block for block in every if block.has_balance]
    if not found:
        message = "no MT940 statement found (no :20: block with a :60F:/:62F: balance)"
        return ImportResult(issues=(ImportIssue(path.name, message),))
    try:
        statements = tuple(_statement(block) for block in found)
    except _Invalid as error:
        issue = ImportIssue(path.name, error.message, line=error.field.line, field=error.field.tag)
        return ImportResult(issues=(issue,))
    skipped = [_skipped(path.name, b) for b in every if not b.has_balance and b.first("61")]
    warnings = (*skipped, *_warnings(path.name, found, statements))
    return ImportResult(statements, warnings, lines=tuple(block.line for block in found))


def _statement(block: Block) -> BankStatement:
    opening = block.first("60F", "60M")
    closing = block.first("62F", "62M")
    open_balance = _balance(opening) if opening else None
    close_balance = _balance(closing) if closing else None
    currency = next(
        (b[2] for b in (open_balance, close_balance) if b is not None), _currency_of(block)
    )
    statement = BankStatement(
        account=_account(block),
        currency=currency,
        statement_id=_statement_id(block),
        opening_balance=open_balance[0] if open_balance else None,
        closing_balance=close_balance[0] if close_balance else None,
        opening_date=open_balance[1] if open_balance else None,
        closing_date=close_balance[1] if close_balance else None,
        transactions=tuple(_transactions(block, currency)),
        format=StatementFormat.MT940,
    )
    return with_derived_closing(statement)


def _balance(field: Field) -> tuple[Decimal, date, str]:
    """(signed amount, date, currency) of a :60x: or :62x: field."""
    text = _DOTTED_BALANCE.sub(r"\1\2,\3", field.first)
    match = _BALANCE.match(text)
    if match is None or not match["amount"]:
        raise _Invalid(field, f"cannot read the balance {field.first!r} (e.g. C240131EUR12,34)")
    amount = _amount(field, match["amount"])
    when = _date(field, match["year"], match["month"], match["day"])
    sign = -1 if match["status"].upper() == "D" else 1
    return sign * amount, when, match["currency"].upper()


def _transactions(block: Block, currency: str) -> list[BankTransaction]:
    """The :61: lines of a block, each with the :86: fields that follow it."""
    found: list[tuple[Field, list[Field]]] = []
    open_line = False  # a :86: belongs to the :61: right before it, not to a balance
    for item in block.fields:
        if item.tag == "61":
            found.append((item, []))
        elif item.tag == "86" and open_line:
            found[-1][1].append(item)
        open_line = item.tag in {"61", "86"} and bool(found)
    return [_transaction(line, info, currency) for line, info in found]


def _transaction(field: Field, info: list[Field], currency: str) -> BankTransaction:
    text = _DOTTED_LINE.sub(r"\1\2,\3", field.first)
    match = _STATEMENT_LINE.match(text)
    if match is None:
        raise _Invalid(field, f"cannot read the statement line {field.first!r}")
    value_date = _date(field, match["year"], match["month"], match["day"])
    status = match["status"].upper()
    amount = _amount(field, match["amount"])
    details = read_details(tuple(line for item in info for line in item.lines))
    name = details.counterparty_name or _name_line(field)
    return BankTransaction(
        booking_date=_entry_date(field, value_date, match["entry_month"], match["entry_day"]),
        value_date=value_date,
        amount=-amount if status in {"D", "RC"} else amount,
        currency=currency,
        counterparty_name=name,
        counterparty_iban=details.counterparty_iban,
        counterparty_bic=details.counterparty_bic,
        structured_reference=details.structured_reference,
        remittance=details.remittance,
        bank_reference=_bank_reference(match["bank_reference"], match["customer_reference"]),
        end_to_end_id=details.end_to_end_id,
        return_reason=details.return_reason,
        is_reversal=status.startswith("R"),
        line=field.line,
    )


def _amount(field: Field, text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ".")) if text.strip(",") else Decimal(0)
    except InvalidOperation:
        raise _Invalid(field, f"cannot read the amount {text!r}") from None


def _date(field: Field, year: str, month: str, day: str) -> date:
    """A YYMMDD date; years 80-99 are 19xx, the rest 20xx."""
    full = int(year) + (1900 if int(year) >= 80 else 2000)
    try:
        return date(full, int(month), int(day))
    except ValueError:
        raise _Invalid(field, f"no such date: {year}{month}{day} (YYMMDD)") from None


def _entry_date(field: Field, value_date: date, month: str | None, day: str | None) -> date:
    """The booking (entry) date MMDD, in the year that puts it nearest the value date."""
    if not (month and day and month.isdigit() and day.isdigit()):
        return value_date
    candidates = []
    for year in (value_date.year - 1, value_date.year, value_date.year + 1):
        try:
            candidates.append(date(year, int(month), int(day)))
        except ValueError:
            continue
    if not candidates:
        raise _Invalid(field, f"no such entry date: {month}{day} (MMDD)")
    return min(candidates, key=lambda when: abs((when - value_date).days))


def _name_line(field: Field) -> str | None:
    """The counterparty's name some banks (SNS) put on the :61: field's second line."""
    for line in field.rest:
        if not line.startswith("/") and any(c.isalpha() for c in line):
            return line
    return None


def _bank_reference(bank: str | None, customer: str | None) -> str | None:
    for reference in (bank, customer):
        if reference and reference.strip() and reference.strip().upper() != "NONREF":
            return reference.strip()
    return None


def _account(block: Block) -> str:
    """The IBAN in :25:, else its account number without a glued-on currency code."""
    field = block.first("25")
    text = "".join(field.lines).strip() if field else ""
    glued = _TRAILING_CURRENCY.match(text)
    number = glued.group(1) if glued else text
    iban = _IBAN.search(number.replace(" ", ""))
    return iban.group(0) if iban else number


def _currency_of(block: Block) -> str:
    field = block.first("25")
    glued = _TRAILING_CURRENCY.match(field.first) if field else None
    return glued.group(2) if glued else ""


def _statement_id(block: Block) -> str | None:
    reference = block.first("20")
    number = block.first("28C", "28")
    parts = ["".join(f.lines).strip() for f in (reference, number) if f]  # :28C: may wrap
    return " ".join(part for part in parts if part) or None


def _skipped(file: str, block: Block) -> ImportIssue:
    message = "a :20: block with statement lines but no balance (:60F:/:62F:) is left out"
    return ImportIssue(file, message, line=block.line, severity=Severity.WARNING)


def _warnings(
    file: str, found: list[Block], statements: tuple[BankStatement, ...]
) -> list[ImportIssue]:
    warnings: list[ImportIssue] = []
    for block, statement in zip(found, statements, strict=True):
        where = f"statement {statement.statement_id or block.line}"
        if statement.closing_balance is None or statement.closing_derived:
            message = f"{where} has no closing balance (:62F:); the file may be cut short"
            if statement.closing_derived:
                message += (
                    f"; derived {statement.closing_balance} from the opening balance and the lines"
                )
        elif not statement.reconciles:
            message = (
                f"{where} does not reconcile: opening {statement.opening_balance} + "
                f"transactions {statement.booked_total} != closing {statement.closing_balance}"
            )
        else:
            continue
        warnings.append(ImportIssue(file, message, line=block.line, severity=Severity.WARNING))
    return warnings
