"""The effect of each measure through the service (services/collection/effects.py) on
the real database: the messages read from the steps taken, their stage and template from
the policy, their hour from the outbox, settled when their invoices are paid in full;
too recent ones left out and counted; a built-in effect found, none where none is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.entrypoints.web.conftest import seed_acme
from tests.services.collection.effects_db import FIRST, add_channel_effect, add_sent
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.analytics.effects import difference
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.collection import effects


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


@pytest.mark.parametrize("as_of", [date(2026, 3, 1), date(2026, 3, 9)])
def test_messages_are_read_with_their_stage_hour_band_and_settlement(
    app: Tijdig, acme: Company, as_of: date
) -> None:
    sent_on = date(2026, 2, 2)  # a Monday
    add_sent(app, acme, "C001", "T1", sent_on=sent_on, paid_after=3, hour=18)
    add_sent(app, acme, "C001", "T2", sent_on=sent_on + timedelta(1), paid_after=10)
    add_sent(app, acme, "C001", "T3", sent_on=sent_on + timedelta(2), total_minor=60_000)
    add_sent(app, acme, "C001", "T4", sent_on=as_of - timedelta(5), paid_after=1)
    table = effects.effects(app.uow(), app.sent_messages, acme, as_of=as_of,
                            by=["step", "time"])  # fmt: skip
    assert (table.counted, table.too_recent) == (3, 1)
    found = {(r.get("time"), r.get("band")): (r.n, r.paid_7.successes, r.paid_14.successes)
             for r in table.rows}  # fmt: skip
    assert found == {("evening", "under_500"): (1, 1, 1), ("morning", "under_500"): (1, 0, 1),
                     ("morning", "500_5000"): (1, 0, 0)}  # fmt: skip
    assert {r.get("stage") for r in table.rows} == {"2"}  # reminder: nl_business's 2nd step
    assert {r.get("kind") for r in table.rows} == {"business"}


def test_a_partly_paid_invoice_is_not_settled(app: Tijdig, acme: Company) -> None:
    add_sent(app, acme, "C001", "T1", sent_on=date(2026, 2, 2), paid_after=2)
    with app.uow() as uow:
        row = uow.session.query(InvoiceRow).filter_by(number="T1").one()
        row.open_minor = 100
        uow.commit()
    table = effects.effects(app.uow(), app.sent_messages, acme, as_of=date(2026, 4, 1))
    assert table.rows[0].paid_14.successes == 0


def test_an_unknown_dimension_is_refused(app: Tijdig, acme: Company) -> None:
    with pytest.raises(RuleViolation, match="colour"):
        effects.effects(app.uow(), app.sent_messages, acme, as_of=date(2026, 4, 1),
                        by=["colour"])  # fmt: skip


@pytest.mark.parametrize(
    ("chances", "found"), [({"sms": 0.6, "email": 0.4}, True), ({"sms": 0.5, "email": 0.5}, False)]
)
def test_a_built_in_channel_effect_is_found_and_none_where_none_is(
    app: Tijdig, acme: Company, chances: dict[str, float], found: bool
) -> None:
    add_channel_effect(app, acme, chances, n=300, seed=18)
    table = effects.effects(app.uow(), app.sent_messages, acme,
                            as_of=FIRST + timedelta(days=330), by=["channel"])  # fmt: skip
    shares = {r.get("channel"): r.paid_7 for r in table.rows}
    assert {s.n for s in shares.values()} == {300}
    _, interval = difference(shares["sms"], shares["email"])
    assert interval.excludes_zero() is found
