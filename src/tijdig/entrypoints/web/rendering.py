"""The Jinja2 environment of the pages: autoescaped, strict, with money and date filters.

Texts live in the templates so that a later translation can wrap them; the locale
used for numbers and dates is one constant here for now.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_compact_currency, format_currency
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
LOCALE = "en_GB"  # English text, European dates (30 Oct 2025)
LANGUAGE = "en"


def money(amount: Decimal, currency: str) -> str:
    """€1,234.56 in the page's locale."""
    return str(format_currency(amount, currency, locale=LOCALE))


def money_compact(amount: Decimal, currency: str) -> str:
    """€12.3K: for chart labels, where the full amount is in the tooltip."""
    return str(format_compact_currency(amount, currency, locale=LOCALE, fraction_digits=1))


def day(value: date | None) -> str:
    """3 Mar 2026; an empty string for no date."""
    return "" if value is None else str(format_date(value, format="medium", locale=LOCALE))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(("html", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, money_compact=money_compact, day=day)
    env.globals.update(language=LANGUAGE)
    return env


templates = Jinja2Templates(env=_environment())
