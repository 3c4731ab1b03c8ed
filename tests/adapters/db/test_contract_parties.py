"""The companies, customers, invoices and imported files repositories, one contract for
the fake (tests/fakes.py), SQLite and PostgreSQL: what one returns, the others do."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from tests.adapters.db.conftest import ContractUnitOfWork, Store
from tests.fakes import FakeInvoiceLookup, FakeUnitOfWork
from tijdig.adapters.db.schema.ledger import PaymentRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.db.views.workspace import SqlWorkspace
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.invoices import (
    EarlyPaymentDiscount,
    Instalment,
    Invoice,
    InvoiceKind,
    InvoiceLine,
)
from tijdig.domain.parties import BankAccount, Company, Contact, ContactRole, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.domain.users import AuditEntry
from tijdig.services.privacy import Holds

AT = datetime(2026, 1, 1, tzinfo=UTC)
ACME = Company("ACME", "Acme Groothandel B.V.", vat_id="NL000099998B57",
               registration_number="12345678",
               bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),))  # fmt: skip


def _company(store: Store, company: Company = ACME) -> Company:
    with store() as uow:
        stored = uow.companies.add(company, at=AT)
        uow.commit()
    assert stored.id is not None
    return stored


def test_a_company_is_found_by_code_vat_id_or_registration_number(store: Store) -> None:
    acme = _company(store)
    other = _company(store, Company("ZED", "Zed B.V.", country="BE"))
    assert acme == replace(ACME, id=acme.id)
    with store() as uow:
        assert [c.code for c in uow.companies.all()] == ["ACME", "ZED"]
        assert uow.companies.by_id(acme.id or 0) == acme
        assert uow.companies.by_id(999) is None
        for name in ("acme", "NL 0000.9999.8B57", "12345678"):
            assert uow.companies.find(name) == acme
        assert uow.companies.find("nobody") is None
        assert uow.companies.find_by_name("ZED BV", country="BE") == other
        assert uow.companies.find_by_name("Zed B.V.", country="NL") is None
        assert uow.companies.count() == 2


def test_nothing_is_kept_without_a_commit_and_a_unit_of_work_is_used_again(store: Store) -> None:
    uow = store()
    with uow:
        uow.companies.add(ACME, at=AT)
    with uow:
        assert uow.companies.all() == []
        uow.companies.add(ACME, at=AT)
        uow.commit()
    with pytest.raises(RuntimeError), uow:
        uow.companies.add(Company("ZED", "Zed"), at=AT)
        raise RuntimeError("failed before its commit")
    with store() as again:
        assert [c.code for c in again.companies.all()] == ["ACME"]


def test_a_companys_details_and_accounts_change_but_not_its_code(store: Store) -> None:
    acme = _company(store)
    other = _company(store, Company("ZED", "Zed B.V."))
    with store() as uow:
        uow.company_settings.update(replace(acme, code="NEW", name="Acme B.V.", country="BE",
                                            bank_accounts=(), payment_term_days=14))  # fmt: skip
        uow.company_settings.add_account(acme.id or 0, "BE68539007547034", None)
        uow.company_settings.add_account(other.id or 0, "NL02RABO0123456789", "RABONL2U")
        assert uow.company_settings.remove_account(acme.id or 0, "NL91ABNA0417164300")
        assert not uow.company_settings.remove_account(acme.id or 0, "NL91ABNA0417164300")
        uow.commit()
    with store() as uow:
        assert uow.companies.by_id(acme.id or 0) == replace(
            acme, name="Acme B.V.", country="BE", payment_term_days=14,
            bank_accounts=(BankAccount("BE68539007547034", None),),
        )  # fmt: skip
        assert uow.company_settings.account_owner("NL02RABO0123456789") == other.id
        assert uow.company_settings.account_owner("NL91ABNA0417164300") is None


def test_portal_settings_are_the_defaults_until_saved(store: Store) -> None:
    acme = _company(store).id or 0
    with store() as uow:
        assert uow.portal.get(acme) == PortalSettings()
        uow.portal.save(acme, PortalSettings(False, 21, "https://pay.example/{reference}"), AT)
        uow.portal.save(acme, PortalSettings(False, 30), AT)
        uow.commit()
    with store() as uow:
        assert uow.portal.get(acme) == PortalSettings(False, 30, None)


def test_customers_are_added_updated_or_left_with_their_contacts_and_parent(store: Store) -> None:
    company_id = _company(store).id or 0
    head = Customer("H1", "Holding", payment_term_days=14, credit_limit=Decimal("2500.5"))
    anna = Contact("Anna", ContactRole.ACCOUNTS_PAYABLE, "a@b.nl")
    branch = Customer("B1", "Branch", parent_number="H1", contact_days=("wed",), contacts=(anna,))
    orphan = Customer("O1", "Orphan", parent_number="NOPE")
    with store() as uow:
        added, updated, unchanged = uow.customers.save_many(company_id, [branch, head, orphan])
        uow.commit()
    assert (len(added), updated, unchanged) == (3, [], 0)
    with store() as uow:
        ids = uow.customers.ids_by_number(company_id)
        assert sorted(ids) == ["B1", "H1", "O1"] and sorted(ids.values()) == sorted(added)
        assert uow.customers.payment_terms(company_id) == {"H1": 14}
        assert uow.customers.get(company_id, "B1") == replace(branch, id=ids["B1"])
        assert uow.customers.get(company_id, "O1") == replace(
            orphan, id=ids["O1"], parent_number=None
        )
        stored_head = uow.customers.get(company_id, "H1")
        assert stored_head is not None and stored_head.credit_limit == Decimal("2500.50")
        assert [c.number for c in uow.customers.all(company_id)] == ["B1", "H1", "O1"]
        assert uow.customers.get(company_id, "X") is None
        assert uow.customers.all(company_id + 1) == []
        renamed = replace(head, name="Holding B.V.")
        assert uow.customers.save_many(company_id, [renamed, branch]) == (
            [], [ids["H1"]], 1)  # fmt: skip
        assert (uow.customers.get(company_id, "H1") or head).name == "Holding B.V."


def _invoices(store: Store) -> tuple[int, int, int]:
    company_id = _company(store).id or 0
    with store() as uow:
        uow.customers.save_many(company_id, [Customer("C1", "Een"), Customer("C2", "Twee")])
        ids = uow.customers.ids_by_number(company_id)
        uow.commit()
    return company_id, ids["C1"], ids["C2"]


F1 = Invoice("F1", "C1", date(2026, 1, 5), date(2026, 2, 4), Decimal("1000.01"),
             prepaid=Decimal("0.01"), discount=EarlyPaymentDiscount(Decimal("2.5"), 8),
             schedule=(Instalment(date(2026, 2, 4), Decimal("500.00")),
                       Instalment(date(2026, 3, 4), Decimal("500.00"))),
             payment_reference="1234567890123456", net_amount=Decimal("826.46"),
             lines=(InvoiceLine("Meel", amount=Decimal("826.46"), quantity=Decimal(2),
                                 price=Decimal("413.23")),))  # fmt: skip
F2 = Invoice("F2", "C2", date(2026, 1, 1), date(2026, 1, 31), Decimal("50"), currency="USD")
F3 = Invoice("F3", "C1", date(2026, 1, 1), date(2026, 1, 31), Decimal("80"), open_amount=Decimal(0))
C1 = Invoice("C1", "C1", date(2026, 1, 1), date(2026, 1, 31), Decimal("20"),
             kind=InvoiceKind.CREDIT_NOTE)  # fmt: skip


def test_invoices_come_back_as_stored_in_due_date_order(store: Store) -> None:
    company_id, one, two = _invoices(store)
    with store() as uow:
        f1 = uow.invoices.add(F1, company_id=company_id, customer_id=one, fingerprint="f1",
                              source="test")  # fmt: skip
        uow.invoices.add_many([(F2, two, "f2"), (F3, one, "f3"), (C1, one, "c1")],
                              company_id=company_id, source="test")  # fmt: skip
        uow.commit()
    with store() as uow:
        found = uow.invoices.search(company_id)
        assert [(i.number, i.kind) for i in found] == [
            ("C1", InvoiceKind.CREDIT_NOTE), ("F2", InvoiceKind.INVOICE),
            ("F3", InvoiceKind.INVOICE), ("F1", InvoiceKind.INVOICE),
        ]  # fmt: skip
        loaded = found[-1]
        assert loaded.id == f1 and loaded.lines == ()
        assert loaded == replace(F1, id=f1, lines=(), open_amount=Decimal("1000.00"))
        assert uow.invoices.lines([f1, 999]) == {f1: F1.lines}
        assert [i.number for i in uow.invoices.search(company_id, customer_id=one)] == [
            "C1", "F3", "F1"]  # fmt: skip
        assert [i.number for i in uow.invoices.search(company_id, open_only=True)] == [
            "C1", "F2", "F1"]  # fmt: skip
        assert [i.number for i in uow.invoices.search(company_id, limit=2, offset=1)] == [
            "F2", "F3"]  # fmt: skip
        assert uow.invoices.fingerprints(
            company_id, [("invoice", "F1"), ("credit_note", "C1"), ("invoice", "C1")]
        ) == {("invoice", "F1"): "f1", ("credit_note", "C1"): "c1"}


def _lookup(store: Store) -> FakeInvoiceLookup | SqlWorkspace:
    """The workspace's one-invoice lookup over the store (a read model on the database)."""
    with store() as uow:
        if isinstance(uow, SqlUnitOfWork):
            return SqlWorkspace(uow.session.get_bind())  # type: ignore[arg-type]
    return FakeInvoiceLookup(store)  # type: ignore[arg-type]


