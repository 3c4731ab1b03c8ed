"""Every text of the UI has a Dutch translation; the catalogues load and merge."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.support import NullTranslations

from tijdig.domain import reason_texts, refusal_texts
from tijdig.entrypoints.web import i18n

WEB = Path(i18n.__file__).parent
# The words of the engine's and matching's reasons, and of the core's refusals, live in
# the core, said at the edge.
CORE_TEXTS = (Path(reason_texts.__file__), Path(refusal_texts.__file__))
TEMPLATES = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.html", "ignore")]
PYTHON = [("**.py", "python")]
# i18n.gettext(language, message): the message is the 2nd argument; N_ marks a text
# that is translated where it is shown.
KEYWORDS = {"_": None, "gettext": (2,), "ngettext": (2, 3), "N_": None}
# In a template the language is implied: ngettext(singular, plural, n).
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


PLURAL_OF: dict[str, str] = {}  # a plural text's singular msgid -> its plural


def _translated(dutch: NullTranslations, text: str) -> bool:
    if text in PLURAL_OF:
        plural = PLURAL_OF[text]
        return dutch.ngettext(text, plural, 2) != plural or text in SAME_IN_DUTCH
    return dutch.gettext(text) != text or text in SAME_IN_DUTCH


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for methods, keywords in ((TEMPLATES, TEMPLATE_KEYWORDS), (PYTHON, KEYWORDS)):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            WEB, methods, OPTIONS, keywords
        ):
            text = message
            if isinstance(message, tuple):  # ngettext: known by its singular
                PLURAL_OF[message[0]] = message[1]
                text = message[0]
            if text:
                found.setdefault(text, f"{filename}:{lineno}")
    for path in CORE_TEXTS:
        for lineno, message, _comments, _context in extract_from_file(
            "python", path, keywords={"N_": None}
        ):
            found.setdefault(message, f"{path.name}:{lineno}")
    return found


def test_the_ui_has_texts_to_translate() -> None:
    texts = _msgids()
    assert "Sign in" in texts and "Dashboard" in texts
    assert len(texts) > 15


def test_every_ui_text_has_a_dutch_translation() -> None:
    dutch = i18n.translations("nl")
    missing = [
        f"{where}: {text!r}" for text, where in sorted(_msgids().items())
        if not _translated(dutch, text)
    ]  # fmt: skip
    assert not missing, "no Dutch for:\n" + "\n".join(missing)


# Words that Dutch writes the same way; listed so that an untranslated text stands out.
SAME_IN_DUTCH = frozenset(
    {
        "Bank",
        "Webhooks",
        "API",
        "Plan B",
        "Runs",
        "Agenda",
        "IBAN",
        "BIC",
        "E-mail",
        "Status",
        "Type",
        "Open",
        "PDF",
        "Run %(id)s",
        "run",
        "open",
        "sms",
    }
)


def test_no_text_shows_a_requirement_code() -> None:
    """ "(S1-4)" is for the developers' documents, never for the reader of a page."""
    dutch = i18n.translations("nl")
    shown = [(text, dutch.gettext(text)) for text in _msgids()]
    assert not [pair for pair in shown if re.search(r"\bS\d-\d", " ".join(pair))]


def test_english_is_the_source_and_dutch_comes_from_the_catalogues() -> None:
    assert i18n.gettext("en", "Sign out") == "Sign out"
    assert i18n.gettext("nl", "Sign out") == "Afmelden"


def test_the_preferred_language_comes_from_the_browser_else_dutch() -> None:
    assert i18n.best_language("en-GB,en;q=0.9,nl;q=0.8") == "en"
    assert i18n.best_language("nl-BE,fr;q=0.5") == "nl"
    assert i18n.best_language("fr-BE,de;q=0.5") == "nl"
    assert i18n.best_language(None) == "nl"
