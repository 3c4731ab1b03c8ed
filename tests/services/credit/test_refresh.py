"""The credit statuses on the real database (SQLite and PostgreSQL): the facts the one
repository read gathers (handed over, a broken plan, the customer file's hold), the
refresh that announces each change once, one event per URL, and the claims that keep
two delivery runs from sending one attempt twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from tests.entrypoints.web.conftest import seed_acme
from tests.webhook_receiver import receiving
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow, PlanInvoiceRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.credit import CreditRules, CreditState
from tijdig.domain.hand_over import CaseStatus, Source
from tijdig.domain.parties import Company
from tijdig.services import privacy
from tijdig.services.credit import status as credit
from tijdig.services.credit import webhooks as hooks
from tijdig.services.credit.ports import Answer, EventStatus
from tijdig.services.hand_over import cases as hand_over_cases
from tijdig.services.records import disputes

AT = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)
DAY = date(2026, 3, 15)
NONE = CreditRules(over_limit=False, handed_over=False)


@pytest.fixture
def acme(app: Tijdig) -> Company:
    """ACME's ledger (tests/entrypoints/web/conftest.py): C002 on hold in the customer
    file; F-001 (C001) due 31 January 2026; F-003 (C002) due 1 December 2025."""
    return seed_acme(app)


def _ids(app: Tijdig, company: Company) -> tuple[dict[str, int], dict[str, int]]:
    assert company.id is not None
    with app.uow() as uow:
        customers = uow.customers.ids_by_number(company.id)
        invoices = {i.number: i.id or 0 for i in uow.invoices.search(company.id)}
    return customers, invoices


def _codes(app: Tijdig, company: Company, number: str) -> tuple[str, ...]:
    return credit.customer_status(app.uow(), company, number, as_of=DAY).codes


def test_a_hand_over_holds_while_the_agency_has_the_case_and_its_hold_by_hand_after(
    app: Tijdig, acme: Company
) -> None:
    """The case opened: on hold by the rule and by hand (in the case's name), announced
    at once. Returned: the rule lets go, the hold by hand stays until a person lifts it."""
    hooks.add_webhook(app.uow(), acme, "https://erp.example.com/h", actor="test", at=AT)
    case = hand_over_cases.open_case(
        app.uow(), app.hand_over_files(), app.invoice_copies(), acme, "C001",
        reason="No answer", actor="anna", source=Source.CLI, at=AT, as_of=DAY,
    )  # fmt: skip
    status = credit.customer_status(app.uow(), acme, "C001", as_of=DAY)
    assert status.state is CreditState.HOLD
    assert status.codes == ("credit_hold_manual", "credit_handed_over")
    handed = dict(status.reasons[1].params)
    assert handed == {"on": DAY, "case": case.reference}
    # a day before the case opened it did not hold by the rule
    assert "credit_handed_over" not in _codes_on(app, acme, "C001", DAY - timedelta(days=1))
    [event] = [e for e in hooks.delivery_log(app.uow(), acme) if e.customer == "C001"]
    assert event.kind == "credit.status_changed"
    [held] = credit.hold_history(app.uow(), acme, "C001")
    assert (held.hold.by, held.hold.since) == ("anna", DAY)
    assert held.hold.reason.startswith(f"{case.reference}: No answer")
    hand_over_cases.change_status(app.uow(), acme, case.reference, CaseStatus.RETURNED,
                                  actor="test", source=Source.CLI, at=AT, on=DAY)  # fmt: skip
    assert _codes(app, acme, "C001") == ("credit_hold_manual",)
    credit.lift(app.uow(), acme, "C001", as_of=DAY, actor="test", at=AT)
    assert _codes(app, acme, "C001") == ()


def _codes_on(app: Tijdig, company: Company, number: str, day: date) -> tuple[str, ...]:
    return credit.customer_status(app.uow(), company, number, as_of=day).codes


def _paid(app: Tijdig, invoice_id: int) -> None:
    with app.uow() as uow:
        uow.session.execute(update(InvoiceRow).where(InvoiceRow.id == invoice_id)
                            .values(open_minor=0))  # fmt: skip
        uow.commit()


def test_a_broken_plan_holds_while_its_invoices_are_open_when_the_rule_is_on(
    app: Tijdig, acme: Company
) -> None:
    assert acme.id is not None
    customers, invoices = _ids(app, acme)
    with app.uow() as uow:
        plan = PaymentPlanRow(company_id=acme.id, customer_id=customers["C001"],
                              reference="RF18PLAN7", currency="EUR", principal_minor=121000,
                              costs_minor=0, interest_minor=0, made_on=date(2026, 2, 1),
                              status="broken", ended_on=date(2026, 3, 10))  # fmt: skip
        uow.session.add(plan)
        uow.session.flush()
        uow.session.add(PlanInvoiceRow(plan_id=plan.id, invoice_id=invoices["F-001"],
                                       company_id=acme.id))  # fmt: skip
        uow.commit()
    assert _codes(app, acme, "C001") == ()  # off by default
    on = CreditRules(broken_plan=True)
    done = credit.save_rules(app.uow(), acme, on, as_of=DAY, actor="test", at=AT)
    assert [c.customer for c in done.changes] == ["C001", "C002"]  # C002: the file's hold
    status = credit.customer_status(app.uow(), acme, "C001", as_of=DAY)
    assert status.codes == ("credit_plan_broken",)
    assert dict(status.reasons[0].params) == {"plan": "RF18PLAN7", "on": date(2026, 3, 10)}
    _paid(app, invoices["F-001"])
    assert _codes(app, acme, "C001") == ()


def test_each_change_is_announced_once_to_each_url(app: Tijdig, acme: Company) -> None:
    for url in ("https://erp.example.com/a", "https://shop.example.com/b"):
        hooks.add_webhook(app.uow(), acme, url, actor="test", at=AT)
    first = credit.refresh_credit_statuses(app.uow(), acme, as_of=DAY, actor="test", at=AT)
    assert [(c.customer, c.after.state) for c in first.changes] == [("C002", CreditState.HOLD)]
    assert first.events == 2
    again = credit.refresh_credit_statuses(app.uow(), acme, as_of=DAY, actor="test", at=AT)
    assert again.changes == () and again.events == 0
    log = hooks.delivery_log(app.uow(), acme)
    assert len(log) == 2 and len({e.event_id for e in log}) == 2
    assert {e.url for e in log} == {"https://erp.example.com/a", "https://shop.example.com/b"}
    assert {e.customer for e in log} == {"C002"}


def test_removing_a_url_cancels_what_it_has_not_got(app: Tijdig, acme: Company) -> None:
    made = hooks.add_webhook(app.uow(), acme, "https://erp.example.com/a", actor="t", at=AT)
    credit.hold(app.uow(), acme, "C001", reason="x", as_of=DAY, actor="t", at=AT)
    hooks.remove_webhook(app.uow(), acme, made.webhook.id, actor="t", at=AT)
    [event] = hooks.delivery_log(app.uow(), acme)
    assert event.status is EventStatus.CANCELLED
    sent = hooks.deliver(app.uow, _Refusing(), now=AT + timedelta(hours=1))
    assert (sent.delivered, sent.failed) == (0, 0)


class _Refusing:
    def __init__(self) -> None:
        self.posted: list[str] = []

    def post(self, url: str, body: bytes, headers: object) -> Answer:
        self.posted.append(url)
        return Answer(None, "refused")


def test_a_claimed_event_is_not_claimed_again_until_its_lease_runs_out(
    app: Tijdig, acme: Company
) -> None:
    hooks.add_webhook(app.uow(), acme, "https://erp.example.com/a", actor="t", at=AT)
    credit.hold(app.uow(), acme, "C001", reason="x", as_of=DAY, actor="t", at=AT)
    with app.uow() as uow:
        [row_id] = uow.webhooks.due(now=AT)
        mine = uow.webhooks.claim(row_id, now=AT, lease_until=AT + hooks.LEASE)
        uow.commit()
    assert mine is not None and mine.attempt == 1
    with app.uow() as uow:  # a second run at once: nothing is due, nothing to claim
        assert uow.webhooks.due(now=AT) == []
        assert uow.webhooks.claim(row_id, now=AT, lease_until=AT + hooks.LEASE) is None
    later = AT + hooks.LEASE + timedelta(seconds=1)
    with app.uow() as uow:  # the first run died: its lease ran out, another takes over
        theirs = uow.webhooks.claim(row_id, now=later, lease_until=later + hooks.LEASE)
        uow.commit()
    assert theirs is not None and theirs.attempt == 2 and theirs.event_id == mine.event_id
    with app.uow() as uow:  # the first run's late answer is refused, the second's kept
        assert not uow.webhooks.record(mine, at=later, status_code=200, error=None,
                                       next_attempt_at=None)  # fmt: skip
        assert uow.webhooks.record(theirs, at=later, status_code=204, error=None,
                                   next_attempt_at=None)  # fmt: skip
        uow.commit()
    [event] = hooks.delivery_log(app.uow(), acme)
    assert event.status is EventStatus.DELIVERED
    assert [(a.number, a.status_code) for a in event.attempts] == [(2, 204)]


def test_two_delivery_runs_at_once_send_each_event_once(app: Tijdig, acme: Company) -> None:
    """Two runs started together over a slow receiver: each event is claimed by one of
    them, posted once, and delivered."""
    with receiving(delay=0.2) as receiver:
        hooks.add_webhook(app.uow(), acme, receiver.url, allow_local_http=True, actor="t",
                          at=AT)  # fmt: skip
        for number in ("C001", "C003"):
            credit.hold(app.uow(), acme, number, reason="x", as_of=DAY, actor="t", at=AT)
        now = datetime.now(UTC)
        with ThreadPoolExecutor(2) as pool:
            runs = list(pool.map(lambda _: hooks.deliver(app.uow, app.webhook_sender(), now=now),
                                 range(2)))  # fmt: skip
    ids = [r.headers["Tijdig-Event-Id"] for r in receiver.at("/hook")]
    assert len(ids) == 2 == len(set(ids))
    assert sum(r.delivered for r in runs) == 2 and sum(r.failed for r in runs) == 0
    assert {e.status for e in hooks.delivery_log(app.uow(), acme)} == {EventStatus.DELIVERED}


def test_a_holds_reason_is_exported_and_erased_with_the_debtor(app: Tijdig, acme: Company) -> None:
    assert acme.id is not None
    why = "Jan Jansen belde: failliet"
    hooks.add_webhook(app.uow(), acme, "https://erp.example.com/a", actor="t", at=AT)
    credit.hold(app.uow(), acme, "C001", reason=why, as_of=DAY, actor="t", at=AT)
    with app.uow() as uow:
        [row_id] = uow.webhooks.due(now=AT)
        claim = uow.webhooks.claim(row_id, now=AT, lease_until=AT + hooks.LEASE)
        assert claim is not None
        uow.webhooks.record(claim, at=AT, status_code=200, error=None, next_attempt_at=None)
        uow.commit()
    data = privacy.export_customer(app.uow(), acme, "C001", destination="t", actor="t", at=AT)
    assert data["credit_holds"][0]["reason"] == why
    assert data["credit_status"][0]["status"] == "hold"
    customers, _invoices = _ids(app, acme)
    with app.uow() as uow:
        uow.personal_data.anonymise(acme.id, [customers["C001"]], name_prefix="X", at=AT)
        uow.commit()
    [hold] = credit.hold_history(app.uow(), acme, "C001")
    assert hold.hold.reason == ""
    [event] = hooks.delivery_log(app.uow(), acme)
    assert event.body == ""
    with app.uow() as uow:
        assert customers["C001"] not in uow.credit.announced(acme.id)


def test_a_disputed_invoice_is_owed_but_not_overdue_for_the_rules(
    app: Tijdig, acme: Company
) -> None:
    """F-001 (C001, due 31 January) is 43 days overdue on 15 March: on hold by the days
    and the amount overdue; its dispute holds that invoice, so not the customer's credit,
    until it is resolved. It still counts against a credit limit: it is owed."""
    rules = CreditRules(overdue_days=30, overdue_amount=Decimal("1000.00"), over_limit=False,
                        handed_over=False)  # fmt: skip
    credit.save_rules(app.uow(), acme, rules, as_of=DAY, actor="test", at=AT)
    assert _codes(app, acme, "C001") == ("credit_overdue_days", "credit_overdue_amount")
    disputes.open_dispute(app.uow(), acme, "F-001", ReasonCode.INVOICE_INCORRECT,
                          as_of=DAY - timedelta(days=1), actor="test", at=AT)  # fmt: skip
    assert _codes(app, acme, "C001") == ()
    # the day before the dispute it held still
    assert _codes_on(app, acme, "C001", DAY - timedelta(days=2)) == (
        "credit_overdue_days", "credit_overdue_amount")  # fmt: skip
    disputes.resolve_dispute(app.uow(), acme, "F-001", as_of=DAY, actor="test", at=AT)
    assert _codes(app, acme, "C001") == ("credit_overdue_days", "credit_overdue_amount")
