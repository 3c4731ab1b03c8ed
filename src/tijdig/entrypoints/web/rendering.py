"""The Jinja2 environment of the pages: autoescaped, strict, translated per request.

Every page is rendered with `language` (nl, en or fr) in its context: texts go through
gettext (`{{ _("Open invoices") }}`, `{% trans %}`), and money and dates are formatted
by Babel in that language's locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_currency, format_currency, format_decimal
from fastapi.templating import Jinja2Templates

from tijdig.domain import refusal_texts
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.reason_texts import Formats, fill, say
from tijdig.domain.reasons import Code, Param, Reason, many_from_json
from tijdig.entrypoints.web import i18n

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
DEFAULT_LANGUAGE = "en"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def _locale(context: Any) -> str:
    return i18n.LOCALES.get(context.get("language", DEFAULT_LANGUAGE), "en_GB")


def money(amount: Decimal, currency: str, locale: str = "en_GB") -> str:
    """€1,234.56 (en) or € 1.234,56 (nl)."""
    return str(format_currency(amount, currency, locale=locale))


def money_compact(amount: Decimal, currency: str, locale: str = "en_GB") -> str:
    """€12.3K: for chart labels, where the full amount is in the tooltip."""
    return str(format_compact_currency(amount, currency, locale=locale, fraction_digits=1))


def day(value: date | None, locale: str = "en_GB") -> str:
    """3 Mar 2026 / 3 mrt 2026; an empty string for no date."""
    return "" if value is None else str(format_date(value, format="medium", locale=locale))


def moment(value: datetime | None, locale: str = "en_GB") -> str:
    """A timestamp in the business time zone, to the minute."""
    if value is None:
        return ""
    return str(format_datetime(value, format="medium", tzinfo=TIMEZONE, locale=locale))


def number(value: int | Decimal, locale: str = "en_GB") -> str:
    return str(format_decimal(value, locale=locale))


def exact(value: Decimal, locale: str = "en_GB") -> str:
    """A number with every decimal it has, for rates: 8.1234 (en) or 8,1234 (nl)."""
    return str(format_decimal(value, locale=locale, decimal_quantization=False))


@jinja2.pass_context
def _money(context: Any, amount: Decimal, currency: str) -> str:
    return money(amount, currency, _locale(context))


@jinja2.pass_context
def _money_compact(context: Any, amount: Decimal, currency: str) -> str:
    return money_compact(amount, currency, _locale(context))


@jinja2.pass_context
def _day(context: Any, value: date | None) -> str:
    return day(value, _locale(context))


@jinja2.pass_context
def _moment(context: Any, value: datetime | None) -> str:
    return moment(value, _locale(context))


@jinja2.pass_context
def _number(context: Any, value: int | Decimal) -> str:
    return number(value, _locale(context))


@jinja2.pass_context
def _exact(context: Any, value: Decimal) -> str:
    return exact(value, _locale(context))


@dataclass(frozen=True, slots=True)
class Phrase:
    """A text of the web's own with values: `Phrase(N_("Dispute opened by {actor}"),
    {"actor": "Demo"})`. Said like a reason: the msgid translated, then its values filled
    in, amounts and days in the reader's format; a param that is itself a Phrase is said
    first (a dispute's reason inside its sentence)."""

    msgid: str
    params: Mapping[str, Param | Phrase] = field(default_factory=dict)


def said(value: Reason | Phrase | TijdigError | str, language: str, /, **typed: str) -> str:
    """A reason, a phrase or a refusal in the reader's words, amounts and days in the
    reader's format; a text stored before reasons were codes is shown as it was stored,
    and an error raised with English text (outside the core) as its message. `typed`
    puts back what a person typed in place of a refused value's param."""
    if isinstance(value, str):
        return value
    locale = i18n.LOCALES.get(language, "en_GB")
    formats = Formats(
        money=lambda amount, currency: money(amount, currency, locale),
        day=lambda value: day(value, locale),
        number=lambda value: number(value, locale),
    )

    def gettext(message: str) -> str:
        return i18n.gettext(language, message)

    if isinstance(value, Reason):
        return say(value, gettext=gettext, formats=formats)
    if isinstance(value, TijdigError):
        return _refusal(value, gettext, locale, typed)
    values = {k: said(v, language) if isinstance(v, Phrase) else v
              for k, v in value.params.items()}  # fmt: skip
    return fill(gettext(value.msgid), values, gettext=gettext, formats=formats)


def _refusal(
    error: TijdigError, gettext: Callable[[str], str], locale: str, typed: Mapping[str, str]
) -> str:
    """A refusal by its code, after the words of the field it names (when a form shows
    it apart from the field); a refused figure is shown with every decimal it has."""
    if error.code is None:
        return error.reason if isinstance(error, InvalidValue) else str(error)
    formats = Formats(
        money=lambda amount, currency: money(amount, currency, locale),
        day=lambda value: day(value, locale),
        number=lambda value: exact(value, locale) if isinstance(value, Decimal)
        else number(value, locale),
    )  # fmt: skip
    params = {**error.params, **{k: v.strip() for k, v in typed.items() if k in error.params}}
    text = refusal_texts.say(error.code, params, gettext=gettext, formats=formats)
    field = (
        refusal_texts.WORDS["field"].get(error.field) if isinstance(error, InvalidValue) else None
    )
    return f"{gettext(field)}: {text}" if field else text


def is_bank_stale(value: object) -> bool:
    """The bank-first hold or warning: the last statement is too old, or there is none."""
    return isinstance(value, Reason) and value.code in (Code.BANK_STALE,
                                                        Code.BANK_STALE_NO_STATEMENT)  # fmt: skip


@jinja2.pass_context
def _said(context: Any, value: Reason | Phrase | TijdigError | str) -> str:
    return said(value, context.get("language", DEFAULT_LANGUAGE))


@jinja2.pass_context
def _gettext(context: Any, message: str) -> str:
    return i18n.gettext(context.get("language", DEFAULT_LANGUAGE), message)


@jinja2.pass_context
def _ngettext(context: Any, singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(context.get("language", DEFAULT_LANGUAGE), singular, plural, n)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(("html", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        money=_money,
        money_compact=_money_compact,
        day=_day,
        moment=_moment,
        number=_number,
        exact=_exact,
        said=_said,
        reasons_of=many_from_json,  # the reasons stored as JSON in a payload
        decimal=Decimal,  # an amount stored as text in a payload
    )
    env.tests.update(
        reason=lambda value: isinstance(value, Reason),  # {% if x is reason %}
        bank_stale=is_bank_stale,  # "bank first": the hold links to the upload page
    )
    # each language offered in its own name by the switcher (base.html)
    env.globals.update(language=DEFAULT_LANGUAGE, language_names=i18n.NAMES)
    return env


templates = Jinja2Templates(env=_environment())
