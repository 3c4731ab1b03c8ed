"""What a credit controller does from the customer page (issue 15): log a call, visit or
note, record a promise, open a dispute on an invoice, pause dunning until a day, send a
statement of account now, set the next action, offer a payment plan. Each route parses
the form and calls the one service of its use case, the same as the CLI and the API; the
service audits it.

An htmx request gets the whole page back (200, also for a refusal, since htmx swaps only
a success): the form picks out the actions section and, out of band, the timeline and
the next step, so the change shows at once. Without htmx a change redirects back
(POST-redirect-GET) and a refusal re-shows the page with its status (422, 404, 409). A
read-only user is refused (403)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.collection.plans import Frequency
from tijdig.domain.collection.records import ContactEvent
from tijdig.domain.errors import TijdigError
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui import customer_action_forms as forms
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.plans import plans
from tijdig.services.records import (
    contacts,
    dispute_cases,
    pauses,
    ports,
    promises,
    statements,
    tasks,
)
from tijdig.services.records.outcomes import Agreement

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Short = Annotated[str, Form(max_length=100)]
Long = Annotated[str, Form(max_length=2100)]


def _is_htmx(ws: Workspace) -> bool:
    return ws.request.headers.get("HX-Request") == "true"


def _done(ws: Workspace, number: str, done: str) -> Response:
    if _is_htmx(ws):
        context = customer_context(ws, number)
        context["actions"] = forms.actions_section(ws, number, done=done)
        return ws.render("customer.html", context)
    url = ws.url("customer", number=number, query={"done": done})
    return RedirectResponse(f"{url}#customer-actions", status_code=303)


def _refused(
    ws: Workspace, number: str, action: str, typed: Mapping[str, str], error: TijdigError
) -> Response:
    context = customer_context(ws, number)
    context["actions"] = context["actions"].refused(action, typed, error)
    return ws.render("customer.html", context, status_code=200 if _is_htmx(ws) else
                     status_for(error))  # fmt: skip


def _act(
    ws: Workspace, number: str, action: str, typed: Mapping[str, str],
    change: Callable[[Company, str, str], str],
) -> Response:  # fmt: skip
    """Run `change` (given the company, the actor and the done message's key, it returns
    the key to show), after checking the user may change things."""
    require_change(ws.signed_in)
    try:
        done = change(ws.company, actor(ws.signed_in), action)
    except TijdigError as error:
        return _refused(ws, number, action, typed, error)
    return _done(ws, number, done)


@router.post("/customers/{number}/actions/contact", name="customer_log_contact")
def log_contact(
    ws: WorkspaceDep, number: str, kind: Short, summary: Long = "", with_whom: Short = "",
    outcome: Long = "", promise: Short = "", amount: Short = "",
) -> Response:  # fmt: skip
    """Log a call, visit, e-mail or note with whom and its outcome; a promise to pay
    made in it too."""
    typed = {"kind": kind, "summary": summary, "with_whom": with_whom, "outcome": outcome,
             "promise": promise, "amount": amount}  # fmt: skip

    def change(company: Company, who: str, done: str) -> str:
        agreed = Agreement(forms.optional_day(promise, "promise"), forms.optional_amount(amount))
        logged = contacts.loggable_kind(kind, field="kind")
        event = ContactEvent(number, logged, forms.moment(ws, now()), summary.strip(),
                             by=ws.user.username, with_whom=with_whom.strip(),
                             outcome=outcome.strip())  # fmt: skip
        contacts.log_contact(ws.tijdig.uow(), company, event, agreed=agreed, actor=who, at=now())
        return done

    return _act(ws, number, "contact", typed, change)


@router.post("/customers/{number}/actions/promise", name="customer_promise")
def add_promise(ws: WorkspaceDep, number: str, promised: Short, amount: Short = "") -> Response:
    """Record a promise to pay by a day (all that is overdue, or an amount)."""

    def change(company: Company, who: str, done: str) -> str:
        promises.add_promise(ws.tijdig.uow(), company, number, forms.day(promised, "promised"),
                             amount=forms.optional_amount(amount),
                             made_at=forms.moment(ws, now()), by=ws.user.username, actor=who,
                             at=now())  # fmt: skip
        return done

    return _act(ws, number, "promise", {"promised": promised, "amount": amount}, change)


@router.post("/customers/{number}/actions/dispute", name="customer_dispute")
def open_dispute(
    ws: WorkspaceDep, number: str, invoice: Short, reason: Short, note: Long = ""
) -> Response:
    """Open a dispute on one of the customer's invoices: it is held until its outcome."""

    def change(company: Company, who: str, done: str) -> str:
        dispute_cases.open_case(
            ws.tijdig.uow(), company, invoice.strip(), ports.parse_reason(reason),
            note=note.strip(), of_customer=number, as_of=ws.as_of, actor=who, at=now(),
        )  # fmt: skip
        return done

    typed = {"invoice": invoice, "reason": reason, "note": note}
    return _act(ws, number, "dispute", typed, change)


