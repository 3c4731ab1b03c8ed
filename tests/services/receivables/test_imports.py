"""Booking customers and invoices from CSV: all-or-nothing, idempotent, every problem named."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import ImportRefused
from tijdig.domain.parties import Company
from tijdig.domain.references import detect
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables.imports import ImportSummary, import_customers, import_invoices

ACTOR = "cli:tester"
AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

CUSTOMERS = """klantnummer;naam;soort;land;e-mail;groep
1001;Bakkerij De Gouden Korst B.V.;zakelijk;NL;info@goudenkorst.nl;
1002;Jansen Installatietechniek;zakelijk;NL;admin@jansen.nl;1001
2001;Peeters BV;zakelijk;BE;boekhouding@peeters.be;
3001;Marieke de Vries;particulier;NL;marieke@example.nl;
"""

INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta
2026001;1001;01-09-2026;01-10-2026;1.210,00;EUR
2026002;1002;15-09-2026;15-10-2026;605,50;EUR
2026003;2001;20-09-2026;20-10-2026;99,99;USD
2026004;3001;01-10-2026;;242,00;EUR
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def company(app: Tijdig) -> Company:
    return add_company(
        app.uow(),
        Company(code="ACME", name="Acme B.V.", payment_term_days=14),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )


def _customers(app: Tijdig, company: Company, path: Path) -> ImportSummary:
    return import_customers(app.uow(), company, [path], read=app.read_customers, actor=ACTOR, at=AT)


def _invoices(app: Tijdig, company: Company, *paths: Path) -> ImportSummary:
    return import_invoices(
        app.uow(), company, list(paths), read=app.invoice_reader(company), actor=ACTOR, at=AT
    )


def test_customers_and_invoices_book_with_references(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    assert _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS)).added == 4
    summary = _invoices(app, company, _write(tmp_path, "i.csv", INVOICES))
    assert summary.added == 4
    booked = {i.number: i for i in list_invoices(app.uow(), company)}
    assert booked["2026001"].total == Decimal("1210.00")
    assert booked["2026003"].currency == "USD"
    # A missing due date is the invoice date plus the company's term.
    assert str(booked["2026004"].due_date) == "2026-10-15"
    for invoice in booked.values():
        assert invoice.payment_reference and detect(invoice.payment_reference)
    with app.uow() as uow:
        child = uow.customers.get(company.id or 0, "1002")
    assert child is not None and child.parent_number == "1001"


def test_the_same_file_twice_books_nothing_twice(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS))
    path = _write(tmp_path, "i.csv", INVOICES)
    _invoices(app, company, path)
    again = _invoices(app, company, path)
    assert again.added == 0 and again.files_skipped == [str(path)]
    # The same rows in another file: recognised invoice by invoice.
    copy = _write(tmp_path, "copy.csv", INVOICES + "2026005;1001;02-10-2026;;10,00;EUR\n")
    third = _invoices(app, company, copy)
    assert (third.added, third.unchanged) == (1, 4)
    assert len(list_invoices(app.uow(), company)) == 5


def test_a_changed_invoice_with_the_same_number_is_refused(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS))
    _invoices(app, company, _write(tmp_path, "i.csv", INVOICES))
    changed = _write(tmp_path, "changed.csv", INVOICES.replace("1.210,00", "1.300,00"))
    with pytest.raises(ImportRefused) as refused:
        _invoices(app, company, changed)
    [issue] = refused.value.issues
    assert (issue.file, issue.line, issue.field) == (str(changed), 2, "number")
    assert "other contents" in issue.message


def test_one_bad_row_books_nothing_and_every_bad_row_is_named(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS))
    bad = INVOICES + "2026006;1001;31-02-2026;;10,00;EUR\n2026007;1001;01-10-2026;;tien;EUR\n"
    path = _write(tmp_path, "bad.csv", bad)
    with pytest.raises(ImportRefused) as refused:
        _invoices(app, company, path)
    errors = [i for i in refused.value.issues if i.is_error]
    assert [(e.line, e.field) for e in errors] == [(6, "factuurdatum"), (7, "bedrag_incl")]
    assert list_invoices(app.uow(), company) == []


def test_an_unknown_customer_is_named_with_its_line(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    path = _write(tmp_path, "i.csv", INVOICES)
    with pytest.raises(ImportRefused) as refused:
        _invoices(app, company, path)
    first = refused.value.issues[0]
    assert (first.line, first.field) == (2, "customer")
    assert "import customers first" in first.message


def test_customers_import_again_updates_what_changed(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS))
    changed = CUSTOMERS.replace("info@goudenkorst.nl", "debiteuren@goudenkorst.nl")
    summary = _customers(app, company, _write(tmp_path, "c2.csv", changed))
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 3)


def test_an_unknown_group_customer_refuses_the_file(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    text = CUSTOMERS.replace(";1001\n", ";9999\n")
    path = _write(tmp_path, "c.csv", text)
    with pytest.raises(ImportRefused) as refused:
        _customers(app, company, path)
    [issue] = refused.value.issues
    assert (issue.line, issue.field) == (3, "parent")
    with app.uow() as uow:
        assert uow.customers.all(company.id or 0) == []


def _audit(app: Tijdig) -> list[tuple[str, str, int | None, int | None, str, str]]:
    with app.uow() as uow:
        setup = AuditRow.action != "company.add"  # the data set up's own entry
        rows = uow.session.scalars(select(AuditRow).where(setup).order_by(AuditRow.id))
        return [(r.action, r.actor, r.company_id, r.customer_id, r.subject, r.details)
                for r in rows]  # fmt: skip


def _ids(app: Tijdig, company: Company) -> dict[str, int]:
    with app.uow() as uow:
        return uow.customers.ids_by_number(company.id or 0)


def test_an_import_writes_one_audit_entry_per_customer_and_a_repeat_none(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    customers = _write(tmp_path, "c.csv", CUSTOMERS)
    invoices = _write(tmp_path, "i.csv", INVOICES)
    _customers(app, company, customers)
    _invoices(app, company, invoices)
    _customers(app, company, customers)  # imported before: skipped, nothing written
    _invoices(app, company, invoices)
    ids = _ids(app, company)
    added = [("customers.import", ACTOR, company.id, ids[n], "1 file(s): c.csv", "customer added")
             for n in ("1001", "1002", "2001", "3001")]  # fmt: skip
    booked = [("invoices.import", ACTOR, company.id, ids[n], "1 file(s): i.csv",
               f"1 invoice(s) added, {amount}")
              for n, amount in (("1001", "EUR 1,210.00"), ("1002", "EUR 605.50"),
                                ("2001", "USD 99.99"), ("3001", "EUR 242.00"))]  # fmt: skip
    assert _audit(app) == added + booked
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
        assert {e.at for e in entries if e.action != "company.add"} == {AT}
        assert [(e.action, e.actor) for e in uow.audit.for_customer(company.id or 0, ids["2001"])
                ] == [("invoices.import", ACTOR), ("customers.import", ACTOR)]  # fmt: skip


def test_a_changed_customer_gets_an_entry_and_an_import_touching_none_one_in_all(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _customers(app, company, _write(tmp_path, "c.csv", CUSTOMERS))
    _invoices(app, company, _write(tmp_path, "i.csv", INVOICES))
    before = len(_audit(app))
    changed = CUSTOMERS.replace("info@goudenkorst.nl", "debiteuren@goudenkorst.nl")
    _customers(app, company, _write(tmp_path, "c2.csv", changed))
    same = _write(tmp_path, "c3.csv", changed.replace("\n", "\r\n"))  # another file, no change
    _customers(app, company, same)
    again = _write(tmp_path, "i2.csv", INVOICES + "\n")  # another file, invoices booked before
    _invoices(app, company, again)
    assert _audit(app)[before:] == [
        ("customers.import", ACTOR, company.id, _ids(app, company)["1001"], "1 file(s): c2.csv",
         "customer changed"),
        ("customers.import", ACTOR, company.id, None, "1 file(s)",
         "0 added, 0 updated, 4 unchanged; c3.csv"),
        ("invoices.import", ACTOR, company.id, None, "1 file(s)", "0 added, 4 unchanged; i2.csv"),
    ]  # fmt: skip


def test_a_refused_import_writes_no_audit_entry(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    with pytest.raises(ImportRefused):
        _invoices(app, company, _write(tmp_path, "i.csv", INVOICES))  # no customers yet
    assert _audit(app) == []
