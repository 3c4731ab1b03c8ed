"""The workspace's list of customers whose contact details need attention (S2-1):
`/contacts/quality`, the most overdue first, fifty a page, each with what is wrong and
a link to the customer. The same service as `tijdig contacts quality` and the
API; a GET, so it changes nothing."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from tijdig.domain.contact_quality import ContactIssue
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.ui.collection import PageNumber, Pager, customer_url, kept
from tijdig.entrypoints.web.ui.workspace import N_, WorkspaceDep
from tijdig.services.contacts import quality
from tijdig.services.read_models.common import Window

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
PER_PAGE = 50
ISSUE_LABELS = {
    ContactIssue.EMAIL_MISSING: N_("no e-mail address"),
    ContactIssue.EMAIL_INVALID: N_("e-mail address not valid"),
    ContactIssue.EMAIL_BOUNCED: N_("e-mail bounces"),
    ContactIssue.PHONE_MISSING: N_("no phone number"),
    ContactIssue.PHONE_INVALID: N_("phone number not valid"),
    ContactIssue.NOT_CONFIRMED: N_("not confirmed recently"),
}


@router.get("/contacts/quality", name="contact_quality")
def contact_quality(ws: WorkspaceDep, page: PageNumber = 1) -> Response:
    """Customers whose e-mail or phone is missing, not valid, bounces or was not
    confirmed for the company's months; the largest overdue amount first."""
    window = Window(PER_PAGE, (page - 1) * PER_PAGE)
    report = quality.contact_quality(ws.tijdig.uow(), ws.company, as_of=ws.as_of, window=window)
    rows = report.page.items
    filters = kept(ws)
    return ws.render("contact_quality.html", {
        "rows": rows, "months": report.confirm_months, "issue_labels": ISSUE_LABELS,
        "customer_urls": {r.customer_number: customer_url(ws, r.customer_number) for r in rows},
        "pager": Pager(page, PER_PAGE, report.page.total),
        "page_url": lambda n: str(ws.url("contact_quality", query=filters | {"page": n})),
    })  # fmt: skip
