"""`/api/v1/effects`: the response table, the share of messages whose invoices were paid
within 7 and 14 days with 95 % Wilson intervals; `/api/v1/experiments`: the A/B tests of
templates with their arms and verdict (issue 18). The same services as the workspace's
/effects page and the CLI (`tijdig effects`, `tijdig experiment status`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from tijdig.analytics.effects import EffectRow, Share
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, company_for
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.collection import effects, experiments
from tijdig.services.collection.experiments import ExperimentStatus

router = APIRouter(tags=["effects"])
ByQuery = Annotated[
    str | None,
    Query(description="Group by, comma-separated: step, template, channel, weekday, time, "
          "variant (stage, kind, country and amount band always)."),
]  # fmt: skip


class ShareRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    paid: int = described("Messages whose invoices were all paid in full in the window.")
    share: float = described("paid / n.")
    low: float = described("Lower end of the 95 % Wilson score interval.")
    high: float = described("Upper end of the 95 % Wilson score interval.")

    @classmethod
    def of(cls, s: Share) -> ShareRead:
        return cls(paid=s.successes, share=s.share, low=s.interval.low, high=s.interval.high)


class EffectRowRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: dict[str, str] = described("The cell: each dimension grouped by and the strata.")
    n: int = described("Messages judged in the cell.")
    paid_7: ShareRead = described("Paid within 7 days of sending.")
    paid_14: ShareRead = described("Paid within 14 days of sending.")

    @classmethod
    def of(cls, r: EffectRow) -> EffectRowRead:
        return cls(key=dict(r.key), n=r.n, paid_7=ShareRead.of(r.paid_7),
                   paid_14=ShareRead.of(r.paid_14))  # fmt: skip


class EffectsRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: date
    by: list[str] = described("The dimensions grouped by (the strata come on top).")
    counted: int = described("Messages judged (sent 14 days or more before as_of).")
    too_recent: int = described("Messages left out: sent in the last 14 days.")
    rows: list[EffectRowRead]


class ArmRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    variant: str
    n: int = described("Messages judged in the arm.")
    paid_14: int = described("Of them, paid within 14 days.")


class ExperimentRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    template: str
    variants: list[str]
    needed: int = described("Messages per arm before a verdict (α 5 %, power 80 %).")
    started_on: date
    chosen: str | None = described("The variant kept at its end; null while it runs.")
    arms: list[ArmRead]
    verdict: str = described("waiting, no_difference or better.")
    best: str | None = described("The better variant, when the verdict is better.")

    @classmethod
    def of(cls, s: ExperimentStatus) -> ExperimentRead:
        e = s.experiment
        return cls(id=e.id, template=e.template, variants=list(e.names), needed=e.needed,
                   started_on=e.started_on, chosen=e.chosen,
                   arms=[ArmRead(variant=a.variant, n=a.n, paid_14=a.paid) for a in s.arms],
                   verdict=s.verdict.outcome.value, best=s.verdict.best)  # fmt: skip


@router.get("/effects", response_model=EffectsRead)
def effect_table(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate, by: ByQuery = None,
    code: CompanyCode = None,
) -> EffectsRead:  # fmt: skip
    """The response table on `as_of` (422 for an unknown dimension)."""
    company = company_for(tijdig, signed_in.user, code)
    table = effects.effects(tijdig.uow(), tijdig.sent_messages, company, as_of=as_of,
                            by=effects.parse_by(by))  # fmt: skip
    return EffectsRead(as_of=table.as_of, by=list(table.by), counted=table.counted,
                       too_recent=table.too_recent,
                       rows=[EffectRowRead.of(r) for r in table.rows])  # fmt: skip


@router.get("/experiments", response_model=list[ExperimentRead])
def experiment_list(
    tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate, code: CompanyCode = None
) -> list[ExperimentRead]:
    """Every A/B test of the company's templates, the latest first."""
    company = company_for(tijdig, signed_in.user, code)
    found = experiments.experiment_status(tijdig.uow(), tijdig.sent_messages, company,
                                          as_of=as_of)  # fmt: skip
    return [ExperimentRead.of(s) for s in found]
