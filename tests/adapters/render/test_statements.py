"""The statement of account e-mail: in the customer's language and formats (nl_NL, nl_BE,
en_GB), every open invoice and credit note with its days overdue, the total per
currency with credit notes netted, and every value escaped in the HTML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.adapters.render.statements import StatementRenderer
from tijdig.domain.collection.statements import statement_of
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer, Language

COMPANY = Company("ACME", "Acme <Groothandel> B.V.", email="debiteuren@acme.nl")
ON = date(2026, 2, 28)
INVOICES = (
    Invoice("F-2", "C1", date(2026, 1, 10), date(2026, 2, 9), Decimal("1210.00")),
    Invoice("F-1", "C1", date(2025, 12, 1), date(2025, 12, 31), Decimal("605.50")),
    Invoice("F-3", "C1", date(2026, 2, 20), date(2026, 3, 22), Decimal("100.00")),
    Invoice("C-1", "C1", date(2026, 1, 15), date(2026, 1, 15), Decimal("121.00"),
            kind=InvoiceKind.CREDIT_NOTE),
    Invoice("F-0", "C1", date(2025, 11, 1), date(2025, 12, 1), Decimal("50.00"),
            open_amount=Decimal(0)),  # paid: not listed
)  # fmt: skip


def test_a_dutch_statement_lists_the_open_items_oldest_first_with_the_netted_total() -> None:
    statement = statement_of("C1", INVOICES, on=ON)
    assert [line.number for line in statement.lines] == ["F-1", "C-1", "F-2", "F-3"]
    assert [line.days_overdue for line in statement.lines] == [59, 0, 19, 0]
    assert statement.totals() == (("EUR", Decimal("1794.50")),)
    shown = StatementRenderer().render(statement, company=COMPANY,
                                       customer=Customer("C1", "Bakkerij Jansen"))  # fmt: skip
    assert shown.subject == "Overzicht van uw openstaande posten op 28 februari 2026"
    text = shown.text.replace("\xa0", " ")  # Babel puts a no-break space after the €
    assert "F-1 | 1 dec 2025 | 31 dec 2025 | 59 | € 605,50" in text
    assert "C-1 (creditnota) | 15 jan 2026 | 15 jan 2026 |  | € -121,00" in text
    assert "Totaal openstaand: € 1.794,50" in text
    assert "F-0" not in shown.text
    assert "Acme &lt;Groothandel&gt; B.V." in shown.html and "<Groothandel>" not in shown.html


def test_an_english_statement_and_one_per_currency() -> None:
    dollars = Invoice("U-1", "C1", date(2026, 1, 1), date(2026, 1, 31), Decimal("99.99"),
                      currency="USD")  # fmt: skip
    statement = statement_of("C1", (*INVOICES, dollars), on=date(2026, 12, 31))
    assert statement.totals() == (("EUR", Decimal("1794.50")), ("USD", Decimal("99.99")))
    customer = Customer("C1", "Peeters NV", country="BE", language=Language.EN)
    shown = StatementRenderer().render(statement, company=COMPANY, customer=customer)
    assert shown.subject == "Statement of your open items on 31 December 2026"
    assert "Total outstanding: €1,794.50" in shown.text
    assert "Total outstanding: US$99.99" in shown.text
    assert statement.key(7) == "statement-7-C1-2026-12-31"


def test_a_french_statement_for_a_belgian_customer_in_fr_be_formats() -> None:
    statement = statement_of("C1", INVOICES, on=date(2026, 2, 28))
    customer = Customer("C1", "Boulangerie Lejeune SRL", country="BE", language=Language.FR)
    shown = StatementRenderer().render(statement, company=COMPANY, customer=customer)
    assert shown.subject == "Relevé de vos postes ouverts au 28 février 2026"
    text = shown.text.replace("\xa0", " ").replace("\u202f", " ")
    assert "le relevé de vos factures et notes de crédit ouvertes au 28 février 2026" in text
    assert "C-1 (note de crédit) | 15 janv. 2026 | 15 janv. 2026 |  | -121,00 €" in text
    assert "1 794,50 €" in text and "Avez-vous payé entre-temps ?" in text
