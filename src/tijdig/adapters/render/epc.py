"""The EPC QR code for a SEPA credit transfer (EPC069-12, version 002), via segno.

`epc_payload` is the exact text the code holds, one field a line:

    BCD / 002 / 1 (UTF-8) / SCT / BIC (may be empty in 002) / name (≤ 70) / IBAN /
    EUR<amount> (0.01 to 999999999.99) / purpose (empty) / structured reference (≤ 35) /
    unstructured remittance text (≤ 140; only when there is no structured reference)

Tijdig always declares UTF-8 (character set 1), so the payload does not depend on the
name's letters. The amount is written as segno writes it (no trailing zeros: EUR1210,
EUR12.5), which the standard allows; the tests check that segno's own EPC code and a
code made from this payload are the same matrix.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import segno
from segno import helpers

from tijdig.domain.errors import InvalidValue

EPC_MIN = Decimal("0.01")
EPC_MAX = Decimal("999999999.99")
NAME_MAX = 70
TEXT_MAX = 140
REFERENCE_MAX = 35


@dataclass(frozen=True, slots=True)
class EpcTransfer:
    """What a payment QR code asks the bank app to fill in."""

    name: str
    iban: str
    amount: Decimal
    reference: str | None = None  # structured (compact): RF, NL kenmerk or BE OGM
    text: str | None = None  # unstructured, when there is no structured reference
    bic: str | None = None

    def __post_init__(self) -> None:
        if not EPC_MIN <= self.amount <= EPC_MAX:
            raise InvalidValue("amount", f"{self.amount} lies outside EUR 0.01-999999999.99")
        if (self.reference is None) == (self.text is None):
            raise InvalidValue("remittance", "give either a structured reference or a text")
        if self.reference is not None and not 0 < len(self.reference) <= REFERENCE_MAX:
            raise InvalidValue("reference", f"at most {REFERENCE_MAX} characters")


def epc_transfer(
    *, name: str, iban: str, amount: Decimal, reference: str | None = None,
    text: str | None = None, bic: str | None = None,
) -> EpcTransfer:  # fmt: skip
    """An `EpcTransfer` with the name and text cut to the lengths the standard allows."""
    return EpcTransfer(
        name=name.strip()[:NAME_MAX],
        iban=iban.replace(" ", "").upper(),
        amount=amount.quantize(EPC_MIN),
        reference=reference.replace(" ", "").upper() if reference else None,
        text=text.strip()[:TEXT_MAX] if text and not reference else None,
        bic=bic.strip() if bic else None,
    )


def epc_payload(transfer: EpcTransfer) -> str:
    """The text held by the EPC QR code (see the module docstring)."""
    amount = f"EUR{transfer.amount:.2f}".rstrip("0").rstrip(".")
    fields = ["BCD", "002", "1", "SCT", transfer.bic or "", transfer.name, transfer.iban]
    fields += [amount, "", transfer.reference or ""]
    if transfer.text:
        fields.append(transfer.text)
    return "\n".join(fields)


@lru_cache(maxsize=256)
def _qr(transfer: EpcTransfer) -> segno.QRCode:
    return helpers.make_epc_qr(
        transfer.name, transfer.iban, transfer.amount, text=transfer.text,
        reference=transfer.reference, bic=transfer.bic, encoding=1,
    )  # fmt: skip


@lru_cache(maxsize=256)
def epc_png(transfer: EpcTransfer) -> bytes:
    """The code as a PNG, 4 modules of quiet zone, for an HTML e-mail."""
    buffer = io.BytesIO()
    _qr(transfer).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


@lru_cache(maxsize=256)
def epc_svg(transfer: EpcTransfer) -> str:
    """The code as SVG with its quiet zone, for a PDF (sharp at any size)."""
    buffer = io.BytesIO()
    _qr(transfer).save(buffer, kind="svg", scale=4, border=4, xmldecl=False)
    return buffer.getvalue().decode("ascii")
