"""`/api/v1/jobs/{id}`: a background job's record (services/background.py), to follow
its progress and read its result. Reading it never writes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from tijdig.entrypoints.web.api.common import id_path
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, visible_companies
from tijdig.entrypoints.web.deps import Installation
from tijdig.services import background

router = APIRouter(prefix="/jobs", tags=["jobs"])

JobId = Annotated[int, id_path("job")]


class ProgressRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    done: int = described("Steps done (messages sent, for sending).")
    total: int | None = described("Steps in all; null until the job has counted them.")


class JobRead(BaseModel):
    """A background job: what was queued, by whom, how far it got and how it ended."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The job's id.")
    company: str = described("Company code.")
    kind: str = described(
        "What it does: run (the day's run), send (sending) or import (uploaded files)."
    )
    arguments: dict[str, Any] = described("What it was queued with (days as YYYY-MM-DD).")
    state: str = described("queued, running, done or failed.")
    progress: ProgressRead = described("How far it got.")
    result: dict[str, Any] | None = described("What it did, when done (counts, the run's id).")
    error: dict[str, Any] | None = described(
        "Why it failed: a refusal's code and params, and its English message."
    )
    attempts: int = described("How often a worker took it up (more than once: one stopped).")
    queued_by: str = described("Who queued it.")
    queued_at: datetime = described("When it was queued.")
    started_at: datetime | None = described("When a worker last took it up.")
    finished_at: datetime | None = described("When it ended.")


@router.get("/{job_id}", response_model=JobRead)
def get_job(job_id: JobId, tijdig: Installation, signed_in: CurrentUser) -> JobRead:
    """One background job of a company the user sees (another's is not found)."""
    codes = {c.id: c.code for c in visible_companies(tijdig, signed_in.user) if c.id}
    found = background.job(tijdig.jobs(), job_id, company_ids=list(codes))
    shown = background.job_json(found)
    return JobRead(**{**shown, "company": codes[found.company_id]})
