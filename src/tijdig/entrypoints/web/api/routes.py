"""The API router under /api/v1: every resource, signed in (bearer token or session),
CSRF for a session's writes, and the error responses documented on every operation."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from tijdig.entrypoints.web.api import (
    clauses,
    companies,
    contacts,
    credit,
    customer_actions,
    customers,
    disputes,
    effects,
    forecast,
    habits,
    hand_overs,
    hardship,
    inbox,
    invoices,
    jobs,
    ladder,
    notes,
    payments,
    personal_mail,
    plans,
    promises,
    reports,
    risk,
    runs,
    tasks,
)
from tijdig.entrypoints.web.api.common import ERRORS
from tijdig.entrypoints.web.api.security import api_user
from tijdig.entrypoints.web.auth import csrf_protect

API_PREFIX = "/api/v1"
RESOURCES = (
    companies, clauses, ladder, customers, hardship, invoices, payments, runs, tasks,
    disputes, notes, promises, plans, hand_overs, credit, jobs,
    reports, customer_actions, contacts, habits, risk, forecast, effects, inbox,
    personal_mail,
)  # fmt: skip


def api_router() -> APIRouter:
    router = APIRouter(
        prefix=API_PREFIX,
        dependencies=[Depends(api_user), Depends(csrf_protect)],
        responses=ERRORS,
    )
    for resource in RESOURCES:
        router.include_router(resource.router)
    return router
