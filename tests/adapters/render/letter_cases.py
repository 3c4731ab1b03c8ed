"""Dated letter cases worked out by hand from ../shared/LEGAL.md, its worked examples
included: every message step of the default policies (NL and BE, business and
consumer), each sent on the run's day and on a later day, by e-mail and by post.

Each case gives the debtor's state on the run's day; `expect` the words the letter
must hold whatever the day and channel; `per` those of one (channel, day); `absent`
what it must not say. Figures, by hand (actual days / 365, both ends counted):

- NL costs (Besluit BIK): 15 % of the first EUR 2,500 (500 -> 75.00; 1,000 -> 150.00;
  1,500 -> 225.00; 4,000 -> 375 + 10 % of 1,500 = 525.00), at least EUR 40; with VAT
  uplift x 1.21 (600 -> 90.00 x 1.21 = 108.90; 1,000 -> 181.50).
- NL commercial interest 10.15 % (2026 H1): EUR 1,000 for 21 days = 5.84, 25 = 6.95,
  35 = 9.73, 39 = 10.85. NL consumer interest 4 % (2026): EUR 500 for 21 days = 1.15,
  24 = 1.32. LEGAL.md: EUR 1,500 from 15 June to 14 July 2023 (16 days at 4 % + 14 at
  6 %) = 6.08; to 18 July: 16 at 4 % + 18 at 6 % = 7.07. LEGAL.md: EUR 1,000 from 1 Jan
  2023 to 31 Jan 2024 = 112.56 (year one, added to the principal) + 11.81 = 124.37; to
  2 Feb 2024: 112.56 + 1,112.56 x 12.5 % x 33 / 365 = 125.13.
- BE: EUR 40 lump sum per invoice; Late Payment Act interest 10.5 % (2026): EUR 1,000
  for 21 days = 6.04, 25 = 7.19, 35 = 10.07, 39 = 11.22; EUR 400 for 1 day = 0.12, 3 =
  0.35. Book XIX damages on EUR 400: 30 + 10 % of 250 = 55.00 (LEGAL.md).
- NL 14-day letter (LEGAL.md): posted Tue 3 March 2026, delivered Thu 5 March, costs
  from Fri 20 March; e-mailed, costs from 18 March. Posted Fri 6 March: Saturday counts,
  Sunday and Monday not, delivered Tue 10 March, last day 24 March, costs from 25 March;
  e-mailed 6 March: last day 20 March, costs from 21 March.
- BE first reminder (LEGAL.md): posted Mon 2 March 2026, the term starts Thu 5 March
  (3rd working day), last day 18 March; e-mailed 2 March: 3 to 16 March. Posted Wed
  4 March: starts Mon 9 March, ends Sun 22 March, moved to Mon 23 March; e-mailed 4
  March: 5 to 18 March.
- Deadlines ("uiterlijk op"): the day before the policy's next step, 7 to 14 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import BankAccount, Company, Customer, CustomerKind

SAFE_WORDING = "binnen veertien dagen na de dag waarop u deze brief heeft ontvangen"
D = Decimal

NL_COMPANY = Company(
    code="ACME", name="Acme Groothandel B.V.", registration_number="12345678",
    vat_id="NL001234567B01", bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Dorpsstraat 1\n3512 AB Utrecht", email="debiteuren@acme.example",
    phone="+31301234567",
)  # fmt: skip
NL_NO_VAT = Company(
    code="ZORG", name="Zorgpraktijk Noord B.V.", registration_number="87654321",
    bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Kerkstraat 9\n9711 AA Groningen", email="administratie@zorgnoord.example",
    can_deduct_vat=False,
)  # fmt: skip
BE_COMPANY = Company(
    code="ZWAL", name="Zwaluw Distributie NV", country="BE", registration_number="0403170701",
    vat_id="BE0403170701", bank_accounts=(BankAccount("BE71096123456769"),),
    address="Veldstraat 12\n9000 Gent", email="boekhouding@zwaluw.example",
)  # fmt: skip
CLAUSE = DamagesClause(
    "artikel 7 van onze algemene voorwaarden",
    "Bij niet-betaling binnen de termijn van de eerste herinnering is de klant een "
    "schadevergoeding verschuldigd gelijk aan het wettelijke maximum.",
    interest_rate=D("10.5"), legal_scale=True,
)  # fmt: skip

NL_BUSINESS = Customer("K1", "Bakkerij Jansen B.V.", email="ap@jansen.example",
                       address="Markt 1\n3511 AA Utrecht")  # fmt: skip
NL_CONSUMER = Customer("K2", "Jan de Vries", kind=CustomerKind.CONSUMER,
                       email="jan@devries.example",
                       address="Dorpsstraat 5\n3811 BA Amersfoort")  # fmt: skip
BE_BUSINESS = Customer("K3", "Brouwerij De Zwaan BV", country="BE", email="ap@zwaan.example",
                       address="Markt 3\n8000 Brugge")  # fmt: skip
BE_CONSUMER = Customer("K4", "Els Peeters", kind=CustomerKind.CONSUMER, country="BE",
                       email="els@peeters.example", address="Kerkstraat 4\n2000 Antwerpen",
                       contact_days=("mon", "tue", "wed", "thu", "fri"))  # fmt: skip

DAY = {"run": 0, "later": 1}


@dataclass(frozen=True)
class Case:
    name: str
    company: Company
    customer: Customer
    invoice: Invoice
    step: str
    days: tuple[date, date]  # the run's day, and a later day it is sent on instead
    taken: tuple[StepTaken, ...] = ()
    clause: DamagesClause | None = None
    expect: tuple[str, ...] = ()
    per: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    absent: tuple[str, ...] = ()

    def day(self, which: str) -> date:
        return self.days[DAY[which]]


def _taken(number: str, *steps: tuple[str, str, str]) -> tuple[StepTaken, ...]:
    return tuple(
        StepTaken(number, key, date.fromisoformat(on), "email", date.fromisoformat(deadline))
        for key, on, deadline in steps
    )


F101 = Invoice("F-101", "K1", date(2026, 2, 4), date(2026, 3, 6), D("1000.00"))
F201 = Invoice("F-201", "K2", date(2026, 1, 11), date(2026, 2, 10), D("500.00"))
F202 = Invoice("F-202", "K2", date(2026, 1, 11), date(2026, 2, 10), D("600.00"))
F203 = Invoice("F-203", "K2", date(2026, 1, 11), date(2026, 2, 10), D("4000.00"))
F301 = Invoice("F-301", "K2", date(2023, 5, 15), date(2023, 6, 14), D("1500.00"))
F401 = Invoice("F-401", "K1", date(2022, 12, 1), date(2022, 12, 31), D("1000.00"))
F501 = Invoice("F-501", "K3", date(2026, 1, 7), date(2026, 2, 6), D("1000.00"))
F601 = Invoice(
    "F-601",
    "K4",
    date(2026, 1, 24),
    date(2026, 2, 23),
    D("400.00"),
    description="een eettafel van eikenhout",
)  # what was sold (Book XIX)

NL_FRIENDLY = _taken("F-101", ("friendly", "2026-03-03", "2026-03-06"))
NL_REMINDED = (*NL_FRIENDLY, *_taken("F-101", ("reminder", "2026-03-13", "2026-03-26")))
NL_DEMANDED = (*NL_REMINDED, *_taken("F-101", ("formal_demand", "2026-03-27", "2026-04-09")))
CONSUMER_REMINDED = _taken("F-201", ("reminder", "2026-02-17", "2026-03-02"))
BE_REMINDED = _taken("F-501", ("friendly", "2026-02-03", "2026-02-06"),
                     ("reminder", "2026-02-13", "2026-02-26"))  # fmt: skip
BE_DEMANDED = (*BE_REMINDED, *_taken("F-501", ("formal_demand", "2026-02-27", "2026-03-12")))

CASES = (
    Case(
        "NL business: friendly reminder before the due date",
        NL_COMPANY,
        NL_BUSINESS,
        F101,
        "friendly",
        (date(2026, 3, 3), date(2026, 3, 5)),
        expect=(
            "uiterlijk op 6 maart 2026 op onze rekening staat",
            "dan volgt na de vervaldatum een herinnering",
            "€ 1.000,00",
        ),
        absent=("incassokosten", "rente"),
    ),
    Case(
        "NL business: reminder",
        NL_COMPANY,
        NL_BUSINESS,
        F101,
        "reminder",
        (date(2026, 3, 13), date(2026, 3, 17)),
        NL_FRIENDLY,
        expect=("uiterlijk op 26 maart 2026 overmaken", "dan volgt een aanmaning"),
        absent=("incassokosten", "wettelijke"),
    ),
    Case(
        "NL business: formal demand names the costs and the interest that follow",
        NL_COMPANY,
        NL_BUSINESS,
        F101,
        "formal_demand",
        (date(2026, 3, 27), date(2026, 3, 31)),
        NL_REMINDED,
        expect=(
            "uiterlijk op 9 april 2026",
            "dan stellen wij u in gebreke",
            "- incassokosten (art. 6:96 BW; Besluit vergoeding voor buitengerechtelijke "
            "incassokosten): € 150,00",
            "- wettelijke handelsrente (art. 6:119a BW), 10,15% per jaar:",
        ),
        per={
            ("email", "run"): ("€ 5,84 tot vandaag",),
            ("letter", "run"): ("€ 5,84 tot vandaag",),
            ("email", "later"): ("€ 6,95 tot vandaag",),
            ("letter", "later"): ("€ 6,95 tot vandaag",),
        },
        absent=("wettelijke rente (art. 6:119 BW)", "btw"),
    ),
    Case(
        "NL business: notice of default claims costs and commercial interest",
        NL_COMPANY,
        NL_BUSINESS,
        F101,
        "notice_of_default",
        (date(2026, 4, 10), date(2026, 4, 14)),
        NL_DEMANDED,
        expect=(
            "Met deze brief stellen wij u in gebreke.",
            "Factuur F-101: incassokosten (art. 6:96 BW; Besluit vergoeding voor "
            "buitengerechtelijke incassokosten) over € 1.000,00: € 150,00",
            "De wettelijke handelsrente loopt door tot de dag van betaling.",
        ),
        per={
            **dict.fromkeys(
                [("email", "run"), ("letter", "run")],
                (
                    "Factuur F-101: wettelijke handelsrente (art. 6:119a BW) over € 1.000,00 van "
                    "7 maart 2026 tot en met 10 april 2026: € 9,73 (10,15% per jaar)",
                    "samen € 1.159,73, uiterlijk op 23 april 2026",
                ),
            ),
            **dict.fromkeys(
                [("email", "later"), ("letter", "later")],
                (
                    "van 7 maart 2026 tot en met 14 april 2026: € 10,85 (10,15% per jaar)",
                    "samen € 1.160,85, uiterlijk op 27 april 2026",
                ),
            ),
        },
        absent=("btw",),
    ),
    Case(
        "NL business: a creditor that cannot deduct VAT declares the uplift",
        NL_NO_VAT,
        NL_BUSINESS,
        F101,
        "notice_of_default",
        (date(2026, 4, 10), date(2026, 4, 14)),
        NL_DEMANDED,
        expect=(
            "over € 1.000,00: € 181,50, inclusief 21% btw",
            "Wij kunnen de btw op de incassokosten niet verrekenen; daarom zijn de "
            "incassokosten verhoogd met 21% btw",
        ),
        per={
            **dict.fromkeys([("email", "run"), ("letter", "run")], ("samen € 1.191,23",)),
            **dict.fromkeys([("email", "later"), ("letter", "later")], ("samen € 1.192,35",)),
        },
    ),
    Case(
        "NL consumer: 14-day letter (LEGAL.md worked example)",
        NL_COMPANY,
        NL_CONSUMER,
        F201,
        "fourteen_day_letter",
        (date(2026, 3, 3), date(2026, 3, 6)),
        CONSUMER_REMINDED,
        expect=(
            SAFE_WORDING,
            "incassokosten verschuldigd van € 75,00.",
            "Besluit vergoeding voor buitengerechtelijke incassokosten (art. 6:96 BW)",
            "Daarnaast bent u de wettelijke rente (art. 6:119 BW) verschuldigd, 4% per jaar",
        ),
        per={
            ("letter", "run"): (
                "op zijn vroegst in rekening vanaf 20 maart 2026",
                "tot vandaag € 1,15",
            ),
            ("email", "run"): (
                "op zijn vroegst in rekening vanaf 18 maart 2026",
                "tot vandaag € 1,15",
            ),
            ("letter", "later"): (
                "op zijn vroegst in rekening vanaf 25 maart 2026",
                "tot vandaag € 1,32",
            ),
            ("email", "later"): (
                "op zijn vroegst in rekening vanaf 21 maart 2026",
                "tot vandaag € 1,32",
            ),
        },
        absent=("handelsrente", "btw", "aanmaning"),
    ),
    Case(
        "NL consumer: 14-day letter on EUR 600 with the VAT uplift (LEGAL.md: 108.90)",
        NL_NO_VAT,
        NL_CONSUMER,
        F202,
        "fourteen_day_letter",
        (date(2026, 3, 3), date(2026, 3, 6)),
        _taken("F-202", ("reminder", "2026-02-17", "2026-03-02")),
        expect=(
            SAFE_WORDING,
            "incassokosten verschuldigd van € 108,90, inclusief btw",
            "verhoogd met 21% btw",
        ),
    ),
    Case(
        "NL consumer: 14-day letter on EUR 4,000 (LEGAL.md: 525.00)",
        NL_COMPANY,
        NL_CONSUMER,
        F203,
        "fourteen_day_letter",
        (date(2026, 3, 3), date(2026, 3, 6)),
        _taken("F-203", ("reminder", "2026-02-17", "2026-03-02")),
        expect=(SAFE_WORDING, "incassokosten verschuldigd van € 525,00."),
    ),
    Case(
        "NL consumer: costs claim after the term (LEGAL.md interest 15 June to 14 July 2023)",
        NL_COMPANY,
        NL_CONSUMER,
        F301,
        "costs_claim",
        (date(2023, 7, 14), date(2023, 7, 18)),
        _taken("F-301", ("fourteen_day_letter", "2023-06-20", "2023-07-04")),
        expect=(
            "Met deze brief stellen wij u in gebreke.",
            "Factuur F-301: incassokosten (art. 6:96 BW; Besluit vergoeding voor "
            "buitengerechtelijke incassokosten) over € 1.500,00: € 225,00",
            "De wettelijke rente loopt door tot de dag van betaling.",
        ),
        per={
            **dict.fromkeys(
                [("email", "run"), ("letter", "run")],
                (
                    "Factuur F-301: wettelijke rente (art. 6:119 BW) over € 1.500,00 van 15 juni "
                    "2023 tot en met 14 juli 2023: € 6,08 (4% per jaar van 15 juni 2023 tot en met "
                    "30 juni 2023 en 6% per jaar van 1 juli 2023 tot en met 14 juli 2023)",
                    "samen € 1.731,08, uiterlijk op 27 juli 2023",
                ),
            ),
            **dict.fromkeys(
                [("email", "later"), ("letter", "later")],
                ("tot en met 18 juli 2023: € 7,07", "samen € 1.732,07, uiterlijk op 31 juli 2023"),
            ),
        },
        absent=("handelsrente",),
    ),
    Case(
        "NL business: interest over a full year is added to the principal (LEGAL.md 124.37)",
        NL_COMPANY,
        NL_BUSINESS,
        F401,
        "notice_of_default",
        (date(2024, 1, 31), date(2024, 2, 2)),
        _taken("F-401", ("formal_demand", "2024-01-10", "2024-01-23")),
        expect=(
            "10,5% per jaar van 1 januari 2023 tot en met 30 juni 2023, 12% per jaar van 1 "
            "juli 2023 tot en met 31 december 2023 en 12,5% per jaar van 1 januari 2024",
            "na elk vol jaar bij de hoofdsom gevoegd, op 1 januari 2024",
            "€ 150,00",
        ),
        per={
            **dict.fromkeys(
                [("email", "run"), ("letter", "run")],
                ("van 1 januari 2023 tot en met 31 januari 2024: € 124,37",),
            ),
            **dict.fromkeys(
                [("email", "later"), ("letter", "later")],
                ("van 1 januari 2023 tot en met 2 februari 2024: € 125,13",),
            ),
        },
    ),
    Case(
        "BE business: formal demand names the lump sum and Late Payment Act interest",
        BE_COMPANY,
        BE_BUSINESS,
        F501,
        "formal_demand",
        (date(2026, 2, 27), date(2026, 3, 3)),
        BE_REMINDED,
        expect=(
            "uiterlijk op 12 maart 2026",
            "- forfaitaire vergoeding voor de invorderingskosten (art. 6 van de wet van 2 "
            "augustus 2002): € 40,00",
            "- interest volgens de wet van 2 augustus 2002, 10,5% per jaar:",
        ),
        per={
            **dict.fromkeys([("email", "run"), ("letter", "run")], ("€ 6,04 tot vandaag",)),
            **dict.fromkeys([("email", "later"), ("letter", "later")], ("€ 7,19 tot vandaag",)),
        },
        absent=("wettelijke", "incassokosten", "6:119"),
    ),
    Case(
        "BE business: notice of default claims the lump sum and interest",
        BE_COMPANY,
        BE_BUSINESS,
        F501,
        "notice_of_default",
        (date(2026, 3, 13), date(2026, 3, 17)),
        BE_DEMANDED,
        expect=(
            "Met deze brief stellen wij u in gebreke.",
            "Factuur F-501: forfaitaire vergoeding voor de invorderingskosten (art. 6 van de "
            "wet van 2 augustus 2002) over € 1.000,00: € 40,00",
            "De interest volgens de wet van 2 augustus 2002 loopt door tot de dag van betaling.",
        ),
        per={
            **dict.fromkeys(
                [("email", "run"), ("letter", "run")],
                (
                    "van 7 februari 2026 tot en met 13 maart 2026: € 10,07 (10,5% per jaar)",
                    "uiterlijk op 26 maart 2026",
                ),
            ),
            **dict.fromkeys(
                [("email", "later"), ("letter", "later")],
                (
                    "van 7 februari 2026 tot en met 17 maart 2026: € 11,22 (10,5% per jaar)",
                    "uiterlijk op 30 maart 2026",
                ),
            ),
        },
        absent=("wettelijke", "incassokosten", "6:119"),
    ),
    Case(
        "BE consumer of a Dutch company: first reminder with a clause (LEGAL.md: posted 2 "
        "March, term from 5 March)",
        NL_COMPANY,
        BE_CONSUMER,
        F601,
        "first_reminder",
        (date(2026, 3, 2), date(2026, 3, 4)),
        _taken("F-601", ("friendly", "2026-02-20", "2026-02-23")),
        CLAUSE,
        expect=(
            "Het openstaande saldo bedraagt € 400,00.",
            "Schuldeiser: Acme Groothandel B.V., KvK-nummer 12345678.",
            "Deze eerste herinnering is kosteloos.",
            "U hebt veertien kalenderdagen",
            "een schadevergoeding van € 55,00 en verwijlinterest van 10,5% per jaar op het "
            "openstaande saldo tot de dag van betaling verschuldigd, volgens artikel 7 van "
            "onze algemene voorwaarden",
            "gelijk aan het wettelijke maximum",
            "F-601 voor ",
            "vervaldatum 23 feb",
        ),
        per={
            ("letter", "run"): (
                "op de derde werkdag na de verzending van deze brief; de "
                "laatste dag is 18 maart 2026",
                "vanaf 19 maart 2026",
            ),
            ("email", "run"): (
                "op de dag na de verzending van deze e-mail; de laatste dag is 16 maart 2026",
                "vanaf 17 maart 2026",
            ),
            ("letter", "later"): ("de laatste dag is 23 maart 2026", "vanaf 24 maart 2026"),
            ("email", "later"): ("de laatste dag is 18 maart 2026", "vanaf 19 maart 2026"),
        },
        absent=("ondernemingsnummer", "incassokosten", "wettelijke rente", "6:119"),
    ),
    Case(
        "BE consumer: first reminder without a clause charges nothing",
        BE_COMPANY,
        BE_CONSUMER,
        F601,
        "first_reminder",
        (date(2026, 3, 2), date(2026, 3, 4)),
        _taken("F-601", ("friendly", "2026-02-20", "2026-02-23")),
        expect=(
            "Schuldeiser: Zwaluw Distributie NV, ondernemingsnummer 0403170701.",
            "Wij rekenen u geen schadevergoeding en geen interest aan.",
            "Deze eerste herinnering is kosteloos.",
        ),
        absent=("€ 55,00", "verwijlinterest van", "KvK"),
    ),
    Case(
        "BE consumer: damages and interest by the clause after the term",
        NL_COMPANY,
        BE_CONSUMER,
        F601,
        "costs_claim",
        (date(2026, 3, 18), date(2026, 3, 20)),
        _taken("F-601", ("first_reminder", "2026-03-03", "2026-03-17")),
        CLAUSE,
        expect=(
            "Factuur F-601: schadevergoeding volgens artikel 7 van onze algemene "
            "voorwaarden over € 400,00: € 55,00",
            "De verwijlinterest loopt door tot de dag van betaling.",
        ),
        per={
            **dict.fromkeys(
                [("email", "run"), ("letter", "run")],
                (
                    "verwijlinterest volgens artikel 7 van onze algemene voorwaarden over € 400,00 "
                    "van 18 maart 2026 tot en met 18 maart 2026: € 0,12 (10,5% per jaar)",
                    "uiterlijk op 31 maart 2026",
                ),
            ),
            **dict.fromkeys(
                [("email", "later"), ("letter", "later")],
                (
                    "van 18 maart 2026 tot en met 20 maart 2026: € 0,35 (10,5% per jaar)",
                    "uiterlijk op 2 april 2026",
                ),
            ),
        },
        absent=("incassokosten", "wettelijke", "6:119"),
    ),
    Case(
        "NL consumer: the reminder names the 14-day letter that follows",
        NL_COMPANY,
        NL_CONSUMER,
        F201,
        "reminder",
        (date(2026, 2, 17), date(2026, 2, 20)),
        _taken("F-201", ("friendly", "2026-02-06", "2026-02-10")),
        expect=(
            "dan volgt een laatste herinnering, waarin wij de incassokosten noemen",
            "uiterlijk op 2 maart 2026",
        ),
        absent=("aanmaning",),
    ),
    Case(
        "BE business: reminder",
        BE_COMPANY,
        BE_BUSINESS,
        F501,
        "reminder",
        (date(2026, 2, 13), date(2026, 2, 17)),
        _taken("F-501", ("friendly", "2026-02-03", "2026-02-06")),
        expect=("dan volgt een aanmaning", "uiterlijk op 26 februari 2026"),
    ),
    Case(
        "BE consumer: friendly reminder names the first reminder",
        NL_COMPANY,
        BE_CONSUMER,
        F601,
        "friendly",
        (date(2026, 2, 20), date(2026, 2, 23)),
        expect=(
            "uiterlijk op 23 februari 2026",
            "dan volgt na de vervaldatum een eerste herinnering",
        ),
    ),
)
