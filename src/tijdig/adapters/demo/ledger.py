"""Pure generation of the demo ledger: invoices month by month, and their settlement.

Each month gets its share of the invoices (seasonal, slowly growing, weekdays busier),
spread over the customers by weight. Every invoice's settlement is planned at once from
its customer's habit (see habits.py); payments and credit notes wait in a bucket for
their month, so payment and credit-note ids and numbers run in date order. Whatever
falls after the as-of date never happens: the invoice stays (partly) open. With
`spec.bank_days`, the EUR payments of the last days are held back for the bank
statements (`held`, see bank.py): their invoices stay open for them too.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from operator import itemgetter

from tijdig.adapters.demo.bank import booking_days
from tijdig.adapters.demo.habits import Payer, between, settlement
from tijdig.adapters.demo.history_input import HISTORY_WINDOW, LADDER_LEAD, Dunned
from tijdig.adapters.demo.noise import Held
from tijdig.adapters.demo.spec import Batch, Day, DemoSpec, FirstIds, Row

# January .. December: busy spring and run-up to Christmas, quiet summer.
# Days after a customer stops paying until the wholesaler stops delivering (S4-7).
DELIVERY_STOP = 60
SEASON = (0.85, 0.9, 1.15, 1.2, 1.2, 1.0, 0.7, 0.6, 1.0, 1.05, 1.25, 1.1)
GROWTH = 0.15  # more invoices in the last month than in the first
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.08, 0.02)
# Net amounts in cents: most between 50 and 5,000 euro, a few large.
BUSINESS_BANDS = ((5_000, 20_000), (20_000, 100_000), (100_000, 500_000),
                  (500_000, 2_500_000), (2_500_000, 10_000_000))  # fmt: skip
BUSINESS_CUM = (0.22, 0.62, 0.92, 0.985, 1.0)
CONSUMER_BANDS = ((2_000, 10_000), (10_000, 50_000), (50_000, 200_000))
CONSUMER_CUM = (0.4, 0.85, 1.0)
FOREIGN_SHARE = 0.008
PREPAID_SHARE = 0.03  # consumer invoices with a deposit paid up front
_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
# Weighted digit sums of 3-digit groups, group 0 rightmost (betalingskenmerk check).
_GROUP_SUMS = [
    [sum(int(d) * _WEIGHTS[(3 * g + k) % 10] for k, d in enumerate(reversed(f"{v:03d}")))
     for v in range(1000)]
    for g in range(5)
]  # fmt: skip


InvoiceInfo = tuple[str, str, int, int]  # number, payment reference, net, total
# day, invoice id, is a credit note, customer id, amount, currency, payment reference, invoice
Pending = tuple[int, int, bool, int, int, str, str | None, InvoiceInfo]


@dataclass(frozen=True, slots=True)
class Debtor:
    """What the ledger needs to know about one customer."""

    id: int
    payer: Payer
    term: int
    consumer: bool
    country: str


def kenmerk(body: int) -> str:
    """The 16-digit NL betalingskenmerk: check digit + 15 digits (fast path of
    `tijdig.domain.references.KENMERK.generate`, which the tests check it against)."""
    g0, g1, g2, g3, g4 = _GROUP_SUMS
    total = (
        g0[body % 1000]
        + g1[body // 1000 % 1000]
        + g2[body // 1_000_000 % 1000]
        + g3[body // 1_000_000_000 % 1000]
        + g4[body // 1_000_000_000_000]
    )
    check = 11 - total % 11
    return f"{ {10: 1, 11: 0}.get(check, check) }{body:015d}"


def month_list(spec: DemoSpec) -> list[tuple[int, int]]:
    """The (year, month) pairs of the spec's months, ending with the as-of month."""
    last = spec.as_of.year * 12 + spec.as_of.month - 1
    return [divmod(m, 12) for m in range(last - spec.months + 1, last + 1)]


