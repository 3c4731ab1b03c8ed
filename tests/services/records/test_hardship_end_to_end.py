"""End to end on a real database: a customer in hardship is held by the run, with the
reason, and its open invoices move from the aging's buckets to the insolvency line; on
a day before the status began the run proposes for it and the buckets hold them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.services.records.data import BY, seed
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.hardship import HardshipKind
from tijdig.domain.invoices import Invoice
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Code, reason
from tijdig.services.collection.run import show_run, start_run
from tijdig.services.read_models.aging import aging_report, dso_report
from tijdig.services.records import hardship
from tijdig.services.records.hardship import Evidence

SINCE = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("as_of", "held"), [(date(2026, 10, 28), False), (date(2026, 11, 11), True)]
)  # Wednesdays: contact days, before and after the status began
def test_the_run_holds_a_customer_in_hardship_and_the_aging_puts_it_on_its_own_line(
    app: Tijdig, as_of: date, held: bool
) -> None:
    company = seed(app)
    hardship.set_hardship(app.uow(), company, "1001", HardshipKind.BANKRUPTCY, since=SINCE,
                          evidence=Evidence("Faillissementsvonnis rechtbank Utrecht"),
                          as_of=date(2026, 11, 11), **BY)  # fmt: skip
    summary = start_run(app.uow(), company, as_of=as_of, today=as_of, **BY)
    run = show_run(app.uow(), company, summary.run_id)
    mine = [i for i in run.items if i.customer_number == "1001"]
    kinds = {i.kind for i in mine}
    [eur] = aging_report(app.reports, company, as_of=as_of)
    # 1001: F1 1210.00 and F2 100.00, less credit note C1 50.00 (due 5 October)
    if not held:
        assert RunItemKind.MESSAGE in kinds
        assert (eur.insolvency, eur.insolvency_count) == (0, 0)
        assert eur.total == Decimal("1840.00")  # with 2001's 500.00 and 3001's 80.00
        return
    assert kinds == {RunItemKind.HOLD, RunItemKind.WARNING}  # no bank imported: a warning
    [hold] = [i for i in mine if i.kind is RunItemKind.HOLD]
    assert hold.summary == say(reason(Code.HARDSHIP, kind="bankruptcy", since=SINCE))
    assert (eur.insolvency, eur.insolvency_count) == (Decimal("1260.00"), 3)
    assert eur.total == Decimal("1840.00")  # nothing written off
    assert eur.overdue == Decimal("580.00")  # 2001's and 3001's only
    assert sum(eur.counts.values()) == 2


def test_dso_leaves_a_customer_in_hardship_out_and_shows_its_line_apart(app: Tijdig) -> None:
    """As of Wed 11 November. In the 90 days from 14 August: F1 1210.00 and F2 100.00 less
    credit note C1 50.00 were issued (1001's); 1840.00 is open (1001 1260.00, 2001 500.00,
    3001 80.00): 1840 / 1260 x 90 = 131.4 days. Once 1001 is bankrupt its 1260.00 is on
    the insolvency line and out of both sides: over 200 days (from 26 April, F3 500.00 and
    F4 80.00 issued) 580 / 580 x 200 = 200.0; over 90 days nothing was sold to the others."""
    company = seed(app)
    as_of = date(2026, 11, 11)
    [eur] = dso_report(app.reports, company, as_of=as_of, days=90)
    assert (eur.receivables, eur.sales, eur.insolvency) == (
        Decimal("1840.00"), Decimal("1260.00"), Decimal(0))  # fmt: skip
    assert eur.value == Decimal("131.4")
    hardship.set_hardship(app.uow(), company, "1001", HardshipKind.BANKRUPTCY, since=SINCE,
                          evidence=Evidence("Faillissementsvonnis"), as_of=as_of, **BY)  # fmt: skip
    [eur] = dso_report(app.reports, company, as_of=as_of, days=200)
    assert (eur.receivables, eur.sales, eur.insolvency, eur.value) == (
        Decimal("580.00"), Decimal("580.00"), Decimal("1260.00"), Decimal("200.0"))  # fmt: skip
    [eur] = dso_report(app.reports, company, as_of=as_of, days=90)
    assert (eur.sales, eur.value) == (Decimal(0), None)


@pytest.mark.parametrize("due", [date(2026, 10, 1), date(2024, 2, 29), date(2026, 12, 31)])
def test_an_invoice_due_the_same_day_as_one_in_hardship_stays_in_its_bucket(
    app: Tijdig, due: date
) -> None:
    """The aging sums every open invoice per due day and takes the hardship line off:
    2001's invoice due the same day as 1001's F1 keeps its amount and count."""
    company = seed(app)
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id or 0)
        for number, customer in (("F5", "2001"), ("F6", "1001")):
            invoice = Invoice(number, customer, date(2024, 1, 2), due, Decimal("30.00"))
            uow.invoices.add(invoice, company_id=company.id or 0, customer_id=ids[customer],
                             fingerprint=number, source="test")  # fmt: skip
        uow.commit()
    as_of = date(2027, 1, 15)
    hardship.set_hardship(app.uow(), company, "1001", HardshipKind.BANKRUPTCY, since=SINCE,
                          evidence=Evidence("Faillissementsvonnis"), as_of=as_of, **BY)  # fmt: skip
    [eur] = aging_report(app.reports, company, as_of=as_of)
    # 1001: F1 1210.00, F2 100.00, F6 30.00 less C1 50.00; the others F3, F4 and F5
    assert (eur.insolvency, eur.insolvency_count) == (Decimal("1290.00"), 4)
    assert (eur.total, sum(eur.counts.values())) == (Decimal("1900.00"), 3)
    assert eur.overdue == Decimal("610.00")
