"""Privacy (AVG/GDPR) on SQLite and PostgreSQL, through its use cases: what only
`SqlPersonalData` can show. The export holds every table, the erasure leaves the person
in no text column of any table and keeps the amounts, and what the fakes do not keep
(mandates, the outbox, allocations, bank lines) holds an erasure. The use cases' own
rules run on the fakes (tests/services/test_privacy.py); the repository's contract with
the fake is in test_contract_parties.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from tests.services.direct_debit.sepa_data import NEW_YEARS_EVE, notify, seed
from tijdig.adapters.db.repositories.privacy import SqlPersonalData
from tijdig.adapters.db.schema.banking import (
    BankTransactionRow,
    CustomerIbanRow,
    MandateRow,
)
from tijdig.adapters.db.schema.collection import (
    BankStatementRow,
    ContactEventRow,
    DisputeRow,
    HardshipStatusRow,
    OutboxRow,
    PromiseRow,
    TaskRow,
)
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, DocumentRow, PaymentRow
from tijdig.adapters.db.schema.plans import (
    PaymentPlanRow,
    PlanAcceptanceRow,
    PlanInstalmentRow,
    PlanInvoiceRow,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import Company, Contact, Customer
from tijdig.domain.users import AuditEntry
from tijdig.services import privacy
from tijdig.services.companies.companies import add_company
from tijdig.services.direct_debit import direct_debit

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)
AS_OF = date(2026, 3, 15)
NAME = "Jan de Vries Schilderwerken"
EMAIL = "jan@devries-schilder.nl"
PHONE = "+31 6 12345678"
IBAN = "NL91ABNA0417164300"
CONTACT = "Marieke de Vries"
IP = "192.0.2.44"


def _company(app: Tijdig, code: str = "ACME", country: str = "NL") -> Company:
    return add_company(
        app.uow(),
        Company(code, f"{code} B.V.", country=country),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )


def _invoice(number: str, customer: str, issued: date, total: str, open_: str = "0") -> Invoice:
    return Invoice(number, customer, issued, issued, Decimal(total), open_amount=Decimal(open_),
                   free_reference=f"order of {NAME}", description=f"kitchen for {NAME}",
                   lines=(InvoiceLine("Keukenblok", Decimal("100.00")),))  # fmt: skip


def seed_debtor(app: Tijdig, company: Company, number: str = "K100", *, year: int = 2016) -> int:
    """A debtor with a full, settled history in `year`: every table that can hold them."""
    assert company.id is not None
    customer = Customer(number, NAME, email=EMAIL, phone=PHONE, address="Dorpsstraat 1, Urk",
                        contacts=(Contact(CONTACT, email="marieke@devries.nl"),))  # fmt: skip
    with app.uow() as uow:
        uow.customers.save_many(company.id, [customer])
        cid = uow.customers.ids_by_number(company.id)[number]
        inv = uow.invoices.add(_invoice(f"{number}-1", number, date(year, 3, 1), "121.00"),
                               company_id=company.id, customer_id=cid, fingerprint="x",
                               source="test")  # fmt: skip
        _history(uow.session, company.id, cid, inv, year)
        entry = AuditEntry(NOW, "anne (web)", "promise.add", company.id, cid,
                           subject=f"customer {NAME}", details=f"mail to {EMAIL}")  # fmt: skip
        uow.audit.add(entry)
        uow.commit()
    return cid


def _history(session: Any, company_id: int, cid: int, invoice_id: int, year: int) -> None:
    day = date(year, 3, 20)
    statement = BankStatementRow(company_id=company_id, account_iban="NL02ABNA0123456789",
                                 statement_date=day, imported_at=NOW)  # fmt: skip
    session.add(statement)
    session.flush()
    line = BankTransactionRow(company_id=company_id, statement_id=statement.id,
                              account_iban="NL02ABNA0123456789", booking_date=day,
                              amount_minor=12100, currency="EUR", counterparty_name=NAME,
                              counterparty_iban=IBAN, remittance=f"{NAME} factuur",
                              dedup_key=f"k{cid}", status="matched", customer_id=cid)  # fmt: skip
    session.add(line)
    session.flush()
    payment = PaymentRow(company_id=company_id, customer_id=cid, paid_on=day, amount_minor=12100,
                         currency="EUR", reference=f"{NAME} factuur",
                         bank_transaction_id=line.id)  # fmt: skip
    session.add(payment)
    session.flush()
    line.payment_id = payment.id
    session.add_all([
        AllocationRow(company_id=company_id, invoice_id=invoice_id, payment_id=payment.id,
                      amount_minor=12100, allocated_on=day),
        DocumentRow(company_id=company_id, invoice_id=invoice_id, filename="copy.pdf",
                    mime_type="application/pdf", content=NAME.encode(), is_invoice_copy=True),
        CustomerIbanRow(company_id=company_id, customer_id=cid, iban=IBAN, last_seen=day),
        MandateRow(company_id=company_id, customer_id=cid, reference=f"M-{cid}",
                   signed_on=date(year, 1, 1), scheme="CORE", iban=IBAN,
                   revoked_on=date(year, 12, 31)),
        ContactEventRow(company_id=company_id, customer_id=cid, kind="call",
                        occurred_at=NOW.replace(year=year), summary=f"Spoke to {CONTACT}",
                        with_whom=CONTACT, outcome="pays Friday"),
        TaskRow(company_id=company_id, customer_id=cid, kind="call", due_on=day,
                title=f"Call {CONTACT}", done_on=day),
        PromiseRow(company_id=company_id, customer_id=cid, promised_date=day,
                   made_on=date(year, 3, 10), amount_minor=12100, kept=True),
        DisputeRow(company_id=company_id, invoice_id=invoice_id, reason="other",
                   note=f"{CONTACT} says the paint was wrong", opened_on=date(year, 3, 5),
                   resolved_on=date(year, 3, 9)),
        OutboxRow(company_id=company_id, customer_id=cid, idempotency_key=f"m{cid}",
                  channel="email", recipient=EMAIL, subject=f"Reminder for {NAME}",
                  body_text=f"Dear {CONTACT}", status="sent", created_at=NOW.replace(year=year)),
        HardshipStatusRow(company_id=company_id, customer_id=cid, kind="debt_counselling",
                          since=date(year, 2, 1), evidence=f"Letter of the counsellor of {NAME}",
                          evidence_file=f"{NAME}.pdf", ended_on=date(year, 3, 1)),
    ])  # fmt: skip
    session.flush()
    _kept_plan(session, company_id, cid, invoice_id, year)


def _kept_plan(session: Any, company_id: int, cid: int, invoice_id: int, year: int) -> None:
    """A payment plan accepted in the debtor portal and kept."""
    plan = PaymentPlanRow(company_id=company_id, customer_id=cid, reference=f"RFPLAN{cid}",
                          currency="EUR", principal_minor=12100, costs_minor=0,
                          interest_minor=0, made_on=date(year, 3, 2), status="kept",
                          accepted_on=date(year, 3, 3), ended_on=date(year, 3, 20))  # fmt: skip
    session.add(plan)
    session.flush()
    session.add_all([
        PlanInvoiceRow(plan_id=plan.id, invoice_id=invoice_id, company_id=company_id),
        PlanInstalmentRow(plan_id=plan.id, number=1, company_id=company_id,
                          due_on=date(year, 3, 20), amount_minor=12100),
        PlanAcceptanceRow(company_id=company_id, plan_id=plan.id, customer_id=cid,
                          way="portal", accepted_at=NOW.replace(year=year), ip_address=IP,
                          shown_text=f"{NAME} pays 121.00 on 20 March"),
    ])  # fmt: skip
    session.flush()


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return _company(app)


def personal_values_left(app: Tijdig) -> list[str]:
    """Every text column of every table that still holds the debtor's name, e-mail,
    phone, contact or IBAN."""
    needles = [NAME, EMAIL, PHONE, IBAN, CONTACT, IP, "marieke@devries.nl", "Dorpsstraat"]
    found = []
    with app.uow() as uow:
        session = uow.session
        tables = CustomerRow.metadata.tables
        for name in inspect(session.get_bind()).get_table_names():
            table = tables.get(name)
            if table is None:
                continue
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    shown = value.decode(errors="ignore") if isinstance(value, bytes) else value
                    if isinstance(shown, str) and any(n in shown for n in needles):
                        found.append(f"{name}.{column}: {shown[:60]}")
    return found


def test_the_export_holds_everything_about_the_debtor(app: Tijdig, acme: Company) -> None:
    seed_debtor(app, acme)
    data = privacy.export_customer(
        app.uow(), acme, "K100", destination="test", actor="test", at=NOW
    )
    for key in ("customer", "contacts", "invoices", "payments", "allocations", "messages",
                "contact_log", "promises", "disputes", "tasks", "mandates", "bank_lines",
                "learned_ibans", "audit", "invoice_documents", "invoice_lines", "payment_plans",
                "payment_plan_invoices", "plan_instalments", "plan_acceptances",
                "hardship_statuses"):  # fmt: skip
        assert data[key], key
    assert data["format"] == privacy.EXPORT_FORMAT
    assert data["customer"]["name"] == NAME and data["customer"]["email"] == EMAIL
    assert data["contacts"][0]["name"] == CONTACT
    assert data["invoices"][0]["number"] == "K100-1"
    assert data["invoices"][0]["description"] == f"kitchen for {NAME}"
    assert data["invoice_lines"][0]["name"] == "Keukenblok"
    assert data["invoices"][0]["total"] == "121.00"  # minor units shown as an amount
    assert data["payments"][0]["amount"] == "121.00"
    assert data["bank_lines"][0]["counterparty_iban"] == IBAN
    assert data["messages"][0]["recipient"] == EMAIL
    assert data["invoice_documents"][0]["filename"] == "copy.pdf"
    assert "content" not in data["invoice_documents"][0]  # listed, not copied
    assert data["plan_acceptances"][0]["ip_address"] == IP
    assert data["plan_instalments"][0]["amount"] == "121.00"


def test_erasing_removes_the_person_and_keeps_the_amounts(app: Tijdig, acme: Company) -> None:
    cid = seed_debtor(app, acme)
    assert personal_values_left(app)  # the check finds them before
    privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="test", at=NOW)
    assert personal_values_left(app) == []
    data = privacy.export_customer(
        app.uow(), acme, "K100", destination="test", actor="test", at=NOW
    )
    assert data["customer"]["name"] == "Anonymised customer K100"
    assert data["customer"]["anonymised_at"]
    assert data["contacts"] == [] and data["learned_ibans"] == [] and data["tasks"] == []
    assert data["contact_log"] == [] and data["invoice_documents"] == []
    [status] = data["hardship_statuses"]  # kept, with its kind and days, not its evidence
    assert (status["kind"], status["evidence"], status["evidence_file"]) == (
        "debt_counselling", "", None)  # fmt: skip
    assert data["invoices"][0]["number"] == "K100-1" and data["invoices"][0]["total"] == "121.00"
    assert data["payments"][0]["amount"] == "121.00" and data["allocations"]
    assert data["audit"][0]["subject"] == "customer Anonymised customer K100"
    with app.uow() as uow:
        stored = uow.session.get(CustomerRow, cid)
        assert stored is not None and stored.email is None and stored.phone is None
    with pytest.raises(RuleViolation, match="already anonymised"):
        privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="test", at=NOW)


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE mandates SET revoked_on = NULL", "mandate(s) in force"),
        ("UPDATE outbox SET status = 'pending'", "waiting in the outbox"),
        ("UPDATE payment_plans SET status = 'offered'", "payment plan(s) proposed, offered"),
        ("UPDATE allocations SET amount_minor = 100", "not allocated in full"),
        ("UPDATE bank_transactions SET status = 'review'", "waiting for review"),
    ],
)
def test_what_is_still_open_refuses_the_erasure(
    app: Tijdig, acme: Company, statement: str, reason: str
) -> None:
    seed_debtor(app, acme)
    with app.uow() as uow:
        uow.session.execute(text(statement))
        uow.commit()
    with pytest.raises(RuleViolation, match="claim is still open") as refused:
        privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="test", at=NOW)
    assert reason in str(refused.value)


def test_a_mandate_used_up_by_its_last_collection_is_no_longer_in_force(
    app: Tijdig, acme: Company
) -> None:
    seed_debtor(app, acme)
    with app.uow() as uow:
        uow.session.execute(text("UPDATE mandates SET revoked_on = NULL, one_off = :t, "
                                 "first_collected_on = '2016-02-29', completed_on = '2016-02-29'"),
                            {"t": True})  # fmt: skip
        uow.commit()
    privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="test", at=NOW)


def test_an_erased_debtors_mandate_leaves_the_others_usable(app: Tijdig, acme: Company) -> None:
    seed_debtor(app, acme)
    seed_debtor(app, acme, "K200")
    privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="test", at=NOW)
    # The erased account is gone; the other debtor's mandate is still listed and usable.
    assert [m.customer_number for m in direct_debit.list_mandates(app.uow(), acme)] == ["K200"]


def test_applying_retention_erases_only_who_it_may(app: Tijdig, acme: Company) -> None:
    seed_debtor(app, acme, "OLD", year=2015)
    seed_debtor(app, acme, "NEW", year=2024)
    held = seed_debtor(app, acme, "HELD", year=2015)
    with app.uow() as uow:
        uow.session.execute(
            text("UPDATE mandates SET revoked_on = NULL WHERE customer_id = :c"), {"c": held}
        )
        uow.commit()
    erased, kept = privacy.apply_retention(
        app.uow(), acme, as_of=AS_OF, actor="test", at=NOW, dry_run=True
    )
    assert [e.number for e in erased] == ["OLD"]
    assert [(k.number, "mandate" in k.reason) for k in kept] == [("HELD", True)]
    with app.uow() as uow:
        assert uow.personal_data.anonymised_at(erased[0].customer_id) is None  # a dry run
    erased, _ = privacy.apply_retention(
        app.uow(), acme, as_of=AS_OF, actor="test", at=NOW, dry_run=False
    )
    assert [e.number for e in erased] == ["OLD"]
    with app.uow() as uow:
        names = dict(uow.session.execute(select(CustomerRow.number, CustomerRow.name)).all())
    assert names == {"OLD": "Anonymised customer OLD", "NEW": NAME, "HELD": NAME}


def test_the_export_holds_the_direct_debits_announced_to_the_debtor(app: Tijdig) -> None:
    company = seed(app)
    notify(app, company, NEW_YEARS_EVE, date(2026, 12, 6))
    data = privacy.export_customer(
        app.uow(), company, "1001", destination="test", actor="test", at=NOW
    )
    [collection] = data["direct_debit_collections"]
    assert (collection["collection_date"], collection["amount"]) == ("2026-12-31", "201.00")
    assert collection["notice_key"].startswith("sepa-pre-notification-")


def test_export_erase_and_retention_are_audited_with_the_actor(app: Tijdig, acme: Company) -> None:
    cid = seed_debtor(app, acme)
    privacy.export_customer(app.uow(), acme, "K100", destination="downloaded as JSON",
                            actor="anne (web)", at=NOW)  # fmt: skip
    with pytest.raises(InvalidValue):
        privacy.set_retention(app.uow(), acme, 0, actor="anne (web)", at=NOW)
    privacy.set_retention(app.uow(), acme, 5, actor="anne (web)", at=NOW)
    privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="cli:bob", at=NOW)
    with pytest.raises(RuleViolation):
        privacy.erase_customer(app.uow(), acme, "K100", as_of=AS_OF, actor="cli:bob", at=NOW)
    with app.uow() as uow:
        entries = uow.audit.for_company(acme.id or 0)
    assert sorted((e.action, e.actor, e.customer_id, e.subject) for e in entries
                  if e.action.startswith(("customer.", "privacy."))) == [
        ("customer.erase", "cli:bob", cid, "customer K100"),
        ("customer.export", "anne (web)", cid, "customer K100"),
        ("privacy.retention", "anne (web)", None, "company ACME"),
    ]  # fmt: skip


# Tables that name a customer, an invoice or a payment but hold nothing about the
# person beyond what the export shows elsewhere, with the reason.
NOT_EXPORTED = {
    # `message_id` there is the SEPA file's own id; a batch is a file of many debtors,
    # whose items for this debtor are exported (direct_debit_items).
    "direct_debit_batches": "a file of many debtors",
}
DEBTOR_KEYS = {"customer_id", "invoice_id", "payment_id", "outbox_id", "plan_id", "case_id",
               "message_id", "customer_number"}  # fmt: skip


def _debtor_tables() -> set[str]:
    """Every table with a column that points at the debtor or something of theirs."""
    return {
        table.name
        for table in CustomerRow.metadata.sorted_tables
        if table.name != "customers" and DEBTOR_KEYS & {c.name for c in table.columns}
    }


def test_the_export_reads_every_table_that_names_the_debtor(
    app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walks the schema, so a new table holding a debtor's data fails here until the
    export reads it (or NOT_EXPORTED says why not)."""
    read: set[str] = set()
    original = SqlPersonalData._rows

    def recording(self: SqlPersonalData, row: type[Any], *where: Any, order: Any = None) -> Any:
        read.add(row.__tablename__)
        return original(self, row, *where, order=order)

    monkeypatch.setattr(SqlPersonalData, "_rows", recording)
    seed_debtor(app, acme)
    privacy.export_customer(app.uow(), acme, "K100", destination="test", actor="test", at=NOW)
    read.add("mail_messages")  # read with its original as text, not by `_rows`
    missing = _debtor_tables() - read - set(NOT_EXPORTED)
    assert not missing, f"tables naming the debtor the export leaves out: {sorted(missing)}"
    assert set(NOT_EXPORTED) <= _debtor_tables()  # no stale excuse
