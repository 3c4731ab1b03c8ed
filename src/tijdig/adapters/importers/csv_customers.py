"""Customers (debtors) from a CSV export; the columns are listed in docs/formats.md.

`identify(path)` says whether a file looks like a customer list, `extract(path)` reads
every row into a `Customer` and reports every bad row as an `ImportIssue`. Values a
third party typed (e-mail, phone, VAT number) are kept as given, with a warning when
they do not look valid.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from tijdig.adapters.importers.csv_common import (
    MAX_BYTES,
    Column,
    CsvFile,
    Row,
    Schema,
    normalize,
    read_headings,
)
from tijdig.adapters.importers.csv_values import parse_bool
from tijdig.domain.errors import InvalidValue
from tijdig.domain.imports import ImportResult
from tijdig.domain.parties import (
    DEFAULT_CONTACT_DAYS,
    WEEKDAYS,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
    Language,
)
from tijdig.domain.validation import Check, soft_check

SCHEMA = Schema(
    [
        Column(
            "number",
            ("klantnummer", "klantnr", "debiteurnummer", "customer_number", "nummer"),
            required=True,
        ),
        Column("name", ("naam", "klantnaam", "bedrijfsnaam", "customer_name"), required=True),
        Column("kind", ("soort", "type", "klantsoort")),
        Column("country", ("land", "landcode", "country_code")),
        Column("language", ("taal", "langue")),
        Column("payment_term", ("betalingstermijn", "payment_term_days", "termijn")),
        Column("tolerance_days", ("tolerantie", "tolerantiedagen", "tolerance")),
        Column("contact_days", ("contactdagen", "beldagen")),
        Column("sales_owner", ("accountmanager", "verkoper")),
        Column("credit_limit", ("kredietlimiet",)),
        Column("credit_hold", ("kredietstop", "blokkade")),
        Column("parent", ("moedermaatschappij", "groep", "parent_number", "group")),
        Column("vat_id", ("btw_nummer", "btw_nr", "btw_id", "vat_number", "vat")),
        Column(
            "registration_number", ("kvk", "kvk_nummer", "kbo", "kbo_nummer", "ondernemingsnummer")
        ),
        Column("email", ("emailadres",)),
        Column("phone", ("telefoon", "telefoonnummer", "tel")),
        Column("address", ("adres",)),
        Column("contact_name", ("contactpersoon", "contact")),
        Column("contact_role", ("rol", "functie")),
        Column("contact_email", ("email_contactpersoon",)),
        Column("contact_phone", ("telefoon_contactpersoon", "contact_telefoon")),
    ]
)
_SOFT_CHECKS = (
    ("email", Check.EMAIL), ("contact_email", Check.EMAIL), ("phone", Check.PHONE),
    ("contact_phone", Check.PHONE), ("vat_id", Check.VAT_ID),
    ("registration_number", Check.REGISTRATION_NUMBER),
)  # fmt: skip
# Headings that make a file an invoice list even if it has a number and a name.
_INVOICE_HEADINGS = frozenset({"factuurnummer", "factuurdatum", "invoicenumber", "issuedate"})

KINDS = {
    **dict.fromkeys(("business", "zakelijk", "bedrijf", "b2b"), CustomerKind.BUSINESS),
    **dict.fromkeys(("consumer", "particulier", "consument", "b2c"), CustomerKind.CONSUMER),
}
LANGUAGES = {
    **dict.fromkeys(("nl", "nederlands", "dutch", "vlaams"), Language.NL),
    **dict.fromkeys(("en", "engels", "english"), Language.EN),
    **dict.fromkeys(("fr", "frans", "french", "français", "francais"), Language.FR),
}
ROLES = {
    **dict.fromkeys(("accountspayable", "crediteurenadministratie", "crediteuren",
                     "administratie", "boekhouding", "ap"), ContactRole.ACCOUNTS_PAYABLE),
    **dict.fromkeys(("purchasing", "inkoop"), ContactRole.PURCHASING),
    **dict.fromkeys(("management", "directie", "eigenaar", "owner"), ContactRole.MANAGEMENT),
    **dict.fromkeys(("other", "overig", "anders"), ContactRole.OTHER),
}  # fmt: skip
DAYS = {
    **{d: d for d in WEEKDAYS},
    **dict(zip(("ma", "di", "wo", "do", "vr", "za", "zo"), WEEKDAYS, strict=True)),
    **dict(zip(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
               WEEKDAYS, strict=True)),
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
               WEEKDAYS, strict=True)),
}  # fmt: skip


def identify(path: Path) -> bool:
    """A CSV file whose header has a customer number and a name, and no invoice columns."""
    headings = read_headings(path)
    return SCHEMA.matches(headings) and not _INVOICE_HEADINGS & {normalize(h) for h in headings}


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[Customer]:
    """Every customer in the file, with every problem found (nothing is booked here); a
    file larger than `max_bytes` is refused unread."""
    source = CsvFile(path, SCHEMA, max_bytes=max_bytes)
    customers: list[Customer] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    for row in source.rows():
        customer = _customer(row)
        number = row.text("number")
        first = seen.setdefault(number, row.line)
        if number and first != row.line:
            row.error("number", f"customer {number} appears twice: lines {first} and {row.line}")
        if customer is not None and row.ok:
            customers.append(customer)
            lines.append(row.line)
    return ImportResult(tuple(customers), tuple(source.issues), tuple(lines))


def parse_contact_days(text: str) -> tuple[str, ...]:
    """`di,wo,do`, `tue wed`, `ma-vr` or `dinsdag/donderdag` as ("tue", "wed", "thu")."""
    days: list[str] = []
    for part in text.replace("/", ",").replace(" ", ",").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        start, end = DAYS.get(first.lower()), DAYS.get((last or first).lower())
        if start is None or end is None:
            raise InvalidValue(
                "contact_days", f"{part!r} is not a day; write e.g. di,wo,do or tue,wed"
            )
        low, high = WEEKDAYS.index(start), WEEKDAYS.index(end)
        days += [d for d in WEEKDAYS[low : high + 1] if d not in days]
    return tuple(d for d in WEEKDAYS if d in days)


class _Terms(NamedTuple):
    kind: CustomerKind
    language: Language
    payment_term_days: int | None
    tolerance_days: int
    contact_days: tuple[str, ...]
    credit_limit: Decimal | None
    credit_hold: bool


def _customer(row: Row) -> Customer | None:
    number, name = row.required_text("number"), row.required_text("name")
    parent = row.text("parent") or None
    if parent is not None and parent == number:
        row.error("parent", "a customer cannot be its own group")
    country = row.text("country").upper() or "NL"
    if len(country) != 2 or not country.isalpha():
        row.error("country", f"{country!r} is not a two-letter country code such as NL or BE")
    checked = _soft_checked(row, country)
    terms, contacts = _terms(row), _contacts(row, checked)
    if not row.ok:
        return None
    try:
        return Customer(
            number, name, country=country, parent_number=parent, **terms._asdict(),
            sales_owner=row.text("sales_owner") or None, vat_id=checked["vat_id"],
            registration_number=checked["registration_number"], email=checked["email"],
            phone=checked["phone"], address=row.text("address"), contacts=contacts,
        )  # fmt: skip
    except InvalidValue as exc:  # a rule of Customer not checked above
        row.error(exc.field, exc.reason)
        return None


def _terms(row: Row) -> _Terms:
    limit = row.amount("credit_limit")
    if limit is not None and limit < 0:
        row.error("credit_limit", "cannot be negative")
    return _Terms(
        kind=row.choice("kind", KINDS, hint="zakelijk/particulier or business/consumer")
        or CustomerKind.BUSINESS,
        language=row.choice("language", LANGUAGES, hint="nl, en or fr") or Language.NL,
        payment_term_days=row.integer("payment_term", high=365),
        tolerance_days=row.integer("tolerance_days", high=365) or 0,
        contact_days=row.parsed("contact_days", parse_contact_days) or DEFAULT_CONTACT_DAYS,
        credit_limit=limit,
        credit_hold=bool(row.parsed("credit_hold", parse_bool)),
    )


def _contacts(row: Row, checked: dict[str, str | None]) -> tuple[Contact, ...]:
    """One contact person when any contact column is filled in (an unnamed one is allowed)."""
    role = row.choice("contact_role", ROLES, hint="crediteuren, inkoop, directie or overig")
    name, email, phone = (
        row.text("contact_name"),
        checked["contact_email"],
        checked["contact_phone"],
    )
    if not (name or email or phone or role):
        return ()
    return (Contact(name, role or ContactRole.ACCOUNTS_PAYABLE, email, phone),)


def _soft_checked(row: Row, country: str) -> dict[str, str | None]:
    """Contact details and identifiers: normalised when valid, else as given with a warning."""
    values: dict[str, str | None] = {}
    for name, check in _SOFT_CHECKS:
        text = row.text(name)
        values[name] = None
        if text:
            values[name], warning = soft_check(check, text, country=country)
            if warning:
                row.warn(name, f"{warning}; kept as given")
    return values
