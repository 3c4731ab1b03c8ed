"""The bank review queue: lines waiting a page at a time, booked by a person (as
suggested, to invoices or a customer picked) or set aside; every write checked."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import BankStatementRow
from tijdig.adapters.db.schema.ledger import InvoiceRow, PaymentRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.companies.companies import add_company

from .conftest import add_user, csrf_of, sign_in

ACCOUNT = "NL02ABNA0123456789"
PAYER_IBAN = "NL91ABNA0417164300"
SUGGESTION = {
    "customer": "C001", "confidence": "0.6", "reason": "amount and name match",
    "overpayment": "0",
    "allocations": [{"invoice_number": "F-001", "amount": "1210.00", "to_costs": "0",
                     "to_interest": "0", "to_principal": "1210.00", "discount_taken": "0"}],
}  # fmt: skip


def add_lines(
    app: Tijdig, company: Company, amounts: list[str], *, suggest: bool = True
) -> list[int]:
    """Credits waiting for review on one statement; returns their ids."""
    assert company.id is not None
    with app.uow() as uow:
        statement = BankStatementRow(company_id=company.id, account_iban=ACCOUNT,
                                     statement_date=date(2026, 3, 14),
                                     imported_at=datetime.now(UTC), closing_minor=1234567,
                                     currency="EUR")  # fmt: skip
        uow.session.add(statement)
        uow.session.flush()
        rows = [
            BankTransactionRow(company_id=company.id, statement_id=statement.id,
                               account_iban=ACCOUNT, booking_date=date(2026, 3, 14),
                               amount_minor=int(float(amount) * 100), currency="EUR",
                               counterparty_name="Bakkerij Jansen", counterparty_iban=PAYER_IBAN,
                               remittance=f"payment {n}", dedup_key=f"{company.code}-{n}",
                               status="review", reasons="two customers fit",
                               suggestions=json.dumps([SUGGESTION] if suggest else []))
            for n, amount in enumerate(amounts)
        ]  # fmt: skip
        uow.session.add_all(rows)
        uow.session.flush()
        ids = [row.id for row in rows]
        uow.commit()
    return ids


def _open(app: Tijdig, number: str) -> int:
    with app.uow() as uow:
        found = uow.session.scalar(select(InvoiceRow.open_minor).where(InvoiceRow.number == number))
    assert found is not None
    return found


def _line(app: Tijdig, line_id: int) -> BankTransactionRow:
    with app.uow() as uow:
        row = uow.session.get(BankTransactionRow, line_id)
        assert row is not None
        uow.session.expunge(row)
    return row


def _post(client: TestClient, url: str, data: dict[str, object]) -> int:
    token = csrf_of(client.get("/bank").text)
    response = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
    return response.status_code


def _actions(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.scalars(select(AuditRow.action).where(AuditRow.actor != "test")
                                        .order_by(AuditRow.id)))  # fmt: skip


def test_the_queue_shows_accounts_lines_and_suggestions_a_page_at_a_time(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    add_lines(app, acme, ["1210.00"] * 25)
    page = client.get("/bank")
    assert page.status_code == 200
    assert ACCOUNT in page.text and "12,345.67" in page.text  # last balance
    assert page.text.count('class="bank-line"') == 20
    assert "amount and name match" in page.text and "F-001" in page.text
    second = client.get("/bank", params={"page": 2})
    assert second.text.count('class="bank-line"') == 5
    assert client.get("/bank", params={"page": 0}).status_code == 422


def test_a_derived_balance_is_marked_as_derived(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    add_lines(app, acme, ["1210.00"])
    assert "derived" not in client.get("/bank").text
    with app.uow() as uow:
        statement = uow.session.scalars(select(BankStatementRow)).one()
        statement.closing_derived = True
        uow.commit()
    page = client.get("/bank").text
    assert "12,345.67" in page and "derived from the opening balance and the lines" in page


def test_booking_the_suggestion_pays_the_invoice_once_and_says_so(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """The payment, its allocation, the payer's account learned and the audit entry:
    tests/services/bank/test_review.py (and the SQL's, the bank contract tests)."""
    (line,) = add_lines(app, acme, ["1210.00"])
    assert _post(client, f"/bank/lines/{line}/suggestion", {"choice": 0}) == 303
    assert _open(app, "F-001") == 0 and _line(app, line).status == "matched"
    assert "Payment booked" in client.get("/bank", params={"done": "booked"}).text
    assert _post(client, f"/bank/lines/{line}/suggestion", {"choice": 0}) == 404  # once


def test_a_stale_suggestion_is_refused(client: TestClient, app: Tijdig, acme: Company) -> None:
    first, second = add_lines(app, acme, ["1210.00", "1210.00"])
    assert _post(client, f"/bank/lines/{first}/suggestion", {"choice": 0}) == 303
    assert _post(client, f"/bank/lines/{second}/suggestion", {"choice": 0}) == 409
    assert _line(app, second).status == "review"  # nothing changed
    assert _post(client, f"/bank/lines/{second}/suggestion", {"choice": 3}) == 422


def test_a_person_books_to_invoices_picked_or_to_a_customer(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    picked, customer, mixed = add_lines(app, acme, ["700.00", "1000.00", "50.00"], suggest=False)
    found = client.get(f"/bank/lines/{picked}/search", params={"q": "F-00"})
    assert "F-002" in found.text and "F-003" in found.text
    assert "C002" in client.get("/bank", params={"line": picked, "q": "Van Dijk"}).text
    assert _post(client, f"/bank/lines/{picked}/invoices", {"invoice": ["F-002"]}) == 303
    assert _open(app, "F-002") == 0  # 95.00 stays on the customer as credit
    with app.uow() as uow:
        assert uow.session.scalar(select(PaymentRow.amount_minor)) == 70000
    assert _post(client, f"/bank/lines/{customer}/customer", {"customer": "C002"}) == 303
    assert _open(app, "F-003") == 142000
    token = csrf_of(client.get("/bank").text)
    refused = client.post(f"/bank/lines/{mixed}/invoices",
                          data={"csrf_token": token, "invoice": ["F-001", "F-003"]})  # fmt: skip
    assert refused.status_code == 422 and "invoices" in refused.text
    assert _post(client, f"/bank/lines/{mixed}/customer", {"customer": "NOPE"}) == 422


def test_a_line_is_set_aside_as_not_a_customer_payment(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    (line,) = add_lines(app, acme, ["99.00"])
    assert _post(client, f"/bank/lines/{line}/dismiss", {"note": "refund supplier"}) == 303
    row = _line(app, line)
    assert row.status == "ignored" and "refund supplier" in row.reasons
    assert _actions(app) == ["bank.dismiss"]
    assert 'class="bank-line"' not in client.get("/bank").text


def test_sales_reads_the_queue_without_its_forms(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    """Its 403 on every booking is test_routes.py's."""
    add_lines(app, acme, ["1210.00"])
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    page = anonymous.get("/bank")
    assert page.status_code == 200 and "amount and name match" in page.text
    assert "Not a customer payment" not in page.text  # no forms for a read-only role


def test_a_write_without_the_csrf_token_is_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    (line,) = add_lines(app, acme, ["1210.00"])
    response = client.post(f"/bank/lines/{line}/dismiss", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert _line(app, line).status == "review"


def test_another_companys_line_is_not_found_from_this_company(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """Tenant isolation: a line of BETA's, addressed while looking at ACME, is 404 on every
    bank-line route (and BETA's own page still offers it)."""
    beta = add_company(app.uow(), Company("BETA", "Beta B.V."), validate=False, actor="test",
                       at=datetime.now(UTC))  # fmt: skip
    (theirs,) = add_lines(app, beta, ["1210.00"])
    (ours,) = add_lines(app, acme, ["1210.00"])
    acme_only = {"company": "ACME", "q": "F-00"}
    assert client.get(f"/bank/lines/{ours}/search", params=acme_only).status_code == 200
    assert client.get(f"/bank/lines/{theirs}/search", params=acme_only).status_code == 404
    page = client.get("/bank", params={**acme_only, "line": theirs})
    assert page.status_code == 200 and "F-002" not in page.text  # no search for BETA's line
    token = csrf_of(client.get("/bank", params={"company": "ACME"}).text)
    for action, data in (
        ("suggestion", {"choice": 0}),
        ("invoices", {"invoice": ["F-001"]}),
        ("customer", {"customer": "C001"}),
        ("dismiss", {"note": "x"}),
    ):
        url = f"/bank/lines/{theirs}/{action}?company=ACME"
        response = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        assert response.status_code == 404, action
    assert _line(app, theirs).status == "review" and _open(app, "F-001") == 121000
    assert client.get(f"/bank/lines/{theirs}/search",
                      params={"company": "BETA", "q": "F-00"}).status_code == 200  # fmt: skip