def test_the_lookup_finds_the_customers_invoice_before_a_credit_note_numbered_alike(
    store: Store,
) -> None:
    company_id, one, two = _invoices(store)
    with store() as uow:
        uow.invoices.add(replace(C1, number="F1"), company_id=company_id, customer_id=one,
                         fingerprint="c", source="test")  # fmt: skip
        f1 = uow.invoices.add(F1, company_id=company_id, customer_id=one, fingerprint="f1",
                              source="test")  # fmt: skip
        c1 = uow.invoices.add(C1, company_id=company_id, customer_id=one, fingerprint="c1",
                              source="test")  # fmt: skip
        uow.commit()
    lookup = _lookup(store)
    assert lookup.invoice(company_id, one, "F1") == replace(
        F1, id=f1, lines=(), schedule=(), open_amount=Decimal("1000.00")
    )
    assert lookup.invoice(company_id, one, "C1") == replace(C1, id=c1, open_amount=Decimal("20.00"))
    assert lookup.invoice(company_id, two, "F1") is None  # another customer's
    assert lookup.invoice(company_id + 1, one, "F1") is None
    assert lookup.invoice(company_id, one, "F9") is None


def test_an_invoice_copy_is_kept_only_when_it_is_the_copy(store: Store) -> None:
    company_id, one, _two = _invoices(store)
    with store() as uow:
        f1 = uow.invoices.add(F1, company_id=company_id, customer_id=one, fingerprint="f1",
                              source="test")  # fmt: skip
        f3 = uow.invoices.add(F3, company_id=company_id, customer_id=one, fingerprint="f3",
                              source="test")  # fmt: skip
        uow.invoices.attach(company_id, f1, filename="F1.pdf", mime_type="application/pdf",
                            content=b"%PDF-1", is_copy=True)  # fmt: skip
        uow.invoices.attach(company_id, f3, filename="note.txt", mime_type="text/plain",
                            content=b"note", is_copy=False)  # fmt: skip
        uow.commit()
    with store() as uow:
        assert uow.invoices.copies([f1, f3]) == {f1: b"%PDF-1"}
        assert uow.invoices.copies([]) == {}


