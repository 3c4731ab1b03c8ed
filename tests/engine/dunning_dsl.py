"""Reads the worked examples of docs/dunning.md, so the document is the test.

Every table whose header is `| # | as_of | customer | invoices | taken | expect |`
is one rule's date table; each row is one example. Cells (tokens separated by
`,` in customer, by `;` elsewhere; `-` or empty means none):

- as_of: `2026-03-10` (anything after the date, like `(Tue)`, is a comment).
- customer: `NL`/`BE`/`DE`, `business`/`consumer`, `tolerance 5`, `term 60`,
  `contact tue/wed`, `last message 2026-03-05`, `dispute F1 2026-03-01`,
  `promise 2026-03-20`, `bank 2026-03-01`, `no bank import`, `paid 4 late 3`,
  `open calls 1`, `large 1000`, `auto approve`, `cannot deduct VAT`, `risk high`,
  `clause legal interest 10.5` / `clause damages 10 min 25 max 500` (the company's
  damages clause for Belgian consumers),
  `claimed F1 costs 75.00 interest 2.92 on 2026-03-20` (sent earlier; `interest` and
  `on` optional). The company is Dutch, with a bank statement imported on as_of
  unless told.
- invoices: `F1 due 2026-02-27 500.00`, then optionally `issued 2026-02-01`
  (default: 30 days before due), `credit`, `USD`.
- taken: `F1 reminder 2026-03-06`, optionally `letter` (the channel; default email),
  `deadline 2026-03-20` (the day its message asked payment by; default: the deadline
  Tijdig states when it sends that step alone), `legacy` (recorded before deadlines
  were stored: none).
- expect: `nothing` | `propose STEP` | `lines F1=reminder F2=-` | `covers F1 F2` |
  `claims costs 75.00 interest 2.25` | `announces costs 75.00 from 2026-04-01` |
  `hold TEXT` (a hold of the customer containing TEXT) | `hold F1 TEXT` (of invoice
  F1) | `warn TEXT` | `call 2026-03-11` | `no call` | `reason TEXT` | `auto` | `hand over`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from tijdig.domain.collection.policy import Policy, PolicySet
from tijdig.domain.collection.records import Dispute, Promise, ReasonCode, StepTaken
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.engine.deadline import next_step, stated_deadline
from tijdig.engine.model import (
    ClaimedBefore,
    CollectionSettings,
    CompanyState,
    CustomerState,
    PaymentRecord,
)
from tijdig.engine.schedule import step_date
from tijdig.engine.segments import choose_policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "dunning.md"
HEADER = ["#", "as_of", "customer", "invoices", "taken", "expect"]


@dataclass(frozen=True)
class Example:
    name: str
    as_of: date
    state: CustomerState
    company: CompanyState
    expect: tuple[str, ...]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _items(cell: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip() not in {"", "-"}]


def _invoice(text: str) -> Invoice:
    words = text.split()
    number, due, amount = words[0], date.fromisoformat(words[2]), Decimal(words[3])
    issued = due - timedelta(days=30)
    if "issued" in words:
        issued = date.fromisoformat(words[words.index("issued") + 1])
    kind = InvoiceKind.CREDIT_NOTE if "credit" in words else InvoiceKind.INVOICE
    currency = "USD" if "USD" in words else "EUR"
    return Invoice(number, "C1", issued, due, amount, kind=kind, currency=currency)


def _taken(text: str) -> StepTaken:
    words = text.split()
    channel = "letter" if "letter" in words[3:] else "email"
    deadline = None
    if "deadline" in words:
        deadline = date.fromisoformat(words[words.index("deadline") + 1])
    taken = StepTaken(words[0], words[1], date.fromisoformat(words[2]), channel, deadline)
    return replace(taken, channel=f"{channel}:legacy") if "legacy" in words else taken


def with_stated_deadlines(state: CustomerState, policies: PolicySet) -> CustomerState:
    """Steps taken without a `deadline` stated the one Tijdig states today when it
    sends that step alone (engine/deadline.py); `legacy` ones stated none (recorded
    before deadlines were stored)."""
    policy = choose_policy(state.customer, policies)
    invoices = {i.number: i for i in state.invoices}
    return replace(
        state,
        steps_taken=tuple(_stated(t, policy, invoices, state.customer) for t in state.steps_taken),
    )


def _stated(
    taken: StepTaken, policy: Policy, invoices: dict[str, Invoice], customer: Customer
) -> StepTaken:
    if taken.channel.endswith(":legacy"):
        return replace(taken, channel=taken.channel.removesuffix(":legacy"))
    invoice = invoices.get(taken.invoice_number)
    if taken.deadline is not None or invoice is None:
        return taken
    step = policy.steps[policy.index_of(taken.step_key)]
    after = next_step(step, policy)
    following = [step_date(after, invoice, taken, customer, earlier=0)] if after else []
    deadline = stated_deadline(
        step, sent_on=taken.taken_on, channel=taken.channel, first_due=invoice.due_date,
        next_steps_on=following,
    )  # fmt: skip
    return replace(taken, deadline=deadline)


def _customer(tokens: list[str]) -> Customer:
    customer = Customer("C1", "Klant BV")
    for token in tokens:
        words = token.split()
        if re.fullmatch(r"[A-Z]{2}", token):
            customer = replace(customer, country=token)
        elif token in {"business", "consumer"}:
            customer = replace(customer, kind=CustomerKind(token))
        elif words[0] == "tolerance":
            customer = replace(customer, tolerance_days=int(words[1]))
        elif words[0] == "term":
            customer = replace(customer, payment_term_days=int(words[1]))
        elif words[0] == "contact":
            customer = replace(customer, contact_days=tuple(words[1].split("/")))
        elif words[0] == "risk":
            customer = replace(customer, risk_class=words[1])
    return customer


def _state(tokens: list[str], invoices: list[Invoice], taken: list[StepTaken]) -> CustomerState:
    state = CustomerState(_customer(tokens), tuple(invoices), tuple(taken))
    for token in tokens:
        words = token.split()
        if token.startswith("last message"):
            state = replace(state, last_message_on=date.fromisoformat(words[2]))
        elif words[0] == "dispute":
            dispute = Dispute(words[1], ReasonCode.DISSATISFIED, date.fromisoformat(words[2]))
            state = replace(state, disputes=(*state.disputes, dispute))
        elif words[0] == "promise":
            promise = Promise("C1", date.fromisoformat(words[1]), date(2000, 1, 1))
            state = replace(state, promises=(promise,))
        elif words[0] == "paid":
            state = replace(state, record=PaymentRecord(int(words[1]), int(words[3])))
        elif token.startswith("open calls"):
            state = replace(state, open_calls=int(words[2]))
        elif words[0] == "claimed":
            state = replace(state, claimed=(*state.claimed, _claimed(words[1:])))
    return state


def _claimed(words: list[str]) -> ClaimedBefore:
    """`F1 costs 75.00 interest 2.92 on 2026-03-20`: claimed in a message sent earlier."""
    pairs = dict(zip(words[1::2], words[2::2], strict=True))
    on = date.fromisoformat(pairs["on"]) if "on" in pairs else None
    return ClaimedBefore(
        words[0], Decimal(pairs.get("costs", "0")), Decimal(pairs.get("interest", "0")), on
    )


def _clause(words: list[str]) -> DamagesClause:
    """`legal` (damages at the Book XIX maximum) or `damages 10 min 25 max 500`, then
    optionally `interest 8`: the company's clause for Belgian consumers."""
    legal = words[0] == "legal"
    rest = words[1:] if legal else words
    pairs = dict(zip(rest[::2], rest[1::2], strict=True))
    rate = Decimal(pairs["interest"]) if "interest" in pairs else None
    return DamagesClause(
        "artikel 7 van de algemene voorwaarden", "Bij niet-betaling ...", interest_rate=rate,
        damages_percent=Decimal(pairs.get("damages", "0")),
        damages_minimum=Decimal(pairs.get("min", "0")),
        damages_maximum=Decimal(pairs["max"]) if "max" in pairs else None,
        legal_scale=legal,
    )  # fmt: skip


