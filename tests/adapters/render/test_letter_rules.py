"""The letter rule checker: every message step of every default policy, NL and BE,
business and consumer, by e-mail and by post, sent on the run's day and on a later day,
read back as the debtor reads it (the e-mail's text and HTML, the letter PDF and the
invoice copies) and held against the dated cases of letter_cases.py, worked out by hand
from ../shared/LEGAL.md. The checker never calls the calculators that wrote the letter:
it runs the engine and the renderer as `tijdig run` and `tijdig send` do, and compares
their output with the figures and dates in the table.

Language: the same letters rendered with a marker locale (marker_locale.py) show,
outside the markers, only names, numbers, dates and amounts.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from tests.adapters.render.letter_cases import CASES, Case
from tests.adapters.render.marker_locale import leaks, marked_templates
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.formatting import format_iban
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.parties import Language
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Ready, at_send
from tijdig.engine.model import CompanyState, CustomerState, Proposal
from tijdig.services.collection.messages import ComposedMessage, MessageRequest

POLICIES = default_policy_set()
CHANNELS = {"email": StepChannel.EMAIL, "letter": StepChannel.LETTER}
MONTHS_NL = (  # noqa: SIM905
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
PORTAL = "https://tijdig.example/portal/abc123"
COMPOSERS: dict[Path | None, RenderComposer] = {}


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text).replace("\xa0", " ")).strip()


def pdf_text(pdf: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return plain(re.sub(r"(?<=\w-)\n", "", text))  # a line broken after a hyphen, joined


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Letter:
    """What the debtor reads: the words of each part, whitespace made single."""

    proposal: Proposal
    subject: str
    parts: dict[str, str]  # "text", "html", "letter.pdf", each invoice copy

    @property
    def body(self) -> str:
        """The part the debtor reads first: the letter PDF by post, else the e-mail text."""
        return self.parts.get("letter.pdf") or self.parts["text"]


def _composer(templates: Path | None) -> RenderComposer:
    if templates not in COMPOSERS:
        COMPOSERS[templates] = RenderComposer(
            templates_dir=templates, portal_link=lambda _company, _customer: PORTAL
        )
    return COMPOSERS[templates]


def _read(message: ComposedMessage) -> dict[str, str]:
    parts = {"text": plain(message.text),
             "html": plain(re.sub(r"<[^>]+>", " ", message.html or ""))}  # fmt: skip
    for attachment in message.attachments:
        if attachment.mime_type == "application/pdf":
            parts[attachment.filename] = pdf_text(attachment.content)
    return parts


def write(
    case: Case,
    channel: str,
    which: str,
    *,
    language: str = "nl",
    templates: Path | None = None,
) -> Letter:
    """The case's message as the run proposes it on its day, sent on `which` day by
    `channel` (engine/at_send.py), rendered as `tijdig send` renders it."""
    customer = replace(case.customer, language=Language(language))
    state = CustomerState(customer, (case.invoice,), case.taken)
    run_day, send_day = case.days[0], case.day(which)
    company = CompanyState(case.company, has_bank_import=True, last_statement_on=run_day,
                           clause=case.clause)  # fmt: skip
    approved = advise(state, company, POLICIES, as_of=run_day).proposal
    assert approved is not None and approved.step.key == case.step, (case.name, approved)
    sent = at_send(approved, state, replace(company, last_statement_on=send_day), POLICIES,
                   on=send_day, channel=CHANNELS[channel])  # fmt: skip
    assert isinstance(sent, Ready), (case.name, sent)
    request = MessageRequest(
        company=case.company, customer=customer, proposal=sent.proposal,
        policy=POLICIES.policy(sent.proposal.policy_code), invoices=(case.invoice,),
        invoice_pdfs={}, as_of=send_day, channel=CHANNELS[channel],
    )  # fmt: skip
    message = _composer(templates).compose(request)
    return Letter(sent.proposal, message.subject, _read(message))


VARIANTS = [
    pytest.param(case, channel, which, id=f"{case.name} | {channel} | {which}")
    for case in CASES
    for channel in CHANNELS
    for which in ("run", "later")
]


@pytest.mark.parametrize(("case", "channel", "which"), VARIANTS)
def test_every_letter_states_the_law_the_figures_and_the_dates_of_its_day(
    case: Case, channel: str, which: str
) -> None:
    letter = write(case, channel, which)
    body, day = letter.body, case.day(which)
    for phrase in (*case.expect, *case.per.get((channel, which), ())):
        assert phrase in body, f"{case.name}: {phrase!r} not in {body}"
    for phrase in case.absent:
        assert phrase not in body, f"{case.name}: {phrase!r} in {body}"
    overdue = max((day - case.invoice.due_date).days, 0)
    row = rf"{re.escape(case.invoice.number)} \d+ \w+\.? \d{{4}} \d+ \w+\.? \d{{4}} {overdue} €"
    assert re.search(row, body), f"{case.name}: {overdue} days overdue on {day}: {body}"
    dated = letter.parts["letter.pdf"] if channel == "letter" else letter.parts["html"]
    assert long_date(day) in dated, f"{case.name}: the message is dated {day}"
    if channel == "letter":
        assert "letter.pdf" in letter.parts and "factuur-F-" in " ".join(letter.parts)


def _allowed(case: Case) -> list[str]:
    """The data a letter may show untranslated: names, addresses, numbers, references."""
    company, customer = case.company, case.customer
    accounts = [a.iban for a in company.bank_accounts] + [
        a.bic or "" for a in company.bank_accounts
    ]
    found = [company.name, company.address, company.email or "", company.phone or "",
             company.registration_number or "", company.vat_id or "", customer.name,
             customer.address, customer.number, case.invoice.number, PORTAL,
             *accounts, *(format_iban(a.iban) for a in company.bank_accounts)]  # fmt: skip
    found += [line for text in (company.address, customer.address) for line in text.split("\n")]
    if case.clause is not None:
        found += [case.clause.reference, case.clause.text]
    found += [case.invoice.description or ""]  # what was sold, in the seller's words
    return found


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return marked_templates(tmp_path_factory.mktemp("marker-locale"))


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
@pytest.mark.parametrize(("case", "channel", "which"), VARIANTS[::2])
def test_every_line_comes_from_the_translation_layer(
    case: Case, channel: str, which: str, language: str, marked: Path
) -> None:
    """Rendered with the marker locale, nothing but data is left outside the markers:
    no engine English in a Dutch or French letter, no Dutch in an English one."""
    letter = write(case, channel, which, language=language, templates=marked)
    allowed = _allowed(case)
    for part, text in letter.parts.items():
        left = leaks(text, allowed)
        assert not left, f"{case.name} ({language}, {part}): untranslated {left} in {text}"
    assert not leaks(letter.subject, allowed)


def test_the_checker_finds_text_that_skipped_translation(marked: Path) -> None:
    """The marker check itself: an English engine note slipped into a marked letter."""
    case = CASES[3]  # the NL notice of default
    letter = write(case, "email", "run", templates=marked)
    leaked = letter.parts["text"] + " F-101: costs 150.00 (art. 6:96 BW)"
    assert leaks(leaked, _allowed(case)) == ["costs", "art", "BW"]


@pytest.mark.parametrize(
    ("case_index", "channel", "expected"),
    [
        (5, "letter", ("collection costs of €75.00", "no earlier than 20 March 2026",
                       "statutory interest (article 6:119 of the Dutch Civil Code), 4% a year")),
        (3, "email", ("Invoice F-101: statutory commercial interest (article 6:119a of the Dutch "
                      "Civil Code) on €1,000.00 from 7 March 2026 to 10 April 2026 inclusive: "
                      "€9.73 (10.15% a year)",)),
        (12, "letter", ("its last day is 18 March 2026", "damages of €55.00 and late-payment "
                        "interest of 10.5% a year", "Chamber of Commerce number 12345678")),
    ],
)  # fmt: skip
def test_an_english_letter_states_the_same_in_english_formats(
    case_index: int, channel: str, expected: tuple[str, ...]
) -> None:
    letter = write(CASES[case_index], channel, "run", language="en")
    for phrase in expected:
        assert phrase in letter.body, (phrase, letter.body)
