"""Customers from a bookkeeper's CSV export, in Dutch and English; a French-speaking
customer from its language column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tijdig.adapters.importers import csv_customers
from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import DEFAULT_CONTACT_DAYS, ContactRole, CustomerKind, Language

DUTCH = """\
Klantnummer;Naam;Soort;Land;Taal;Betalingstermijn;Tolerantie;Contactdagen;Accountmanager;\
Kredietlimiet;Kredietstop;Groep;BTW-nummer;KvK;E-mail;Telefoon;Adres;Contactpersoon;Rol;\
Contact e-mail;Contact telefoon
K1;Bakkerij De Vries B.V.;zakelijk;NL;nl;14;3;di,wo;Sanne;12.500,00;nee;;NL835337406B01;\
12345678;info@devries.nl;020 123 4567;"Dorpsstraat 1
1234 AB Ergens";Piet Jansen;inkoop;piet@devries.nl;06 12345678
K2;An Claes;particulier;be;EN;;;;;;ja;K1;;;an@claes.be;0470 12 34 56;;;;;
"""

ENGLISH = """\
number,name,kind,country,language,payment_term,tolerance_days,contact_days,sales_owner,\
credit_limit,credit_hold,parent,vat_id,registration_number,email,phone,address
C-1,Acme Ltd,business,NL,en,30,0,"tue,wed",Tom,1000.50,no,,,,ap@acme.example.nl,,Main St 1
"""


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "customers.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_dutch_export_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, DUTCH))
    assert result.issues == ()
    first, second = result.items
    assert (first.number, first.name, first.kind, first.country) == (
        "K1", "Bakkerij De Vries B.V.", CustomerKind.BUSINESS, "NL"
    )  # fmt: skip
    assert (first.payment_term_days, first.tolerance_days) == (14, 3)
    assert first.contact_days == ("tue", "wed")
    assert (first.sales_owner, first.credit_limit, first.credit_hold) == (
        "Sanne", Decimal("12500.00"), False
    )  # fmt: skip
    assert (first.vat_id, first.registration_number) == ("NL835337406B01", "12345678")
    assert (first.phone, first.email) == ("+31201234567", "info@devries.nl")  # normalised
    assert first.address == "Dorpsstraat 1\n1234 AB Ergens"
    [contact] = first.contacts
    assert (contact.name, contact.role, contact.email) == (
        "Piet Jansen", ContactRole.PURCHASING, "piet@devries.nl"
    )  # fmt: skip
    assert (second.kind, second.country, second.language) == (
        CustomerKind.CONSUMER, "BE", Language.EN
    )  # fmt: skip
    assert (second.credit_hold, second.parent_number, second.contacts) == (True, "K1", ())


def test_an_english_export_with_commas(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, ENGLISH))
    assert result.issues == ()
    [customer] = result.items
    assert (customer.number, customer.credit_limit, customer.contact_days) == (
        "C-1", Decimal("1000.50"), ("tue", "wed")
    )  # fmt: skip


def test_only_number_and_name_are_needed_and_the_rest_defaults(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "naam,klantnummer\nJansen,7\n"))
    [customer] = result.items
    assert (customer.kind, customer.country, customer.language) == (
        CustomerKind.BUSINESS, "NL", Language.NL
    )  # fmt: skip
    assert customer.contact_days == DEFAULT_CONTACT_DAYS
    assert (customer.payment_term_days, customer.credit_limit, customer.credit_hold) == (
        None, None, False
    )  # fmt: skip


def test_a_cp1252_file_with_a_bom_less_export_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "klantnummer;naam\n1;Café Zoë\n", encoding="cp1252")
    result = csv_customers.extract(path)
    assert result.ok
    assert result.items[0].name == "Café Zoë"
    assert len(result.warnings) == 1


def test_every_bad_row_is_reported_with_line_and_field(tmp_path: Path) -> None:
    text = (
        "klantnummer;naam;soort;land;kredietlimiet;groep;betalingstermijn;contactdagen;kredietstop\n"
        "1;;zakelijk;NL;;;;;\n"  # 2: no name
        "2;Twee;groothandel;NL;;;;;\n"  # 3: unknown kind
        "3;Drie;;Nederland;;;;;\n"  # 4: country not a code
        "4;Vier;;NL;veel;;;;\n"  # 5: bad amount
        "5;Vijf;;NL;-1,00;5;;;\n"  # 6: negative credit limit and own group
        "6;Zes;;NL;;;400;;\n"  # 7: payment term out of range
        "7;Zeven;;NL;;;;zaterdagmiddag;\n"  # 8: unknown day
        "8;Acht;;NL;;;;;misschien\n"  # 9: not a boolean
        "2;Twee bis;;NL;;;;;\n"  # 10: duplicate of line 3
    )
    result = csv_customers.extract(write(tmp_path, text))
    assert [(i.line, i.field) for i in result.errors] == [
        (2, "naam"), (3, "soort"), (4, "land"), (5, "kredietlimiet"), (6, "groep"),
        (6, "kredietlimiet"), (7, "betalingstermijn"), (8, "contactdagen"), (9, "kredietstop"),
        (10, "klantnummer"),
    ]  # fmt: skip
    assert {i.file for i in result.issues} == {str(tmp_path / "customers.csv")}
    assert "appears twice: lines 3 and 10" in result.errors[-1].message
    assert result.items == ()


def test_a_duplicate_is_reported_even_when_the_first_row_is_bad(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "klantnummer;naam\n9;\n9;Negen\n"))
    assert [(i.line, i.field) for i in result.errors] == [(2, "naam"), (3, "klantnummer")]


def test_doubtful_contact_details_are_kept_with_a_warning(tmp_path: Path) -> None:
    text = (
        "klantnummer;naam;e-mail;telefoon;btw-nummer;contact_email;contact_phone\n"
        "1;Een;info(at)een.nl;12;NL123;piet@;abc\n"
    )
    result = csv_customers.extract(write(tmp_path, text))
    assert result.ok
    [customer] = result.items
    assert (customer.email, customer.phone, customer.vat_id) == ("info(at)een.nl", "12", "NL123")
    assert customer.contacts[0].email == "piet@"
    assert [i.field for i in result.warnings] == [
        "e-mail", "contact_email", "telefoon", "contact_phone", "btw-nummer"
    ]  # fmt: skip


def test_unknown_columns_are_one_warning(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "klantnummer;naam;kleur;maat\n1;Een;rood;L\n"))
    assert result.ok
    [warning] = result.warnings
    assert warning.line == 1
    assert "kleur, maat" in warning.message


def test_a_file_without_a_name_column_is_refused_at_the_header(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "klantnummer;land\n1;NL\n"))
    assert result.items == ()
    assert [(i.line, i.field) for i in result.errors] == [(1, "name")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("di,wo,do", ("tue", "wed", "thu")), ("tue,wed", ("tue", "wed")),
     ("ma-vr", ("mon", "tue", "wed", "thu", "fri")), ("Dinsdag / Donderdag", ("tue", "thu")),
     ("thu tue", ("tue", "thu")), ("wo,wo", ("wed",))],
)  # fmt: skip
def test_contact_days_in_dutch_and_english(text: str, expected: tuple[str, ...]) -> None:
    assert csv_customers.parse_contact_days(text) == expected


def test_an_unknown_contact_day_is_refused() -> None:
    with pytest.raises(InvalidValue, match="not a day"):
        csv_customers.parse_contact_days("di,weekend")


def test_identify_knows_a_customer_list_from_an_invoice_list(tmp_path: Path) -> None:
    customers = write(tmp_path, DUTCH)
    invoices = tmp_path / "invoices.csv"
    invoices.write_text("factuurnummer;klantnummer;naam;factuurdatum;bedrag\n")
    other = tmp_path / "other.csv"
    other.write_text("iban,amount\n")
    assert csv_customers.identify(customers)
    assert not csv_customers.identify(invoices)
    assert not csv_customers.identify(other)
    assert not csv_customers.identify(tmp_path / "absent.csv")


@pytest.mark.parametrize("written", ["fr", "FR", "français", "Frans", "french"])
def test_a_french_speaking_customer_is_imported_as_french(tmp_path: Path, written: str) -> None:
    """Belgium, issue 15: the import says fr (in any of the words a bookkeeper writes)."""
    text = f"klantnummer;naam;land;taal\nB1;Boulangerie Lejeune;BE;{written}\nB2;Peeters;BE;\n"
    result = csv_customers.extract(write(tmp_path, text))
    assert result.issues == ()
    french, unsaid = result.items
    assert french.language is Language.FR
    assert unsaid.language is Language.NL  # a Belgian customer without a language: as before


def test_a_french_export_names_the_language_column_langue(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "klantnummer;naam;langue\n1;Lejeune;fr\n"))
    assert result.items[0].language is Language.FR


def test_an_unknown_language_is_refused_naming_the_three(tmp_path: Path) -> None:
    result = csv_customers.extract(write(tmp_path, "klantnummer;naam;taal\n1;Müller;de\n"))
    [issue] = result.errors
    assert (issue.line, issue.field) == (2, "taal") and "nl, en or fr" in str(issue.message)
