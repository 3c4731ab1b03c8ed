"""Privacy (AVG/GDPR): nothing is erased while a claim is open or retention runs, the
retention period is the company's or the fiscal one, and erasing and setting it are
audited with the actor. On the fakes (tests/fakes.py); the export and the erasure over
every table, and the holds of mandates, the outbox and bank lines, are tested on the
database (tests/adapters/db/test_personal_data.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.collection.records import Dispute, Promise, ReasonCode
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Contact, Customer
from tijdig.domain.users import AuditEntry
from tijdig.services import privacy
from tijdig.services.companies.companies import add_company

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)
AS_OF = date(2026, 3, 15)
NAME = "Jan de Vries Schilderwerken"
EMAIL = "jan@devries-schilder.nl"


def _company(db: FakeDatabase, code: str = "ACME", country: str = "NL") -> Company:
    return add_company(db.uow(), Company(code, f"{code} B.V.", country=country), validate=False,
                       actor="test", at=NOW)  # fmt: skip


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def acme(db: FakeDatabase) -> Company:
    return _company(db)


def seed_debtor(
    db: FakeDatabase, company: Company, number: str = "K100", *, year: int = 2016,
    open_amount: str = "0",
) -> tuple[int, int]:  # fmt: skip
    """A debtor invoiced on 1 March of `year` (paid: nothing open), named in the audit
    log; the customer's and the invoice's ids."""
    assert company.id is not None
    customer = Customer(number, NAME, email=EMAIL, phone="+31 6 12345678",
                        contacts=(Contact("Marieke de Vries"),))  # fmt: skip
    invoice = Invoice(f"{number}-1", number, date(year, 3, 1), date(year, 3, 31),
                      Decimal("121.00"), open_amount=Decimal(open_amount),
                      description=f"kitchen for {NAME}")  # fmt: skip
    with db.uow() as uow:
        uow.customers.save_many(company.id, [customer])
        cid = uow.customers.ids_by_number(company.id)[number]
        invoice_id = uow.invoices.add(invoice, company_id=company.id, customer_id=cid,
                                      fingerprint="x", source="test")  # fmt: skip
        uow.audit.add(AuditEntry(NOW, "anne (web)", "promise.add", company.id, cid,
                                 subject=f"customer {NAME}", details=EMAIL))  # fmt: skip
        uow.commit()
    return cid, invoice_id


def _erase(db: FakeDatabase, company: Company, number: str = "K100") -> privacy.Erased:
    return privacy.erase_customer(db.uow(), company, number, as_of=AS_OF, actor="cli:bob", at=NOW)


def test_an_export_of_an_unknown_customer_is_not_found(db: FakeDatabase, acme: Company) -> None:
    with pytest.raises(NotFound):
        privacy.export_customer(db.uow(), acme, "NOPE", destination="test", actor="test", at=NOW)


def test_an_erased_debtor_is_named_by_number_alone_and_not_erased_twice(
    db: FakeDatabase, acme: Company
) -> None:
    cid, invoice_id = seed_debtor(db, acme)
    assert _erase(db, acme) == privacy.Erased(cid, "K100")
    with db.uow() as uow:
        customer = uow.customers.get(acme.id or 0, "K100")
        [invoice] = uow.invoices.search(acme.id or 0)
        assert uow.personal_data.anonymised_at(cid) == NOW
    assert customer == Customer("K100", "Anonymised customer K100", id=cid)
    assert (invoice.id, invoice.total, invoice.description) == (invoice_id, Decimal(121), None)
    subjects = [(e.action, e.subject) for e in db.audit_entries]
    assert subjects[-2:] == [("promise.add", "customer Anonymised customer K100"),
                             ("customer.erase", "customer K100")]  # fmt: skip
    with pytest.raises(RuleViolation, match="already anonymised on 2026-03-15"):
        _erase(db, acme)


def test_an_open_invoice_refuses_the_erasure_naming_it(db: FakeDatabase, acme: Company) -> None:
    seed_debtor(db, acme, open_amount="50.00")
    before = db.snapshot()
    with pytest.raises(RuleViolation, match="1 open invoice"):
        _erase(db, acme)
    assert db.snapshot() == before  # nothing changed


@pytest.mark.parametrize("held", ["open dispute", "promise(s) to pay", "payment(s) not allocated"])
def test_what_is_still_open_refuses_the_erasure(db: FakeDatabase, acme: Company, held: str) -> None:
    cid, invoice_id = seed_debtor(db, acme)
    with db.uow() as uow:
        if held == "open dispute":
            dispute = Dispute("", ReasonCode.OTHER, date(2016, 3, 5))
            uow.disputes.open(acme.id or 0, invoice_id, dispute)
        elif held == "promise(s) to pay":
            uow.promises.add(acme.id or 0, cid, Promise("", date(2026, 4, 1), AS_OF))
        else:
            uow.ledger.pay(cid, date(2016, 3, 20), Decimal(121))
        uow.commit()
    with pytest.raises(RuleViolation, match="claim is still open") as refused:
        _erase(db, acme)
    assert held in str(refused.value)


def test_the_retention_period_refuses_an_early_erasure_with_its_end(
    db: FakeDatabase, acme: Company
) -> None:
    seed_debtor(db, acme, year=2020)  # invoiced 2020-03-01; NL keeps 7 years
    with pytest.raises(RuleViolation, match="runs until 2027-03-01"):
        _erase(db, acme)
    privacy.set_retention(db.uow(), acme, 5, actor="test", at=NOW)
    _erase(db, acme)


def test_belgian_companies_keep_ten_years_by_default(db: FakeDatabase) -> None:
    belgian = _company(db, "BEL", "BE")
    seed_debtor(db, belgian, year=2017)
    found = privacy.retention(db.uow(), belgian)
    assert (found.years, found.is_default, found.fiscal_years) == (10, True, 10)
    with pytest.raises(RuleViolation, match="10 years"):
        _erase(db, belgian)


def test_a_retention_period_is_checked_and_says_when_it_is_shorter_than_fiscal(
    db: FakeDatabase, acme: Company
) -> None:
    with pytest.raises(InvalidValue, match="years"):
        privacy.set_retention(db.uow(), acme, 0, actor="test", at=NOW)
    found = privacy.set_retention(db.uow(), acme, 3, actor="test", at=NOW)
    assert found.shorter_than_fiscal and not found.is_default and "52" in found.source
    assert privacy.retention(db.uow(), acme) == found


def test_applying_retention_erases_only_who_it_may(db: FakeDatabase, acme: Company) -> None:
    seed_debtor(db, acme, "OLD", year=2015)
    seed_debtor(db, acme, "NEW", year=2024)
    _held, invoice_id = seed_debtor(db, acme, "HELD", year=2015)
    with db.uow() as uow:
        uow.disputes.open(acme.id or 0, invoice_id, Dispute("", ReasonCode.OTHER, AS_OF))
        uow.commit()
    before = db.snapshot()
    erased, kept = privacy.apply_retention(
        db.uow(), acme, as_of=AS_OF, actor="test", at=NOW, dry_run=True
    )
    assert [e.number for e in erased] == ["OLD"]
    assert [(k.number, "1 open dispute" in k.reason) for k in kept] == [("HELD", True)]
    assert db.snapshot() == before  # a dry run
    erased, _ = privacy.apply_retention(
        db.uow(), acme, as_of=AS_OF, actor="test", at=NOW, dry_run=False
    )
    assert [e.number for e in erased] == ["OLD"]
    with db.uow() as uow:
        names = {c.number: c.name for c in uow.customers.all(acme.id or 0)}
    assert names == {"OLD": "Anonymised customer OLD", "NEW": NAME, "HELD": NAME}


def test_a_customer_never_invoiced_is_not_erased_by_the_retention_run(
    db: FakeDatabase, acme: Company
) -> None:
    assert acme.id is not None
    with db.uow() as uow:
        uow.customers.save_many(acme.id, [Customer("FRESH", "Just imported")])
        uow.commit()
    erased, kept = privacy.apply_retention(
        db.uow(), acme, as_of=AS_OF, actor="test", at=NOW, dry_run=True
    )
    assert erased == [] and kept == []
    _erase(db, acme, "FRESH")  # by hand: yes


def test_erasure_and_retention_are_audited_with_the_actor_and_refusals_are_not(
    db: FakeDatabase, acme: Company
) -> None:
    cid, _invoice = seed_debtor(db, acme)
    with pytest.raises(InvalidValue):
        privacy.set_retention(db.uow(), acme, 0, actor="anne (web)", at=NOW)
    privacy.set_retention(db.uow(), acme, 5, actor="anne (web)", at=NOW)
    _erase(db, acme)
    with pytest.raises(RuleViolation):
        _erase(db, acme)
    assert [(e.action, e.actor, e.customer_id, e.subject, e.details)
            for e in db.audit_entries if e.action.startswith(("privacy.", "customer."))] == [
        ("privacy.retention", "anne (web)", None, "company ACME", "5 years"),
        ("customer.erase", "cli:bob", cid, "customer K100", "personal data anonymised"),
    ]  # fmt: skip
