"""Pure generation of demo rows from a seed: a Dutch wholesaler, its customers and contacts.

`generate(spec, ids)` yields `Batch`es of plain tuples in the column order of
`spec.COLUMNS`, parents before children, with primary keys assigned from `ids`.
Everything comes from one `random.Random(spec.seed)`; the as-of date is an argument and
the clock is never read, so the same seed and as-of date give the same rows.
The invoices, payments and allocations come from `ledger.py`; the customers' bank
accounts (and the `customer_ibans` matching learned from the booked payments) from
`accounts.py`; with `spec.bank_days`, `Demo.bank` holds the statements (`bank.py`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from tijdig.adapters.demo import names
from tijdig.adapters.demo.accounts import customer_iban, learned_iban_rows
from tijdig.adapters.demo.bank import BankBook, plan_bank
from tijdig.adapters.demo.habits import Habit, Payer, between, pick_habit
from tijdig.adapters.demo.history import Teller
from tijdig.adapters.demo.history_rows import HistoryRows
from tijdig.adapters.demo.ledger import Debtor, Ledger
from tijdig.adapters.demo.noise import Party
from tijdig.adapters.demo.spec import CHUNK, Batch, Day, DemoSpec, FirstIds, Row
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.parties import Customer, CustomerKind, Language

COMPANY_CODE = "DEMO"
COMPANY_TERM = 30


class Demo:
    """The demo company: `batches()` yields its rows; afterwards, with `spec.bank_days`,
    `bank` holds the statements of the payments held back from the ledger."""

    def __init__(self, spec: DemoSpec, ids: FirstIds) -> None:
        self.spec, self.ids = spec, ids
        self.bank: BankBook | None = None
        self.customers: list[Row] = []

    def batches(self) -> Iterator[Batch]:
        """Every row of the demo company, in batches, parents before children."""
        spec, ids = self.spec, self.ids
        rng = random.Random(spec.seed)
        yield Batch("companies", [company_row(spec, ids.companies)])
        yield Batch("bank_accounts", [(ids.bank_accounts, ids.companies, *COMPANY_BANK)])
        debtors, self.customers, contacts = make_customers(rng, spec, ids)
        yield from _chunked("customers", self.customers)
        yield from _chunked("contacts", contacts)
        ledger = Ledger(rng, spec=spec, ids=ids, debtors=debtors)
        yield from ledger.batches()
        countries = {d.id: d.country for d in debtors}
        paid = (ledger.times_paid, ledger.last_paid)
        learned = learned_iban_rows(spec.seed, ids.companies, ids.customer_ibans, countries, paid)
        yield from _chunked("customer_ibans", learned)
        if spec.history:
            yield from self._history(rng, debtors, ledger)
        if spec.bank_days:
            self.bank = plan_bank(
                spec.seed, spec.as_of, spec.bank_days, COMPANY_BANK, ledger.held, self.party
            )

    def _history(
        self, rng: random.Random, debtors: list[Debtor], ledger: Ledger
    ) -> Iterator[Batch]:
        """The collection history of the dunned invoices (history.py), as rows."""
        spec, ids = self.spec, self.ids
        teller = Teller(random.Random(f"tijdig-demo-history:{spec.seed}"), default_policy_set(),
                        spec.as_of)  # fmt: skip
        rows = HistoryRows(ids.companies, ids)
        for debtor in debtors:
            dunned = ledger.dunned.get(debtor.id)
            if dunned:
                customer = customer_of(self.customers[debtor.id - ids.customers])
                rows.add(debtor.id, teller.story(customer, debtor.payer.habit, dunned))
        yield from rows.batches()

    def party(self, customer_id: int) -> Party:
        """A customer as its bank shows it (the ids run on from `ids.customers`)."""
        row = self.customers[customer_id - self.ids.customers]
        iban = customer_iban(self.spec.seed, customer_id, str(row[5]))
        parent = row[13]
        return Party(str(row[3]), iban, str(row[2]), parent if isinstance(parent, int) else None,
                     row[4] == "consumer")  # fmt: skip


def generate(spec: DemoSpec, ids: FirstIds) -> Iterator[Batch]:
    """Every row of the demo company, in batches, parents before children."""
    return Demo(spec, ids).batches()


def _chunked(table: str, rows: list[Row]) -> Iterator[Batch]:
    for start in range(0, len(rows), CHUNK):
        yield Batch(table, rows[start : start + CHUNK])


COMPANY_BANK = ("NL21RABO0302874611", "RABONL2U")


def company_row(spec: DemoSpec, company_id: int) -> Row:
    created = datetime.combine(spec.as_of - timedelta(days=spec.months * 31), time(9), UTC)
    return (
        company_id, COMPANY_CODE, "Groothandel Van der Berg B.V.", "NL", "68750110",
        "NL826018154B01", COMPANY_TERM, True, "Industrieweg 14\n3542 AD Utrecht",
        "debiteuren@vanderberg-groothandel.nl", "+31 30 241 7700", created,
    )  # fmt: skip


def make_customers(
    rng: random.Random, spec: DemoSpec, ids: FirstIds
) -> tuple[list[Debtor], list[Row], list[Row]]:
    """Customer rows, their contacts, and what the ledger needs to know of each."""
    debtors: list[Debtor] = []
    customers: list[Row] = []
    contacts: list[Row] = []
    for index in range(spec.customers):
        customer_id = ids.customers + index
        parent = _parent(rng, customers)
        debtor, row = _customer(rng, spec, ids.companies, customer_id, parent)
        debtors.append(debtor)
        customers.append(row)
        first_contact = ids.contacts + len(contacts)
        contacts += _contacts(rng, spec, row, first_contact)
    return debtors, customers, contacts


def _parent(rng: random.Random, earlier: list[Row]) -> int | None:
    """About 3% of business customers belong to a group headed by an earlier business."""
    if len(earlier) < 10 or rng.random() >= 0.03:
        return None
    candidate = earlier[between(rng, 0, len(earlier) - 1)]
    return candidate[0] if candidate[4] == "business" and candidate[13] is None else None  # type: ignore[return-value]


def _customer(
    rng: random.Random, spec: DemoSpec, company_id: int, customer_id: int, parent: int | None
) -> tuple[Debtor, Row]:
    country = "NL" if rng.random() < 0.8 else "BE"
    consumer = parent is None and rng.random() < 0.15
    habit = pick_habit(rng, consumer=consumer)
    term = _term(rng, consumer=consumer)
    payer = _payer(rng, spec, habit, term)
    tolerance = max(0, payer.own_term - term + 3) if habit is Habit.OWN_TERM else 0
    who = (names.consumer_identity if consumer else names.business_identity)(rng, country)
    email = f"{who.person}@{who.domain}" if consumer else f"administratie@{who.domain}"
    row: Row = (
        customer_id, company_id, f"{10000 + customer_id - 1}", who.name,
        "consumer" if consumer else "business", country, "en" if rng.random() < 0.05 else "nl",
        None if term == COMPANY_TERM else term, tolerance, _contact_days(rng),
        None if consumer or rng.random() < 0.3 else rng.choice(names.SALES_OWNERS),
        None if consumer else rng.choice((250_000, 500_000, 1_000_000, 2_500_000, 5_000_000)),
        _credit_hold(rng, habit), parent, *_registration(rng, country, consumer=consumer),
        email, who.phone, who.address, None,
    )  # fmt: skip
    return Debtor(customer_id, payer, term, consumer, country), row


def _term(rng: random.Random, *, consumer: bool) -> int:
    if consumer:
        return 14
    return COMPANY_TERM if rng.random() < 0.85 else rng.choice((14, 45, 60))


def _payer(rng: random.Random, spec: DemoSpec, habit: Habit, term: int) -> Payer:
    if habit is Habit.OWN_TERM:
        return Payer(habit, own_term=max(term + 10, rng.choice((45, 50, 60))))
    if habit is Habit.DEFAULTS:
        stop = spec.as_of - timedelta(days=between(rng, 45, 400))
        return Payer(habit, default_from=stop.toordinal())
    return Payer(habit)


def _credit_hold(rng: random.Random, habit: Habit) -> bool:
    share = {Habit.DEFAULTS: 0.8, Habit.CHRONIC: 0.15}.get(habit, 0.005)
    return rng.random() < share


def _contact_days(rng: random.Random) -> str:
    if rng.random() < 0.9:
        return "tue,wed,thu,fri"
    return rng.choice(("wed", "tue,thu", "mon,tue,wed,thu,fri"))


def _registration(rng: random.Random, country: str, *, consumer: bool) -> tuple[str | None, ...]:
    """(VAT id, KvK or KBO number) of a business; none for a consumer."""
    if consumer:
        return (None, None)
    if country == "NL":
        return (names.nl_vat_id(rng), names.kvk_number(rng))
    number = names.be_enterprise_number(rng)
    return (f"BE{number}", number)


ROLES = (("accounts_payable", 1.0), ("purchasing", 0.5), ("management", 0.3))


def _contacts(rng: random.Random, spec: DemoSpec, customer: Row, first_id: int) -> list[Row]:
    """Accounts payable always; purchasing and management sometimes. None for consumers."""
    if customer[4] == "consumer":
        return []
    customer_id, company_id, country = customer[0], customer[1], str(customer[5])
    domain = str(customer[16]).split("@")[1]
    rows: list[Row] = []
    for role, share in ROLES:
        if rng.random() >= share:
            continue
        name = names.person_name(rng, country)
        email = f"{names.slug(name, sep='.')}@{domain}"
        mobile = names.phone(rng, country, mobile=True)
        checked = Day.fromordinal(spec.as_of.toordinal() - between(rng, 0, 900))
        verified = checked if rng.random() < 0.8 else None
        rows.append((first_id + len(rows), company_id, customer_id, name, role, email, mobile,
                     verified))  # fmt: skip
    return rows


def customer_of(row: Row) -> Customer:
    """The engine's customer from a customer row (as the run's loader makes it)."""
    term, tolerance, days = row[7], row[8], str(row[9])
    return Customer(
        number=str(row[2]), name=str(row[3]), kind=CustomerKind(str(row[4])), country=str(row[5]),
        language=Language(str(row[6])), payment_term_days=term if isinstance(term, int) else None,
        tolerance_days=int(tolerance) if isinstance(tolerance, int) else 0,
        contact_days=tuple(d for d in days.split(",") if d), email=str(row[16]),
        address=str(row[18]), id=int(row[0]) if isinstance(row[0], int) else None,
    )  # fmt: skip