def test_an_imported_file_is_seen_again_by_its_company(store: Store) -> None:
    company_id = _company(store).id or 0
    with store() as uow:
        assert not uow.imported_files.seen([company_id], "bank", "abc")
        uow.imported_files.record(company_id, "bank", "abc", "day.xml", "3 lines", at=AT)
        uow.commit()
    with store() as uow:
        assert uow.imported_files.seen([company_id], "bank", "abc")
        assert not uow.imported_files.seen([company_id], "invoices", "abc")
        assert not uow.imported_files.seen([company_id + 1], "bank", "abc")
        assert not uow.imported_files.seen([], "bank", "abc")


def test_a_file_is_recorded_once_per_company_and_kind(store: Store) -> None:
    company_id = _company(store).id or 0
    with pytest.raises((ValueError, IntegrityError)), store() as uow:
        uow.imported_files.record(company_id, "invoices", "abc", "a.csv", "1 rows", at=AT)
        uow.imported_files.record(company_id, "invoices", "abc", "b.csv", "1 rows", at=AT)
        uow.commit()
    with store() as uow:
        assert not uow.imported_files.seen([company_id], "invoices", "abc")
        uow.imported_files.record(company_id, "customers", "abc", "a.csv", "1 rows", at=AT)
        uow.commit()
    with store() as uow:
        assert uow.imported_files.seen([company_id], "customers", "abc")


