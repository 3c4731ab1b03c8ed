"""ISO 20022 CAMT.053 bank-to-customer statements, versions .001.02 to .001.08.

    identify(path) -> bool                          a camt.053 Document, by content
    extract(path) -> ImportResult[BankStatement]    one statement per Stmt element

Reading is hostile-XML safe (see `safe_xml`: no entities, no DTD, no network, a size
limit) and namespace-aware: the element names are looked up in the document's own
camt.053 namespace, so one reader serves every version. The opening balance is OPBD
(else PRCD), the closing CLBD, signed by CdtDbtInd (missing = credit); without a CLBD
the closing balance is derived from the opening and the booked entries, marked so and
with a warning. The official
XSDs are not a gate: banks' files that break them still import. A statement whose
balances do not add up imports with a warning. Entries: see `camt053_entries`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree

from tijdig.adapters.importers.camt053_entries import CamtError, Reader, line_of, read_entry
from tijdig.adapters.importers.safe_xml import MAX_BYTES, load, root_tag
from tijdig.domain.banking import BankStatement, StatementFormat, with_derived_closing
from tijdig.domain.imports import ImportIssue, ImportResult, Severity

__all__ = ["MAX_BYTES", "extract", "identify"]

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$")
VERSIONS = frozenset(range(2, 9))
_MESSAGE = "BkToCstmrStmt"


def identify(path: Path) -> bool:
    """True when the root is a camt.053 Document (or a bare Document/BkToCstmrStmt)."""
    tag = root_tag(path)
    if tag is None:
        return False
    name = etree.QName(tag)
    if name.localname != "Document":
        return False
    if name.namespace is not None and _version(name.namespace) in VERSIONS:
        return True
    if name.namespace is not None and name.namespace.startswith("urn:iso:"):
        return False
    loaded = load(path)
    return isinstance(loaded, etree._Element) and _message(loaded) is not None


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BankStatement]:
    """Every Stmt in the file with the issues found; no items when there are errors."""
    loaded = load(path, max_bytes=max_bytes)
    if not isinstance(loaded, etree._Element):
        return ImportResult(issues=(loaded,))
    message = _message(loaded)
    if message is None:
        text = f"not a CAMT.053 statement (the root element is {loaded.tag})"
        return ImportResult(issues=(ImportIssue(path.name, text, line=line_of(loaded)),))
    namespace = etree.QName(loaded).namespace or ""
    reader = Reader(namespace)
    notes = _version_notes(path.name, namespace, loaded)
    elements = reader.findall(message, "Stmt")
    try:
        statements = tuple(_statement(reader, element) for element in elements)
    except CamtError as error:
        issue = ImportIssue(path.name, error.message, line=error.line, field=error.field)
        return ImportResult(issues=(issue,))
    if not statements:
        notes.append(_warning(path.name, "the message holds no statement (Stmt)", message))
    notes.extend(_reconciliation(path.name, reader, elements, statements))
    lines = tuple(line_of(element) or 0 for element in elements)
    return ImportResult(statements, tuple(notes), lines=lines)


def _message(root: etree._Element) -> etree._Element | None:
    if etree.QName(root).localname != "Document":
        return None
    return next((c for c in root if etree.QName(c).localname == _MESSAGE), None)


def _version(namespace: str) -> int | None:
    match = NAMESPACE.match(namespace)
    return int(match.group(1)) if match else None


def _version_notes(file: str, namespace: str, root: etree._Element) -> list[ImportIssue]:
    if _version(namespace) in VERSIONS:
        return []
    text = f"unknown CAMT.053 namespace {namespace or '(none)'!r}; read as camt.053.001.02-08"
    return [_warning(file, text, root)]


def _statement(reader: Reader, element: etree._Element) -> BankStatement:
    opening = _balance(reader, element, "OPBD") or _balance(reader, element, "PRCD")
    closing = _balance(reader, element, "CLBD")
    currency = (
        reader.text(element, "Acct/Ccy")
        or next((b[2] for b in (opening, closing) if b and b[2]), None)
        or _first_currency(reader, element, "Bal/Amt", "Ntry/Amt")
    )
    fallback = closing[1] if closing else (opening[1] if opening else None)
    entries = reader.findall(element, "Ntry")
    statement = BankStatement(
        account=reader.text(element, "Acct/Id/IBAN", "Acct/Id/Othr/Id") or "",
        currency=currency,
        statement_id=reader.text(element, "Id"),
        opening_balance=opening[0] if opening else None,
        closing_balance=closing[0] if closing else None,
        opening_date=opening[1] if opening else None,
        closing_date=closing[1] if closing else None,
        transactions=tuple(
            read_entry(reader, entry, currency=currency, fallback=fallback) for entry in entries
        ),
        format=StatementFormat.CAMT053,
    )
    return with_derived_closing(statement)


def _balance(
    reader: Reader, statement: etree._Element, code: str
) -> tuple[Decimal, date | None, str | None] | None:
    """(signed amount, date, currency) of the statement's balance of type `code`."""
    for balance in reader.findall(statement, "Bal"):
        if reader.text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry") != code:
            continue
        amount, currency = reader.amount(balance)
        debit = reader.text(balance, "CdtDbtInd") == "DBIT"
        return (-amount if debit else amount), reader.day(balance, "Dt"), currency
    return None


def _first_currency(reader: Reader, statement: etree._Element, *paths: str) -> str:
    """The Ccy of the first amount found along `paths` (any balance, then any entry)."""
    for path in paths:
        amount = reader.find(statement, path)
        if amount is not None and amount.get("Ccy"):
            return str(amount.get("Ccy"))
    return ""


def _reconciliation(
    file: str,
    reader: Reader,
    elements: list[etree._Element],
    statements: tuple[BankStatement, ...],
) -> list[ImportIssue]:
    notes: list[ImportIssue] = []
    for element, statement in zip(elements, statements, strict=True):
        where = f"statement {statement.statement_id or line_of(element)}"
        closing = _balance(reader, element, "CLBD")
        if closing and closing[2] and closing[2] != statement.currency:
            text = f"{where}: the closing balance is in {closing[2]}, not {statement.currency}"
            notes.append(_warning(file, text, element))
        if statement.closing_derived:
            text = (
                f"{where} has no closing balance (CLBD); derived {statement.closing_balance} "
                "from the opening balance and the lines"
            )
            notes.append(_warning(file, text, element))
        elif not statement.reconciles:
            text = (
                f"{where} does not reconcile: opening {statement.opening_balance} + "
                f"booked entries {statement.booked_total} != closing {statement.closing_balance}"
            )
            notes.append(_warning(file, text, element))
    return notes


def _warning(file: str, message: str, element: etree._Element) -> ImportIssue:
    return ImportIssue(file, message, line=line_of(element), severity=Severity.WARNING)
