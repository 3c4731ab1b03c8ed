"""The :86: information to account owner, read into the parts matching needs.

Three layouts occur in Dutch, Belgian and German files:

- SEPA keywords (ING, ABN AMRO, Rabobank, Triodos, Knab): `/EREF/.../CNTP/iban/bic/
  name/city//REMI/USTD//text/`, `/IBAN/ /BIC/ /NAME/ /REMI/ /CSID/ /MARF/ /RTRN/ ...`;
  banks wrap these at 65 characters, even inside a keyword ("/RE" + "MI/"), so the
  lines are joined without a separator before splitting on the known keywords.
- German GVC subfields (`159?00RETOURE?20EREF+...?32name?31iban`), also with `>` as
  the separator (old Triodos).
- Free text (SNS, old ING, Rabobank pre-SEPA): kept as the remittance, with the first
  IBAN in it and a "NAAM:" label read when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEYWORDS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|CSID|MARF|RTRN|CNTP|BENM|ORDP|PURP|ULTC|ULTD|ULTB|"
    "ISDT|SVCL|ADDR|PREF|BUSP|CDTRREF|CDTRREFTP|CD|ISSR|TRCD|RTYP|EXCH|CHGS|OCMT|INFO"
)
_SPLIT = re.compile(rf"/({_KEYWORDS})/")
_GVC = re.compile(r"^\d{3}\s*[?>]\d{2}")
_GVC_PART = re.compile(r"[?>](\d{2})")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{11,30})\b")
_NAME_LABEL = re.compile(r"NAAM:\s*(.+?)(?:\s{2,}|\s+[A-Z]+:|$)")
_SEPA_KEY = re.compile(r"[A-Z]{4}[+:]")
_CUR_REFERENCE = re.compile(r"ISSUER:\s*CUR\s+REF:\s*(\S+)", re.IGNORECASE)
_NO_VALUE = {"", "NOTPROVIDED", "NONREF"}


@dataclass(frozen=True, slots=True)
class Details:
    """What the :86: field says about one transaction."""

    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    counterparty_bic: str | None = None
    structured_reference: str | None = None
    remittance: str = ""
    end_to_end_id: str | None = None
    return_reason: str | None = None


def read_details(lines: tuple[str, ...]) -> Details:
    """The parts of a :86: field given as its lines."""
    stripped = [line.strip() for line in lines]
    joined = "".join(line.rstrip() for line in lines).strip()
    if _SPLIT.search(joined):
        return _keywords(joined)
    if _GVC.match(joined):
        return _gvc(joined)
    return _free_text(" ".join(part for part in stripped if part))


def _keywords(text: str) -> Details:
    parts = _SPLIT.split(text)
    values: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        values.setdefault(key, value.strip("/").strip())
    iban, bic, name = _counterparty(values)
    structured, remittance = _remittance(values.get("REMI", ""))
    return Details(
        counterparty_name=name,
        counterparty_iban=iban,
        counterparty_bic=bic,
        structured_reference=structured or _value(values.get("CDTRREF")),  # Rabobank
        remittance=remittance,
        end_to_end_id=_value(values.get("EREF")),
        return_reason=_value(values.get("RTRN")),
    )


def _counterparty(values: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """IBAN, BIC and name, from /IBAN/ /BIC/ /NAME/ or ING's /CNTP/iban/bic/name/city/."""
    iban, bic, name = values.get("IBAN"), values.get("BIC"), values.get("NAME")
    if "CNTP" in values:
        cntp = [*values["CNTP"].split("/"), "", "", ""]
        iban, bic, name = iban or cntp[0], bic or cntp[1], name or cntp[2]
    return _value(iban), _value(bic), _value(name)


def _remittance(remi: str) -> tuple[str | None, str]:
    """(structured reference, free text) from a /REMI/ value."""
    if remi.startswith("USTD"):
        return None, remi.removeprefix("USTD").strip("/").strip()
    if remi.startswith("STRD"):
        pieces = [p for p in remi.split("/") if p]
        reference = pieces[-1] if len(pieces) > 1 else None
        return _value(reference), remi
    acceptgiro = _CUR_REFERENCE.search(remi)  # ABN AMRO: "ISSUER: CUR REF: 1234..."
    return (acceptgiro.group(1) if acceptgiro else None), remi


def _gvc(text: str) -> Details:
    """German ?NN subfields: ?20-?29 and ?60-?63 text, ?30 BIC, ?31 IBAN, ?32-?33 name."""
    parts = _GVC_PART.split(text)
    fields: dict[int, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        fields[int(code)] = fields.get(int(code), "") + value
    lines = [fields[code] for code in sorted(fields) if 20 <= code <= 29 or 60 <= code <= 63]
    name = "".join(fields.get(code, "") for code in (32, 33)).strip()
    return Details(
        counterparty_name=name or None,
        counterparty_iban=_value(fields.get(31, "").strip()),
        counterparty_bic=_value(fields.get(30, "").strip()),
        remittance="".join(lines).strip(),
        end_to_end_id=_sepa_keyword(lines, "EREF"),
    )


def _sepa_keyword(lines: list[str], keyword: str) -> str | None:
    """A German SEPA keyword's value (EREF+...), which may run on over several lines."""
    found: list[str] = []
    for line in lines:
        if found and _SEPA_KEY.match(line):
            break
        if found or line.startswith(f"{keyword}+"):
            found.append(line)
    return "".join(found).removeprefix(f"{keyword}+").strip() or None


def _free_text(text: str) -> Details:
    iban = _IBAN.search(text)
    name = _NAME_LABEL.search(text)
    return Details(
        counterparty_name=name.group(1).strip() if name else None,
        counterparty_iban=iban.group(1) if iban else None,
        remittance=text,
    )


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return None if text.upper() in _NO_VALUE else text
