"""The letter rule checker on French letters (issue 15): the Belgian cases read by a
French-speaking debtor (letter_cases_fr.py) state the law, the figures and the dates of
their day in French, by e-mail and by post, on the run's day and later; and a French
first reminder to a Belgian consumer that lacks what Book XIX (art. XIX.2 CDE) requires
fails the same check.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date

from tests.adapters.render.letter_cases import Case
from tests.adapters.render.letter_cases_fr import CASES_FR, FIRST_REMINDER, REQUIRED
from tests.adapters.render.test_letter_rules import CHANNELS, Letter, write
from tijdig.adapters.render.messages import TEMPLATES_DIR

VARIANTS = [
    pytest.param(case, channel, which, id=f"{case.name} | {channel} | {which}")
    for case in CASES_FR
    for channel in CHANNELS
    for which in ("run", "later")
]


def long_date(day: date) -> str:
    """`2 mars 2026`: the date a French Belgian letter is dated with."""
    return str(format_date(day, format="long", locale="fr_BE"))


def broken_rules(letter: Letter, case: Case, channel: str, which: str) -> list[str]:
    """What the letter fails of its case: each phrase missing or forbidden, the days
    overdue of its day, the date it is dated with. Empty: the letter passes."""
    body, day = letter.body, case.day(which)
    problems = [f"missing {p!r}" for p in (*case.expect, *case.per.get((channel, which), ()))
                if p not in body]  # fmt: skip
    problems += [f"forbidden {p!r}" for p in case.absent if p in body]
    overdue = max((day - case.invoice.due_date).days, 0)
    number = re.escape(case.invoice.number)
    row = rf"{number} \d+ \w+\.? \d{{4}} \d+ \w+\.? \d{{4}} {overdue} [\d ]+,\d\d €"
    if not re.search(row, body):
        problems.append(f"not {overdue} days overdue on {day}")
    dated = letter.parts["letter.pdf"] if channel == "letter" else letter.parts["html"]
    if long_date(day) not in dated:
        problems.append(f"not dated {long_date(day)}")
    return problems


@pytest.mark.parametrize(("case", "channel", "which"), VARIANTS)
def test_every_french_letter_states_the_law_the_figures_and_the_dates_of_its_day(
    case: Case, channel: str, which: str
) -> None:
    letter = write(case, channel, which, language="fr")
    assert not broken_rules(letter, case, channel, which), letter.body
    assert letter.subject.startswith(("Premier rappel", "Rappel", "Sommation", "Mise en demeure",
                                      "Deuxième rappel"))  # fmt: skip


def _without(folder: Path, sentence: str) -> Path:
    """The message templates with `sentence` taken out of the French first reminder."""
    target = folder / "templates"
    shutil.copytree(TEMPLATES_DIR, target)
    template = target / "fr" / "be_first_reminder.j2"
    source = template.read_text("utf-8")
    assert sentence in source, sentence
    template.write_text(source.replace(sentence, ""), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("free of charge", "Ce premier rappel est gratuit."),
        ("fourteen calendar days", "Vous disposez d'un délai de quatorze jours calendrier pour "
                                   "payer ce solde."),
        ("a payment plan or a dispute", "Pendant ce délai, vous pouvez aussi nous demander un "
                                        "plan de paiement ou contester la créance."),
        ("the creditor and its number", "Créancier : {{ company.name }}, {{ registration_in_text "
                                        "}} {{ company.registration_number }}."),
    ],
)  # fmt: skip
def test_a_french_first_reminder_missing_a_required_element_fails(
    rule: str, sentence: str, tmp_path: Path
) -> None:
    templates = _without(tmp_path, sentence)
    for channel in CHANNELS:
        letter = write(FIRST_REMINDER, channel, "run", language="fr", templates=templates)
        problems = broken_rules(letter, FIRST_REMINDER, channel, "run")
        assert f"missing {REQUIRED[rule]!r}" in problems, (rule, problems)


def test_the_complete_french_first_reminder_passes_every_book_xix_element() -> None:
    """The same check on the shipped template: nothing missing (the test above can fail
    only on what this one finds present)."""
    for channel in CHANNELS:
        letter = write(FIRST_REMINDER, channel, "run", language="fr")
        assert not broken_rules(letter, FIRST_REMINDER, channel, "run")
        assert all(phrase in letter.body for phrase in REQUIRED.values())
