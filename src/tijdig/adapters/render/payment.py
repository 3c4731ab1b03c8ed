"""The payment block: IBAN, structured reference and EPC QR code (S1-2).

Which reference a message carries: a message about exactly one line (one invoice)
carries that invoice's structured reference, so the bank line matches it at once. A
message about several lines carries no structured reference: one invoice's reference
beside the total of several would book the whole payment on that one invoice. It
carries a text naming the customer and the invoices instead, which the matcher reads.
The QR code is made only for a positive total in EUR up to EUR 999,999,999.99.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tijdig.adapters.render.epc import EPC_MAX, EpcTransfer, epc_transfer
from tijdig.adapters.render.formatting import Formats, format_iban, format_payment_reference
from tijdig.domain.parties import Company


@dataclass(frozen=True, slots=True)
class PaymentView:
    """What the payment block shows, formatted, and the transfer its QR code holds."""

    amount: str
    beneficiary: str
    iban: str
    iban_formatted: str
    bic: str | None
    reference: str | None  # formatted for reading
    text: str | None  # remittance text when there is no structured reference
    transfer: EpcTransfer | None

    @property
    def has_qr(self) -> bool:
        return self.transfer is not None


def payment_view(
    company: Company,
    totals: dict[str, Decimal],
    *,
    reference: str | None,
    text: str,
    formats: Formats,
) -> PaymentView | None:
    """The block for paying `totals`, or None when the company has no bank account or
    nothing is to be paid."""
    if not company.bank_accounts or not any(v > 0 for v in totals.values()):
        return None
    account = company.bank_accounts[0]
    amounts = [formats.money(v, c) for c, v in totals.items() if v > 0]
    transfer = _transfer(company, totals, reference=reference, text=text)
    return PaymentView(
        amount=formats.join(amounts),
        beneficiary=company.name,
        iban=account.iban.replace(" ", "").upper(),
        iban_formatted=format_iban(account.iban),
        bic=account.bic,
        reference=format_payment_reference(reference, country=company.country)
        if reference
        else None,
        text=None if reference else text,
        transfer=transfer,
    )


def _transfer(
    company: Company, totals: dict[str, Decimal], *, reference: str | None, text: str
) -> EpcTransfer | None:
    """The EPC transfer, only for one positive EUR total within the standard's range."""
    if set(totals) != {"EUR"} or not Decimal("0.01") <= totals["EUR"] <= EPC_MAX:
        return None
    account = company.bank_accounts[0]
    return epc_transfer(
        name=company.name, iban=account.iban, amount=totals["EUR"],
        reference=reference, text=None if reference else text, bic=account.bic,
    )  # fmt: skip