NOTED = Dispute("", ReasonCode.OTHER, date(2026, 3, 5), note="Marieke says")
CALLED = ContactEvent("", ContactKind.CALL, AT, "Spoke to Marieke")
TO_CALL = Task("", TaskKind.CALL, date(2026, 3, 9), "Call Marieke")
MAILED = AuditEntry(AT, "anne", "promise.add", None, None, subject="customer Jansen",
                    details="mail to jan@jansen.nl")  # fmt: skip


def test_anonymising_overwrites_the_person_and_keeps_numbers_and_amounts(store: Store) -> None:
    company_id, one, two = _invoices(store)
    jansen = Customer("C1", "Jansen", email="jan@jansen.nl", phone="06", address="Urk",
                      vat_id="NL1", registration_number="123", risk_class="B",
                      contacts=(Contact("Marieke", email="m@jansen.nl"),))  # fmt: skip
    with store() as uow:
        uow.customers.save_many(company_id, [jansen])
        f1 = uow.invoices.add(replace(F1, free_reference="order of Jansen", description="kitchen"),
                              company_id=company_id, customer_id=one, fingerprint="f1",
                              source="test")  # fmt: skip
        f2 = uow.invoices.add(replace(F2, description="paint"), company_id=company_id,
                              customer_id=two, fingerprint="f2", source="test")  # fmt: skip
        for invoice_id in (f1, f2):
            uow.invoices.attach(
                company_id, invoice_id, filename="c.pdf", mime_type="application/pdf",
                content=b"%PDF", is_copy=True,
            )  # fmt: skip
            uow.disputes.open(company_id, invoice_id, NOTED)
        for customer in (one, two):
            uow.contact_log.add(company_id, customer, CALLED)
            uow.tasks.add(company_id, customer, TO_CALL)
            uow.audit.add(replace(MAILED, customer_id=customer, company_id=company_id))
        uow.commit()
    with store() as uow:
        assert uow.personal_data.customer_id(company_id, "C1") == one
        assert uow.personal_data.customer_id(company_id, "NOPE") is None
        assert uow.personal_data.customer_id(company_id + 1, "C1") is None
        assert uow.personal_data.anonymised_at(one) is None
        uow.personal_data.anonymise(company_id, [one], name_prefix="Anonymised ", at=AT)
        uow.commit()
    with store() as uow:
        assert uow.personal_data.anonymised_at(one) == AT
        assert uow.personal_data.anonymised_at(two) is None
        assert uow.customers.get(company_id, "C1") == Customer("C1", "Anonymised C1", id=one)
        [found] = [i for i in uow.invoices.search(company_id) if i.id == f1]
        assert (found.free_reference, found.description, found.total) == (None, None, F1.total)
        assert uow.invoices.copies([f1, f2]) == {f2: b"%PDF"}
        disputes = uow.disputes.open_for(company_id, [f1, f2])
        assert (disputes[f1].note, disputes[f2].note) == ("", "Marieke says")
        assert uow.contact_log.timeline(company_id, one) == []
        assert len(uow.contact_log.timeline(company_id, two)) == 1
        assert uow.tasks.open_for_customer(company_id, one) == []
        assert len(uow.tasks.open_for_customer(company_id, two)) == 1
        audit = {e.customer_id: (e.subject, e.details) for e in uow.audit.for_company(company_id)}
        assert audit == {one: ("customer Anonymised C1", "mail to Anonymised C1"),
                         two: ("customer Jansen", "mail to jan@jansen.nl")}  # fmt: skip


