"""The invoice repository and the run's loader keep what an invoice says about itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer

ON_RECEIPT = Invoice("F1", "C1", date(2026, 3, 2), date(2026, 3, 2), Decimal("1210.00"),
                     default_from=date(2026, 4, 2))  # fmt: skip


def _stored(app: Tijdig, invoice: Invoice) -> int:
    with app.uow() as uow:
        company = uow.companies.add(Company(code="ACME", name="Acme B.V."))
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
