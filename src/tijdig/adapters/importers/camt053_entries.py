"""CAMT.053 entries (Ntry) into `BankTransaction`s, for every version from .001.02 to .08.

One transaction per Ntry, as the bank booked it. The amount's sign is CdtDbtInd's:
ISO 20022 gives the direction of the booking itself there, so a reversal (RvslInd
true, e.g. a returned direct debit booked back as a credit) is not inverted again; it
is marked `is_reversal`. An entry is booked unless its status is PDNG or INFO. The
details come from the first TxDtls (a batch entry's remittance texts are all kept):
the counterparty is the debtor of a credit and the creditor of a debit (the other way
round for a reversal), version 08's `Pty` wrapper included.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from tijdig.domain.banking import BankTransaction

_UNBOOKED = frozenset({"PDNG", "INFO"})
_NO_VALUE = frozenset({"", "NOTPROVIDED", "NONREF"})


def line_of(element: etree._Element | None) -> int | None:
    """The element's line in the file (lxml-stubs type `sourceline` loosely)."""
    line: object = element.sourceline if element is not None else None
    return line if isinstance(line, int) else None


class CamtError(Exception):
    """A value that cannot be read; becomes an error issue naming its line and field."""

    def __init__(self, message: str, *, line: int | None, field: str) -> None:
        super().__init__(message)
        self.message, self.line, self.field = message, line, field


class Reader:
    """Namespace-aware lookups in one CAMT document: paths are written without prefixes."""

    def __init__(self, namespace: str) -> None:
        self.prefix = f"{{{namespace}}}" if namespace else ""
        self._paths: dict[str, str] = {}  # a bank file asks the same few paths 100,000 times
        self._steps: dict[str, tuple[str, ...]] = {}

    def _path(self, path: str) -> str:
        found = self._paths.get(path)
        if found is None:
            found = "/".join(f"{self.prefix}{step}" for step in path.split("/"))
            self._paths[path] = found
        return found

    def find(self, element: etree._Element, path: str) -> etree._Element | None:
        """The first element along `path` in document order, as ElementPath's `find`
        answers for a path of child steps, walked with lxml's C iterators: the reading
        of a large statement is mostly these lookups, and this is about twice as fast."""
        steps = self._steps.get(path)
        if steps is None:
            steps = tuple(f"{self.prefix}{step}" for step in path.split("/"))
            self._steps[path] = steps
        return _descend(element, steps, 0)

    def findall(self, element: etree._Element, path: str) -> list[etree._Element]:
        return list(element.iterfind(self._path(path)))

    def text(self, element: etree._Element | None, *paths: str) -> str | None:
        """The stripped text of the first path that has one."""
        for path in paths:
            found = self.find(element, path) if element is not None else None
            if found is not None and found.text and found.text.strip():
                return found.text.strip()
        return None

    def amount(self, element: etree._Element, path: str = "Amt") -> tuple[Decimal, str | None]:
        found = self.find(element, path)
        try:
            value = Decimal((found.text or "").strip()) if found is not None else None
        except InvalidOperation:
            value = None
        if found is None or value is None or not value.is_finite():
            raise CamtError("no readable amount", line=line_of(element), field=path)
        return value, found.get("Ccy")

    def day(self, element: etree._Element | None, path: str) -> date | None:
        """A date from `path`/Dt or `path`/DtTm (a DateTime inside Dt is accepted too)."""
        text = self.text(element, f"{path}/Dt", f"{path}/DtTm") if element is not None else None
        if text is None:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise CamtError(f"no such date: {text!r}", line=line_of(element), field=path) from None


def _descend(element: etree._Element, steps: tuple[str, ...], depth: int) -> etree._Element | None:
    if depth == len(steps):
        return element
    for child in element.iterchildren(steps[depth]):
        found = _descend(child, steps, depth + 1)
        if found is not None:
            return found
    return None


def read_entry(
    reader: Reader, entry: etree._Element, *, currency: str, fallback: date | None
) -> BankTransaction:
    amount, entry_currency = reader.amount(entry)
    credit = reader.text(entry, "CdtDbtInd") != "DBIT"
    reversal = (reader.text(entry, "RvslInd") or "").lower() in {"true", "1"}
    status = reader.text(entry, "Sts/Cd", "Sts") or "BOOK"
    value_date = reader.day(entry, "ValDt")
    booking_date = _booking_date(reader, entry, value_date or fallback)
    details = reader.findall(entry, "NtryDtls/TxDtls")
    first = details[0] if details else None
    name, iban, bic = _counterparty(reader, first, debtor=credit != reversal)
    return BankTransaction(
        booking_date=booking_date,
        amount=amount if credit else -amount,
        currency=entry_currency or currency,
        value_date=value_date,
        counterparty_name=name,
        counterparty_iban=iban,
        counterparty_bic=bic,
        structured_reference=_value(
            reader.text(first, "RmtInf/Strd/CdtrRefInf/Ref", "RmtInf/Strd/CdtrRefInf/CdtrRef")
        ),
        remittance=_remittance(reader, entry, details),
        bank_reference=reader.text(entry, "AcctSvcrRef", "NtryDtls/TxDtls/Refs/AcctSvcrRef"),
        end_to_end_id=_value(reader.text(first, "Refs/EndToEndId")),
        return_reason=_return_reason(reader, details),
        is_reversal=reversal,
        booked=status.upper() not in _UNBOOKED,
        line=line_of(entry),
    )


def _booking_date(reader: Reader, entry: etree._Element, fallback: date | None) -> date:
    """BookgDt, else the value date, else the statement's date; an error without any."""
    booking_date = reader.day(entry, "BookgDt") or fallback
    if booking_date is None:
        raise CamtError("the entry has no booking date", line=line_of(entry), field="BookgDt")
    return booking_date


def _counterparty(
    reader: Reader, details: etree._Element | None, *, debtor: bool
) -> tuple[str | None, str | None, str | None]:
    """(name, IBAN, BIC) of the other side: the debtor of a credit, else the creditor."""
    if details is None:
        return None, None, None
    role = "Dbtr" if debtor else "Cdtr"
    parties = f"RltdPties/{role}"
    name = reader.text(details, f"{parties}/Nm", f"{parties}/Pty/Nm")
    account = f"RltdPties/{role}Acct/Id"
    iban = reader.text(details, f"{account}/IBAN", f"{account}/Othr/Id")
    agent = f"RltdAgts/{role}Agt/FinInstnId"
    bic = reader.text(details, f"{agent}/BIC", f"{agent}/BICFI")
    return name, iban, bic


def _remittance(reader: Reader, entry: etree._Element, details: list[etree._Element]) -> str:
    texts = [
        (line.text or "").strip()
        for item in details
        for line in reader.findall(item, "RmtInf/Ustrd")
        if (line.text or "").strip()
    ]
    if not texts:
        extra = reader.text(entry, "AddtlNtryInf")
        texts = [extra] if extra else []
    return " ".join(texts)


def _return_reason(reader: Reader, details: list[etree._Element]) -> str | None:
    for item in details:
        reason = reader.text(item, "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry")
        if reason:
            return reason
    return None


def _value(text: str | None) -> str | None:
    return None if text is None or text.upper() in _NO_VALUE else text
