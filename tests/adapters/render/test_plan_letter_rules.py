"""The letter rule checker on the payment plan letters: the confirmation of a plan in
force and the reminder of a missed plan instalment, for a Dutch and a Belgian creditor,
a business and a consumer, read back as the debtor reads them (the e-mail's text and
HTML, and the letter PDF) and held against dated cases worked out by hand below. As in
test_letter_rules.py, the checker never calls the calculators that made the plan: each
plan instalment, total and reference is written out here.

References by hand: `9`, the plan id and the plan instalment's number in two digits;
a betalingskenmerk's check digit is 11 - (the weighted sum mod 11) with the weights
2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the right; an OGM's last two digits are the first ten
mod 97. New days to pay by: a week after the reminder, on a business day.

Language: rendered with the marker locale (marker_locale.py), nothing but data is left
outside the markers, in Dutch and in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.adapters.render.letter_cases import (
    BE_BUSINESS,
    BE_COMPANY,
    BE_CONSUMER,
    NL_BUSINESS,
    NL_COMPANY,
    NL_CONSUMER,
)
from tests.adapters.render.marker_locale import leaks, marked_templates
from tests.adapters.render.test_letter_rules import pdf_text, plain
from tijdig.adapters.render.formatting import format_iban
from tijdig.adapters.render.plan_letters import PlanLetterRenderer
from tijdig.domain.collection.plan_letters import (
    Fallback,
    PlanLetter,
    confirmation,
    missed_pay_by,
    missed_reminder,
)
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment, PlanStatus
from tijdig.domain.parties import Company, Customer, Language

D = Decimal
RENDERERS: dict[Path | None, PlanLetterRenderer] = {}


@dataclass(frozen=True)
class PlanCase:
    name: str
    company: Company
    customer: Customer
    plan_id: int
    plan: PaymentPlan
    fallback: Fallback
    # (number, due, amount, reference) per plan instalment, as printed (nl)
    rows: tuple[tuple[str, str, str, str], ...]
    missed_on: date  # the reminder of plan instalment 1 is written then ...
    pay_by: str  # ... and asks payment by then
    expect: tuple[str, ...] = ()  # in both letters
    absent: tuple[str, ...] = ()
    confirmation_expect: tuple[str, ...] = field(default=())
    missed_expect: tuple[str, ...] = field(default=())


Part = tuple[int, date, str]


def _plan(customer: Customer, numbers: tuple[str, ...], principal: str, costs: str,
          interest: str, parts: list[Part], *, ref: str,
          order: str = "") -> PaymentPlan:  # fmt: skip
    return PaymentPlan(
        customer.number, ref, numbers, "EUR", D(principal), D(costs), D(interest),
        tuple(PlanInstalment(n, due, D(amount)) for n, due, amount in parts),
        date(2026, 4, 14), status=PlanStatus.IN_FORCE, payment_order=order,
        accepted_on=date(2026, 4, 15),
    )  # fmt: skip


NL_ORDER = "costs_interest_principal_6_44"
CONSEQUENCE_NL = ("dan vervalt de betalingsregeling en is het bedrag dat dan nog openstaat in "
                  "één keer opeisbaar.")  # fmt: skip
PLAN_CASES = (
    PlanCase(
        "NL business: F-101 with costs and commercial interest, a deposit and two parts",
        NL_COMPANY,
        NL_BUSINESS,
        3,
        _plan(
            NL_BUSINESS,
            ("F-101",),
            "1000.00",
            "150.00",
            "9.73",
            [
                (0, date(2026, 4, 20), "159.73"),
                (1, date(2026, 5, 1), "500.00"),
                (2, date(2026, 6, 1), "500.00"),
            ],
            order=NL_ORDER,
            ref="3900000000000003",
        ),
        Fallback.AGENCY,
        (
            ("Aanbetaling", "20 april 2026", "€ 159,73", "3900 0000 0000 0003"),
            ("1", "1 mei 2026", "€ 500,00", "3900 0000 0000 0003"),
            ("2", "1 juni 2026", "€ 500,00", "3900 0000 0000 0003"),
        ),
        # Thu 7 May + 7 = Thu 14 May, Ascension Day; Fri 15 May is equated to a holiday
        # by decree (Atw): Monday
        date(2026, 5, 7),
        "18 mei 2026",
        expect=(
            "Openstaande facturen € 1.000,00",
            "Kosten € 150,00",
            "Rente € 9,73",
            "Totaal van de regeling € 1.159,73",
            "Wij dragen de vordering dan over aan een incassobureau.",
            "NL91 ABNA 0417 1643 00",
            "KvK-nummer 12345678",
        ),
        confirmation_expect=(
            "Een betaling strekt eerst in mindering op de kosten, dan op de rente en daarna "
            "op de hoofdsom (art. 6:44 BW).",
            "Op 15 april 2026 heeft u schriftelijk ingestemd met een "
            "betalingsregeling voor factuur F-101.",
            "U betaalt in totaal € 1.159,73: een aanbetaling van € 159,73 en daarna 2 "
            "termijnen, volgens het schema hieronder.",
            "Is een termijn op de werkdag na de dag in het schema niet volledig op onze "
            "rekening ontvangen, dan bellen wij u de werkdag daarna en sturen wij u een "
            "herinnering met een nieuwe dag om uiterlijk te betalen. Is de termijn ook op de "
            "werkdag na die dag niet volledig op onze rekening ontvangen, " + CONSEQUENCE_NL,
        ),
        missed_expect=(
            "termijn 1 van € 500,00 uiterlijk op 1 mei 2026 betaald zijn",
            "Wij vragen u € 500,00 alsnog uiterlijk op 18 mei 2026 over te maken, met "
            "betalingskenmerk 3900 0000 0000 0003.",
            "Is € 500,00 op de werkdag na 18 mei 2026 niet volledig op onze rekening "
            "ontvangen, " + CONSEQUENCE_NL,
        ),
    ),
    PlanCase(
        "NL consumer: F-201 before the 14-day letter's term ran: no costs in the plan",
        NL_COMPANY,
        NL_CONSUMER,
        4,
        _plan(
            NL_CONSUMER,
            ("F-201",),
            "500.00",
            "0",
            "0",
            [(1, date(2026, 5, 1), "250.00"), (2, date(2026, 6, 1), "250.00")],
            order=NL_ORDER,
            ref="1900000000000004",
        ),
        Fallback.POLICY,
        (
            ("1", "1 mei 2026", "€ 250,00", "1900 0000 0000 0004"),
            ("2", "1 juni 2026", "€ 250,00", "1900 0000 0000 0004"),
        ),
        # Mon 4 May + 7 = Mon 11 May
        date(2026, 5, 4),
        "11 mei 2026",
        expect=(
            "Totaal van de regeling € 500,00",
            "Wij zetten de incasso van de facturen dan voort.",
        ),
        absent=("Kosten", "Rente", "incassokosten", "incassobureau", "Aanbetaling"),
        confirmation_expect=(
            "U betaalt in totaal € 500,00 in 2 termijnen, volgens het schema",
            "(art. 6:44 BW)",
        ),
        missed_expect=("uiterlijk op 11 mei 2026", "betalingskenmerk 1900 0000 0000 0004"),
    ),
    PlanCase(
        "BE business: F-501 with the EUR 40 lump sum and Late Payment Act interest",
        BE_COMPANY,
        BE_BUSINESS,
        5,
        _plan(
            BE_BUSINESS,
            ("F-501",),
            "1000.00",
            "40.00",
            "10.07",
            [
                (1, date(2026, 5, 1), "350.02"),
                (2, date(2026, 6, 1), "350.02"),
                (3, date(2026, 7, 1), "350.03"),
            ],
            ref="900000000520",
        ),
        Fallback.PAYMENT_PLAN,
        (
            ("1", "1 mei 2026", "€ 350,02", "+++900/0000/00520+++"),
            ("2", "1 juni 2026", "€ 350,02", "+++900/0000/00520+++"),
            ("3", "1 juli 2026", "€ 350,03", "+++900/0000/00520+++"),
        ),
        # Mon 4 May + 7 = Mon 11 May, a business day in Belgium
        date(2026, 5, 4),
        "11 mei 2026",
        expect=(
            "Kosten € 40,00",
            "Rente € 10,07",
            "Totaal van de regeling € 1.050,07",
            "Wij kunnen u dan nog één keer een nieuwe betalingsregeling voorstellen.",
            "Ondernemingsnummer 0403170701",
            "BE71 0961 2345 6769",
        ),
        absent=("6:44", "BW", "KvK"),
        confirmation_expect=("U betaalt in totaal € 1.050,07 in 3 termijnen",),
        missed_expect=(
            "termijn 1 van € 350,02 uiterlijk op 1 mei 2026",
            "met betalingskenmerk +++900/0000/00520+++",
        ),
    ),
    PlanCase(
        "BE consumer: F-601 with the damages its clause agreed, in two parts",
        BE_COMPANY,
        BE_CONSUMER,
        6,
        _plan(
            BE_CONSUMER,
            ("F-601",),
            "400.00",
            "55.00",
            "0",
            [(1, date(2026, 5, 1), "227.50"), (2, date(2026, 6, 1), "227.50")],
            ref="900000000621",
        ),
        Fallback.POLICY,
        (
            ("1", "1 mei 2026", "€ 227,50", "+++900/0000/00621+++"),
            ("2", "1 juni 2026", "€ 227,50", "+++900/0000/00621+++"),
        ),
        # Wed 6 May + 7 = Wed 13 May; Ascension Day is Thu 14 May
        date(2026, 5, 6),
        "13 mei 2026",
        expect=("Kosten € 55,00", "Totaal van de regeling € 455,00"),
        absent=("Rente", "6:44", "BW", "KvK", "Aanbetaling"),
        missed_expect=("Wij vragen u € 227,50 alsnog uiterlijk op 13 mei 2026 over te maken",),
    ),
)


def _renderer(templates: Path | None) -> PlanLetterRenderer:
    if templates not in RENDERERS:
        RENDERERS[templates] = PlanLetterRenderer(templates_dir=templates)
    return RENDERERS[templates]


def letter_of(case: PlanCase, kind: str) -> PlanLetter:
    country = case.company.country
    if kind == "confirmation":
        return confirmation(case.plan, case.plan_id, country=country, fallback=case.fallback,
                            on=case.plan.accepted_on or date.min)  # fmt: skip
    pay_by = _pay_by(case)
    return missed_reminder(case.plan, case.plan_id, 1, country=country, fallback=case.fallback,
                           on=case.missed_on, pay_by=pay_by)  # fmt: skip


MONTHS = {m: i + 1 for i, m in enumerate(["januari", "februari", "maart", "april", "mei",
                                          "juni", "juli", "augustus", "september", "oktober",
                                          "november", "december"])}  # fmt: skip


def _pay_by(case: PlanCase) -> date:
    day, month, year = case.pay_by.split()
    return date(int(year), MONTHS[month], int(day))


def read(case: PlanCase, kind: str, *, language: str = "nl",
         templates: Path | None = None) -> dict[str, str]:  # fmt: skip
    """The letter as the debtor reads it: subject, e-mail text and HTML, the PDF."""
    customer = replace(case.customer, language=Language(language))
    rendered = _renderer(templates).render(letter_of(case, kind), company=case.company,
                                           customer=customer)  # fmt: skip
    return {"subject": rendered.subject, "text": plain(rendered.text),
            "html": plain(re.sub(r"<[^>]+>", " ", rendered.html)),
            "pdf": pdf_text(rendered.pdf)}  # fmt: skip


VARIANTS = [
    pytest.param(case, kind, id=f"{case.name} | {kind}")
    for case in PLAN_CASES
    for kind in ("confirmation", "missed")
]


@pytest.mark.parametrize(("case", "kind"), VARIANTS)
def test_every_plan_letter_states_the_schedule_the_references_and_what_follows(
    case: PlanCase, kind: str
) -> None:
    letter = read(case, kind)
    extra = case.confirmation_expect if kind == "confirmation" else case.missed_expect
    for part in ("text", "html", "pdf"):
        body = letter[part]
        for number, due, amount, reference in case.rows:  # the whole schedule, in order
            assert f"{number} {due} {amount} {reference}" in body, (case.name, part, body)
        for phrase in (*case.expect, *extra):
            assert phrase in body, f"{case.name} ({part}): {phrase!r} not in {body}"
        for phrase in case.absent:
            assert phrase not in body, f"{case.name} ({part}): {phrase!r} in {body}"
    written = case.missed_on if kind == "missed" else case.plan.accepted_on
    assert written is not None
    assert f"Klantnummer: {case.customer.number} {_long(written)}" in letter["pdf"]


def _long(day: date) -> str:
    return f"{day.day} {list(MONTHS)[day.month - 1]} {day.year}"


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c.name for c in PLAN_CASES])
def test_a_missed_plan_instalment_gets_the_day_worked_out_by_hand(case: PlanCase) -> None:
    assert missed_pay_by(case.missed_on, case.company.country) == _pay_by(case)


def _allowed(case: PlanCase) -> list[str]:
    """The data a plan letter may show untranslated: names, addresses, numbers."""
    company, customer = case.company, case.customer
    found = [company.name, company.address, company.email or "", company.phone or "",
             company.registration_number or "", company.vat_id or "", customer.name,
             customer.address, customer.number, *case.plan.invoice_numbers,
             case.plan.reference,
             *(format_iban(a.iban) for a in company.bank_accounts)]  # fmt: skip
    found += [line for text in (company.address, customer.address) for line in text.split("\n")]
    found += [row[3] for row in case.rows]
    return found


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return marked_templates(tmp_path_factory.mktemp("marker-locale"))


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
@pytest.mark.parametrize(("case", "kind"), VARIANTS)
def test_every_line_of_a_plan_letter_comes_from_the_translation_layer(
    case: PlanCase, kind: str, language: str, marked: Path
) -> None:
    letter = read(case, kind, language=language, templates=marked)
    for part, text in letter.items():
        left = leaks(text, _allowed(case))
        assert not left, f"{case.name} ({language}, {part}): untranslated {left} in {text}"


@pytest.mark.parametrize(
    ("index", "kind", "expected"),
    [(0, "confirmation", ("On 15 April 2026 you agreed in writing to a payment plan for "
                          "invoice F-101.", "Deposit 20 April 2026 €159.73 3900 0000 0000 0003",
                          "You pay €1,159.73 in total: a deposit of €159.73, then 2 "
                          "instalments, as scheduled below.",
                          "A payment is applied first to the costs, then to the interest and "
                          "then to the principal (article 6:44 of the Dutch Civil Code).",
                          "we will call you the working day after that and send you a reminder "
                          "with a new day to pay by. If the instalment has still not been "
                          "received in full in our account by the working day after that day, "
                          "the payment plan ends and the amount then still open is due at once "
                          "in full. We will then hand the claim over to a collection agency.")),
     (2, "missed", ("instalment 1 of €350.02 was to be paid by 1 May 2026",
                    "Please transfer €350.02 by 11 May 2026 at the latest, quoting payment "
                    "reference +++900/0000/00520+++.",
                    "If €350.02 has not been received in full in our account by the working "
                    "day after 11 May 2026, the payment plan ends",
                    "We can then offer you a new payment plan, once."))],
)  # fmt: skip
def test_an_english_plan_letter_states_the_same_in_english_formats(
    index: int, kind: str, expected: tuple[str, ...]
) -> None:
    letter = read(PLAN_CASES[index], kind, language="en")
    for part in ("text", "pdf"):
        for phrase in expected:
            assert phrase in letter[part], (phrase, letter[part])
        assert "betaling" not in letter[part] and "termijn" not in letter[part]
