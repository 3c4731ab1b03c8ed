"""Open disputes (S3-2): each holds its invoice, and only that invoice, until resolved."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.ui.collection import (
    PER_PAGE,
    REASON_LABELS,
    PageNumber,
    Pager,
    customer_url,
    kept,
    labels,
    optional_reason,
    see_other,
)
from tijdig.entrypoints.web.ui.workspace import WorkspaceDep
from tijdig.services.records import disputes as dispute_service

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


@router.get("/disputes", name="disputes")
def disputes(
    ws: WorkspaceDep,
    reason: Annotated[str, Query(max_length=40)] = "",
    page: PageNumber = 1,
) -> Response:
    """The unresolved disputes, oldest first, with invoice, customer, reason and age."""
    code = optional_reason(reason)
    shown = dispute_service.open_disputes(
        ws.tijdig.uow(), ws.company, reason=code, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    filters = kept(ws) | ({"reason": code.value} if code else {})
    resolved = ws.request.query_params.get("resolved", "")
    return ws.render(
        "disputes.html",
        {
            "disputes": shown.disputes,
            "customer_urls": {d.customer_number: customer_url(ws, d.customer_number)
                              for d in shown.disputes},
            "pager": Pager(page, PER_PAGE, shown.total),
            "page_url": lambda n: str(ws.url("disputes", query=filters | {"page": n})),
            "kept": kept(ws),
            "reason": code.value if code else "",
            "reasons": [(r.value, label) for r, label in REASON_LABELS.items()],
            "resolved": resolved[:64],
            "can_change": ws.user.role.can_change,
            **labels(),
        },
    )  # fmt: skip


@router.post("/disputes/{dispute_id}/resolve", name="dispute_resolve")
def resolve(ws: WorkspaceDep, dispute_id: Id) -> Response:
    """Resolve a dispute as of the day looked from: collection of its invoice resumes."""
    require_change(ws.signed_in)
    resolved = dispute_service.resolve_dispute(
        ws.tijdig.uow(), ws.company, dispute_id=dispute_id, as_of=ws.as_of,
        actor=actor(ws.signed_in), at=now(),
    )  # fmt: skip
    return see_other(ws.url("disputes", query=kept(ws) | {"resolved": resolved.invoice_number}))