@router.post("/customers/{number}/actions/pause", name="customer_pause")
def pause_dunning(ws: WorkspaceDep, number: str, until: Short, reason: Long = "") -> Response:
    """Pause dunning from the day looked from until a day, with the reason."""

    def change(company: Company, who: str, done: str) -> str:
        pauses.pause_dunning(ws.tijdig.uow(), company, number, until=forms.day(until, "resume_on"),
                             why=reason, as_of=ws.as_of, actor=who, at=now())  # fmt: skip
        return done

    return _act(ws, number, "pause", {"until": until, "reason": reason}, change)


@router.post("/customers/{number}/actions/pause/lift", name="customer_pause_lift")
def lift_pause(ws: WorkspaceDep, number: str) -> Response:
    """Resume dunning from the day looked from, before the pause's day."""

    def change(company: Company, who: str, done: str) -> str:
        pauses.lift_pause(ws.tijdig.uow(), company, number, as_of=ws.as_of, actor=who, at=now())
        return done

    return _act(ws, number, "lift", {}, change)


@router.post("/customers/{number}/actions/next", name="customer_next_action")
def next_action(ws: WorkspaceDep, number: str, due: Short, title: Long = "") -> Response:
    """Set the customer's next action and its day: a task in the agenda."""

    def change(company: Company, who: str, done: str) -> str:
        tasks.add_task(ws.tijdig.uow(), company, number, title=title, due_on=forms.day(due, "due"),
                       as_of=ws.as_of, actor=who, at=now())  # fmt: skip
        return done

    return _act(ws, number, "next", {"due": due, "title": title}, change)


@router.post("/customers/{number}/actions/plan", name="customer_plan_offer")
def offer_plan(
    ws: WorkspaceDep, number: str, instalments: Short, first: Short,
    invoice: Annotated[list[str] | None, Form(max_length=64)] = None,
    frequency: Short = Frequency.MONTHLY.value, deposit: Short = "",
) -> Response:  # fmt: skip
    """Offer a payment plan over the invoices ticked; outside the company's limits it
    waits for a person's approval (a task)."""
    chosen = tuple(n.strip() for n in invoice or () if n.strip())
    typed = {"instalments": instalments, "first": first, "frequency": frequency,
             "deposit": deposit, "invoices": ",".join(chosen)}  # fmt: skip

    def change(company: Company, who: str, done: str) -> str:
        terms = plans.PlanTerms(
            chosen, forms.whole_number(instalments, "instalments"), forms.day(first, "first"),
            Frequency.WEEKLY if frequency == Frequency.WEEKLY.value else Frequency.MONTHLY,
            forms.optional_amount(deposit, "deposit"),
        )  # fmt: skip
        offered = plans.offer_plan(ws.tijdig.uow(), company, number, terms, on=ws.as_of,
                                   actor=who, at=now())  # fmt: skip
        return "plan_proposed" if offered.outside_limits else done

    return _act(ws, number, "plan", typed, change)


@router.post("/customers/{number}/actions/statement", name="customer_statement")
def send_statement(ws: WorkspaceDep, number: str) -> Response:
    """Queue the statement of account on the day looked from, in the customer's language."""

    def change(company: Company, who: str, done: str) -> str:
        statements.send_statement(ws.tijdig.uow(), ws.tijdig.statement_letters(), company,
                                  number, as_of=ws.as_of, actor=who, at=now())  # fmt: skip
        return done

    return _act(ws, number, "statement", {}, change)
