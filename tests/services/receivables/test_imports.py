"""Booking customers and invoices from CSV: all-or-nothing, idempotent, every problem named.

On the fake database (tests/fakes.py), but for one end-to-end test on SQLite and
PostgreSQL at the end: the same files booked, skipped again and audited in real tables."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.fakes import FakeDatabase
from tests.services.receivables.conftest import ACTOR, AT, Store, invoice_reader, snapshot
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.importers import csv_customers
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import ImportRefused
from tijdig.domain.parties import Company
from tijdig.domain.references import detect
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables.imports import ImportSummary, import_customers, import_invoices

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


def _company(store: Store) -> Company:
    return add_company(
        store.uow(),
        Company(code="ACME", name="Acme B.V.", payment_term_days=14),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )


@pytest.fixture
def company(db: FakeDatabase) -> Company:
    return _company(db)


def _customers(store: Store, company: Company, path: Path) -> ImportSummary:
    read = store.read_customers if isinstance(store, Tijdig) else csv_customers.extract
    return import_customers(store.uow(), company, [path], read=read, actor=ACTOR, at=AT)


def _invoices(store: Store, company: Company, *paths: Path) -> ImportSummary:
    return import_invoices(
        store.uow(), company, list(paths), read=invoice_reader(store, company), actor=ACTOR, at=AT
    )


def test_customers_and_invoices_book_with_references(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    assert _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS)).added == 4
    summary = _invoices(db, company, _write(tmp_path, "i.csv", INVOICES))
    assert summary.added == 4
    booked = {i.number: i for i in list_invoices(db.uow(), company)}
    assert booked["2026001"].total == Decimal("1210.00")
    assert booked["2026003"].currency == "USD"
    # A missing due date is the invoice date plus the company's term.
    assert str(booked["2026004"].due_date) == "2026-10-15"
    for invoice in booked.values():
        assert invoice.payment_reference and detect(invoice.payment_reference)
    with db.uow() as uow:
        child = uow.customers.get(company.id or 0, "1002")
    assert child is not None and child.parent_number == "1001"


def test_the_same_file_twice_books_nothing_twice(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS))
    path = _write(tmp_path, "i.csv", INVOICES)
    _invoices(db, company, path)
    before = snapshot(db)
    again = _invoices(db, company, path)
    assert again.added == 0 and again.files_skipped == [str(path)]
    assert snapshot(db) == before
    # The same rows in another file: recognised invoice by invoice.
    copy = _write(tmp_path, "copy.csv", INVOICES + "2026005;1001;02-10-2026;;10,00;EUR\n")
    third = _invoices(db, company, copy)
    assert (third.added, third.unchanged) == (1, 4)
    assert len(list_invoices(db.uow(), company)) == 5


def test_a_file_named_twice_or_its_copy_in_one_import_books_once(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    customers = _write(tmp_path, "c.csv", CUSTOMERS)
    invoices, copy = _write(tmp_path, "i.csv", INVOICES), _write(tmp_path, "i2.csv", INVOICES)
    first = import_customers(db.uow(), company, [customers, customers],
                             read=csv_customers.extract, actor=ACTOR, at=AT)  # fmt: skip
    assert (first.added, first.files_skipped) == (4, [str(customers)])
    booked = _invoices(db, company, invoices, copy)
    assert (booked.added, booked.unchanged, booked.files_skipped) == (4, 0, [str(copy)])
    assert len(list_invoices(db.uow(), company)) == 4


def test_a_changed_invoice_with_the_same_number_is_refused(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS))
    _invoices(db, company, _write(tmp_path, "i.csv", INVOICES))
    changed = _write(tmp_path, "changed.csv", INVOICES.replace("1.210,00", "1.300,00"))
    with pytest.raises(ImportRefused) as refused:
        _invoices(db, company, changed)
    [issue] = refused.value.issues
    assert (issue.file, issue.line, issue.field) == (str(changed), 2, "number")
    assert "other contents" in issue.message


def test_one_bad_row_books_nothing_and_every_bad_row_is_named(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS))
    bad = INVOICES + "2026006;1001;31-02-2026;;10,00;EUR\n2026007;1001;01-10-2026;;tien;EUR\n"
    path = _write(tmp_path, "bad.csv", bad)
    with pytest.raises(ImportRefused) as refused:
        _invoices(db, company, path)
    errors = [i for i in refused.value.issues if i.is_error]
    assert [(e.line, e.field) for e in errors] == [(6, "factuurdatum"), (7, "bedrag_incl")]
    assert list_invoices(db.uow(), company) == []


def test_an_unknown_customer_is_named_with_its_line(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    path = _write(tmp_path, "i.csv", INVOICES)
    with pytest.raises(ImportRefused) as refused:
        _invoices(db, company, path)
    first = refused.value.issues[0]
    assert (first.line, first.field) == (2, "customer")
    assert "import customers first" in first.message


def test_customers_import_again_updates_what_changed(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS))
    changed = CUSTOMERS.replace("info@goudenkorst.nl", "debiteuren@goudenkorst.nl")
    summary = _customers(db, company, _write(tmp_path, "c2.csv", changed))
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 3)


def test_an_unknown_group_customer_refuses_the_file(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    text = CUSTOMERS.replace(";1001\n", ";9999\n")
    path = _write(tmp_path, "c.csv", text)
    with pytest.raises(ImportRefused) as refused:
        _customers(db, company, path)
    [issue] = refused.value.issues
    assert (issue.line, issue.field) == (3, "parent")
    with db.uow() as uow:
        assert uow.customers.all(company.id or 0) == []


Entry = tuple[str, str, int | None, int | None, str, str]


def _audit(store: Store) -> list[Entry]:
    """The committed audit entries, oldest first, but for the data set up's own."""
    columns = ("action", "actor", "company_id", "customer_id", "subject", "details")
    if isinstance(store, FakeDatabase):
        entries = [tuple(getattr(e, c) for c in columns) for e in store.audit_entries]
    else:
        with store.uow() as uow:
            rows = uow.session.execute(
                select(*(getattr(AuditRow, c) for c in columns)).order_by(AuditRow.id)
            )
            entries = [tuple(row) for row in rows]
    return [e for e in entries if e[0] != "company.add"]


