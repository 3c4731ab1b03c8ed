"""Invoices and credit notes from a CSV export; the columns are listed in docs/formats.md.

`identify(path)` says whether a file looks like an invoice list, `extract(path)` reads
every row into an `Invoice` and reports every bad row as an `ImportIssue`. A row
without a due date gets the customer's payment term (from `payment_terms`, else
`default_term_days`) and one summary warning says which lines got one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tijdig.adapters.importers.csv_common import (
    MAX_BYTES,
    Column,
    CsvFile,
    Row,
    Schema,
    read_headings,
)
from tijdig.adapters.importers.csv_values import parse_money
from tijdig.domain.errors import InvalidValue
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import (
    EarlyPaymentDiscount,
    Instalment,
    Invoice,
    InvoiceKind,
    due_date_for,
)

_INSTALMENT = re.compile(r"(?:instalment|installment|termijn)(\d{1,2})(date|datum|amount|bedrag)")


def _instalment_column(key: str) -> str | None:
    """`termijn_2_datum` or `instalment2amount` (normalized) as `instalment_2_date` etc."""
    found = _INSTALMENT.fullmatch(key)
    if found is None:
        return None
    part = "date" if found[2] in {"date", "datum"} else "amount"
    return f"instalment_{int(found[1])}_{part}"


SCHEMA = Schema(
    [
        Column("number", ("factuurnummer", "factuurnr", "invoice_number", "nummer"), required=True),
        Column("customer", ("klantnummer", "klantnr", "klant", "customer_number", "debiteurnummer",
                            "debiteur", "debtor"), required=True),
        Column("issue_date", ("factuurdatum", "invoice_date", "datum", "date"), required=True),
        Column("due_date", ("vervaldatum", "uiterste_betaaldatum", "expiry_date")),
        Column("total", ("bedrag_incl", "bedrag_incl_btw", "totaal", "totaalbedrag", "bedrag",
                         "total_incl_vat", "amount"), required=True),
        Column("net", ("bedrag_excl", "bedrag_excl_btw", "netto", "net_amount", "total_excl_vat")),
        Column("vat", ("btw", "btw_bedrag", "vat_amount")),
        Column("prepaid", ("vooruitbetaald", "aanbetaling", "deposit")),
        Column("open", ("openstaand", "openstaand_bedrag", "saldo", "open_amount", "outstanding")),
        Column("currency", ("valuta", "munt")),
        Column("kind", ("soort", "type", "factuursoort", "document_type")),
        Column("payment_reference", ("betalingskenmerk", "kenmerk", "ogm", "structured_reference")),
        Column("reference", ("omschrijving", "referentie", "free_reference")),
        Column("description", ("beschrijving", "geleverd", "levering", "artikel", "artikelen",
                               "artikelomschrijving", "product", "producten", "wat_geleverd",
                               "what_sold")),
        Column("discount_percentage", ("korting_pct", "kortingspercentage", "discount_pct",
                                       "korting_percentage")),
        Column("discount_days", ("kortingsdagen", "korting_dagen")),
    ],
    extra=_instalment_column,
)  # fmt: skip
KINDS = {
    **dict.fromkeys(("invoice", "factuur", "f", "debet"), InvoiceKind.INVOICE),
    **dict.fromkeys(("creditnote", "creditnota", "creditfactuur", "credit", "c"),
                    InvoiceKind.CREDIT_NOTE),
}  # fmt: skip
_KIND_HINT = "factuur/creditnota or invoice/credit_note"
_DOMAIN_FIELDS = {"schedule": "instalment_1_amount", "net_amount": "net", "open_amount": "open"}


@dataclass(frozen=True, slots=True)
class _Amounts:
    """A row's amounts, made positive; `sign` is -1 when the file wrote them negative."""

    total: Decimal
    net: Decimal | None
    vat: Decimal | None
    prepaid: Decimal | None
    open: Decimal | None
    sign: int


def identify(path: Path) -> bool:
    """A CSV file whose header has an invoice number, customer, invoice date and total."""
    return SCHEMA.matches(read_headings(path))