def _pay(uow: ContractUnitOfWork, company_id: int, customer_id: int, paid_on: date) -> None:
    """A payment of EUR 10 allocated to nothing (the fake's ledger allocates none)."""
    if isinstance(uow, SqlUnitOfWork):
        uow.session.add(PaymentRow(company_id=company_id, customer_id=customer_id,
                                   paid_on=paid_on, amount_minor=1000, currency="EUR"))  # fmt: skip
        uow.session.flush()
    else:
        assert isinstance(uow, FakeUnitOfWork)
        uow.ledger.pay(customer_id, paid_on, Decimal(10))


TODAY = date(2026, 3, 15)


def test_privacy_reads_what_binds_a_customer_and_when_they_last_did_business(
    store: Store,
) -> None:
    company_id, one, two = _invoices(store)
    settled = Invoice("S1", "C1", date(2016, 3, 1), date(2016, 3, 31), Decimal(80),
                      open_amount=Decimal(0))  # fmt: skip
    owed = Invoice("O1", "C2", date(2016, 4, 1), date(2016, 5, 1), Decimal(50))
    with store() as uow:
        uow.customers.save_many(company_id, [Customer("C3", "Drie")])
        three = uow.customers.ids_by_number(company_id)["C3"]
        s1 = uow.invoices.add(settled, company_id=company_id, customer_id=one, fingerprint="s",
                              source="test")  # fmt: skip
        uow.invoices.add(owed, company_id=company_id, customer_id=two, fingerprint="o",
                         source="test")  # fmt: skip
        uow.disputes.open(company_id, s1, NOTED)
        running = uow.promises.add(company_id, one, Promise("", TODAY, date(2026, 3, 1)))
        uow.promises.add(company_id, one, Promise("", TODAY, date(2026, 3, 1), kept=True))
        uow.promises.add(company_id, one, Promise("", date(2026, 3, 14), date(2026, 3, 1)))
        _pay(uow, company_id, two, date(2017, 1, 5))
        uow.commit()
    quiet_since = date(2019, 3, 15)
    with store() as uow:
        data = uow.personal_data
        assert data.last_activity(one) == date(2016, 3, 1)
        assert data.last_activity(two) == date(2017, 1, 5)
        assert data.last_activity(three) is None
        assert data.holds(one, as_of=TODAY) == Holds(open_disputes=1, open_promises=1)
        assert data.holds(two, as_of=TODAY) == Holds(open_invoices=1, unallocated_payments=1)
        assert data.holds(three, as_of=TODAY) == Holds()
        # C2 owes still; C3 was never invoiced: there is no day to count from
        assert data.candidates(company_id, quiet_since=quiet_since, as_of=TODAY) == [
            (one, "C1", True)]  # fmt: skip
        uow.disputes.resolve(company_id, s1, TODAY)
        uow.promises.mark_kept(company_id, running)
        assert data.candidates(company_id, quiet_since=quiet_since, as_of=TODAY) == [
            (one, "C1", False)]  # fmt: skip
        assert data.candidates(company_id, quiet_since=date(2016, 2, 1), as_of=TODAY) == []
        assert data.candidates(company_id + 1, quiet_since=quiet_since, as_of=TODAY) == []
        data.anonymise(company_id, [one], name_prefix="Anonymised ", at=AT)
        assert data.candidates(company_id, quiet_since=quiet_since, as_of=TODAY) == []


def test_a_retention_period_is_none_until_set(store: Store) -> None:
    company_id = _company(store).id or 0
    with store() as uow:
        assert uow.privacy.retention_years(company_id) is None
        uow.privacy.set_retention_years(company_id, 5, AT)
        uow.privacy.set_retention_years(company_id, 6, AT)
        uow.commit()
    with store() as uow:
        assert uow.privacy.retention_years(company_id) == 6
        assert uow.privacy.retention_years(company_id + 1) is None
