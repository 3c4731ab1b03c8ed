"""Law per country: the registry knows exactly the countries that have a module, each
module answers the whole `Law` protocol, the two lookups answer the right country, and
no code outside `domain/legal/` branches on a country code (ARCHITECTURE.md rule 18)."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tijdig.domain.collection.policy import LegalNotice
from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal import (
    COUNTRIES,
    Law,
    law_for,
    law_of_claim,
    law_of_company,
    law_of_notice,
)
from tijdig.domain.legal.terms import NoticeDelivery

SOURCE = Path(__file__).resolve().parents[2] / "src" / "tijdig"
LEGAL = SOURCE / "domain" / "legal"
CODES = frozenset({"NL", "BE"})
# Where a country code may still be compared, each for a reason that is not the law:
ALLOWED = {
    # Fake data for trying Tijdig out: Dutch or Belgian names, IBANs, VAT ids and mail
    # hosts by the invented customer's country. It invents inputs; the rules that judge
    # them are the product's own, reached through the law like any customer's.
    SOURCE / "adapters" / "demo",
}


def _country_modules() -> set[str]:
    """Country modules: the two-letter modules of the legal package."""
    return {p.stem.upper() for p in LEGAL.glob("*.py") if len(p.stem) == 2}


def test_the_registry_lists_exactly_the_countries_that_have_a_module() -> None:
    assert set(COUNTRIES) == _country_modules() == {"NL", "BE"}
    assert len(COUNTRIES) == len(set(COUNTRIES))


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_country_module_answers_the_whole_protocol(country: str) -> None:
    law = law_for(country)
    members = {name for name in (*Law.__annotations__, *vars(Law)) if not name.startswith("_")}
    assert {m for m in members if not hasattr(law, m)} == set()
    assert country == law.COUNTRY
    assert law.reminder_term(date(2026, 3, 3), NoticeDelivery.EMAIL).sent == date(2026, 3, 3)
    assert law.collection_costs(Decimal(500), consumer=False).country == country


def test_a_country_without_a_module_is_refused_or_has_no_law() -> None:
    with pytest.raises(InvalidValue, match="NL and BE"):
        law_for("DE")
    assert law_of_claim("DE") is None
    assert law_of_claim(None) is None
    assert law_of_company("DE") is None


def test_the_law_of_the_claim_and_of_the_company_are_named_apart() -> None:
    # a Dutch company claiming under a Belgian policy: Belgian costs, Dutch registration
    claim, company = law_of_claim("BE"), law_of_company("NL")
    assert claim is not None and company is not None
    assert claim.CONSUMER_CLAIMS_BY_CLAUSE and claim.vat_uplift_rate() is None
    assert (company.REGISTRATION_LABEL, company.FISCAL_RETENTION_YEARS) == ("kvk", 7)


@pytest.mark.parametrize(
    ("notice", "country"),
    [
        (LegalNotice.NL_FOURTEEN_DAY_LETTER, "NL"),
        (LegalNotice.BE_FIRST_REMINDER, "BE"),
        (LegalNotice.FORMAL_DEMAND, None),
        (LegalNotice.NONE, None),
    ],
)
def test_a_reminder_whose_term_opens_costs_belongs_to_one_law(
    notice: LegalNotice, country: str | None
) -> None:
    law: Law | None = law_of_notice(notice)
    assert (law.COUNTRY if law else None) == country


def _is_code(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in CODES
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_is_code(e) for e in node.elts)
    return False


def country_branches(tree: ast.AST) -> list[int]:
    """Lines comparing with a country code (`== "BE"`, `in {"NL", "BE"}`, `case "NL":`)
    or keying a table by one (`{"NL": 7, "BE": 10}`)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(map(_is_code, [node.left, *node.comparators])):
            lines.append(node.lineno)
        if isinstance(node, ast.Dict) and any(k is not None and _is_code(k) for k in node.keys):
            lines.append(node.lineno)
        if isinstance(node, ast.MatchValue) and _is_code(node.value):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ('if country == "BE": pass', True),
        ('x = "nl_BE" if c.country != "NL" else "x"', True),
        ('ok = country in {"NL", "BE"}', True),
        ('ok = country not in ("NL",)', True),
        ('YEARS = {"NL": 7, "BE": 10}', True),
        ('match country:\n    case "BE":\n        pass', True),
        ('country: str = "NL"', False),  # a default is data, not a branch
        ('law_for(country).locale(language) == "nl_BE"', False),
    ],
)
def test_the_scan_finds_a_country_branch(code: str, found: bool) -> None:
    assert bool(country_branches(ast.parse(code))) is found


def test_no_code_outside_the_legal_package_branches_on_a_country() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.is_relative_to(LEGAL) or any(path.is_relative_to(a) for a in ALLOWED):
            continue
        rel = path.relative_to(SOURCE)
        found += [f"{rel}:{line}" for line in country_branches(ast.parse(path.read_text()))]
    assert found == [], "ask tijdig.domain.legal (law_of_claim / law_of_company) instead"
