"""`tijdig demo-data --bank-days`: customer IBANs, and CAMT.053 statements of the latest
payments that left their invoices open."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from lxml import etree
from schwifty import IBAN
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from tijdig.adapters.db.engine import make_engine, migrate
from tijdig.adapters.demo.accounts import NL_BANKS, be_iban, customer_iban, nl_iban
from tijdig.adapters.demo.bank import OPENING_BALANCE, BankBook, Statement, bank_open
from tijdig.adapters.demo.camt import NAMESPACE, statement_xml, write_statements
from tijdig.adapters.demo.generator import Demo
from tijdig.adapters.demo.loader import LoadResult, load_demo
from tijdig.adapters.demo.noise import Entry, typo
from tijdig.adapters.demo.spec import DemoSpec, FirstIds
from tijdig.adapters.importers.camt053 import extract
from tijdig.domain.references import KENMERK
from tijdig.entrypoints.cli.demo import demo_data_command

AS_OF = date(2026, 11, 23)  # a Monday
BANK_DAYS = 30
SPEC = DemoSpec(as_of=AS_OF, customers=200, invoices=4000, seed=42, bank_days=BANK_DAYS)
NS = {"c": NAMESPACE}
TABLES = ("customers", "contacts", "invoices", "payments", "allocations", "customer_ibans")


@dataclass(frozen=True)
class Loaded:
    engine: Engine
    result: LoadResult
    book: BankBook
    files: list[Path]


def _load(path: Path, spec: DemoSpec) -> tuple[Engine, LoadResult]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine, load_demo(engine, spec)


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    folder = tmp_path_factory.mktemp("bank")
    engine, result = _load(folder / "demo.db", SPEC)
    assert result.bank is not None
    return Loaded(engine, result, result.bank, write_statements(result.bank, folder / "files"))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The same demo without bank days: everything booked directly."""
    engine, _ = _load(tmp_path_factory.mktemp("plain") / "demo.db", _without_bank(SPEC))
    return engine


def _without_bank(spec: DemoSpec) -> DemoSpec:
    return DemoSpec(spec.as_of, spec.customers, spec.invoices, spec.seed, spec.months)


def _entries(book: BankBook) -> list[Entry]:
    return [e for s in book.statements for e in s.entries]


def _amount(element: etree._Element) -> Decimal:
    """The signed amount of a Bal or Ntry element."""
    value = Decimal(str(element.findtext("c:Amt", namespaces=NS)))
    return value if element.findtext("c:CdtDbtInd", namespaces=NS) == "CRDT" else -value


def test_customer_ibans_are_valid_for_their_country() -> None:
    for customer_id in range(1, 2000):
        for country in ("NL", "BE"):
            iban = IBAN(customer_iban(7, customer_id, country), validate_bban=True)
            assert iban.country_code == country
    assert nl_iban("ABNA", 417164300) == "NL91ABNA0417164300"  # the IBAN registry example
    assert be_iban("539", 75470) == "BE68539007547034"
    banks = {IBAN(customer_iban(7, c, "NL")).bank_code for c in range(1, 200)}
    assert banks == set(NL_BANKS)
    assert {"INGB", "RABO", "ABNA"} <= banks


def test_every_customer_that_paid_has_its_iban_learned(loaded: Loaded) -> None:
    learned = _rows(loaded.engine, "SELECT customer_id, iban, times_seen, last_seen "
                                   "FROM customer_ibans ORDER BY customer_id")  # fmt: skip
    paid = _rows(loaded.engine, "SELECT customer_id, count(*), max(paid_on) FROM payments "
                                "GROUP BY customer_id ORDER BY customer_id")  # fmt: skip
    assert [(c, n, str(last)) for c, _, n, last in learned] == [(c, n, str(d)) for c, n, d in paid]
    countries = dict(_rows(loaded.engine, "SELECT id, country FROM customers"))
    for customer_id, iban, _, _ in learned:
        assert IBAN(str(iban), validate_bban=True).country_code == countries[customer_id]
        assert iban == customer_iban(SPEC.seed, int(str(customer_id)), str(countries[customer_id]))


def test_the_files_validate_against_the_camt053_schema(loaded: Loaded, corpus: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(corpus / "xsd" / "camt.053.001.02.xsd")))
    assert loaded.files
    for path in loaded.files:
        schema.assertValid(etree.parse(str(path)))