def _ids(store: Store, company: Company) -> dict[str, int]:
    with store.uow() as uow:
        return uow.customers.ids_by_number(company.id or 0)


def _booked_once(company: Company, ids: dict[str, int]) -> list[Entry]:
    """The entries of c.csv and i.csv booked: one per customer added, one per customer
    whose invoices were added, saying how many for how much."""
    added: list[Entry] = [
        ("customers.import", ACTOR, company.id, ids[n], "1 file(s): c.csv", "customer added")
        for n in ("1001", "1002", "2001", "3001")
    ]
    amounts = {"1001": "EUR 1,210.00", "1002": "EUR 605.50", "2001": "USD 99.99",
               "3001": "EUR 242.00"}  # fmt: skip
    booked: list[Entry] = [
        ("invoices.import", ACTOR, company.id, ids[n], "1 file(s): i.csv",
         f"1 invoice(s) added, {amount}")
        for n, amount in amounts.items()
    ]  # fmt: skip
    return added + booked


def test_an_import_writes_one_audit_entry_per_customer_and_a_repeat_none(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    customers = _write(tmp_path, "c.csv", CUSTOMERS)
    invoices = _write(tmp_path, "i.csv", INVOICES)
    _customers(db, company, customers)
    _invoices(db, company, invoices)
    _customers(db, company, customers)  # imported before: skipped, nothing written
    _invoices(db, company, invoices)
    ids = _ids(db, company)
    assert _audit(db) == _booked_once(company, ids)
    with db.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
        assert {e.at for e in entries if e.action != "company.add"} == {AT}
        assert [(e.action, e.actor) for e in uow.audit.for_customer(company.id or 0, ids["2001"])
                ] == [("invoices.import", ACTOR), ("customers.import", ACTOR)]  # fmt: skip


def test_a_changed_customer_gets_an_entry_and_an_import_touching_none_one_in_all(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    _customers(db, company, _write(tmp_path, "c.csv", CUSTOMERS))
    _invoices(db, company, _write(tmp_path, "i.csv", INVOICES))
    before = len(_audit(db))
    changed = CUSTOMERS.replace("info@goudenkorst.nl", "debiteuren@goudenkorst.nl")
    _customers(db, company, _write(tmp_path, "c2.csv", changed))
    same = _write(tmp_path, "c3.csv", changed.replace("\n", "\r\n"))  # another file, no change
    _customers(db, company, same)
    again = _write(tmp_path, "i2.csv", INVOICES + "\n")  # another file, invoices booked before
    _invoices(db, company, again)
    assert _audit(db)[before:] == [
        ("customers.import", ACTOR, company.id, _ids(db, company)["1001"], "1 file(s): c2.csv",
         "customer changed"),
        ("customers.import", ACTOR, company.id, None, "1 file(s)",
         "0 added, 0 updated, 4 unchanged; c3.csv"),
        ("invoices.import", ACTOR, company.id, None, "1 file(s)", "0 added, 4 unchanged; i2.csv"),
    ]  # fmt: skip


def test_a_refused_import_writes_no_audit_entry(
    db: FakeDatabase, company: Company, tmp_path: Path
) -> None:
    with pytest.raises(ImportRefused):
        _invoices(db, company, _write(tmp_path, "i.csv", INVOICES))  # no customers yet
    assert _audit(db) == []


def test_the_files_book_into_a_real_database_once_and_audited(app: Tijdig, tmp_path: Path) -> None:
    """End to end on SQLite and PostgreSQL: the real readers, repositories and bulk
    inserts; the same files again are skipped and write no row at all."""
    company = _company(app)
    customers = _write(tmp_path, "c.csv", CUSTOMERS)
    invoices = _write(tmp_path, "i.csv", INVOICES)
    assert _customers(app, company, customers).added == 4
    assert _invoices(app, company, invoices).added == 4
    booked = {i.number: i for i in list_invoices(app.uow(), company)}
    assert (booked["2026001"].total, booked["2026003"].currency) == (Decimal("1210.00"), "USD")
    assert str(booked["2026004"].due_date) == "2026-10-15"
    assert all(i.payment_reference and detect(i.payment_reference) for i in booked.values())
    with app.uow() as uow:
        child = uow.customers.get(company.id or 0, "1002")
    assert child is not None and child.parent_number == "1001"
    assert _audit(app) == _booked_once(company, _ids(app, company))
    before = snapshot(app)
    assert _customers(app, company, customers).files_skipped == [str(customers)]
    assert _invoices(app, company, invoices).files_skipped == [str(invoices)]
    assert snapshot(app) == before
