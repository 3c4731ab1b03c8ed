"""The response table counted in the database (adapters/db/views/effects.py `counted`,
what the service reads) gives exactly the table the pure computation gives over every
message (`sent` + analytics.effects.response_table): shares, intervals, counts and the
too recent ones, for every grouping and several as-of days, on varied seeded data
(channels, steps, hours across midnight and the clock change, totals on the band
bounds, several invoices in one message, partly paid, paid on the 7th, 8th, 14th and
15th day, a customer in an experiment)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import pytest

from tests.entrypoints.web.conftest import add_customers, seed_acme
from tests.services.collection.effects_db import add_sent
from tijdig.adapters.db.schema.experiments import ExperimentAssignmentRow, ExperimentRow
from tijdig.analytics.effects import DIMENSIONS, counted_table, response_table
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.services.collection import effects
from tijdig.services.collection.run import policies_for

FIRST = date(2026, 3, 16)  # two weeks before the clock change of 29 March
CUSTOMERS = ["C001", "C002", "C003", "K001", "K002"]
TOTALS = [100, 49_999, 50_000, 500_000, 500_001, 2_000_000]


def _seed(app: Tijdig, company: Company) -> None:
    add_customers(app, company, [Customer("K001", "Klant 1"), Customer("K002", "Klant 2")])
    rng = random.Random(18)
    for k in range(120):
        customer = rng.choice(CUSTOMERS)
        sent_on = FIRST + timedelta(days=rng.randint(0, 40))
        add_sent(app, company, customer, f"M{k}", sent_on=sent_on,
                 channel=rng.choice(["email", "letter", "sms"]),
                 step=rng.choice(["reminder", "formal_demand", "gone_from_policy"]),
                 total_minor=rng.choice(TOTALS),
                 paid_after=rng.choice([None, 0, 7, 8, 14, 15, 30]),
                 hour=rng.choice([0, 1, 2, 9, 11, 12, 16, 17, 23]))  # fmt: skip
        if k % 4 == 0:  # a second invoice in the same message, paid or not
            add_sent(app, company, customer, f"M{k}b", sent_on=sent_on, channel="email",
                     step="reminder", paid_after=rng.choice([None, 3, 12]))  # fmt: skip
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id or 0)
        at = datetime(2026, 3, 1, tzinfo=UTC)
        experiment = ExperimentRow(company_id=company.id, template="formal_demand", variants=2,
                                   baseline="0.5", smallest_effect="0.1", needed=10,
                                   started_on=FIRST, started_at=at, started_by="anne")  # fmt: skip
        uow.session.add(experiment)
        uow.session.flush()
        uow.session.add(ExperimentAssignmentRow(
            experiment_id=experiment.id, customer_id=ids["K001"], company_id=company.id,
            variant="B", assigned_on=FIRST + timedelta(days=10)))  # fmt: skip
        uow.commit()


def _groupings() -> list[tuple[str, ...]]:
    return [(), ("step", "channel", "weekday"), *((d,) for d in DIMENSIONS),
            *combinations(DIMENSIONS, 2), DIMENSIONS]  # fmt: skip


@pytest.mark.parametrize("as_of", [FIRST + timedelta(days=20), date(2026, 5, 9)])
def test_the_counted_table_is_the_table_of_every_message(app: Tijdig, as_of: date) -> None:
    acme = seed_acme(app)
    _seed(app, acme)
    assert acme.id is not None
    with app.uow() as uow:
        steps = effects.step_info(policies_for(uow, acme)[1])
        lookup = effects.variant_lookup(uow.experiments.assignments(acme.id))
    messages = list(app.sent_messages.sent(acme.id, as_of=as_of, steps=steps,
                                           variant_of=lookup))  # fmt: skip
    counts = app.sent_messages.counted(acme.id, as_of=as_of, steps=steps, variant_of=lookup)
    assert sum(c.count for c in counts) == len(messages) > 50
    assert len({m.value("variant") for m in messages}) == 2  # the experiment's customer
    for by in _groupings():
        expected = response_table(messages, as_of=as_of, by=by)
        assert counted_table(counts, as_of=as_of, by=by) == expected
        assert effects.effects(app.uow(), app.sent_messages, acme, as_of=as_of, by=by) == expected