def test_there_is_one_statement_per_business_day_up_to_the_as_of_date(loaded: Loaded) -> None:
    window = [AS_OF - timedelta(days=n) for n in range(BANK_DAYS)]
    days = sorted(d for d in window if bank_open(d))
    assert [s.day for s in loaded.book.statements] == days
    assert [p.name for p in loaded.files] == [f"camt053-demo-{d}.xml" for d in days]
    assert days[-1] == AS_OF
    assert not bank_open(date(2026, 12, 25))
    assert not bank_open(date(2026, 4, 3))  # Good Friday
    assert bank_open(date(2026, 4, 27))  # King's Day: banks book


def test_the_balances_chain_from_the_opening_balance(loaded: Loaded) -> None:
    previous = Decimal(OPENING_BALANCE) / 100
    for path in loaded.files:
        stmt = etree.parse(str(path)).find("c:BkToCstmrStmt/c:Stmt", NS)
        assert stmt is not None
        opening, closing = (_amount(b) for b in stmt.findall("c:Bal", NS))
        moved = sum((_amount(n) for n in stmt.findall("c:Ntry", NS)), Decimal(0))
        assert opening == previous
        assert opening + moved == closing
        previous = closing


def test_each_invoice_stays_open_by_exactly_what_the_bank_credits_for_it(
    loaded: Loaded, plain: Engine
) -> None:
    """Against the same data booked directly (the as-of date is a business day, so no
    payment is still underway): every invoice is open by its credited amounts more."""
    owed: Counter[int] = Counter()
    for entry in _entries(loaded.book):
        if entry.amount > 0:
            assert entry.amount == sum(amount for _, amount in entry.parts)
            for invoice_id, amount in entry.parts:
                owed[invoice_id] += amount
    assert owed
    sql = "SELECT id, open_minor, currency FROM invoices ORDER BY id"
    direct = {i: (o, c) for i, o, c in _rows(plain, sql)}
    for invoice_id, open_minor, currency in _rows(loaded.engine, sql):
        assert open_minor == direct[invoice_id][0] + owed[invoice_id]  # type: ignore[operator]
        assert currency == "EUR" or not owed[invoice_id]
    held = _rows(plain, "SELECT count(*) FROM payments")[0][0]
    # a partial payment from an unknown account and its rest pay one held payment
    split = sum(1 for e in _entries(loaded.book) if {"partial", "unknown-payer"} <= set(e.noise))
    parts = sum(len(e.parts) for e in _entries(loaded.book))
    assert loaded.result.counts["payments"] + parts - split == held


def test_the_files_hold_the_planned_entries(loaded: Loaded) -> None:
    planned = [(e.bank_ref, Decimal(e.amount) / 100) for e in _entries(loaded.book)]
    written = []
    for path in loaded.files:
        for ntry in etree.parse(str(path)).iterfind(".//c:Ntry", NS):
            written.append((ntry.findtext("c:AcctSvcrRef", namespaces=NS), _amount(ntry)))
    assert written == planned
    assert len({ref for ref, _ in written}) == len(written)


def test_only_foreign_currency_payments_are_booked_in_the_window(loaded: Loaded) -> None:
    start = (AS_OF - timedelta(days=BANK_DAYS - 1)).isoformat()
    booked = _rows(
        loaded.engine, f"SELECT DISTINCT currency FROM payments WHERE paid_on >= '{start}'"
    )
    assert {c for (c,) in booked} <= {"USD", "GBP"}
    before = _rows(loaded.engine, f"SELECT count(*) FROM payments WHERE paid_on < '{start}'")
    assert before[0][0] > 0  # type: ignore[operator]


def test_references_and_noise_look_like_a_real_bank_file(loaded: Loaded) -> None:
    entries = _entries(loaded.book)
    noise = Counter(n for e in entries for n in e.noise)
    assert {"combined", "typo", "loose-kenmerk", "costs", "parent", "vague"} <= set(noise)
    structured = [e.reference for e in entries if e.reference is not None]
    assert structured
    assert all(KENMERK.is_valid(r) for r in structured)
    assert sum(1 for e in entries if e.remittance.startswith("Factuur 2026-")) > 0
    for entry in entries:
        if "costs" in entry.noise:
            assert entry.amount < 0 and entry.iban is None and not entry.parts
        if "combined" in entry.noise:
            assert len(entry.parts) == 2 and entry.reference is None
    assert noise["typo"] < len(entries) / 5


def test_a_handful_of_lines_need_a_person(loaded: Loaded) -> None:
    """Unknown payers (a private account, nothing in the text), partial payments from an
    unknown account, two invoices paid together from one: a few, never the bulk."""
    entries = _entries(loaded.book)
    strangers = [e for e in entries if "unknown-payer" in e.noise]
    assert 3 <= len(strangers) <= 5
    known = {e.iban for e in entries if "unknown-payer" not in e.noise}
    assert all(e.iban not in known and e.reference is None for e in strangers)
    partial = [e for e in strangers if "partial" in e.noise]
    assert partial and all(e.remittance.startswith("Deelbetaling factuur") for e in partial)
    rest = {(e.booked, e.parts[0][0]) for e in entries if e not in strangers and len(e.parts) == 1}
    assert all((e.booked, e.parts[0][0]) in rest for e in partial)


