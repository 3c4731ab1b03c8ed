"""The risk's reasons in words (domain/risk_texts.py): every feature has its English
template, said in Dutch and French with the same parameter; values as whole numbers."""

from __future__ import annotations

import re

import pytest

from tijdig.analytics.risk_features import FEATURES
from tijdig.domain import risk_texts
from tijdig.domain.risk import RiskReason
from tijdig.entrypoints.web import i18n

TEXTS = [*risk_texts.FEATURE_TEXTS.values(), *risk_texts.NOT_YET_TEXTS.values(),
         risk_texts.NOT_YET, risk_texts.RAISES, risk_texts.LOWERS, risk_texts.YES,
         risk_texts.NO, *risk_texts.CLASS_TEXTS.values()]  # fmt: skip


def test_every_feature_has_a_text() -> None:
    assert set(risk_texts.FEATURE_TEXTS) == set(FEATURES)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_text_is_translated_with_its_parameters(language: str) -> None:
    for text in TEXTS:
        said = i18n.gettext(language, text)
        assert said != text, (language, text)
        assert set(re.findall(r"{(\w+)}", said)) == set(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize(
    ("reason", "english", "dutch"),
    [
        (RiskReason("share_late", True, 0.666), "67 % of earlier invoices paid late",
         "67 % van de eerdere facturen te laat betaald"),
        (RiskReason("log_amount", False, 3.0), "an amount of about 1000",
         "een bedrag van ongeveer 1000"),
        (RiskReason("late_last_time", True, 1.0),
         "the last invoice paid more than N days late: yes",
         "de laatste factuur meer dan N dagen te laat betaald: ja"),
        (RiskReason("share_late", False, None), "no earlier invoice paid yet",
         "nog geen eerdere factuur betaald"),
    ],
)  # fmt: skip
def test_a_reason_in_words(reason: RiskReason, english: str, dutch: str) -> None:
    assert risk_texts.say_reason(reason) == english
    assert risk_texts.say_reason(reason, lambda m: i18n.gettext("nl", m)) == dutch
    direction = risk_texts.say_direction(reason)
    assert direction == ("raises the risk" if reason.raises else "lowers the risk")