def extract(
    path: Path,
    *,
    default_term_days: int = 30,
    payment_terms: Mapping[str, int] | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult[Invoice]:
    """Every invoice and credit note in the file, with every problem found.

    `payment_terms` maps a customer number to its term in days; it and then
    `default_term_days` give a due date to rows that have none. A file larger than
    `max_bytes` is refused unread.
    """
    source = CsvFile(path, SCHEMA, max_bytes=max_bytes)
    reader = _InvoiceReader(default_term_days, payment_terms or {})
    invoices: list[Invoice] = []
    lines: list[int] = []
    for row in source.rows():
        invoice = reader.invoice(row)
        if invoice is not None and reader.is_first(row, invoice):
            invoices.append(invoice)
            lines.append(row.line)
    if reader.computed:
        reader.report_computed_due_dates(source)
    return ImportResult(tuple(invoices), tuple(source.issues), tuple(lines))


class _InvoiceReader:
    """Reads rows into invoices; remembers which rows got a computed due date."""

    def __init__(self, default_term_days: int, payment_terms: Mapping[str, int]) -> None:
        self.default_term_days = default_term_days
        self.payment_terms = payment_terms
        self.computed: list[int] = []
        self._instalments: tuple[int, ...] | None = None
        self._seen: dict[tuple[InvoiceKind, str], int] = {}

    def is_first(self, row: Row, invoice: Invoice) -> bool:
        """False (with an error naming both lines) for a second (kind, number) in the file."""
        first = self._seen.setdefault((invoice.kind, invoice.number), row.line)
        if first != row.line:
            what = "credit note" if invoice.is_credit else "invoice"
            row.error(
                "number", f"{what} {invoice.number} appears twice: lines {first} and {row.line}"
            )
        return first == row.line

    def report_computed_due_dates(self, source: CsvFile) -> None:
        lines = ", ".join(map(str, self.computed[:10])) + (", …" if len(self.computed) > 10 else "")
        heading = source.header.headings.get("due_date", "due_date") if source.header else None
        source.warn(
            f"{len(self.computed)} invoice(s) had no due date; it was set to the invoice date "
            f"plus the customer's term (else {self.default_term_days} days): lines {lines}",
            None, heading,
        )  # fmt: skip

    def invoice(self, row: Row) -> Invoice | None:
        number, customer = row.required_text("number"), row.required_text("customer")
        issued, due = row.day("issue_date", required=True), row.day("due_date")
        kind = row.choice("kind", KINDS, hint=_KIND_HINT)
        amounts = _amounts(row)
        discount, schedule = _discount(row), self._schedule(row, amounts)
        currency = (row.text("currency") or "EUR").upper()
        if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
            row.error("currency", f"{currency!r} is not a currency code such as EUR")
        if not row.ok or issued is None or amounts is None:
            return None
        due = due or self._due_date(row, customer, issued, schedule)
        kind = _kind(row, kind, amounts)
        if not _dates_fit(row, issued, due, schedule):
            return None
        try:
            return Invoice(
                number, customer, issued, due, amounts.total, kind,
                _net(amounts), amounts.prepaid or Decimal(0), amounts.open, currency,
                row.text("payment_reference") or None, row.text("reference") or None,
                discount, schedule, description=row.text("description") or None,
            )  # fmt: skip
        except InvalidValue as exc:  # a rule of Invoice not checked above
            row.error(_DOMAIN_FIELDS.get(exc.field, exc.field), exc.reason)
            return None

    def _due_date(
        self, row: Row, customer: str, issued: date, schedule: tuple[Instalment, ...]
    ) -> date:
        if schedule:
            return max(part.due_date for part in schedule)
        self.computed.append(row.line)
        return due_date_for(issued, self.payment_terms.get(customer, self.default_term_days))

    def _schedule(self, row: Row, amounts: _Amounts | None) -> tuple[Instalment, ...]:
        """The `instalment_N_date` / `instalment_N_amount` pairs filled in on this row."""
        if self._instalments is None:
            found = {
                int(name.split("_")[1]) for name in row.names if name.startswith("instalment_")
            }
            self._instalments = tuple(sorted(found))
        parts: list[Instalment] = []
        for n in self._instalments:
            date_name, amount_name = f"instalment_{n}_date", f"instalment_{n}_amount"
            if not (row.text(date_name) or row.text(amount_name)):
                continue
            when = row.day(date_name, required=True)
            amount = row.amount(amount_name, required=True)
            if when is not None and amount is not None:
                parts.append(Instalment(when, amount * (amounts.sign if amounts else 1)))
        if parts and amounts is not None:
            _check_schedule(row, parts, amounts)
        return tuple(parts)


def _amounts(row: Row) -> _Amounts | None:
    total = row.amount("total", required=True)
    others = {name: row.amount(name) for name in ("net", "vat", "prepaid", "open")}
    if total is None:
        return None
    sign = -1 if total < 0 else 1
    for name, value in others.items():
        if value is not None and value * sign < 0:
            row.error(
                name, "cannot be negative" if sign > 0 else "has the other sign than the total"
            )
    net, vat, prepaid, open_ = (None if v is None else v * sign for v in others.values())
    amounts = _Amounts(total * sign, net, vat, prepaid, open_, sign)
    _check_sums(row, amounts)
    return amounts


def _check_sums(row: Row, a: _Amounts) -> None:
    if a.net is not None and a.vat is not None and a.net + a.vat != a.total:
        row.error(
            "total", f"net {a.net} plus VAT {a.vat} is {a.net + a.vat}, not the total {a.total}"
        )
    payable = a.total - (a.prepaid or 0)
    if payable < 0:
        row.error("prepaid", f"{a.prepaid} prepaid is more than the total {a.total}")
    elif a.open is not None and a.open > payable:
        row.error("open", f"open amount {a.open} is more than the {payable} payable")


def _check_schedule(row: Row, parts: list[Instalment], a: _Amounts) -> None:
    payable = a.total - (a.prepaid or 0)
    if any(part.amount <= 0 for part in parts):
        row.error("instalment_1_amount", "every instalment amount must be positive")
    elif sum(part.amount for part in parts) != payable:
        total = sum(part.amount for part in parts)
        row.error(
            "instalment_1_amount", f"instalments add up to {total}, not the {payable} payable"
        )


def _kind(row: Row, given: InvoiceKind | None, amounts: _Amounts) -> InvoiceKind:
    """The row's kind; a negative total makes a credit note (with a warning on an invoice)."""
    if amounts.sign > 0:
        return given or InvoiceKind.INVOICE
    if given is not InvoiceKind.CREDIT_NOTE:
        row.warn(
            "total", f"negative total -{amounts.total}: read as a credit note of {amounts.total}"
        )
    return InvoiceKind.CREDIT_NOTE


def _dates_fit(row: Row, issued: date, due: date, schedule: tuple[Instalment, ...]) -> bool:
    if due < issued:
        row.error("due_date", f"{due:%d-%m-%Y} lies before the invoice date {issued:%d-%m-%Y}")
    early = [part.due_date for part in schedule if part.due_date < issued]
    if early:
        row.error(
            "instalment_1_date", f"instalment date {early[0]:%d-%m-%Y} lies before the invoice date"
        )
    return row.ok


def _discount(row: Row) -> EarlyPaymentDiscount | None:
    percentage = row.parsed("discount_percentage", _percentage)
    days = row.integer("discount_days", high=365)
    if percentage is None or days is None:
        for name in ("discount_percentage", "discount_days"):
            if not row.text(name) and (percentage is not None or days is not None):
                row.error(name, "is needed with an early-payment discount (percentage and days)")
        return None
    try:
        return EarlyPaymentDiscount(percentage, days)
    except InvalidValue as exc:
        row.error(exc.field, exc.reason)
        return None


def _percentage(text: str) -> Decimal:
    return parse_money(text.replace("%", ""), field="discount_percentage")


def _net(a: _Amounts) -> Decimal | None:
    """The amount excluding VAT: as given, else total minus VAT when VAT is given."""
    if a.net is not None:
        return a.net
    return None if a.vat is None else a.total - a.vat
