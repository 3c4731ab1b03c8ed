"""Every refusal of the core is a code with params, worded once: an English template
per code (the msgid), the Dutch in the `refusals` catalogue, and no raise without a code
in the domain, the engine, matching or the services."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import tijdig
from tijdig.domain import errors, refusal_texts
from tijdig.domain.errors import (
    ImportRefused,
    InvalidValue,
    NotFound,
    RuleViolation,
    TijdigError,
)
from tijdig.domain.money import Money
from tijdig.domain.reason_texts import Formats
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web import i18n

SRC = Path(tijdig.__file__).parent
SAME_IN_DUTCH = frozenset({"run", "E-mail"})  # so that any other untranslated text stands out
CODED = ("domain", "engine", "matching", "services")
# The workspace's and the portal's own refusals: forms parsed, pages and rights checked.
CODED_WEB = ("entrypoints/web/ui", "entrypoints/web/auth.py", "entrypoints/web/deps.py")


def _all_errors() -> dict[str, type[TijdigError]]:
    for package in CODED:
        module = importlib.import_module(f"tijdig.{package}")
        for found in pkgutil.walk_packages(module.__path__, f"{module.__name__}."):
            importlib.import_module(found.name)
    seen: dict[str, type[TijdigError]] = {}
    todo: list[type[TijdigError]] = [TijdigError]
    while todo:
        cls = todo.pop()
        seen[cls.__name__] = cls
        todo += cls.__subclasses__()
    return seen


def _code_argument(call: ast.Call, cls: type[TijdigError]) -> ast.expr | None:
    position = 1 if issubclass(cls, InvalidValue) else 0
    return call.args[position] if len(call.args) > position else None


def _is_code(node: ast.expr | None) -> bool:
    """`Refusal.X`, `law.X`, a choice between codes, `error.code or ...`, or a name that
    holds one; never a text."""
    if isinstance(node, ast.Attribute):
        return node.attr.isupper() or node.attr == "code"
    if isinstance(node, ast.IfExp):
        return _is_code(node.body) and _is_code(node.orelse)
    if isinstance(node, ast.BoolOp):
        return all(_is_code(value) for value in node.values)
    return isinstance(node, ast.Name)


def _uncoded(path: Path, classes: dict[str, type[TijdigError]]) -> list[str]:
    """Where a TijdigError is made with a text, or anything but a `Refusal.X` code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        cls = classes.get(node.func.id)
        if cls is None or cls.__init__ not in (TijdigError.__init__, InvalidValue.__init__):
            continue  # an error with a constructor of its own says its code there
        if not _is_code(_code_argument(node, cls)):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.func.id}")
    return found


def _files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_every_refusal_of_the_core_is_raised_with_a_code() -> None:
    classes = _all_errors()
    paths = [p for name in (*CODED, *CODED_WEB) for p in _files(SRC / name)]
    assert len(paths) > 100 and SRC / "entrypoints/web/auth.py" in paths
    problems = [problem for path in paths for problem in _uncoded(path, classes)]
    assert not problems, f"{len(problems)} raised without a code:\n" + "\n".join(problems)


def test_the_scan_finds_a_refusal_raised_with_text(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text(
        'raise NotFound("no customer")\n'
        'raise InvalidValue("amount", Refusal.IS_EMPTY)\n'
        'raise InvalidValue("amount", f"{x} is empty")\n'
        'raise RuleViolation(Refusal.A if x else "no")\n'
    )
    classes = {"NotFound": NotFound, "InvalidValue": InvalidValue, "RuleViolation": RuleViolation}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(f"{__name__}.SRC", tmp_path)
        assert _uncoded(source, classes) == [
            "example.py:1: NotFound", "example.py:3: InvalidValue", "example.py:4: RuleViolation"
        ]  # fmt: skip


def test_every_code_has_an_english_template() -> None:
    assert set(refusal_texts.TEXTS) == set(Refusal)


def test_every_template_and_word_has_dutch_with_the_same_params() -> None:
    dutch = i18n.translations("nl")
    texts = [*refusal_texts.TEXTS.values(),
             *(w for table in refusal_texts.WORDS.values() for w in table.values())]  # fmt: skip
    missing = [t for t in texts if dutch.gettext(t) == t and t not in SAME_IN_DUTCH]
    assert not missing, "no Dutch for:\n" + "\n".join(missing)
    for text in texts:
        translated = dutch.gettext(text)
        assert set(re.findall(r"{(\w+)}", translated)) == set(re.findall(r"{(\w+)}", text)), text


def test_the_english_message_is_the_template_filled_in_plainly() -> None:
    error = NotFound(Refusal.NOT_FOUND_AT, thing="customer", key="K9", company="ACME")
    assert str(error) == "no customer K9 at ACME"
    assert error.code is Refusal.NOT_FOUND_AT and error.params["key"] == "K9"
    invalid = InvalidValue("reference", Refusal.AT_MOST_CHARACTERS, length=200)
    assert str(invalid) == "reference: at most 200 characters"
    assert invalid.reason == "at most 200 characters" and invalid.field == "reference"


def test_a_refusal_in_a_readers_words_and_formats() -> None:
    error = InvalidValue("damages_minimum", Refusal.CLAUSE_DAMAGES_ABOVE_CAP,
                         balance=Money("EUR", Decimal("100.00")), agreed=Money("EUR", Decimal(30)),
                         cap=Money("EUR", Decimal(20)), band="up_to_150", rule="x")  # fmt: skip
    words = {"On a balance of {balance} the clause gives {agreed}, above the cap of {cap} "
             "({band}; {rule}).": "Saldo {balance}, beding {agreed}, max {cap} ({band}; {rule}).",
             "€20 for a balance up to €150": "€ 20 tot € 150"}  # fmt: skip
    formats = Formats(money=lambda amount, currency: f"€ {amount}", day=date.isoformat)
    said = refusal_texts.say(error.code or Refusal.IS_EMPTY, error.params,
                             gettext=lambda m: words.get(m, m), formats=formats)  # fmt: skip
    assert said == "Saldo € 100.00, beding € 30, max € 20 (€ 20 tot € 150; x)."


def test_an_import_refusal_names_its_first_problem_and_the_count() -> None:
    assert str(ImportRefused([])) == "0 problem(s), nothing booked"
    assert ImportRefused([]).code is Refusal.IMPORT_REFUSED


def test_text_is_still_taken_outside_the_core() -> None:
    error = errors.Conflict("the file changed meanwhile")
    assert str(error) == "the file changed meanwhile" and error.code is None
