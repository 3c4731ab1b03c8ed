"""The NL 14-day letter and the BE first reminder: LEGAL.md worked examples and
hand-derived dates (each comment counts the days)."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.errors import RuleViolation
from tijdig.domain.legal.terms import NoticeDelivery, nl_presumed_delivery, reminder_term

D = date.fromisoformat
POST, EMAIL = NoticeDelivery.POST, NoticeDelivery.EMAIL

TERMS = [
    # (country, channel, sent, delivered, term_starts, last_day, costs_from)
    pytest.param("NL", POST, "2026-03-03", "2026-03-05", "2026-03-06", "2026-03-19", "2026-03-20",
                 id="LEGAL.md: NL posted Tue 3 March"),
    pytest.param("NL", EMAIL, "2026-03-03", "2026-03-03", "2026-03-04", "2026-03-17", "2026-03-18",
                 id="LEGAL.md: NL e-mailed Tue 3 March"),
    pytest.param("BE", POST, "2026-03-02", "2026-03-05", "2026-03-05", "2026-03-18", "2026-03-19",
                 id="LEGAL.md: BE posted Mon 2 March, 3rd working day Thu"),
    # hand: Fri post: Sat counts (1), Sun and Mon do not, Tue (2); 11..24 March
    pytest.param("NL", POST, "2026-03-06", "2026-03-10", "2026-03-11", "2026-03-24", "2026-03-25",
                 id="hand: NL posted Friday, Saturday counts"),
    # hand: Sat post: Sun, Mon skipped, Tue (1), Wed (2); 12..25 March
    pytest.param("NL", POST, "2026-03-07", "2026-03-11", "2026-03-12", "2026-03-25", "2026-03-26",
                 id="hand: NL posted Saturday"),
    # hand: Thu post: Fri (1), Sat (2) delivered; 8..21 March ends Sat -> Atw Mon 23
    pytest.param("NL", POST, "2026-03-05", "2026-03-07", "2026-03-08", "2026-03-23", "2026-03-24",
                 id="hand: NL delivered Saturday, term ends Saturday -> Monday"),
    # hand: Wed 1 April: Thu (1), Good Friday skipped, Sat 4 (2); 5..18 April Sat -> Mon 20
    pytest.param("NL", POST, "2026-04-01", "2026-04-04", "2026-04-05", "2026-04-20", "2026-04-21",
                 id="hand: NL Good Friday does not count for delivery"),
    # hand: Mon 4 May: 5 May (Atw, non-lustrum year) skipped, Wed (1), Thu (2); 8..21 May
    pytest.param("NL", POST, "2026-05-04", "2026-05-07", "2026-05-08", "2026-05-21", "2026-05-22",
                 id="hand: NL 5 May skipped in 2026"),
    # hand: e-mail Fri 11 Dec: 12..25 Dec, Christmas, Boxing Day (Sat), Sun -> Mon 28
    pytest.param("NL", EMAIL, "2026-12-11", "2026-12-11", "2026-12-12", "2026-12-28", "2026-12-29",
                 id="hand: NL term ending at Christmas moves per Atw"),
    # hand: e-mail Thu 30 Apr 2026: 1..14 May ends on Ascension; 15 May equated -> Mon 18
    pytest.param("NL", EMAIL, "2026-04-30", "2026-04-30", "2026-05-01", "2026-05-18", "2026-05-19",
                 id="hand: NL Ascension plus the equated Friday"),
    # hand: BE e-mail: term starts next day, 3..16 March
    pytest.param("BE", EMAIL, "2026-03-02", "2026-03-02", "2026-03-03", "2026-03-16", "2026-03-17",
                 id="hand: BE e-mailed Mon 2 March"),
    # hand: BE post Fri: Mon (1), Tue (2), Wed 11 (3); 11..24 March
    pytest.param("BE", POST, "2026-03-06", "2026-03-11", "2026-03-11", "2026-03-24", "2026-03-25",
                 id="hand: BE posted Friday"),
    # hand: BE post Thu 2 April: Good Friday is a working day (1), Easter Monday not,
    # Tue (2), Wed 8 (3); 8..21 April
    pytest.param("BE", POST, "2026-04-02", "2026-04-08", "2026-04-08", "2026-04-21", "2026-04-22",
                 id="hand: BE Easter Monday skipped, Good Friday counts"),
    # hand: BE e-mail Tue 7 July: 8..21 July ends on the National Day -> Wed 22
    pytest.param("BE", EMAIL, "2026-07-07", "2026-07-07", "2026-07-08", "2026-07-22", "2026-07-23",
                 id="hand: BE last day on 21 July moves"),
    # hand: BE e-mail Thu 2 April 2026: 3..16 April, a Thursday, no move
    pytest.param("BE", EMAIL, "2026-04-02", "2026-04-02", "2026-04-03", "2026-04-16", "2026-04-17",
                 id="hand: BE e-mail over Easter, no move"),
    # hand: BE e-mail Fri 16 Oct 2026: 17..30 Oct Fri; e-mail Sat 17: 18..31 Oct Sat -> Mon 2 Nov
    pytest.param("BE", EMAIL, "2026-10-17", "2026-10-17", "2026-10-18", "2026-11-02", "2026-11-03",
                 id="hand: BE Saturday last day -> Monday"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("country", "channel", "sent", "delivered", "starts", "last", "costs_from"), TERMS
)
def test_reminder_term(
    *,
    country: str,
    channel: NoticeDelivery,
    sent: str,
    delivered: str,
    starts: str,
    last: str,
    costs_from: str,
) -> None:
    result = reminder_term(D(sent), country=country, channel=channel)
    assert (result.delivered, result.term_starts, result.last_day, result.costs_from) == (
        D(delivered),
        D(starts),
        D(last),
        D(costs_from),
    )


def test_the_term_says_when_it_was_moved() -> None:
    result = reminder_term(D("2026-12-11"), country="NL", channel=EMAIL)
    assert result.counted_last_day == D("2026-12-25")
    assert result.was_moved
    assert any("Atw" in step for step in result.steps)


def test_presumed_delivery_skips_easter_monday() -> None:
    # Sat 4 April 2026: Sun, Easter Monday 6 April skipped; Tue 7 (1), Wed 8 (2).
    assert nl_presumed_delivery(D("2026-04-04")) == D("2026-04-08")


def test_other_countries_have_no_reminder_term() -> None:
    with pytest.raises(RuleViolation, match="NL and BE"):
        reminder_term(D("2026-03-02"), country="DE", channel=POST)
