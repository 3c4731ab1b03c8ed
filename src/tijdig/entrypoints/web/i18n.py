"""The UI's languages: Dutch, English and (Belgian) French, through Babel's gettext
catalogues.

English is the source language (the msgids); Dutch and French come from the `.po` files
under `locale/nl/` and `locale/fr/`, one file per area of the UI so that each can grow
on its own. They are read and merged once, when first needed: no compiled `.mo` files to
keep in step.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("nl", "en", "fr")
DEFAULT_LANGUAGE = "nl"
# Number and date formats per UI language; English keeps European dates (3 Mar 2026);
# French is Belgium's (fr_BE), the French-speaking users Tijdig serves.
LOCALES = {"nl": "nl_NL", "en": "en_GB", "fr": "fr_BE"}
# Each language offered in its own name (the switcher).
NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}


@cache
def translations(language: str) -> NullTranslations:
    """The merged catalogue of `language`; English (the msgids) has none."""
    if language == "en":
        return NullTranslations()
    merged: Translations | None = None
    for po_file in sorted((LOCALE_DIR / language).glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(buffer)
        merged = part if merged is None else merged.merge(part)
    return merged or NullTranslations()


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


def best_language(accept_language: str | None) -> str:
    """The first of our languages in an Accept-Language header; Dutch otherwise."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