def test_a_typo_changes_the_number() -> None:
    rng = random.Random(3)
    for number in ("2026-000123", "2025-001100", "2026-000011"):
        for _ in range(20):
            assert typo(rng, number) != number


def test_names_are_escaped_in_the_xml() -> None:
    entry = Entry(AS_OF.toordinal(), 12_345, "Bakker & Zn. <B.V.> \"'", "NL91ABNA0417164300",
                  None, "Factuur 2026-000001 & 2026-000002", "E2E", bank_ref="R1")  # fmt: skip
    book = BankBook("NL21RABO0302874611", "RABONL2U", (Statement(AS_OF, 0, (entry,)),))
    root = etree.fromstring(statement_xml(book, book.statements[0]))
    assert root.findtext(".//c:Dbtr/c:Nm", namespaces=NS) == "Bakker & Zn. <B.V.> \"'"
    assert root.findtext(".//c:Ustrd", namespaces=NS) == "Factuur 2026-000001 & 2026-000002"
    assert root.findtext(".//c:Ntry/c:Amt", namespaces=NS) == "123.45"


def _statement_files(spec: DemoSpec) -> list[bytes]:
    demo = Demo(spec, FirstIds())
    for _ in demo.batches():
        pass
    assert demo.bank is not None
    return [statement_xml(demo.bank, s) for s in demo.bank.statements]


def test_the_same_seed_as_of_and_bank_days_give_identical_files(loaded: Loaded) -> None:
    again = _statement_files(SPEC)
    assert again == [p.read_bytes() for p in loaded.files]
    other = DemoSpec(as_of=AS_OF, customers=200, invoices=4000, seed=7, bank_days=BANK_DAYS)
    assert _statement_files(other) != again


def test_no_bank_days_changes_nothing(tmp_path: Path, loaded: Loaded, plain: Engine) -> None:
    plain_spec = _without_bank(SPEC)
    zero, result = _load(tmp_path / "zero.db", replace(plain_spec, bank_days=0))
    assert result.bank is None
    counted = _counts(plain)  # the ledger's tables; the history has its own test
    assert counted == {table: result.counts[table] for table in counted}
    for table in TABLES:
        sql = f"SELECT * FROM {table} ORDER BY id"
        assert _rows(plain, sql) == _rows(zero, sql)
    assert loaded.result.counts["invoices"] == result.counts["invoices"]
    assert loaded.result.counts["payments"] < result.counts["payments"]


def _counts(engine: Engine) -> dict[str, int]:
    names = ("companies", "bank_accounts", *TABLES)
    return {t: int(str(_rows(engine, f"SELECT count(*) FROM {t}")[0][0])) for t in names}


def test_the_command_writes_the_files_and_says_what_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    app = typer.Typer()
    app.command()(demo_data_command)
    folder = tmp_path / "statements"
    folder.mkdir()
    (folder / "camt053-demo-2020-01-01.xml").write_text("stale")
    args = ["--customers", "20", "--invoices", "300", "--as-of", "2026-11-23",
            "--bank-days", "10", "--bank-dir", str(folder)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"tijdig import bank {folder}/*.xml" in result.output.replace("\n", "")
    names = sorted(p.name for p in folder.glob("*.xml"))
    assert names[-1] == "camt053-demo-2026-11-23.xml"
    assert len(names) == 6  # the business days from 14 to 23 November 2026


def test_the_files_import_with_the_camt053_importer(loaded: Loaded) -> None:
    for path, planned in zip(loaded.files, loaded.book.statements, strict=True):
        result = extract(path)
        assert result.issues == ()
        (statement,) = result.items
        assert statement.account == loaded.book.iban and statement.currency == "EUR"
        assert statement.opening_balance == Decimal(planned.opening) / 100
        assert statement.closing_balance == Decimal(planned.closing) / 100
        assert statement.closing_date == planned.day and statement.reconciles
        lines = statement.transactions
        assert [t.amount for t in lines] == [Decimal(e.amount) / 100 for e in planned.entries]
        assert [t.bank_reference for t in lines] == [e.bank_ref for e in planned.entries]
        for line, entry in zip(lines, planned.entries, strict=True):
            assert line.booking_date == planned.day and line.booked
            assert (line.counterparty_iban, line.structured_reference) == (
                entry.iban,
                entry.reference,
            )
            assert line.remittance == entry.remittance