def _company(tokens: list[str], as_of: date) -> CompanyState:
    company = CompanyState(
        Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=as_of
    )
    settings = CollectionSettings()
    for token in tokens:
        words = token.split()
        if token == "no bank import":
            company = replace(company, has_bank_import=False, last_statement_on=None)
        elif words[0] == "bank":
            company = replace(company, last_statement_on=date.fromisoformat(words[1]))
        elif words[0] == "large":
            settings = replace(settings, large_amount=Decimal(words[1]))
        elif token == "auto approve":
            settings = replace(settings, auto_approve_friendly=True)
        elif token == "cannot deduct VAT":
            company = replace(company, company=replace(company.company, can_deduct_vat=False))
        elif words[0] == "clause":
            company = replace(company, clause=_clause(words[1:]))
    return replace(company, settings=settings)


def _example(section: str, cells: list[str]) -> Example:
    number, as_of_cell, customer, invoices, taken, expect = cells
    as_of = date.fromisoformat(as_of_cell[:10])
    tokens = _items(customer, ",")
    bills = [_invoice(text) for text in _items(invoices)]
    state = _state(tokens, bills, [_taken(text) for text in _items(taken)])
    company = _company(tokens, as_of)
    return Example(f"{section} #{number}", as_of, state, company, tuple(_items(expect)))


def read_examples(path: Path = DOC) -> list[Example]:
    """Every example row of every date table in the document."""
    examples, section, in_table = [], "", False
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif line.startswith("|") and _cells(line) == HEADER:
            in_table = True
        elif in_table and line.startswith("|"):
            if not set(line) <= set("|-: "):
                examples.append(_example(section, _cells(line)))
        else:
            in_table = False
    return examples
