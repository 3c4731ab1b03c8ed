"""`/api/v1/hand-overs`: hand a customer over to a collection agency (off-policy), follow
the case's status, download its file, and the payments that reached the creditor
directly after a hand-over, as the agency's CSV (docs/formats.md)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from http import HTTPStatus
from pathlib import Path as FilePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.hand_over import CaseStatus, HandOverCase, Source
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerFilter, Day, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation, today
from tijdig.services.hand_over import agency, cases, direct

router = APIRouter(prefix="/hand-overs", tags=["hand-overs"])

STATUSES = ", ".join(s.value for s in CaseStatus)
CSV = "text/csv; charset=utf-8"
CaseKey = Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL,
                              description="A case (HO000001), or a customer number: its latest "
                              "case.")]  # fmt: skip
Since = Annotated[date | None, Query(description="Only payments on or after this day.")]


class StatusChangeRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: CaseStatus = described(f"The status: {STATUSES}.")
    on: date = described("The day it holds from.")
    at: datetime = described("When it was recorded.")
    actor: str = described("Who set it.")
    source: Source = described("Where from: policy, cli, api, workspace, agency_file.")
    note: str = described("A note kept with it.")


class CaseRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    reference: str = described("The case's reference, as the agency quotes it.")
    customer: str = described("Customer number.")
    opened_on: date = described("The hand-over day.")
    status: CaseStatus = described(f"The status: {STATUSES}.")
    reason: str = described("Why; for a policy's hand-over, the step's key.")
    off_policy: bool = described("Handed over by a person, not by the policy's step.")
    stops_dunning: bool = described("Dunning stays stopped (every status but returned).")
    history: list[StatusChangeRead] = described("Every status it had, the first first.")

    @classmethod
    def of(cls, case: HandOverCase) -> CaseRead:
        return cls(
            reference=case.reference, customer=case.customer_number, opened_on=case.opened_on,
            status=case.status, reason=case.reason, off_policy=case.off_policy,
            stops_dunning=case.stops_dunning,
            history=[StatusChangeRead(status=c.status, on=c.on, at=c.at, actor=c.actor,
                                      source=c.source, note=c.note) for c in case.history],
        )  # fmt: skip


class CaseCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str = Field(min_length=1, max_length=64, pattern=NO_NUL,
                          description="Customer number.")  # fmt: skip
    reason: str = Field(min_length=1, max_length=cases.REASON_LENGTH, pattern=NO_NUL,
                        description="Why the customer is handed over.")  # fmt: skip


class StatusSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: CaseStatus = described(f"The new status: {STATUSES}.")
    on: Day | None = described("The day it holds from; default today.", default=None)
    note: str = Field(default="", max_length=1000, pattern=NO_NUL,
                      description="A note kept with the change.")  # fmt: skip


class AgencyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    filename: str = Field(default="agency.csv", min_length=1, max_length=200,
                          pattern=r"^[^\x00/\\]*$",
                          description="The file's name, as its issues name it.")  # fmt: skip
    content: str = Field(min_length=1, max_length=10_000_000,
                         description="The status file (CSV, docs/formats.md).")  # fmt: skip


class AgencyFileRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    statuses: int = described("Statuses changed.")
    payments: int = described("Payments booked.")
    unchanged: int = described("Rows already known (the file is idempotent).")


@router.get("", response_model=list[CaseRead])
def list_cases(
    tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None,
    customer: CustomerFilter = None,
) -> list[CaseRead]:  # fmt: skip
    """The company's cases (of one customer), the latest first."""
    company = company_for(tijdig, signed_in.user, code)
    return [CaseRead.of(c) for c in cases.cases_of(tijdig.uow(), company, customer)]


@router.post("", response_model=CaseRead, status_code=HTTPStatus.CREATED)
def open_case(
    body: CaseCreate, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> CaseRead:
    """Hand the customer over today, off-policy: the case opens with its file, dunning
    stops and the credit hold is set (409 while another case is with the agency)."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    case = cases.open_case(
        tijdig.uow(), tijdig.hand_over_files(), tijdig.invoice_copies(), company, body.customer,
        reason=body.reason, actor=actor(signed_in), source=Source.API, at=now(), as_of=today(),
    )  # fmt: skip
    return CaseRead.of(case)


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type=CSV,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/direct-payments", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})  # fmt: skip
def direct_payments(
    tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None, since: Since = None
) -> Response:
    """The payments that reached the creditor directly after a hand-over and are not yet
    reported, as the agency's CSV. Reads only: POST .../report marks them reported."""
    company = company_for(tijdig, signed_in.user, code)
    found = direct.direct_payments(tijdig.uow(), company, since=since)
    return _csv(direct.as_csv(found), "direct-payments.csv")


@router.post("/direct-payments/report", response_class=Response,
             responses={200: {"content": {"text/csv": {}}}})  # fmt: skip
def report_direct_payments(
    tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None, since: Since = None
) -> Response:
    """The same CSV, and its payments marked reported: the next report leaves them out."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    found = direct.report_direct_payments(tijdig.uow(), company, since=since,
                                          actor=actor(signed_in), at=now())  # fmt: skip
    return _csv(direct.as_csv(found), "direct-payments.csv")


@router.post("/agency-file", response_model=AgencyFileRead)
def import_agency_file(
    body: AgencyFile, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> AgencyFileRead:
    """Read the agency's status file: statuses and payments, all or nothing (422 naming
    each bad row's line and field); reading it again changes nothing."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / "agency.csv"
        path.write_text(body.content, encoding="utf-8")
        read = agency.named(tijdig.read_agency_file(path), body.filename)
    done = agency.import_agency_file(tijdig.uow(), company, read, file=body.filename,
                                     actor=actor(signed_in), at=now())  # fmt: skip
    return AgencyFileRead(statuses=done.statuses, payments=done.payments,
                          unchanged=done.unchanged)  # fmt: skip


@router.get("/{key}", response_model=CaseRead)
def get_case(
    key: CaseKey, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> CaseRead:
    """One case with its status history."""
    company = company_for(tijdig, signed_in.user, code)
    uow = tijdig.uow()
    with uow:
        return CaseRead.of(cases.find_case(uow, company, key))


@router.post("/{key}/status", response_model=CaseRead)
def set_status(
    key: CaseKey, body: StatusSet, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> CaseRead:  # fmt: skip
    """Give the case a new status (the status it has: no change). Returned gives the
    customer back to dunning; the credit hold stays. 409 when it may not follow."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    case, _changed = cases.change_status(
        tijdig.uow(), company, key, body.status, actor=actor(signed_in), source=Source.API,
        at=now(), on=body.on or today(), note=body.note,
    )  # fmt: skip
    return CaseRead.of(case)


@router.get("/{key}/file", response_class=Response,
            responses={200: {"content": {"application/zip": {}}}})  # fmt: skip
def case_file(
    key: CaseKey, tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> Response:
    """The case's file: the ZIP written when it opened (never written again)."""
    company = company_for(tijdig, signed_in.user, code)
    name, content = cases.case_file(tijdig.uow(), company, key)
    return Response(content, media_type="application/zip", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})  # fmt: skip
