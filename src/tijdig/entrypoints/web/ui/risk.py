"""The customer page's risk panel (issue 17 section 2): the customer's open invoices with
their risk of late payment, the expected payment day with its 80 % interval and the top
3 reasons in the reader's language; from the stored model, or by the rules (said so,
with why a stored model was refused); and the risk's suggestions for the customer, an
open one with Accept and Dismiss (routes in `risk_pages.py`). Scoring one customer
reads that customer's part of the ledger only."""

from __future__ import annotations

from dataclasses import dataclass

from tijdig.domain.errors import TijdigError
from tijdig.domain.risk import InvoiceRisk, RiskClass, Source, Suggestion
from tijdig.domain.risk_texts import CLASS_TEXTS, say_direction, say_reason
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.risk import scoring, suggestions

SUGGESTION_TEXTS = {
    "deposit": N_("Ask for a deposit or prepayment"),
    "lower_limit": N_("Lower the credit limit"),
    "offer_plan": N_("Offer a payment plan"),
}
STATUS_TEXTS = {"open": N_("open"), "accepted": N_("accepted"), "dismissed": N_("dismissed")}
DONE = {
    "accepted": N_("Suggestion accepted. The act itself is yours: the limit, the plan or "
                   "the deposit, each through its own form."),
    "dismissed": N_("Suggestion dismissed."),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReasonLine:
    text: str
    direction: str
    raises: bool


@dataclass(frozen=True, slots=True)
class RiskRow:
    item: InvoiceRisk
    risk_class: str
    percent: int | None
    reasons: tuple[ReasonLine, ...]


@dataclass(frozen=True, slots=True)
class RiskSection:
    by_model: bool
    why_rules: Exception | None
    late_days: int
    customer_class: str | None
    rows: tuple[RiskRow, ...]
    suggestions: tuple[tuple[Suggestion, str, str], ...]  # with the kind's and status' words
    can_change: bool = False
    done: str = ""  # msgid: what a form just did
    error: TijdigError | None = None


def risk_section(
    ws: Workspace, number: str, *, done: str = "", error: TijdigError | None = None
) -> RiskSection:
    tijdig = ws.tijdig

    def gettext(message: str) -> str:
        return i18n.gettext(ws.language, message)

    scores = scoring.score(tijdig.risk_uow(), tijdig.risk_reads, ws.company, as_of=ws.as_of,
                           customer=number)  # fmt: skip
    rows = tuple(
        RiskRow(item, gettext(CLASS_TEXTS[item.risk_class]),
                None if item.probability is None else round(item.probability * 100),
                tuple(ReasonLine(say_reason(r, gettext), say_direction(r, gettext), r.raises)
                      for r in item.reasons))
        for item in scores.invoices
    )  # fmt: skip
    klass: RiskClass | None = scores.by_customer().get(number)
    made = suggestions.for_customer(tijdig.risk_uow(), ws.company, number)
    return RiskSection(
        by_model=scores.source is Source.MODEL, why_rules=scores.why_rules,
        late_days=scores.late_days,
        customer_class=None if klass is None else gettext(CLASS_TEXTS[klass]), rows=rows,
        suggestions=tuple((s, gettext(SUGGESTION_TEXTS[s.kind]), gettext(STATUS_TEXTS[s.status]))
                          for s in made),
        can_change=ws.user.role.can_change,
        done=DONE.get(done or ws.request.query_params.get("risk", ""), ""), error=error,
    )  # fmt: skip
