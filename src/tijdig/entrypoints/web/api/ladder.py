"""`/api/v1/companies/{code}/ladder`: the company's escalation ladder (plan B), through
`services.ladder.fallbacks` as the CLI. Read by everyone who sees the company; changed by
an administrator; a ladder that does not climb is 422, naming why, and nothing is stored."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.ladder import Ladder, Rung
from tijdig.entrypoints.web.api.companies import CompanyPath
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now, require_admin
from tijdig.entrypoints.web.deps import Installation
from tijdig.services.ladder import fallbacks

router = APIRouter(tags=["companies"])
RungName = Literal["new_term", "payment_plan", "agency"]


class LadderRead(BaseModel):
    """The rungs a customer climbs as agreements are broken, weakest first."""

    model_config = ConfigDict(frozen=True)

    rungs: list[RungName] = described("The rungs, weakest first.")
    name_agency_after: int = described(
        "Broken agreements after which a plain reminder names the agency."
    )
    new_term_days: int = described("How many days a new term runs.")

    @classmethod
    def from_ladder(cls, ladder: Ladder) -> LadderRead:
        return cls(rungs=[r.value for r in ladder.rungs],
                   name_agency_after=ladder.name_agency_after,
                   new_term_days=ladder.new_term_days)  # fmt: skip


class LadderWrite(BaseModel):
    """A ladder: each rung once, from new term to payment plan to the agency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rungs: list[RungName] = Field(min_length=1, max_length=3,
                                  description="The rungs, weakest first.")  # fmt: skip
    name_agency_after: int = Field(default=2, ge=0, le=100, description=(
        "Broken agreements after which a plain reminder names the agency."))  # fmt: skip
    new_term_days: int = Field(default=14, ge=1, le=90,
                               description="How many days a new term runs.")  # fmt: skip

    def ladder(self) -> Ladder:
        return Ladder(tuple(Rung(r) for r in self.rungs), self.name_agency_after,
                      self.new_term_days)  # fmt: skip


@router.get("/companies/{code}/ladder", response_model=LadderRead)
def get_ladder(code: CompanyPath, tijdig: Installation, signed_in: CurrentUser) -> LadderRead:
    """The company's ladder (the default until one is set)."""
    company = company_for(tijdig, signed_in.user, code)
    return LadderRead.from_ladder(fallbacks.show_ladder(tijdig.uow(), company))


@router.put("/companies/{code}/ladder", response_model=LadderRead)
def put_ladder(
    code: CompanyPath, body: LadderWrite, tijdig: Installation, signed_in: CurrentUser
) -> LadderRead:
    """Store the company's ladder (administrators); audited."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    ladder = fallbacks.set_ladder(tijdig.uow(), company, body.ladder(), actor=actor(signed_in),
                                  at=now())  # fmt: skip
    return LadderRead.from_ladder(ladder)
