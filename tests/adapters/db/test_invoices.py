"""The invoice repository and the run's loader keep what an invoice says about itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import Company, Customer

ON_RECEIPT = Invoice("F1", "C1", date(2026, 3, 2), date(2026, 3, 2), Decimal("1210.00"),
                     default_from=date(2026, 4, 2))  # fmt: skip


def _stored(app: Tijdig, invoice: Invoice) -> int:
    with app.uow() as uow:
        company = uow.companies.add(
            Company(code="ACME", name="Acme B.V."), at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        assert company.id is not None
        uow.customers.save_many(company.id, [Customer("C1", "Klant")])
        customer_id = uow.customers.ids_by_number(company.id)["C1"]
        uow.invoices.add(invoice, company_id=company.id, customer_id=customer_id,
                         fingerprint="x", source="test")  # fmt: skip
        uow.commit()
    return company.id


def test_the_first_day_of_default_survives_storage_and_reaches_the_daily_run(
    app: Tijdig,
) -> None:
    company_id = _stored(app, ON_RECEIPT)
    with app.uow() as uow:
        [found] = uow.invoices.search(company_id)
        [state] = uow.run_data.customer_states(company_id, as_of=date(2026, 3, 20))
    assert found.default_from == date(2026, 4, 2)
    assert [i.first_day_of_default for i in state.invoices] == [date(2026, 4, 2)]


LINES = (
    InvoiceLine("Koffiebonen 1 kg", Decimal("39.90"), Decimal(2), "KGM", Decimal("19.95"),
                vat_category="S", vat_rate=Decimal(9)),
    InvoiceLine("Molen", Decimal("0.0625"), Decimal("1.5"), "C62", Decimal("0.041667"),
                Decimal(12), "AE", Decimal(0), "Btw verlegd", "VATEX-EU-AE", "Handmolen"),
)  # fmt: skip


def test_description_and_lines_survive_storage_lines_only_when_asked(app: Tijdig) -> None:
    invoice = replace(ON_RECEIPT, default_from=None, description="Koffie\nen een molen",
                      lines=LINES)  # fmt: skip
    company_id = _stored(app, invoice)
    with app.uow() as uow:
        [found] = uow.invoices.search(company_id)
        assert found.id is not None
        lines = uow.invoices.lines([found.id])
    assert found.description == "Koffie\nen een molen"
    assert found.lines == ()  # lists of invoices do not read lines
    assert lines == {found.id: LINES}


def test_bulk_booked_invoices_keep_their_lines(app: Tijdig) -> None:
    with app.uow() as uow:
        company = uow.companies.add(
            Company(code="ACME", name="Acme B.V."), at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        assert company.id is not None
        uow.customers.save_many(company.id, [Customer("C1", "Klant")])
        customer_id = uow.customers.ids_by_number(company.id)["C1"]
        items = [(replace(ON_RECEIPT, number=f"F{n}", default_from=None, lines=LINES[:n]),
                  customer_id, f"x{n}") for n in (1, 2)]  # fmt: skip
        uow.invoices.add_many(items, company_id=company.id, source="test")
        uow.commit()
    with app.uow() as uow:
        ids = {i.number: i.id for i in uow.invoices.search(company.id)}
        lines = uow.invoices.lines([i for i in ids.values() if i is not None])
    assert lines == {ids["F1"]: LINES[:1], ids["F2"]: LINES}
