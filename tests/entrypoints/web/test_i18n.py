"""Every text of the UI has a Dutch and a French translation; the catalogues load and
merge."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.support import NullTranslations

from tijdig.domain import reason_texts, refusal_texts, risk_texts
from tijdig.engine.replies import texts as reply_texts
from tijdig.entrypoints.web import i18n

WEB = Path(i18n.__file__).parent
# The words of the engine's and matching's reasons, and of the core's refusals, live in
# the core, said at the edge.
CORE_TEXTS = (
    Path(reason_texts.__file__),
    Path(refusal_texts.__file__),
    Path(reply_texts.__file__),  # the reasons of a reply's classification (issue 19)
    Path(risk_texts.__file__),  # the reasons of a risk score (issue 17)
)
TEMPLATES = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.html", "ignore")]
PYTHON = [("**.py", "python")]
# i18n.gettext(language, message): the message is the 2nd argument; N_ marks a text
# that is translated where it is shown.
KEYWORDS = {"_": None, "gettext": (2,), "ngettext": (2, 3), "N_": None}
# In a template the language is implied: ngettext(singular, plural, n).
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


PLURAL_OF: dict[str, str] = {}  # a plural text's singular msgid -> its plural


def _translated(catalogue: NullTranslations, text: str, same: frozenset[str] | None = None) -> bool:
    """Whether `text` has a translation; `same`: the words the language writes alike."""
    same = SAME_IN_DUTCH if same is None else same
    if text in PLURAL_OF:
        plural = PLURAL_OF[text]
        return catalogue.ngettext(text, plural, 2) != plural or text in same
    return catalogue.gettext(text) != text or text in same


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


def test_every_ui_text_has_a_french_translation() -> None:
    """Every msgid that Dutch must translate, French must too (Belgium, issue 15)."""
    french = i18n.translations("fr")
    missing = [
        f"{where}: {text!r}" for text, where in sorted(_msgids().items())
        if not _translated(french, text, SAME_IN_FRENCH)
    ]  # fmt: skip
    assert not missing, "no French for:\n" + "\n".join(missing)


def test_french_has_a_catalogue_for_every_dutch_one() -> None:
    """locale/fr mirrors locale/nl file by file, so that an area's words stay together."""
    dutch = {p.name for p in (WEB / "locale" / "nl").glob("*.po")}
    french = {p.name for p in (WEB / "locale" / "fr").glob("*.po")}
    assert dutch <= french, f"no French catalogue for {sorted(dutch - french)}"


# Words that Dutch writes the same way; listed so that an untranslated text stands out.
SAME_IN_DUTCH = frozenset(
    {
        "Bank",
        "bank",
        "API",
        "Webhooks",
        "Plan B",
        "Variant %(variant)s",  # "Variant B"
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


# Words that French writes the same way.
SAME_IN_FRENCH = frozenset(
    {"API", "Action", "Actions", "Agenda", "BIC", "Contacts", "Description", "E-mail", "IBAN",
     "Imports", "Note", "PDF", "Page", "Pages", "Plan B", "Total", "Webhooks", "import", "note"}
)  # fmt: skip


def test_no_text_shows_a_requirement_code() -> None:
    """ "(S1-4)" is for the developers' documents, never for the reader of a page."""
    dutch = i18n.translations("nl")
    shown = [(text, dutch.gettext(text)) for text in _msgids()]
    shown += [(text, i18n.translations("fr").gettext(text)) for text in _msgids()]
    assert not [pair for pair in shown if re.search(r"\bS\d-\d", " ".join(pair))]


def test_english_is_the_source_and_dutch_comes_from_the_catalogues() -> None:
    assert i18n.gettext("en", "Sign out") == "Sign out"
    assert i18n.gettext("nl", "Sign out") == "Afmelden"
    assert i18n.gettext("fr", "Sign out") == "Se déconnecter"
    assert i18n.ngettext("fr", "%(num)d day", "%(num)d days", 1) == "%(num)d jour"
    assert i18n.ngettext("fr", "%(num)d day", "%(num)d days", 2) == "%(num)d jours"


def test_the_preferred_language_comes_from_the_browser_else_dutch() -> None:
    assert i18n.best_language("en-GB,en;q=0.9,nl;q=0.8") == "en"
    assert i18n.best_language("nl-BE,fr;q=0.5") == "nl"
    assert i18n.best_language("fr-BE,de;q=0.5") == "fr"
    assert i18n.best_language("de-DE,de;q=0.5") == "nl"
    assert i18n.best_language(None) == "nl"
