"""A/B tests of templates in the workspace (issue 18, ui/experiments.py): a variant's form
stores a lawful text and shows the letter rules' refusal in the reader's language; the
start form shows the messages each arm needs before anything starts; the status gives
per arm the messages sent, paid within 7 and 14 days and required, "no verdict yet"
until both arms are full, then the verdict and the button that makes the better variant
the template's text; a read-only user reads and is refused the changes."""

from __future__ import annotations

import html
import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FrozenClock
from tests.services.collection.effects_db import add_sent
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.analytics.experiments import Experiment
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import Role

from .conftest import AS_OF, TestClient, add_customers, add_user, csrf_of, sign_in

SHIPPED_COSTS = "- {{ law.costs_named }}: {{ announced.costs }}\n"
FIRM = "Wij verzoeken u dringend het openstaande bedrag te voldoen."
VARIANT_URL = "/experiments/variants/nl/formal_demand"


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(AS_OF)


def _lawful(app: Tijdig) -> str:
    shipped = app.shipped_templates().text("nl", "formal_demand")
    intro = "{% block intro %}\n"
    return shipped.replace(intro, f"{intro}{FIRM}\n\n", 1)


def _words(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, f"nothing matches {pattern}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def _post(client: TestClient, url: str, data: dict[str, str]) -> object:
    token = csrf_of(client.get("/experiments").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _audit(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return [a for a in uow.session.scalars(select(AuditRow.action).order_by(AuditRow.id))
                if a.startswith(("experiment", "template"))]  # fmt: skip


def test_a_variant_is_stored_once_it_passes_the_letter_rules_and_refused_in_dutch(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    form = client.get(VARIANT_URL)
    assert form.status_code == 200
    # the form starts from the text in force
    assert html.escape(app.shipped_templates().text("nl", "formal_demand")[:40]) in form.text
    token = csrf_of(form.text)
    client.post("/me/language", data={"language": "nl", "csrf_token": token})
    unlawful = _lawful(app).replace(SHIPPED_COSTS, "")
    refused = client.post(VARIANT_URL, data={"csrf_token": token, "variant": "B",
                                             "text": unlawful, "customer": "C001"})  # fmt: skip
    assert refused.status_code == 422
    said = _words(refused.text, r'<p class="form-error".*?</p>')
    assert "incassokosten" in said.lower() or "kosten" in said.lower(), said
    assert html.escape(FIRM) in refused.text  # what was typed stays in the box
    assert _audit(app) == []
    stored = client.post(VARIANT_URL, data={"csrf_token": token, "variant": "B",
                                            "text": _lawful(app), "customer": "C001"},
                         follow_redirects=False)  # fmt: skip
    assert stored.status_code == 303, stored.text
    assert "done=variant" in stored.headers["location"]
    with app.uow() as uow:
        assert uow.experiments.variant_text(acme.id or 0, "nl", "formal_demand", "B") == (
            _lawful(app)
        )
    assert _audit(app) == ["template.variant"]
    again = client.get(VARIANT_URL, params={"variant": "B"})
    assert html.escape(FIRM) in again.text  # the stored variant, to change it
    assert client.get(VARIANT_URL, params={"variant": "A"}).status_code == 422
    assert client.get("/experiments/variants/nl/nope").status_code == 404


def _variant(app: Tijdig, company: Company) -> None:
    with app.uow() as uow:  # stored as the form stores it (its check is tested above)
        uow.experiments.save_variant(company.id or 0, "nl", "formal_demand", "B", _lawful(app),
                                     at=datetime.now(UTC), by="anne")  # fmt: skip
        uow.commit()


def test_the_messages_needed_are_shown_before_the_experiment_starts(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    empty = client.get("/experiments")
    assert "No template has a variant yet" in empty.text
    _variant(app, acme)
    page = client.get("/experiments", params={"template": "formal_demand", "baseline": "50",
                                              "effect": "10"})  # fmt: skip
    assert _words(page.text, r'<p class="needed".*?</p>') == "Each variant needs 388 messages."
    page = client.get("/experiments", params={"template": "formal_demand", "baseline": "40",
                                              "effect": "30"})  # fmt: skip
    assert "Each variant needs 42 messages." in html.unescape(page.text)
    assert 'name="baseline" value="40"' in page.text  # the start posts what was worked out
    refused = client.get("/experiments", params={"baseline": "veel", "effect": "10"})
    assert refused.status_code == 422
    assert ("Share paid within 14 days now (percent): 'veel' is not a number"
            in html.unescape(refused.text))  # fmt: skip
    assert client.get("/experiments", params={"effect": "60"}).status_code == 422
    assert _audit(app) == []  # working it out stores nothing
    started = _post(client, "/experiments", {"template": "formal_demand", "baseline": "40",
                                             "effect": "30"})  # fmt: skip
    assert started.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/experiments")
    [article] = re.findall(r'<article class="experiment".*?</article>', page.text, re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())
    assert "Variant A (text in force) 0 0 0 0 42" in text and "Variant B 0 0 0 0 42" in text
    assert "No verdict yet" in text and "Make" not in text
    again = _post(client, "/experiments", {"template": "formal_demand", "baseline": "40",
                                           "effect": "30"})  # fmt: skip
    assert again.status_code == 422  # type: ignore[attr-defined]
    assert _audit(app) == ["experiment.start"]


def _arms(app: Tijdig, company: Company, experiment_id: int, chances: dict[str, float]) -> None:
    """100 customers, half on each variant, each sent one formal demand from 5 January
    on, paid within 14 days with its variant's chance (some within 7)."""
    numbers = [f"K{k:03d}" for k in range(100)]
    add_customers(app, company, [Customer(n, f"Klant {n}") for n in numbers])
    rng, first = random.Random(18), date(2026, 1, 5)
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id or 0)
        for k, number in enumerate(numbers):
            uow.experiments.assign(company.id or 0, experiment_id, ids[number], "AB"[k % 2],
                                   on=first)  # fmt: skip
        uow.commit()
    for k, number in enumerate(numbers):
        paid = rng.randint(0, 13) if rng.random() < chances["AB"[k % 2]] else None
        add_sent(app, company, number, f"X-{number}", sent_on=first + timedelta(days=k % 5),
                 step="formal_demand", paid_after=paid)  # fmt: skip


def test_the_verdict_waits_for_both_arms_then_the_better_variant_becomes_the_default(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    _variant(app, acme)
    with app.uow() as uow:
        uow.experiments.add(acme.id or 0, _experiment(), at=datetime.now(UTC))
        uow.commit()
        [stored] = uow.experiments.all(acme.id or 0)
    _arms(app, acme, stored.id, {"A": 0.3, "B": 0.8})
    early = client.get("/experiments", params={"as_of": "2026-01-20"})  # 20 judged per arm
    article = _words(early.text, r'<article class="experiment".*?</article>')
    assert "No verdict yet" in article and "Make variant" not in article
    refused = client.post(f"/experiments/{stored.id}/choose?as_of=2026-01-20",
                          data={"csrf_token": csrf_of(early.text), "variant": "B"})  # fmt: skip
    assert refused.status_code == 422
    assert "no verdict yet: each variant needs 42 messages" in html.unescape(refused.text)
    page = client.get("/experiments")
    article = _words(page.text, r'<article class="experiment".*?</article>')
    figures = re.search(r"Variant B 50 50 (\d+) \(\d+%\) (\d+) \(\d+%\) 42", article)
    assert figures, article
    assert int(figures.group(1)) <= int(figures.group(2))  # within 7 is within 14 too
    assert "Better variant found : variant B pays sooner" in article
    chosen = client.post(f"/experiments/{stored.id}/choose",
                         data={"csrf_token": csrf_of(page.text), "variant": "B"},
                         follow_redirects=False)  # fmt: skip
    assert chosen.status_code == 303, chosen.text
    with app.uow() as uow:
        assert uow.template_texts.get(acme.id or 0, "nl", "formal_demand") == _lawful(app)
    assert "kept: B" in client.get("/experiments").text
    assert _audit(app)[-1] == "experiment.choose"


def _experiment() -> Experiment:
    return Experiment(0, "formal_demand", 2, 0.4, 0.3, 42, date(2026, 1, 5), "anne")


def test_a_read_only_user_reads_the_tests_and_may_change_none(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    _variant(app, acme)
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    page = anonymous.get("/experiments")
    assert page.status_code == 200 and "Each variant needs 388 messages." in page.text
    assert "Start the experiment" not in page.text
    token = csrf_of(page.text)
    for url, data in (("/experiments", {"template": "formal_demand", "baseline": "50",
                                        "effect": "10"}),
                      (VARIANT_URL, {"variant": "B", "text": "x", "customer": "C001"}),
                      ("/experiments/1/choose", {"variant": "B"})):  # fmt: skip
        assert anonymous.post(url, data={"csrf_token": token, **data}).status_code == 403
    assert _audit(app) == []


def test_the_menu_has_the_effects_and_contact_quality_and_effects_links_the_tests(
    client: TestClient, acme: Company
) -> None:
    page = client.get("/effects")
    menu = page.text[page.text.index('<nav class="mainnav"') : page.text.index("</nav>")]
    assert 'aria-current="page">Effects</a>' in menu and ">Contact quality</a>" in menu
    assert 'href="http://testserver/experiments#start"' in page.text
    quality = client.get("/contacts/quality").text
    menu = quality[quality.index('<nav class="mainnav"') : quality.index("</nav>")]
    assert 'aria-current="page">Contact quality</a>' in menu
