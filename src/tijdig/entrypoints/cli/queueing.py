"""`--background`: a command's work queued as a job (services/background.py) instead of
done in the command's own process."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from tijdig import clock
from tijdig.entrypoints.cli.common import cli_actor
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.bootstrap import Tijdig
    from tijdig.domain.parties import Company


def queue_background(
    app: Tijdig,
    company: Company,
    kind: Literal["run", "send"],
    *,
    as_of: date | None = None,
    moment: datetime | None = None,
) -> int:
    """Queue the company's day's run of `as_of`, or its sending (at the worker's moment,
    or as of a rehearsed `moment` and day `as_of`), and say the job's id."""
    from tijdig.services import background

    if kind == "run":
        assert as_of is not None
        arguments = background.run_arguments(as_of=as_of, today=clock.today())
    else:
        arguments = background.send_arguments(moment=moment, day=as_of)
    job_id = background.queue_job(
        app.jobs(), app.job_queue(), company, background.JobKind(kind), arguments,
        actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    console.print(f"Job {job_id} queued ({kind} for {company.code}); see `tijdig jobs show "
                  f"{job_id}`.")  # fmt: skip
    return job_id