def spread(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, largest remainders first."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def month_weights(spec: DemoSpec, months: list[tuple[int, int]]) -> list[float]:
    n = len(months)
    weights = [SEASON[m] * (1 + GROWTH * i / max(1, n - 1)) for i, (_, m) in enumerate(months)]
    days_in_last = (_first_of_next(spec.as_of) - timedelta(days=1)).day
    weights[-1] *= spec.as_of.day / days_in_last
    return weights


def _first_of_next(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class Ledger:
    """Invoices, credit notes, payments and allocations, month by month."""

    def __init__(
        self, rng: random.Random, *, spec: DemoSpec, ids: FirstIds, debtors: list[Debtor]
    ) -> None:
        self.rng, self.spec, self.company = rng, spec, ids.companies
        self.debtors = debtors
        self.cum = list(accumulate(self._weight(d) for d in debtors))
        self.next_id = {"invoices": ids.invoices, "payments": ids.payments,
                        "allocations": ids.allocations}  # fmt: skip
        self.numbers: dict[tuple[str, int], int] = defaultdict(int)
        self.pending: dict[int, list[Pending]] = defaultdict(list)
        self.as_of = spec.as_of.toordinal()
        year, month0 = month_list(spec)[0]
        first = date(year, month0 + 1, 1).toordinal()  # month_list counts months from 0
        self.dates = {o: Day.fromordinal(o) for o in range(first - 31, self.as_of + 400)}
        self.bank_from = self.as_of - spec.bank_days  # payments after it go to the bank
        self.booking = booking_days(spec.as_of, spec.bank_days)
        self.held: list[Held] = []
        self.times_paid: Counter[int] = Counter()  # payments booked, by customer id
        self.last_paid: dict[int, Day] = {}
        # The invoices a collection history is made for (history.py), by customer id.
        self.dunned: dict[int, list[Dunned]] = defaultdict(list)
        self.recent = self.as_of - HISTORY_WINDOW

    def _weight(self, debtor: Debtor) -> float:
        size = min(self.rng.paretovariate(1.2), 60.0)
        return size * (0.25 if debtor.consumer else 1.0)

    def _take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _number(self, series: str, year: int) -> int:
        self.numbers[series, year] += 1
        return self.numbers[series, year]

    def batches(self) -> Iterator[Batch]:
        months = month_list(self.spec)
        counts = spread(self.spec.invoices, month_weights(self.spec, months))
        for (year, month0), count in zip(months, counts, strict=True):
            invoices = self._month_invoices(year, month0, count)
            credits, payments, allocations = self._settle_month(year * 12 + month0)
            self.times_paid.update(map(_customer, payments))
            self.last_paid.update(map(_customer_paid_on, payments))
            yield Batch("invoices", invoices + credits, invoices=len(invoices))
            yield Batch("payments", payments)
            yield Batch("allocations", allocations)

    def _month_invoices(self, year: int, month0: int, count: int) -> list[Row]:
        first = date(year, month0 + 1, 1)
        last = min(_first_of_next(first).toordinal() - 1, self.as_of)
        days = list(range(first.toordinal(), last + 1))
        day_cum = list(accumulate(WEEKDAY_WEIGHT[self.dates[d].weekday()] for d in days))
        picked = zip(
            self.rng.choices(days, cum_weights=day_cum, k=count),
            self.rng.choices(self.debtors, cum_weights=self.cum, k=count),
            strict=True,
        )
        deliverable = [(day, self._deliverable(day, debtor)) for day, debtor in picked]
        return [self._invoice(debtor, day, year) for day, debtor in sorted(deliverable, key=_day)]

    def _deliverable(self, day: int, debtor: Debtor) -> Debtor:
        """A customer that stopped paying is put on a delivery stop a while later; its
        orders go to other customers, so the month keeps its volume."""
        for _ in range(20):  # bounded: a tiny demo may have only defaulters
            stop = debtor.payer.default_from
            if stop is None or day <= stop + DELIVERY_STOP:
                break
            debtor = self.rng.choices(self.debtors, cum_weights=self.cum)[0]
        return debtor

    def _invoice(self, debtor: Debtor, day: int, year: int) -> Row:
        rng = self.rng
        currency = "EUR"
        if not debtor.consumer and rng.random() < FOREIGN_SHARE:
            currency = rng.choice(("USD", "GBP"))
        net = self._net(debtor)
        total = net + (net * self._vat_rate(debtor, currency) + 50) // 100
        prepaid = total // 4 if debtor.consumer and rng.random() < PREPAID_SHARE else 0
        due = day + debtor.term
        invoice_id, seq = self._take("invoices"), self._number("F", year)
        number = f"{year}-{seq:06d}"
        reference = kenmerk((year % 100) * 10**13 + (debtor.id % 10**7) * 10**6 + seq)
        events = settlement(rng, debtor.payer, day, due, total - prepaid)
        info = (number, reference, net, total)
        settled, paid = self._schedule(events, debtor, invoice_id, currency, info)
        if self._dunned(due, total - prepaid - settled, paid):
            self.dunned[debtor.id].append(
                (invoice_id, number, day, due, currency, total, net, prepaid, paid, reference)
            )
        return (invoice_id, self.company, debtor.id, "invoice", number, self.dates[day],
                self.dates[due], currency, total, net, prepaid, total - prepaid - settled,
                reference, None, "demo")  # fmt: skip

    def _dunned(self, due: int, left: int, paid: tuple[tuple[int, int], ...]) -> bool:
        """Whether the invoice gets a collection history (history_input.py): one whose
        first step could go before the as-of date, still open or paid late of late."""
        if due - LADDER_LEAD >= self.as_of:
            return False
        return left > 0 or (due >= self.recent and paid[-1][0] > due - LADDER_LEAD)

    def _net(self, debtor: Debtor) -> int:
        bands, cum = (
            (CONSUMER_BANDS, CONSUMER_CUM) if debtor.consumer else (BUSINESS_BANDS, BUSINESS_CUM)
        )
        low, high = bands[bisect(cum, self.rng.random())]
        return between(self.rng, low, high - 1)

    def _vat_rate(self, debtor: Debtor, currency: str) -> int:
        """21% mostly, 9% on some goods; none abroad in foreign currency or reverse-charged."""
        if currency != "EUR" or (debtor.country == "BE" and not debtor.consumer):
            return 0
        return 9 if self.rng.random() < 0.15 else 21

    def _schedule(
        self,
        events: list[tuple[int, int, bool]],
        debtor: Debtor,
        invoice_id: int,
        currency: str,
        invoice: InvoiceInfo,
    ) -> tuple[int, tuple[tuple[int, int], ...]]:
        """Put the events up to the as-of date in their month's bucket, or the payments of
        the last days aside for the bank (when in EUR); the sum settled, and the (day,
        amount) of each settlement booked."""
        settled, paid = 0, tuple[tuple[int, int], ...]()
        for day, amount, is_credit in events:
            if day > self.as_of:
                continue
            reference = None if is_credit else self._payment_reference(invoice)
            if day > self.bank_from and not is_credit and currency == "EUR":
                self._hold(day, debtor.id, invoice_id, amount, reference, invoice[0])
                continue
            settled += amount
            paid += ((day, amount),)
            when = self.dates[day]
            self.pending[when.year * 12 + when.month - 1].append(
                (day, invoice_id, is_credit, debtor.id, amount, currency, reference, invoice)
            )
        return settled, paid

    def _hold(
        self, day: int, customer: int, invoice: int, amount: int, ref: str | None, number: str
    ) -> None:
        """A payment for the bank statements, unless it reaches the account after as-of."""
        booked = self.booking[day]
        if booked is not None:
            self.held.append((booked, customer, invoice, amount, ref, number))

    def _payment_reference(self, invoice: InvoiceInfo) -> str | None:
        """Mostly the structured reference; sometimes the invoice number, or nothing."""
        roll = self.rng.random()
        if roll < 0.75:
            return invoice[1]
        return f"Factuur {invoice[0]}" if roll < 0.92 else None

    def _settle_month(self, month: int) -> tuple[list[Row], list[Row], list[Row]]:
        """Credit notes, payments and allocations dated in `month`, in date order."""
        credits: list[Row] = []
        payments: list[Row] = []
        allocations: list[Row] = []
        for event in sorted(self.pending.pop(month, []), key=itemgetter(0, 1)):
            day, invoice_id, is_credit, customer_id, amount, currency, reference, _ = event
            when = self.dates[day]
            if is_credit:
                credit_id = self._take("invoices")
                credits.append(self._credit_note(credit_id, when, event))
                pair: tuple[int | None, int | None] = (None, credit_id)
            else:
                payment_id = self._take("payments")
                payments.append(
                    (payment_id, self.company, customer_id, when, amount, currency, reference)
                )
                pair = (payment_id, None)
            allocations.append(
                (self._take("allocations"), self.company, invoice_id, *pair, amount, when)
            )
        return credits, payments, allocations

    def _credit_note(self, credit_id: int, when: date, event: Pending) -> Row:
        """A credit note for part or all of an invoice, its net in proportion."""
        _, _, _, customer_id, amount, currency, _, (number, _, net, total) = event
        seq = self._number("C", when.year)
        credit_net = (2 * amount * net + total) // (2 * total)
        return (credit_id, self.company, customer_id, "credit_note", f"C{when.year}-{seq:05d}",
                when, when, currency, amount, credit_net, 0, 0, None,
                f"Creditnota bij factuur {number}", "demo")  # fmt: skip


def _day(pair: tuple[int, Debtor]) -> int:
    return pair[0]


_customer = itemgetter(2)  # of a payment row
_customer_paid_on = itemgetter(2, 3)
