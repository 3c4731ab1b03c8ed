"""The demo's bank statements as CAMT.053.001.02 files, one per statement day.

Built with lxml, so names such as "Van Dijk & Zn. B.V." are escaped as XML needs. The
creation time is derived from the statement day (the evening of it, UTC), never from
the clock: the same seed, as-of date and number of bank days give identical files.
Each file validates against the ISO 20022 schema camt.053.001.02.xsd.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tijdig.adapters.demo.bank import BankBook, Statement
from tijdig.adapters.demo.noise import Entry

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
FILE_PATTERN = "camt053-demo-*.xml"
CURRENCY = "EUR"
_NS = f"{{{NAMESPACE}}}"


def file_name(statement: Statement) -> str:
    return FILE_PATTERN.replace("*", statement.day.isoformat())


def write_statements(book: BankBook, folder: Path) -> list[Path]:
    """One file per statement in `folder` (made when missing); earlier demo statement
    files there go first, so a glob of the folder holds exactly this run's."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(FILE_PATTERN):
        old.unlink()
    paths = []
    for statement in book.statements:
        path = folder / file_name(statement)
        path.write_bytes(statement_xml(book, statement))
        paths.append(path)
    return paths


def statement_xml(book: BankBook, statement: Statement) -> bytes:
    """The CAMT.053 document of one statement, UTF-8 with an XML declaration."""
    day = statement.day.isoformat()
    root = etree.fromstring(f'<Document xmlns="{NAMESPACE}"/>')
    message = _sub(root, "BkToCstmrStmt")
    header = _sub(message, "GrpHdr")
    _sub(header, "MsgId", f"DEMO-CAMT053-{day}")
    _sub(header, "CreDtTm", f"{day}T20:00:00Z")
    stmt = _sub(message, "Stmt")
    _sub(stmt, "Id", f"DEMO-{book.iban[-10:]}-{day}")
    _sub(stmt, "ElctrncSeqNb", str(statement.sequence))
    _sub(stmt, "CreDtTm", f"{day}T20:00:00Z")
    period = _sub(stmt, "FrToDt")
    _sub(period, "FrDtTm", f"{day}T00:00:00Z")
    _sub(period, "ToDtTm", f"{day}T23:59:59Z")
    _account(_sub(stmt, "Acct"), book)
    _balance(stmt, "OPBD", statement.opening, day)
    _balance(stmt, "CLBD", statement.closing, day)
    for entry in statement.entries:
        _entry(_sub(stmt, "Ntry"), entry, day)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{_NS}{tag}")
    element.text = text
    return element


def _amount(parent: etree._Element, tag: str, minor: int) -> None:
    """An amount in EUR with two decimals, from integer minor units (never negative)."""
    element = _sub(parent, tag, f"{abs(minor) // 100}.{abs(minor) % 100:02d}")
    element.set("Ccy", CURRENCY)


def _account(account: etree._Element, book: BankBook) -> None:
    _sub(_sub(account, "Id"), "IBAN", book.iban)
    _sub(account, "Ccy", CURRENCY)
    servicer = _sub(_sub(account, "Svcr"), "FinInstnId")
    _sub(servicer, "BIC", book.bic)


def _balance(stmt: etree._Element, code: str, minor: int, day: str) -> None:
    balance = _sub(stmt, "Bal")
    _sub(_sub(_sub(balance, "Tp"), "CdOrPrtry"), "Cd", code)
    _amount(balance, "Amt", minor)
    _sub(balance, "CdtDbtInd", "CRDT" if minor >= 0 else "DBIT")
    _sub(_sub(balance, "Dt"), "Dt", day)


def _entry(ntry: etree._Element, entry: Entry, day: str) -> None:
    _amount(ntry, "Amt", entry.amount)
    _sub(ntry, "CdtDbtInd", "CRDT" if entry.amount > 0 else "DBIT")
    _sub(ntry, "Sts", "BOOK")
    _sub(_sub(ntry, "BookgDt"), "Dt", day)
    _sub(_sub(ntry, "ValDt"), "Dt", day)
    _sub(ntry, "AcctSvcrRef", entry.bank_ref)
    domain = _sub(_sub(ntry, "BkTxCd"), "Domn")
    credit = entry.amount > 0
    _sub(domain, "Cd", "PMNT" if credit else "ACMT")
    family = _sub(domain, "Fmly")
    _sub(family, "Cd", "RCDT" if credit else "MDOP")
    _sub(family, "SubFmlyCd", "ESCT" if credit else "CHRG")
    _details(_sub(_sub(ntry, "NtryDtls"), "TxDtls"), entry)
    if not credit:
        _sub(ntry, "AddtlNtryInf", entry.remittance)


def _details(tx: etree._Element, entry: Entry) -> None:
    _sub(_sub(tx, "Refs"), "EndToEndId", entry.end_to_end)
    if entry.name is not None and entry.iban is not None:
        parties = _sub(tx, "RltdPties")
        _sub(_sub(parties, "Dbtr"), "Nm", entry.name)
        _sub(_sub(_sub(parties, "DbtrAcct"), "Id"), "IBAN", entry.iban)
    if entry.reference is not None:
        reference = _sub(_sub(_sub(tx, "RmtInf"), "Strd"), "CdtrRefInf")
        kind = _sub(reference, "Tp")
        _sub(_sub(kind, "CdOrPrtry"), "Cd", "SCOR")
        _sub(kind, "Issr", "CUR")  # the Dutch betalingskenmerk (Currence)
        _sub(reference, "Ref", entry.reference)
    elif entry.remittance:
        _sub(_sub(tx, "RmtInf"), "Ustrd", entry.remittance[:140])
