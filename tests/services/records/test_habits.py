"""Habits and the suggested tolerance through the service (services/records/habits.py),
on the real database: the figures of a paid history, the suggestion, accepting it (the
customer's tolerance becomes the suggested days) and dismissing it (the tolerance stays,
the same suggestion is not shown again), each kept and audited; a stale or unknown
suggestion is refused and nothing is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.entrypoints.web.conftest import add_customers, add_invoices, invoice, seed_acme
from tests.services.records.habits_data import SUGGESTED, add_paid, add_regular_late
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.analytics.habits import Settlements
from tijdig.analytics.tolerance import Decision, ToleranceSuggestion
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company, Customer
from tijdig.services import privacy
from tijdig.services.collection.run import policies_for
from tijdig.services.read_models import customer_file
from tijdig.services.records import habits

AS_OF = date(2026, 3, 15)
AT = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
BY = {"actor": "anne", "at": AT}


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = seed_acme(app)
    add_regular_late(app, company)
    return company


def _audit(app: Tijdig) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        rows = uow.session.scalars(select(AuditRow).where(AuditRow.action.like("%tolerance%")))
        return [(r.action, r.subject, r.details) for r in rows]


def _tolerance(app: Tijdig, company: Company, number: str = "C001") -> int:
    with app.uow() as uow:
        customer = uow.customers.get(company.id or 0, number)
        assert customer is not None
        return customer.tolerance_days


def test_the_customer_page_reads_the_habit_and_its_suggestion(app: Tijdig, acme: Company) -> None:
    found = habits.customer_habits(app.uow(), app.paid_history, acme, "C001", as_of=AS_OF)
    h = found.habits
    # 8 invoices, none on time; 100 each: weighted (2+3+3+4+5+5+6+9) x 100 / 800 = 4.6
    assert (h.paid_invoices, h.share_on_time, h.weighted_days_late) == (8, Decimal(0),
                                                                        Decimal("4.6"))  # fmt: skip
    # sorted 2 3 3 4 5 5 6 9: median h = 3.5 -> 4 + 0.5 x 1 = 4.5; q1 h = 1.75 -> 3,
    # q3 h = 5.25 -> 5 + 0.25 x 1 = 5.25
    assert h.delay is not None and (h.delay.median, h.delay.iqr) == (Decimal("4.5"),
                                                                     Decimal("2.25"))  # fmt: skip
    assert h.settled == Settlements(on_own=8)
    assert not h.first_time_late  # F-001 is overdue, but it was late before
    assert found.suggestion == ToleranceSuggestion(SUGGESTED, 8, 8, Decimal("6.9"))
    assert habits.tolerance_suggestions(app.uow(), app.paid_history, acme, as_of=AS_OF)[0] \
        .suggestion.days == SUGGESTED  # fmt: skip
    assert _audit(app) == []  # a read writes nothing


def test_accepting_sets_the_tolerance_keeps_the_decision_and_audits(
    app: Tijdig, acme: Company
) -> None:
    kept = habits.accept_tolerance(app.uow(), app.paid_history, acme, "C001", days=SUGGESTED,
                                   as_of=AS_OF, **BY)  # fmt: skip
    assert (kept.decision, kept.previous_days, kept.by) == (Decision.ACCEPTED, 0, "anne")
    assert _tolerance(app, acme) == SUGGESTED
    after = habits.customer_habits(app.uow(), app.paid_history, acme, "C001", as_of=AS_OF)
    assert after.suggestion is None  # the customer has it now
    assert after.decisions == (kept,)
    assert habits.tolerance_suggestions(app.uow(), app.paid_history, acme, as_of=AS_OF) == []
    assert _audit(app) == [("customer.tolerance_accept", "customer C001",
                            "7 days (was 0); 8 of 8 paid on their own, p90 6.9")]  # fmt: skip
    exported = privacy.export_customer(app.uow(), acme, "C001", destination="test", **BY)
    assert [(t["days"], t["decision"]) for t in exported["tolerance_suggestions"]] == [
        (7, "accepted")]  # fmt: skip


def test_dismissing_keeps_the_tolerance_and_hides_the_same_suggestion(
    app: Tijdig, acme: Company
) -> None:
    kept = habits.dismiss_tolerance(app.uow(), app.paid_history, acme, "C001", days=SUGGESTED,
                                    as_of=AS_OF, **BY)  # fmt: skip
    assert kept.decision is Decision.DISMISSED
    assert _tolerance(app, acme) == 0
    assert habits.customer_habits(app.uow(), app.paid_history, acme, "C001",
                                  as_of=AS_OF).suggestion is None  # fmt: skip
    assert _audit(app) == [("customer.tolerance_dismiss", "customer C001",
                            "7 days (was 0); 8 of 8 paid on their own, p90 6.9")]  # fmt: skip
    # The habit moves: a ninth invoice 20 days late -> p90 of 2 3 3 4 5 5 6 9 20,
    # h = 8 x 0.9 = 7.2: 9 + 0.2 x 11 = 11.2 -> 12 days, a new suggestion
    due = date(2026, 1, 5)
    add_paid(app, acme, "C001", "H-13", due=due, payments=((due + timedelta(days=20), 100),))
    again = habits.customer_habits(app.uow(), app.paid_history, acme, "C001", as_of=AS_OF)
    assert again.suggestion is not None and again.suggestion.days == 12


@pytest.mark.parametrize("decide", [habits.accept_tolerance, habits.dismiss_tolerance])
@pytest.mark.parametrize(("number", "days", "refused"),
                         [("C001", 6, RuleViolation), ("C003", 7, RuleViolation),
                          ("C999", 7, NotFound)])  # fmt: skip
def test_a_stale_or_unknown_suggestion_is_refused_and_nothing_kept(
    app: Tijdig, acme: Company, decide: object, number: str, days: int, refused: type[Exception]
) -> None:
    with pytest.raises(refused):
        decide(app.uow(), app.paid_history, acme, number, days=days, as_of=AS_OF, **BY)  # type: ignore[operator]
    assert _tolerance(app, acme) == 0
    assert _audit(app) == []
    with app.uow() as uow:
        assert uow.tolerances.decided(acme.id or 0) == []


def test_the_history_knows_plans_agencies_and_reminders(app: Tijdig, acme: Company) -> None:
    # C003 (Peeters): one invoice paid 10 days late after a reminder on day 5 and one
    # paid on time; seen before the reminder invoice was paid, only the on-time one counts
    due = date(2026, 1, 1)
    add_paid(app, acme, "C003", "P-1", due=due, payments=((due + timedelta(days=10), 500),),
             steps=((due + timedelta(days=5), "first_reminder"),))  # fmt: skip
    add_paid(app, acme, "C003", "P-2", due=due, payments=((due, 700),))
    found = habits.customer_habits(app.uow(), app.paid_history, acme, "C003", as_of=AS_OF)
    assert found.habits.settled == Settlements(1, (("first_reminder", 1),), 0, 0)
    # 500 x 10 + 700 x 0 over 1200 = 4.2 (4.1666..)
    assert found.habits.weighted_days_late == Decimal("4.2")
    # F-004 (USD, due 3 March) is overdue on 15 March, P-2 was on time but P-1 late
    assert not found.habits.first_time_late
    earlier = habits.customer_habits(app.uow(), app.paid_history, acme, "C003",
                                     as_of=date(2026, 1, 5))  # fmt: skip
    assert earlier.habits.paid_invoices == 1


def test_the_run_honours_an_accepted_tolerance(app: Tijdig, acme: Company) -> None:
    # C010 pays on its own 2-9 days late; its invoice G-1 is due Wednesday 1 April 2026.
    # NL business: the reminder goes 7 days after the due date (Wed 8 April); with the
    # accepted 7 days of tolerance, 7 days after 1 April + 7 (Wed 15 April).
    add_customers(app, acme, [Customer("C010", "Regelmatig B.V.")])
    add_regular_late(app, acme, "C010")
    add_invoices(app, acme, [invoice("G-1", "C010", date(2026, 3, 2), date(2026, 4, 1), "500")])
    with app.uow() as uow:
        settings, policies = policies_for(uow, acme)
        customer_id = uow.customers.ids_by_number(acme.id or 0)["C010"]

    def today(day: date) -> str | None:
        return customer_file.next_step(app.workspace, acme, customer_id, settings=settings,
                                       policies=policies, as_of=day).today  # fmt: skip

    assert today(date(2026, 4, 8)) == "reminder"  # before accepting: the policy's day
    habits.accept_tolerance(app.uow(), app.paid_history, acme, "C010", days=SUGGESTED,
                            as_of=AS_OF, **BY)  # fmt: skip
    for day in (date(2026, 4, 2), date(2026, 4, 8), date(2026, 4, 10), date(2026, 4, 14)):
        assert today(day) is None, day
    for day in (date(2026, 4, 15), date(2026, 4, 16)):
        assert today(day) == "reminder", day
