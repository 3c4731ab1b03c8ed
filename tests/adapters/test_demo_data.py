"""`tijdig demo-data`: a small demo company in SQLite, checked for realism and consistency."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path

import phonenumbers
import pytest
import typer
from email_validator import validate_email
from schwifty import IBAN
from sqlalchemy import Engine, text
from stdnum.eu import vat
from typer.testing import CliRunner

from tijdig.adapters.db.engine import make_engine, migrate
from tijdig.adapters.demo.generator import make_customers
from tijdig.adapters.demo.habits import Habit
from tijdig.adapters.demo.ledger import kenmerk
from tijdig.adapters.demo.loader import DemoExistsError, LoadResult, load_demo
from tijdig.adapters.demo.spec import DemoSpec, FirstIds
from tijdig.domain.references import KENMERK
from tijdig.entrypoints.cli.demo import demo_data_command

AS_OF = date(2026, 11, 23)
SPEC = DemoSpec(as_of=AS_OF, customers=50, invoices=800, seed=42)
TABLES = ("companies", "bank_accounts", "customers", "contacts", "invoices", "payments",
          "allocations", "customer_ibans")  # fmt: skip


def _load(path: Path, spec: DemoSpec = SPEC, *, reset: bool = False) -> tuple[Engine, LoadResult]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine, load_demo(engine, spec, reset=reset)


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    return {t: _rows(engine, f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine, _ = _load(tmp_path_factory.mktemp("demo") / "demo.db")
    return engine


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(tmp_path: Path) -> None:
    first, _ = _load(tmp_path / "a.db")
    again, _ = _load(tmp_path / "b.db")
    other, _ = _load(tmp_path / "c.db", DemoSpec(as_of=AS_OF, customers=50, invoices=800, seed=7))
    assert _dump(first) == _dump(again)
    assert _dump(first)["invoices"] != _dump(other)["invoices"]


def test_the_load_reports_what_it_wrote(tmp_path: Path) -> None:
    engine, result = _load(tmp_path / "d.db")
    assert result.company_name == "Groothandel Van der Berg B.V."
    for table in TABLES:
        assert result.counts[table] == _rows(engine, f"SELECT count(*) FROM {table}")[0][0]
    assert result.counts["invoices"] >= SPEC.invoices  # plus the credit notes


def test_every_habit_occurs() -> None:
    debtors, _, _ = make_customers(random.Random(SPEC.seed), SPEC, FirstIds())
    assert {d.payer.habit for d in debtors} == set(Habit)


def test_spring_and_the_run_up_to_christmas_are_busier_than_summer(demo: Engine) -> None:
    per_month = Counter(
        int(str(day)[5:7])
        for (day,) in _rows(demo, "SELECT issue_date FROM invoices WHERE kind = 'invoice'")
    )
    busy = (per_month[3] + per_month[4] + per_month[5] + per_month[11]) / 4
    quiet = (per_month[7] + per_month[8]) / 2
    assert busy > 1.3 * quiet


def test_open_amounts_are_what_the_allocations_leave(demo: Engine) -> None:
    rows = _rows(
        demo,
        """SELECT i.kind, i.total_minor, i.prepaid_minor, i.open_minor,
                  (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a
                   WHERE (i.kind = 'invoice' AND a.invoice_id = i.id)
                      OR (i.kind = 'credit_note' AND a.credit_note_id = i.id))
           FROM invoices i""",
    )
    assert all(total - prepaid - settled == open_ for _, total, prepaid, open_, settled in rows)  # type: ignore[operator]
    assert any(open_ > 0 for _, _, _, open_, _ in rows)  # type: ignore[operator]
    assert any(open_ == 0 for kind, _, _, open_, _ in rows if kind == "invoice")


def test_each_payment_is_allocated_in_full(demo: Engine) -> None:
    rows = _rows(
        demo,
        """SELECT p.amount_minor, sum(a.amount_minor) FROM payments p
           JOIN allocations a ON a.payment_id = p.id GROUP BY p.id""",
    )
    assert rows
    assert all(paid == allocated for paid, allocated in rows)
    assert len(rows) == _rows(demo, "SELECT count(*) FROM payments")[0][0]


def test_net_plus_vat_is_the_total(demo: Engine) -> None:
    invoices = _rows(demo, "SELECT net_minor, total_minor FROM invoices WHERE kind = 'invoice'")
    rates = Counter()
    for net, total in invoices:
        rate = next(r for r in (21, 9, 0) if net + (net * r + 50) // 100 == total)  # type: ignore[operator]
        rates[rate] += 1
    assert rates.most_common(1)[0][0] == 21
    credits = _rows(demo, "SELECT net_minor, total_minor FROM invoices WHERE kind='credit_note'")
    assert credits
    assert all(0 <= net <= total for net, total in credits)  # type: ignore[operator]


def test_every_invoice_has_a_valid_unique_betalingskenmerk(demo: Engine) -> None:
    references = [r for (r,) in _rows(demo, "SELECT payment_reference FROM invoices "
                                            "WHERE kind = 'invoice'")]  # fmt: skip
    assert all(KENMERK.is_valid(str(r)) and len(str(r)) == 16 for r in references)
    assert len(set(references)) == len(references)


def test_the_fast_kenmerk_agrees_with_the_domain() -> None:
    rng = random.Random(1)
    for body in [1, 10**15 - 1, *(rng.randrange(1, 10**15) for _ in range(2000))]:
        assert kenmerk(body) == KENMERK.generate(body)


def test_nothing_happens_after_the_as_of_date(demo: Engine) -> None:
    as_of = AS_OF.isoformat()
    assert _rows(demo, f"SELECT count(*) FROM invoices WHERE issue_date > '{as_of}'") == [(0,)]
    assert _rows(demo, "SELECT count(*) FROM invoices WHERE due_date < issue_date") == [(0,)]
    assert _rows(demo, f"SELECT count(*) FROM payments WHERE paid_on > '{as_of}'") == [(0,)]
    assert _rows(demo, f"SELECT count(*) FROM allocations WHERE allocated_on > '{as_of}'") == [(0,)]
    not_yet_due = f"SELECT count(*) FROM invoices WHERE due_date > '{as_of}' AND open_minor > 0"
    assert _rows(demo, not_yet_due)[0][0] > 0  # type: ignore[operator]


def test_there_are_partial_payments_credit_notes_and_foreign_currencies(demo: Engine) -> None:
    split = "SELECT invoice_id FROM allocations WHERE payment_id IS NOT NULL GROUP BY invoice_id "
    assert _rows(demo, split + "HAVING count(*) = 2")
    assert _rows(demo, "SELECT id FROM allocations WHERE credit_note_id IS NOT NULL")
    currencies = {c for (c,) in _rows(demo, "SELECT DISTINCT currency FROM invoices")}
    assert "EUR" in currencies
    assert currencies & {"USD", "GBP"}


def test_customers_are_dutch_and_belgian_businesses_and_consumers(demo: Engine) -> None:
    customers = _rows(demo, "SELECT country, kind FROM customers")
    countries = Counter(c for c, _ in customers)
    kinds = Counter(k for _, k in customers)
    assert set(countries) == {"NL", "BE"}
    assert countries["NL"] > countries["BE"]
    assert set(kinds) == {"business", "consumer"}
    assert kinds["business"] > kinds["consumer"]


def test_identifiers_and_contact_details_are_valid(demo: Engine) -> None:
    (vat_id, kvk, iban), *_ = _rows(
        demo, "SELECT c.vat_id, c.registration_number, b.iban FROM companies c "
              "JOIN bank_accounts b ON b.company_id = c.id",
    )  # fmt: skip
    assert vat.is_valid(str(vat_id))
    assert len(str(kvk)) == 8
    assert IBAN(str(iban)).country_code == "NL"
    customer_vat = [v for (v,) in _rows(demo, "SELECT vat_id FROM customers") if v]
    assert customer_vat
    assert all(vat.is_valid(str(v)) for v in customer_vat)
    phones = _rows(demo, "SELECT phone FROM customers UNION SELECT phone FROM contacts")
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(str(p))) for (p,) in phones)
    emails = _rows(demo, "SELECT email FROM customers UNION SELECT email FROM contacts")
    for (email,) in emails:
        validate_email(str(email), check_deliverability=False)


def test_the_customers_vary_like_real_ones(demo: Engine) -> None:
    (held, grouped, own_term, tolerant, owned, english), *_ = _rows(
        demo,
        """SELECT sum(credit_hold), count(parent_id), count(payment_term_days),
                  sum(tolerance_days > 0), count(sales_owner), sum(language = 'en')
           FROM customers""",
    )
    assert held and own_term and tolerant and owned
    assert grouped is not None and english is not None
    roles = {r for (r,) in _rows(demo, "SELECT DISTINCT role FROM contacts")}
    assert roles == {"accounts_payable", "purchasing", "management"}


def test_foreign_keys_hold(demo: Engine) -> None:
    assert _rows(demo, "PRAGMA foreign_key_check") == []


def test_a_second_load_is_refused_without_reset_and_replaces_with_it(tmp_path: Path) -> None:
    engine, first = _load(tmp_path / "e.db")
    with pytest.raises(DemoExistsError):
        load_demo(engine, SPEC)
    load_demo(engine, SPEC, reset=True)
    assert _rows(engine, "SELECT count(*) FROM companies") == [(1,)]
    assert _rows(engine, "SELECT count(*) FROM invoices")[0][0] == first.counts["invoices"]
    assert _rows(engine, "PRAGMA foreign_key_check") == []


def test_the_command_refuses_in_one_line_when_demo_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    app = typer.Typer()
    app.command()(demo_data_command)
    args = ["--customers", "20", "--invoices", "200", "--as-of", "2026-11-23"]
    runner = CliRunner()
    created = runner.invoke(app, args)
    assert created.exit_code == 0, created.output
    assert "Groothandel Van der Berg B.V." in created.output
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "exists already" in refused.output
    assert runner.invoke(app, [*args, "--reset"]).exit_code == 0


def test_after_the_demo_an_ordinary_insert_gets_a_fresh_id(database_url: str) -> None:
    """The demo writes its own ids; PostgreSQL's sequences must be moved past them."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        load_demo(engine, DemoSpec(as_of=AS_OF, customers=5, invoices=20, seed=1))
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO companies (code, name, country, payment_term_days, "
                     "can_deduct_vat, address) VALUES ('NEXT', 'Next BV', 'NL', 30, true, '')")
            )  # fmt: skip
            ids = [row[0] for row in connection.execute(text("SELECT id FROM companies"))]
        assert len(set(ids)) == 2
    finally:
        engine.dispose()


# The first of the 24 months is January whenever the as-of day is in December: the
# demo once failed there ("month must be in 1..12"), hidden by tests on one pinned day.
@pytest.mark.parametrize(
    "as_of",
    [date(2026, 12, 1), date(2026, 12, 6), date(2026, 12, 31), date(2027, 12, 15),
     date(2026, 11, 30), date(2027, 1, 1), date(2028, 2, 29)],
    ids=str,
)  # fmt: skip
def test_demo_data_loads_on_any_day_of_the_year(tmp_path: Path, as_of: date) -> None:
    engine, result = _load(tmp_path / "d.db", DemoSpec(as_of=as_of, customers=12, invoices=150))
    last = _rows(engine, "SELECT MAX(issue_date) FROM invoices")[0][0]
    assert result.counts["invoices"] > 0
    assert date.fromisoformat(str(last)) <= as_of
