"""SEPA direct debit on a real database: mandates, batches of due invoices, FRST then
RCUR, nothing collected twice, disputed invoices left out, and the date rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import update

from tijdig.adapters.db.rows import InvoiceRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.sepa import pain008
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.mandates import Scheme, SequenceType
from tijdig.domain.parties import BankAccount, Company, Customer, CustomerKind
from tijdig.services import direct_debit, records
from tijdig.services.companies import add_company
from tijdig.services.direct_debit import Exported, creditor_of

CREDITOR_ID = "NL69ZZZ123456780000"
CUSTOMERS = (
    Customer("1001", "Bakkerij De Gouden Korst B.V."),
    Customer("2001", "Peeters BV", country="BE"),
    Customer("3001", "Marieke de Vries", kind=CustomerKind.CONSUMER),
    Customer("4001", "Zonder Machtiging BV"),
)
INVOICES = (  # number, customer, issued, due, total, currency, kind
    ("F1", "1001", date(2026, 1, 5), date(2026, 2, 4), "121.00", "EUR", InvoiceKind.INVOICE),
    ("F2", "1001", date(2026, 2, 2), date(2026, 3, 4), "50.00", "EUR", InvoiceKind.INVOICE),
    ("F3", "1001", date(2026, 1, 6), date(2026, 2, 5), "30.00", "EUR", InvoiceKind.INVOICE),
    ("C1", "1001", date(2026, 1, 20), date(2026, 1, 20), "10.00", "EUR", InvoiceKind.CREDIT_NOTE),
    ("F4", "2001", date(2026, 1, 7), date(2026, 2, 6), "200.00", "USD", InvoiceKind.INVOICE),
    ("F5", "3001", date(2026, 1, 8), date(2026, 2, 7), "80.00", "EUR", InvoiceKind.INVOICE),
    ("F6", "4001", date(2026, 1, 8), date(2026, 2, 7), "99.00", "EUR", InvoiceKind.INVOICE),
    ("F7", "3001", date(2026, 2, 20), date(2026, 2, 20), "15.00", "EUR", InvoiceKind.INVOICE),
)
MANDATES = (  # customer, reference, signed, IBAN
    ("1001", "MND-1001", date(2026, 1, 2), "NL69INGB0123456789"),
    ("2001", "MND-2001", date(2026, 1, 3), "BE68539007547034"),
    ("3001", "MND-3001", date(2026, 1, 3), "BE71096123456769"),
)
FRIDAY, TUESDAY = date(2026, 2, 20), date(2026, 2, 24)


def _seed(app: Tijdig) -> Company:
    account = BankAccount("NL91ABNA0417164300")  # no BIC: schwifty knows ABNANL2A
    company = add_company(
        app.uow(), Company(code="ACME", name="Acme B.V.", bank_accounts=(account,))
    )
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, CUSTOMERS)
        ids = uow.customers.ids_by_number(company.id)
        for number, customer, issued, due, total, currency, kind in INVOICES:
            invoice = Invoice(
                number, customer, issued, due, Decimal(total), kind=kind, currency=currency
            )
            uow.invoices.add(
                invoice, company_id=company.id, customer_id=ids[customer], fingerprint=number,
                source="test",
            )  # fmt: skip
        uow.commit()
    return company


@pytest.fixture
def uow(app: Tijdig) -> SqlUnitOfWork:
    return SqlUnitOfWork(app.engine)


@pytest.fixture
def company(app: Tijdig, uow: SqlUnitOfWork) -> Company:
    seeded = _seed(app)
    for customer, reference, signed, iban in MANDATES:
        direct_debit.add_mandate(uow, seeded, customer, reference, signed, Scheme.CORE, iban)
    return seeded


def export(
    uow: SqlUnitOfWork, company: Company, on: date = TUESDAY, as_of: date = FRIDAY, **kw: object
) -> Exported:
    return direct_debit.export_batch(
        uow, company, collection_date=on, as_of=as_of, creditor_id=CREDITOR_ID,
        writer=pain008.write, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def _numbers(result: Exported, uow: SqlUnitOfWork, company: Company) -> dict[str, str]:
    """Invoice number -> sequence type of each debit, read back through the end-to-end id."""
    assert company.id is not None
    with uow:
        refs = [
            uow.direct_debits.item_by_end_to_end(company.id, d.end_to_end_id) for d in result.debits
        ]
    return {r.invoice_number: r.sequence.value for r in refs if r is not None}


def test_the_first_batch_is_frst_and_the_next_one_rcur(
    uow: SqlUnitOfWork, company: Company
) -> None:
    first = export(uow, company)
    assert _numbers(first, uow, company) == {"F1": "FRST", "F3": "RCUR", "F5": "FRST"}
    assert first.total == Decimal("231.00") and first.count == 3
    assert first.left_out == {"not in EUR": 1, "not pre-notified": 1}
    assert first.by_sequence() == {
        SequenceType.FIRST: (2, Decimal("201.00")),
        SequenceType.RECURRING: (1, Decimal("30.00")),
    }
    mandates = {m.reference: m for m in direct_debit.list_mandates(uow, company)}
    assert mandates["MND-1001"].first_collected_on == TUESDAY
    assert mandates["MND-2001"].sequence is SequenceType.FIRST  # its only invoice is in USD

    second = export(uow, company, date(2026, 3, 4), date(2026, 3, 2))
    assert _numbers(second, uow, company) == {"F2": "RCUR"}
    assert second.left_out == {"collected before": 3, "not in EUR": 1, "not pre-notified": 1}


def test_an_invoice_is_not_collected_twice(uow: SqlUnitOfWork, company: Company) -> None:
    export(uow, company)
    again = export(uow, company, date(2026, 2, 25), date(2026, 2, 23))
    assert again.content is None and again.count == 0
    assert again.left_out["collected before"] == 3
    assert company.id is not None
    with uow:
        assert [b.count for b in uow.direct_debits.batches(company.id)] == [3]


def test_a_disputed_invoice_is_left_out(app: Tijdig, uow: SqlUnitOfWork, company: Company) -> None:
    records.add_dispute(app.uow(), company, "F3", ReasonCode.DISSATISFIED, as_of=date(2026, 2, 10))
    result = export(uow, company)
    assert set(_numbers(result, uow, company)) == {"F1", "F5"}
    assert result.left_out["disputed"] == 1


def test_the_open_amount_is_collected(app: Tijdig, uow: SqlUnitOfWork, company: Company) -> None:
    with app.uow() as u:
        u.session.execute(update(InvoiceRow).where(InvoiceRow.number == "F1"), {"open_minor": 2100})
        u.session.execute(update(InvoiceRow).where(InvoiceRow.number == "F5"), {"open_minor": 0})
        u.commit()
    result = export(uow, company)
    assert {d.remittance: d.amount for d in result.debits} == {
        "F1": Decimal("21.00"),
        "F3": Decimal("30.00"),
    }


def test_the_stored_file_is_the_one_returned_and_valid(
    uow: SqlUnitOfWork, company: Company
) -> None:
    result = export(uow, company, created_at=datetime(2026, 2, 20, 16, 5, tzinfo=UTC))
    assert company.id is not None and result.content is not None and result.message_id
    with uow:
        assert uow.direct_debits.content(company.id, result.message_id) == result.content
        [batch] = uow.direct_debits.batches(company.id)
    assert (batch.count, batch.total, batch.collection_date) == (3, Decimal("231.00"), TUESDAY)
    assert batch.created_at == datetime(2026, 2, 20, 16, 5, tzinfo=UTC)
    root = etree.fromstring(result.content)
    ids = root.xpath("//*[local-name()='EndToEndId']/text()")
    assert ids == ["B1-F1", "B1-F5", "B1-F3"]  # FRST block first, then RCUR


def test_an_end_to_end_id_leads_back_to_invoice_and_mandate(
    uow: SqlUnitOfWork, company: Company
) -> None:
    result = export(uow, company)
    [f1] = [d for d in result.debits if d.remittance == "F1"]
    assert company.id is not None
    with uow:
        ref = uow.direct_debits.item_by_end_to_end(company.id, f1.end_to_end_id)
        assert uow.direct_debits.item_by_end_to_end(company.id, "B9-NOPE") is None
        assert uow.direct_debits.item_by_end_to_end(company.id + 1, f1.end_to_end_id) is None
    assert ref is not None
    assert (ref.invoice_id, ref.mandate_id) == (f1.invoice_id, f1.mandate.id)
    assert (ref.amount, ref.collection_date, ref.invoice_number) == (
        Decimal("121.00"),
        TUESDAY,
        "F1",
    )


def test_a_revoked_mandate_collects_nothing(uow: SqlUnitOfWork, company: Company) -> None:
    direct_debit.revoke_mandate(uow, company, "MND-1001", on=date(2026, 2, 23))
    result = export(uow, company)
    assert set(_numbers(result, uow, company)) == {"F5"}
    assert company.id is not None
    with uow:
        assert uow.mandates.active_for(company.id, "1001", date(2026, 2, 23)) == []
        assert len(uow.mandates.active_for(company.id, "1001", date(2026, 2, 22))) == 1


def test_a_b2b_batch_collects_under_b2b_mandates_only(uow: SqlUnitOfWork, company: Company) -> None:
    direct_debit.add_mandate(
        uow, company, "4001", "B2B-4001", date(2026, 1, 4), Scheme.B2B, "NL91ABNA0417164300"
    )
    result = export(uow, company, scheme=Scheme.B2B)
    assert _numbers(result, uow, company) == {"F6": "FRST"}
    assert result.content is not None and b"<Cd>B2B</Cd>" in result.content


def test_a_consumer_cannot_sign_a_b2b_mandate(uow: SqlUnitOfWork, company: Company) -> None:
    with pytest.raises(RuleViolation, match="consumer"):
        direct_debit.add_mandate(
            uow, company, "3001", "B2B-3001", date(2026, 1, 4), Scheme.B2B, "NL91ABNA0417164300"
        )


@pytest.mark.parametrize(
    ("customer", "reference", "iban", "error", "message"),
    [
        ("1001", "MND-1001", "NL91ABNA0417164300", Conflict, "exists already"),
        ("9999", "MND-9999", "NL91ABNA0417164300", NotFound, "no customer"),
        ("1001", "MND 1001", "NL91ABNA0417164300", InvalidValue, "reference"),
        ("1001", "MND-1001-2", "NL00ABNA0417164300", InvalidValue, "iban"),
    ],
)
def test_a_mandate_is_refused_when(
    uow: SqlUnitOfWork,
    company: Company,
    customer: str,
    reference: str,
    iban: str,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        direct_debit.add_mandate(
            uow, company, customer, reference, date(2026, 1, 9), Scheme.CORE, iban
        )


@pytest.mark.parametrize(
    ("on", "as_of", "message"),
    [
        (FRIDAY, FRIDAY, "too early"),
        (date(2026, 2, 21), FRIDAY, "weekend"),
        (date(2026, 4, 3), date(2026, 3, 30), "TARGET2 closing day"),  # Good Friday
        (date(2026, 5, 1), date(2026, 4, 27), "TARGET2 closing day"),
    ],
)
def test_a_collection_date_the_schemes_refuse_stores_nothing(
    uow: SqlUnitOfWork, company: Company, on: date, as_of: date, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message):
        export(uow, company, on, as_of)
    assert company.id is not None
    with uow:
        assert uow.direct_debits.batches(company.id) == []


def test_the_creditor_needs_an_account_and_a_valid_identifier(
    app: Tijdig, uow: SqlUnitOfWork, company: Company
) -> None:
    with pytest.raises(InvalidValue, match="creditor_id"):
        direct_debit.export_batch(
            uow, company, collection_date=TUESDAY, as_of=FRIDAY, creditor_id="NL98ZZZ999999999999",
            writer=pain008.write,
        )  # fmt: skip
    bare = add_company(app.uow(), Company(code="BARE", name="Bare B.V."))
    with pytest.raises(RuleViolation, match="has no bank account"):
        export(uow, bare)


def test_the_companys_own_creditor_id_is_used_when_none_is_given(app: Tijdig) -> None:
    own = add_company(app.uow(), Company(code="CRED", name="Cred B.V.",
                                         bank_accounts=(BankAccount("NL91ABNA0417164300",
                                                                    "ABNANL2A"),),
                                         creditor_id=CREDITOR_ID))  # fmt: skip
    assert own.creditor_id == CREDITOR_ID
    assert creditor_of(own, None).creditor_id == CREDITOR_ID
    bare = add_company(app.uow(), Company(code="BARE", name="Bare B.V.",
                                          bank_accounts=(BankAccount("NL91ABNA0417164300"),)),
                       validate=False)  # fmt: skip
    with pytest.raises(RuleViolation, match="no SEPA creditor identifier"):
        creditor_of(bare, None)
    with pytest.raises(InvalidValue):
        add_company(app.uow(), Company(code="BAD", name="Bad", creditor_id="NL00ZZZ1"))
