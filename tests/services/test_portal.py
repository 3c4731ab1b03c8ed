"""The debtor portal's use cases: what the page shows and what the customer may do, on
the fakes (tests/fakes_collection.py: the portal's reads are in its contract,
tests/adapters/db/test_contract_collection.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tijdig.domain.collection.records import ContactKind, ReasonCode
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.portal import PortalSettings, check_payment_link
from tijdig.domain.reasons import Code, reason
from tijdig.services import portal, privacy
from tijdig.services.companies.companies import add_company

AS_OF = date(2026, 11, 23)  # a Monday
AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
IBAN = "NL91ABNA0417164300"
KENMERK = "1567890123456789"  # a valid betalingskenmerk
RUN_ITEM = 1  # the message that claimed (the fake keeps the id, not the item)


@pytest.fixture
def db() -> FakeCollectionDatabase:
    return FakeCollectionDatabase()


@pytest.fixture
def company(db: FakeCollectionDatabase) -> Company:
    company = add_company(
        db.uow(),
        Company("ACME", "Acme B.V.", bank_accounts=(BankAccount(IBAN, "ABNANL2A"),)),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    invoices = [
        Invoice("F1", "1001", date(2026, 9, 1), date(2026, 10, 1), Decimal("1210.00"),
                payment_reference=KENMERK),
        Invoice("F2", "1001", date(2026, 11, 1), date(2026, 12, 1), Decimal("100.00")),
        Invoice("C1", "1001", date(2026, 10, 5), date(2026, 10, 5), Decimal("50.00"),
                kind=InvoiceKind.CREDIT_NOTE),
        Invoice("F3", "1001", date(2026, 8, 1), date(2026, 9, 1), Decimal("70.00"),
                open_amount=Decimal(0)),
        Invoice("G1", "2001", date(2026, 6, 1), date(2026, 7, 1), Decimal("500.00")),
    ]  # fmt: skip
    with db.uow() as uow:
        uow.customers.save_many(
            company.id, [Customer("1001", "Bakkerij Jansen"), Customer("2001", "Peeters BV")]
        )
        ids = uow.customers.ids_by_number(company.id)
        for invoice in invoices:
            uow.invoices.add(invoice, company_id=company.id,
                             customer_id=ids[invoice.customer_number], fingerprint="x",
                             source="test")  # fmt: skip
        uow.commit()
    return company


def _ids(db: FakeCollectionDatabase, company: Company) -> dict[str, int]:
    assert company.id is not None
    with db.uow() as uow:
        return uow.customers.ids_by_number(company.id)


def _invoice_id(db: FakeCollectionDatabase, company: Company, number: str) -> int:
    assert company.id is not None
    with db.uow() as uow:
        [found] = [i for i in uow.invoices.search(company.id) if i.number == number]
    assert found.id is not None
    return found.id


def _page(
    db: FakeCollectionDatabase, company: Company, customer: str = "1001"
) -> portal.PortalPage:
    assert company.id is not None
    return portal.page(db.uow(), company.id, _ids(db, company)[customer], as_of=AS_OF)


def test_portal_url_joins_the_public_address_and_the_signed_token() -> None:
    url = portal.portal_url(lambda c, k: f"t{c}-{k}", "https://pay.example.nl/", 3, 41)
    assert url == "https://pay.example.nl/portal/t3-41"


def test_the_page_lists_only_the_customers_open_items_with_references_and_totals(
    db: FakeCollectionDatabase, company: Company
) -> None:
    page = _page(db, company)
    assert [i.invoice.number for i in page.invoices] == ["F1", "C1", "F2"]
    first = page.invoices[0]
    assert first.reference == "1567 8901 2345 6789"
    assert first.days_overdue == 53 and not first.disputed
    assert page.invoices[1].is_credit and page.invoices[1].to_pay == Decimal("-50.00")
    assert page.totals == {"EUR": Decimal("1260.00")}
    assert page.numbers == ["F1", "F2"]
    assert page.first_promise_date == AS_OF and page.last_promise_date == date(2026, 12, 7)
    assert page.promise is None and not page.more


def test_costs_and_interest_still_open_count_in_the_invoice_and_the_total(
    db: FakeCollectionDatabase, company: Company
) -> None:
    with db.uow() as uow:
        uow.runs.record_claims(company.id or 0, RUN_ITEM,
                               [("F1", Decimal("40.00"), Decimal("12.34"), "EUR")],
                               claimed_on=AS_OF)  # fmt: skip
        uow.commit()
    first = _page(db, company).invoices[0]
    assert (first.costs, first.interest) == (Decimal("40.00"), Decimal("12.34"))
    assert first.to_pay == Decimal("1262.34")
    assert _page(db, company).totals == {"EUR": Decimal("1312.34")}


def test_the_payment_link_is_filled_in_per_invoice_and_for_the_total(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    with db.uow() as uow:
        link = "https://pay.example/?ref={reference}&amount={amount}&cur={currency}"
        uow.portal.save(company.id, PortalSettings(payment_link=link), AT)
        uow.commit()
    page = _page(db, company)
    assert page.invoices[0].payment_link == (
        f"https://pay.example/?ref={KENMERK}&amount=1210.00&cur=EUR"
    )
    assert page.invoices[2].payment_link == "https://pay.example/?ref=F2&amount=100.00&cur=EUR"
    assert page.invoices[1].payment_link is None  # a credit note is not paid
    assert page.total_link == "https://pay.example/?ref=1001&amount=1260.00&cur=EUR"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("https://p.example/{reference}", "https://p.example/A%2FB%20C%26D"),
        ("javascript:alert({reference})", ""),
        (None, ""),
    ],
)
def test_payment_links_are_encoded_and_only_web_addresses(
    template: str | None, expected: str
) -> None:
    got = portal.payment_link(template, reference="A/B C&D", amount=Decimal(1), currency="EUR")
    assert got == expected


def test_a_stored_payment_link_must_be_a_web_address() -> None:
    assert check_payment_link(" https://p.example/{reference} ") == (
        "https://p.example/{reference}"
    )
    assert check_payment_link("") is None
    with pytest.raises(InvalidValue) as refused:
        check_payment_link("ftp://x")
    assert refused.value.field == "payment_link"


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 11, 22), "in the past"),
        (date(2026, 12, 8), "more than 14 days"),
        (date(2026, 11, 28), "not a working day"),  # Saturday
    ],
)
def test_a_promise_outside_the_window_is_refused_naming_the_field(day: date, why: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        portal.check_promise_date(day, as_of=AS_OF, max_days=14, country="NL")
    assert refused.value.field == "promised_date" and why in str(refused.value)


def test_christmas_is_no_working_day_in_either_country() -> None:
    for country in ("NL", "BE"):
        with pytest.raises(InvalidValue):
            portal.check_promise_date(
                date(2026, 12, 25), as_of=date(2026, 12, 20), max_days=14, country=country
            )
    assert portal.check_promise_date(AS_OF, as_of=AS_OF, max_days=0, country="DE") == AS_OF


def test_a_reported_problem_opens_a_dispute_on_that_invoice_and_logs_it(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    page = _page(db, company)
    f1 = _invoice_id(db, company, "F1")
    dispute = portal.report_problem(
        db.uow(), page.company, page.customer, f1, ReasonCode.INVOICE_INCORRECT,
        note="  wrong price  ", at=AT,
    )  # fmt: skip
    assert (dispute.invoice_number, dispute.note, dispute.opened_on) == ("F1", "wrong price", AS_OF)
    with db.uow() as uow:
        open_disputes = uow.disputes.open_for(company.id, [f1])
        [event] = uow.contact_log.timeline(company.id, _ids(db, company)["1001"])
    assert open_disputes[f1].reason is ReasonCode.INVOICE_INCORRECT
    assert event.kind is ContactKind.NOTE and event.by == "portal"
    assert event.summary == reason(Code.PORTAL_PROBLEM, invoice="F1")  # read back as a code
    assert _page(db, company).invoices[0].disputed
    with pytest.raises(Conflict):
        portal.report_problem(
            db.uow(), page.company, page.customer, f1, ReasonCode.OTHER, note="", at=AT
        )


def test_only_the_customers_own_open_invoices_can_be_reported(
    db: FakeCollectionDatabase, company: Company
) -> None:
    page = _page(db, company)
    for number in ("G1", "F3"):  # another customer's; paid
        with pytest.raises(NotFound):
            portal.report_problem(db.uow(), page.company, page.customer,
                                  _invoice_id(db, company, number), ReasonCode.OTHER, note="",
                                  at=AT)  # fmt: skip
    with pytest.raises(RuleViolation):  # a credit note
        portal.report_problem(db.uow(), page.company, page.customer,
                              _invoice_id(db, company, "C1"), ReasonCode.OTHER, note="",
                              at=AT)  # fmt: skip
    with pytest.raises(InvalidValue) as refused:
        portal.report_problem(db.uow(), page.company, page.customer,
                              _invoice_id(db, company, "F1"), ReasonCode.OTHER, note="x" * 2001,
                              at=AT)  # fmt: skip
    assert refused.value.field == "note"


def test_a_promise_within_the_limit_is_recorded_and_shown(
    db: FakeCollectionDatabase, company: Company
) -> None:
    page = _page(db, company)
    made = portal.promise(
        db.uow(), page.company, page.customer, date(2026, 12, 4), as_of=AS_OF, at=AT
    )
    assert made.promised_date == date(2026, 12, 4) and made.amount is None
    shown = _page(db, company).promise
    assert shown is not None and shown.promised_date == date(2026, 12, 4)


def test_the_company_limit_decides_how_far_ahead_a_promise_may_go(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    with db.uow() as uow:
        uow.portal.save(company.id, PortalSettings(max_promise_days=3), AT)
        uow.commit()
    page = _page(db, company)
    assert page.last_promise_date == date(2026, 11, 26)
    with pytest.raises(InvalidValue):
        portal.promise(db.uow(), page.company, page.customer, date(2026, 11, 27), as_of=AS_OF,
                       at=AT)  # fmt: skip


def test_an_anonymised_customer_or_a_disabled_portal_opens_nothing(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    ids = _ids(db, company)
    portal.holder(db.uow(), company.id, ids["1001"])
    with pytest.raises(NotFound):
        portal.holder(db.uow(), company.id + 1, ids["1001"])  # another company's id
    with db.uow() as uow:
        uow.personal_data.anonymise(company.id, [ids["2001"]],
                                    name_prefix=privacy.ANONYMOUS_PREFIX, at=AT)  # fmt: skip
        uow.portal.save(company.id, PortalSettings(enabled=False), AT)
        uow.commit()
    with pytest.raises(NotFound):
        portal.holder(db.uow(), company.id, ids["2001"])
    with pytest.raises(NotFound):
        portal.holder(db.uow(), company.id, ids["1001"])


def test_an_invoice_copy_is_the_stored_pdf_else_none(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    customer = _ids(db, company)["1001"]
    f1, f2 = _invoice_id(db, company, "F1"), _invoice_id(db, company, "F2")
    with db.uow() as uow:
        uow.invoices.attach(company.id, f1, filename="F1.pdf", mime_type="application/pdf",
                            content=b"%PDF-stored", is_copy=True)  # fmt: skip
        uow.commit()
    before = db.snapshot()
    assert portal.open_invoice(db.uow(), company.id, customer, f1)[1] == b"%PDF-stored"
    assert portal.open_invoice(db.uow(), company.id, customer, f2)[1] is None
    with pytest.raises(NotFound):
        portal.open_invoice(db.uow(), company.id, customer, _invoice_id(db, company, "G1"))
    assert db.snapshot() == before  # reads never write
