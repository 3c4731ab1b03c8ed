"""The demo's collection history checked against the engine, on several as-of days.

For each day: every step taken was due by the engine's own schedule on the day it went
(policy delays from the due date or the previous step, its deadline), on a run day and
a contact day of the customer, in policy order, the customer's messages the minimum
interval apart; the rows are those the send path leaves (run item sent, outbox sent,
contact log, steps per invoice as the payload says); and today's advice follows from
the history: no invoice gets a step it had already, and a long-overdue invoice is not
proposed a first reminder.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from tijdig.adapters.db.engine import make_engine, migrate
from tijdig.adapters.db.views.customer_state import load_customer_states
from tijdig.adapters.demo.generator import customer_of
from tijdig.adapters.demo.history import is_work_day, policy_of
from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.engine.advice import advise
from tijdig.engine.model import Advice, CompanyState
from tijdig.engine.schedule import plan_invoice
from tijdig.services.collection.payload import MessagePayload

POLICIES = default_policy_set()
# A month end (a Monday), a December Wednesday, 29 February 2028 (a Tuesday), a Sunday.
DAYS = (date(2026, 11, 30), date(2026, 12, 16), date(2028, 2, 29), date(2026, 12, 6))
RUN_DAYS = (date(2026, 12, 16), date(2028, 2, 29))


@pytest.fixture(scope="module", params=DAYS, ids=str)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    as_of: date = request.param
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('history') / 'demo.db'}")
    migrate(engine)
    load_demo(engine, DemoSpec(as_of=as_of, customers=200, invoices=4000, seed=11))
    engine.info_as_of = as_of  # type: ignore[attr-defined]
    return engine


def _as_of(engine: Engine) -> date:
    return engine.info_as_of  # type: ignore[attr-defined, no-any-return]


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def _customers(engine: Engine) -> dict[int, Customer]:
    rows = _rows(engine, "SELECT * FROM customers ORDER BY id")
    return {int(str(r[0])): customer_of(r) for r in rows}


def _steps(engine: Engine) -> dict[int, list[tuple[str, date, str, date | None]]]:
    found: dict[int, list[tuple[str, date, str, date | None]]] = defaultdict(list)
    sql = ("SELECT invoice_id, step_key, taken_on, channel, deadline FROM steps_taken "
           "ORDER BY taken_on, id")  # fmt: skip
    for invoice_id, key, taken, channel, deadline in _rows(engine, sql):
        found[int(str(invoice_id))].append(
            (str(key), _date(taken), str(channel), _date(deadline) if deadline else None)
        )
    return found


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _invoices(engine: Engine, customers: dict[int, Customer]) -> dict[int, tuple[int, Invoice]]:
    sql = (
        "SELECT id, customer_id, number, issue_date, due_date, total_minor, currency "
        "FROM invoices WHERE kind = 'invoice' AND id IN (SELECT invoice_id FROM steps_taken)"
    )
    found = {}
    for iid, cid, number, issued, due, total, currency in _rows(engine, sql):
        customer = customers[int(str(cid))]
        invoice = Invoice(str(number), customer.number, _date(issued), _date(due),
                          total=Decimal(int(str(total))) / 100,
                          currency=str(currency))  # fmt: skip
        found[int(str(iid))] = (int(str(cid)), invoice)
    return found


def test_the_history_is_there_and_reaches_far(demo: Engine) -> None:
    counts = {t: _rows(demo, f"SELECT count(*) FROM {t}")[0][0] for t in
              ("runs", "steps_taken", "contact_events", "promises", "disputes")}  # fmt: skip
    assert all(int(str(n)) > 0 for n in counts.values()), counts
    keys = {str(r[0]) for r in _rows(demo, "SELECT DISTINCT step_key FROM steps_taken")}
    assert {"friendly", "reminder", "formal_demand", "notice_of_default"} <= keys
    kept = {r[0] for r in _rows(demo, "SELECT DISTINCT kept FROM promises")}
    assert 0 in kept and kept & {1, None}, "promises broken, and kept or still in force"


def test_every_step_was_due_on_its_day_by_the_engine_s_schedule(demo: Engine) -> None:
    as_of, customers = _as_of(demo), _customers(demo)
    invoices, checked = _invoices(demo, customers), 0
    for invoice_id, steps in _steps(demo).items():
        customer_id, invoice = invoices[invoice_id]
        customer = customers[customer_id]
        policy = policy_of(customer, POLICIES)
        previous: list[StepTaken] = []
        for key, taken_on, channel, deadline in steps:
            assert taken_on < as_of
            assert is_work_day(taken_on, customer), (invoice.number, taken_on)
            plan = plan_invoice(invoice, policy, tuple(previous), customer, as_of=taken_on)
            assert plan.step is not None and plan.step.key == key, (invoice.number, key)
            assert plan.on is not None and plan.on <= taken_on, (invoice.number, key, plan.on)
            previous.append(StepTaken(invoice.number, key, taken_on, channel, deadline))
            checked += 1
    assert checked > 100


def test_a_customer_s_messages_keep_the_minimum_interval(demo: Engine) -> None:
    customers = _customers(demo)
    sql = "SELECT customer_id, as_of FROM run_items JOIN runs ON runs.id = run_id ORDER BY as_of"
    days: dict[int, list[date]] = defaultdict(list)
    for cid, day in _rows(demo, sql):
        days[int(str(cid))].append(_date(day))
    for cid, sent in days.items():
        interval = policy_of(customers[cid], POLICIES).min_interval_days
        assert all((b - a).days >= interval for a, b in pairwise(sent))


def test_the_rows_are_those_the_send_path_leaves(demo: Engine) -> None:
    sql = ("SELECT i.id, i.status, i.payload, o.status, o.valid_on, r.as_of FROM run_items i "
           "JOIN outbox o ON o.run_item_id = i.id JOIN runs r ON r.id = i.run_id")  # fmt: skip
    by_item: dict[int, list[tuple[str, str]]] = defaultdict(list)
    step_sql = ("SELECT s.run_item_id, v.number, s.step_key FROM steps_taken s "
                "JOIN invoices v ON v.id = s.invoice_id")  # fmt: skip
    for item_id, number, key in _rows(demo, step_sql):
        by_item[int(str(item_id))].append((str(number), str(key)))
    rows = _rows(demo, sql)
    for item_id, status, payload, sent, valid_on, run_day in rows:
        assert (status, sent, _date(valid_on)) == ("sent", "sent", _date(run_day))
        stored = MessagePayload.from_json(json.loads(str(payload))).sent
        assert sorted(stored.steps_taken()) == sorted(by_item[int(str(item_id))])
    logged = _rows(demo, "SELECT count(*) FROM contact_events WHERE kind LIKE '%_sent'")
    assert logged[0][0] == len(rows) == _rows(demo, "SELECT count(*) FROM outbox")[0][0]


def _advice(demo: Engine) -> list[tuple[dict[str, int], Advice]]:
    as_of = _as_of(demo)
    company = CompanyState(Company("DEMO", "Demo", id=1))
    found = []
    with Session(demo) as session:
        for state in load_customer_states(session, 1, as_of=as_of):
            policy = policy_of(state.customer, POLICIES)
            last: dict[str, int] = {}
            for step in state.steps_taken:
                index = policy.index_of(step.step_key)
                last[step.invoice_number] = max(index, last.get(step.invoice_number, -1))
            found.append((last, advise(state, company, POLICIES, as_of=as_of)))
    return found


def test_today_s_step_follows_from_the_history(demo: Engine) -> None:
    as_of, proposed = _as_of(demo), 0
    for last, advice in _advice(demo):
        proposal = advice.proposal
        if proposal is None:
            continue
        policy = POLICIES.policy(proposal.policy_code)
        for line in proposal.lines:
            if line.step_key is None:
                continue
            index = policy.index_of(line.step_key)
            before = last.get(line.invoice_number, -1)
            assert index > before, (line.invoice_number, line.step_key, "taken already")
            if before >= 0:
                assert index == before + 1, (line.invoice_number, line.step_key)
            if (as_of - line.due_date).days > 90:  # the message is no first reminder
                top = policy.index_of(proposal.step.key)
                assert top >= 2, (line.invoice_number, proposal.step.key, "a first reminder")
            proposed += 1
    assert proposed > 0 or as_of.weekday() in (0, 5, 6)


def test_long_overdue_invoices_are_far_up_the_ladder(demo: Engine) -> None:
    """The issue's case: an invoice 90+ days late had its reminders and letters, unless
    it is disputed or its customer was handed over to the agency (dunning stops)."""
    limit = date.fromordinal(_as_of(demo).toordinal() - 90).isoformat()
    sql = ("SELECT i.id, count(s.id) FROM invoices i LEFT JOIN steps_taken s "
           "ON s.invoice_id = i.id WHERE i.kind = 'invoice' AND i.open_minor > 0 "
           f"AND i.due_date < '{limit}' AND i.id NOT IN (SELECT invoice_id FROM disputes) "
           "AND i.customer_id NOT IN (SELECT customer_id FROM hand_over_cases) "
           "AND i.id NOT IN (SELECT invoice_id FROM payment_plan_invoices) "
           "GROUP BY i.id")  # fmt: skip
    steps = [int(str(n)) for _, n in _rows(demo, sql)]
    assert all(n >= 3 for n in steps), steps
    handed = _rows(demo, "SELECT count(*) FROM hand_over_cases")[0][0]
    assert len(steps) + int(str(handed)) > 3


def test_a_plan_in_force_holds_its_invoices(demo: Engine) -> None:
    """A plan agreed on a call and accepted in writing: its plan instalments add up to
    what it covers, the first is still ahead, no step was taken on a covered invoice
    since it came into force, none is proposed today, and its call is in the log."""
    as_of = _as_of(demo)
    plans = _rows(demo, "SELECT id, customer_id, principal_minor, made_on, accepted_on, "
                        "status FROM payment_plans")  # fmt: skip
    # test_demo_day.py: the demo at its default size has plans on each of its days
    covered: set[str] = set()
    for plan_id, customer_id, principal, made, accepted, status in plans:
        assert status == "in_force"
        assert _date(made) < _date(accepted) < as_of
        parts = _rows(demo, f"SELECT due_on, amount_minor FROM plan_instalments "
                            f"WHERE plan_id = {plan_id} ORDER BY number")  # fmt: skip
        assert sum(int(str(a)) for _, a in parts) == principal
        assert _date(parts[0][0]) >= as_of
        invoices = _rows(demo, "SELECT i.id, i.number, i.open_minor, i.total_minor "
                               "FROM invoices i JOIN payment_plan_invoices p ON "
                               f"p.invoice_id = i.id WHERE p.plan_id = {plan_id}")  # fmt: skip
        assert sum(int(str(t)) for _, _, _, t in invoices) == principal
        assert all(o == t for _, _, o, t in invoices)  # nothing paid yet
        later = _rows(demo, "SELECT count(*) FROM steps_taken WHERE invoice_id IN "
                            f"({', '.join(str(i) for i, _, _, _ in invoices)}) "
                            f"AND taken_on > '{_date(accepted).isoformat()}'")  # fmt: skip
        assert later[0][0] == 0
        covered |= {str(n) for _, n, _, _ in invoices}
        call = _rows(demo, "SELECT count(*) FROM contact_events WHERE customer_id = "
                           f"{customer_id} AND outcome LIKE 'Betalingsregeling%'")  # fmt: skip
        assert call[0][0] == 1
    if not plans:
        return
    proposed = {line.invoice_number for _, advice in _advice(demo) if advice.proposal
                for line in advice.proposal.lines}  # fmt: skip
    assert not proposed & covered


def test_a_run_day_s_work_is_a_mix(demo: Engine) -> None:
    if _as_of(demo) not in RUN_DAYS:
        pytest.skip("a day with few contact days: most customers wait")
    steps: Counter[str] = Counter()
    holds: Counter[str] = Counter()
    for _, advice in _advice(demo):
        proposal = advice.proposal
        if proposal is not None:
            steps[proposal.step.key] += 1
        for hold in advice.holds:
            holds[hold.reason.code] += 1
    assert len(steps) >= 2, steps  # test_demo_day.py checks the mix at the default size
    assert len(holds) >= 3, holds
    assert max(holds.values()) < sum(holds.values()), holds
