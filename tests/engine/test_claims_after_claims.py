"""A claim that follows earlier claims never claims costs twice, nor interest for a day
already claimed (engine/claims.py; docs/dunning.md has the dated examples)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tijdig.domain.collection.policy import LegalNotice, StepChannel
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import statutory_costs, statutory_interest
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.engine.claims import announced_claim, legal_claim
from tijdig.engine.model import ClaimedBefore, ClaimPart

DUE = date(2026, 1, 30)
LETTER_TERM = date(2026, 2, 20)  # the day the consumers' 14-day letter's term ended
A = Invoice("A", "C", date(2026, 1, 1), DUE, Decimal("1000.00"))
B = Invoice("B", "C", date(2026, 1, 1), DUE, Decimal("60.50"))
C = Invoice("C", "C", date(2026, 1, 1), DUE, Decimal("250.00"))


def before(number: str, costs: str, interest: str = "0", on: date | None = None) -> ClaimedBefore:
    return ClaimedBefore(number, Decimal(costs), Decimal(interest), on)


def test_a_business_invoice_whose_costs_were_claimed_gets_none_again() -> None:
    """The case found: EUR 150 on A by a notice of default; the next message over A and
    C counted A's 150 again (190). Now only C's own EUR 40."""
    earlier = {"A": before("A", "150.00", "11.96", date(2026, 3, 13))}
    claim = legal_claim([A, C], law="NL", consumer=False, as_of=date(2026, 3, 24),
                        costs_from={}, earlier=earlier)  # fmt: skip
    assert claim.costs == Decimal("40.00")
    assert "A: costs 150.00 claimed earlier; not claimed again" in claim.explanation
    assert [(p.invoice_number, p.costs) for p in claim.parts] == [
        ("A", Decimal(0)), ("C", Decimal("40.00"))]  # fmt: skip


def test_interest_already_claimed_is_counted_from_the_day_after_its_message() -> None:
    earlier = {"A": before("A", "150.00", "11.96", date(2026, 3, 13))}
    claim = legal_claim([A], law="NL", consumer=False, as_of=date(2026, 3, 24),
                        costs_from={}, earlier=earlier)  # fmt: skip
    whole = statutory_interest(A.outstanding, DUE + timedelta(1), date(2026, 3, 24),
                               country="NL", commercial=True).total  # fmt: skip
    rest = statutory_interest(A.outstanding, date(2026, 3, 14), date(2026, 3, 24),
                              country="NL", commercial=True).total  # fmt: skip
    assert claim.parts == (ClaimPart("A", Decimal(0), rest),) and rest < whole
    assert "A: interest 3.06 from 2026-03-14 to 2026-03-24" in claim.explanation
    costs_only = {"A": before("A", "150.00", "0", date(2026, 3, 13))}  # no interest claimed
    assert legal_claim([A], law="NL", consumer=False, as_of=date(2026, 3, 24),
                       costs_from={}, earlier=costs_only).interest == whole  # fmt: skip


def test_a_consumer_letters_invoices_share_one_scale_when_claimed_apart() -> None:
    """A (1,000) claimed alone (150); B and C of the same letter later: the scale on
    1,310.50 (196.58) less 150, not 40 + 40 (6:96 lid 7 BW)."""
    letters = dict.fromkeys("ABC", LETTER_TERM)
    earlier = {"A": before("A", "150.00")}
    claim = legal_claim([B, C], law="NL", consumer=True, as_of=date(2026, 3, 2),
                        costs_from=letters, earlier=earlier, principals={"A": A.outstanding},
                        interest=False)  # fmt: skip
    total = statutory_costs(Decimal("1310.50"), country="NL", consumer=True).total
    assert claim.costs == total - Decimal("150.00") == Decimal("46.58")
    assert sum((p.costs for p in claim.parts), Decimal(0)) == claim.costs
    # A paid in full since: its claimed costs still count, its principal as 0.
    paid = legal_claim([B, C], law="NL", consumer=True, as_of=date(2026, 3, 2),
                       costs_from=letters, earlier=earlier, interest=False)  # fmt: skip
    assert paid.costs == Decimal(0)


def test_an_invoice_of_another_letter_is_not_added_to_this_letters_scale() -> None:
    letters = {"A": LETTER_TERM - timedelta(30), "C": LETTER_TERM}
    claim = legal_claim([C], law="NL", consumer=True, as_of=date(2026, 3, 2),
                        costs_from=letters, earlier={"A": before("A", "150.00")},
                        principals={"A": A.outstanding}, interest=False)  # fmt: skip
    assert claim.costs == Decimal("40.00")


def test_an_announcement_leaves_out_what_was_claimed() -> None:
    earlier = {"A": before("A", "150.00", "11.96", date(2026, 3, 13))}
    business = announced_claim([A, C], law="NL", consumer=False, as_of=date(2026, 3, 24),
                               channel=StepChannel.EMAIL, notice=LegalNotice.FORMAL_DEMAND,
                               earlier=earlier)  # fmt: skip
    assert business.costs == Decimal("40.00")
    letter = announced_claim([A, C], law="NL", consumer=True, as_of=date(2026, 3, 24),
                             channel=StepChannel.EMAIL, notice=LegalNotice.NL_FOURTEEN_DAY_LETTER,
                             earlier=earlier)  # fmt: skip
    assert letter.costs == Decimal("187.50") - Decimal("150.00")  # 15 % of 1,250, less 150
    assert letter.costs_from == date(2026, 4, 8)


def test_be_lump_sum_and_be_consumer_damages_are_not_claimed_twice() -> None:
    earlier = {"A": before("A", "40.00")}
    be_business = legal_claim([A, C], law="BE", consumer=False, as_of=date(2026, 3, 2),
                              costs_from={}, earlier=earlier, interest=False)  # fmt: skip
    assert be_business.costs == Decimal("40.00")  # C's lump sum only
    letters = {"A": LETTER_TERM, "C": LETTER_TERM}
    earlier = {"A": before("A", "90.00")}  # EUR 65 + 5 % of the 500 above 500 on A
    be_consumer = legal_claim([C], law="BE", consumer=True, as_of=date(2026, 3, 2),
                              costs_from=letters, earlier=earlier, clause=LEGAL_SCALE,
                              principals={"A": A.outstanding}, interest=False)  # fmt: skip
    total = statutory_costs(Decimal("1250.00"), country="BE", consumer=True).total
    assert be_consumer.costs == total - Decimal("90.00") == Decimal("12.50")


# A Belgian consumer's contract clause at the Book XIX maximum: the most a claim may be.
LEGAL_SCALE = DamagesClause("artikel 7", "schadebeding", interest_rate=Decimal("10.5"),
                            legal_scale=True)  # fmt: skip


# --- the property: over any sequence of claims, never more than the law allows --------

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(300000), places=2)
STEP = st.tuples(
    st.lists(st.integers(0, 3), min_size=1, max_size=4),  # the invoices a message claims on
    st.integers(1, 60),  # days after the previous message
    st.sampled_from(["none", "part", "full"]),  # a payment on the first of them before
)


def _pay(invoice: Invoice, how: str) -> Invoice | None:
    if how == "full":
        return None
    if how == "part":
        return replace(invoice, open_amount=(invoice.outstanding / 2).quantize(Decimal("0.01")))
    return invoice


def _record(earlier: dict[str, ClaimedBefore], parts: tuple[ClaimPart, ...], on: date) -> None:
    """What `record_sent` stores for a sent claim: its parts, per invoice."""
    for part in parts:
        old = earlier.get(part.invoice_number, ClaimedBefore(part.invoice_number))
        earlier[part.invoice_number] = ClaimedBefore(
            part.invoice_number, old.costs + part.costs, old.interest + part.interest,
            on if part.interest > 0 else old.interest_to,
        )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    principals=st.lists(AMOUNTS, min_size=1, max_size=4),
    steps=st.lists(STEP, min_size=1, max_size=5),
    law=st.sampled_from(["NL", "BE"]),
    consumer=st.booleans(),
    vat_uplift=st.booleans(),
)
def test_costs_claimed_over_any_sequence_of_messages_never_exceed_the_legal_amount(
    principals: list[Decimal],
    steps: list[tuple[list[int], int, str]],
    law: str,
    consumer: bool,
    vat_uplift: bool,
) -> None:
    """Business: per invoice, at most its own legal amount (6:96 lid 4 BW; BE lump sum).
    Consumer, one 14-day letter: together at most the scale on the principals added
    (6:96 lid 7 BW). Interest: at most the interest over the whole period, plus a cent
    of rounding per message."""
    original = [Invoice(f"F{n}", "C", date(2026, 1, 1), DUE, p) for n, p in enumerate(principals)]
    vat = vat_uplift and law == "NL"
    open_now = {i.number: i for i in original}
    earlier: dict[str, ClaimedBefore] = {}
    day = LETTER_TERM
    for chosen, days, payment in steps:
        day += timedelta(days)
        first = f"F{chosen[0] % len(original)}"
        if first in open_now:
            paid = _pay(open_now.pop(first), payment)
            open_now |= {first: paid} if paid else {}
        invoices = list({n: open_now[n] for i in chosen if (n := f"F{i % len(original)}")
                         in open_now}.values())  # fmt: skip
        claim = legal_claim(
            invoices, law=law, consumer=consumer, as_of=day, vat_uplift=vat,
            costs_from=dict.fromkeys(open_now | earlier, LETTER_TERM), earlier=earlier,
            principals={n: i.outstanding for n, i in open_now.items()}, clause=LEGAL_SCALE,
        )  # fmt: skip
        assert sum((p.costs for p in claim.parts), Decimal(0)) == claim.costs
        assert sum((p.interest for p in claim.parts), Decimal(0)) == claim.interest
        _record(earlier, claim.parts, day)
    legal = {i.number: _costs(i.outstanding, law, consumer, vat) for i in original}
    claimed = {n: e.costs for n, e in earlier.items()}
    if consumer:
        whole = sum(principals, Decimal(0))
        assert sum(claimed.values(), Decimal(0)) <= _costs(whole, law, consumer, vat)
    else:
        assert all(costs <= legal[n] for n, costs in claimed.items())
    messages = len(steps)
    for invoice in original:
        if law == "BE" and consumer:
            continue  # BE consumer interest starts at the term's end, below the bound
        bound = statutory_interest(invoice.outstanding, DUE + timedelta(1), day, country=law,
                                   commercial=not consumer).total  # fmt: skip
        got = earlier.get(invoice.number, ClaimedBefore(invoice.number)).interest
        assert got <= bound + Decimal("0.01") * messages


def _costs(principal: Decimal, law: str, consumer: bool, vat: bool) -> Decimal:
    return statutory_costs(principal, country=law, consumer=consumer, vat_uplift=vat).total
