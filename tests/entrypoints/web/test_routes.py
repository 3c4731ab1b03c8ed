"""Every route of the app in one table: a happy request, an unhappy one (bad input or an
unknown id: its status, and nothing changed), and who may not use it (anonymous: the
sign-in page or 401; read-only sales: 403 on anything that writes; a credit controller:
403 on what only an administrator does; a user of ACME asking for BETA's data: 404;
the portal link of another debtor: refused). `app.routes` is walked, so a route
without a row here fails `test_the_table_names_every_route`.

The refusals and unhappy requests all run on one seeded database (each must leave every
table as it was); each happy write runs on a database of its own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select
from starlette.routing import Mount, Route

from tests.conftest import FrozenClock
from tests.databases import sqlite_copy
from tests.entrypoints.web.app_pool import web_app
from tests.services.collection.effects_db import add_sent
from tests.services.mailbox.inbox_world import add_reply
from tests.services.records.habits_data import SUGGESTED, add_regular_late
from tests.snapshot import Tables, changed
from tijdig.adapters.db.schema.collection import RunItemRow, StepTakenRow
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.collection.internal import Department, NoteKind
from tijdig.domain.collection.policy_toml import default_policy_set, dump_policy_set
from tijdig.domain.hand_over import Source
from tijdig.domain.hardship import HardshipKind
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.risk import RiskClass, Suggestion, SuggestionKind
from tijdig.domain.users import Role
from tijdig.entrypoints.web import auth
from tijdig.entrypoints.web.deps import today
from tijdig.services import background, uploads
from tijdig.services.access import users
from tijdig.services.collection import experiments
from tijdig.services.companies import company_settings
from tijdig.services.companies.company_settings import CompanyDetails
from tijdig.services.credit import status as credit
from tijdig.services.credit import webhooks as credit_hooks
from tijdig.services.hand_over import cases as hand_over_cases
from tijdig.services.plans import plans
from tijdig.services.plans.plans import PlanTerms
from tijdig.services.records import hardship, notes, pauses
from tijdig.services.risk import forecast as forecast_model

from .conftest import (
    PASSWORD,
    TestClient,
    add_customers,
    add_invoices,
    invoice,
    seed_acme,
)
from .test_api_data import RUN_DAY, bearer, seed_acme_records, seed_beta, token_for
from .test_bank_page import add_lines
from .test_portal_plans import SHOWN
from .test_settings_forms import policy_data

API = "/api/v1"
DAY = "2026-03-15"  # the seeded ledger's day (conftest.AS_OF)
AT = {"as_of": DAY}

OPEN, PAGE, JSON, PORTAL = "open", "page", "api", "portal"


@dataclass(frozen=True)
class Call:
    """One request: the path's `{names}` are filled from the seed (`Seed.values`)."""

    path: str
    status: int
    query: dict[str, Any] = field(default_factory=dict)
    form: dict[str, Any] | None = None  # a form; its CSRF token is added
    json: Any = None
    files: dict[str, tuple[str, bytes]] | None = None  # files of a multipart form


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # as the app names it
    guard: str  # OPEN, PAGE (session), JSON (bearer token), PORTAL (the link is the key)
    happy: Call
    unhappy: Call | None  # None only where a route takes no input at all
    may: Role | None = None  # the least role that may: None (anyone signed in)
    other: Call | None = None  # the same request aimed at BETA's data (or another debtor's)

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def writes(self) -> bool:
        return self.method != "GET"


CC, ADMIN = Role.CREDIT_CONTROLLER, Role.ADMIN
C = Call
ACCOUNT = {"iban": "NL91 ABNA 0417 1643 00"}
COMPANY = {"name": "Acme Groothandel B.V.", "address": "Kade 1, Amsterdam",
           "email": "debiteuren@acme.nl", "phone": "020 123 4567",
           "registration_number": "12345678", "vat_id": "NL000099998B57",
           "payment_term_days": "21", "can_deduct_vat": "true"}  # fmt: skip
DETAILS = CompanyDetails(
    "Acme Groothandel B.V.", "Kade 1, Amsterdam", "debiteuren@acme.nl", "020 123 4567", "12345678"
)
CLAUSE = {"reference": "artikel 7 van onze algemene voorwaarden",
          "text": "Bij niet-betaling op de vervaldag is een schadevergoeding verschuldigd.",
          "damages": "percent", "damages_percent": "8", "damages_minimum": "20,00",
          "damages_maximum": "100", "interest_rate": "8,5"}  # fmt: skip
API_CLAUSE = {
    "reference": "artikel 7",
    "text": "Een schadevergoeding is verschuldigd.",
    "damages_percent": "8",
    "damages_minimum": "20.00",
    "damages_maximum": "100.00",
}
NEW_USER = {"username": "dirk", "name": "Dirk", "password": "a long password",
            "role": "sales", "language": "en", "company": ["ACME"]}  # fmt: skip
PROMISE = {"customer": "C001", "promised_date": "2026-04-01", "made_on": DAY}
BETA = {"company": "BETA"}
NOTE = {"customer": "C001", "department": "sales", "kind": "complaint", "text": "Klacht"}
IBAN = "NL02ABNA0123456789"
ANONYMOUS_CSRF = "anonymous-csrf-token-of-this-browser"
HOLD = {"reason": "no deliveries until the director calls"}
HARDSHIP = {"kind": "wsnp", "since": DAY, "evidence": "the court's ruling of 2 March"}
HAND_OVER = {"reason": "No answer to the notice of default"}
MAIL = {"form_key": "k" * 24, "template": "free", "subject": "Uw facturen",
        "body": "Graag betaling."}  # fmt: skip
API_MAIL = {"key": "k" * 24, "template": "free", "subject": "Your invoices",
            "body": "Please pay."}  # fmt: skip
API_HAND_OVER = {"customer": "C001", **HAND_OVER}
NOTE_FORM = {"department": "sales", "kind": "complaint", "text": "Klacht over de oven"}
CREDIT = {"kind": "credit_note", "amount": "10,00"}
MAILBOX = {"host": "imap.acme.nl", "port": "993", "tls": "ssl", "username": "debiteuren",
           "address": "debiteuren@acme.nl", "folder": "INBOX"}  # fmt: skip
TOLERANCE = {"days": str(SUGGESTED)}  # as suggested to {habit_customer}
API_TOLERANCE = {"days": SUGGESTED}
POLICY_FORM = policy_data(default_policy_set().policy("nl_business"))
RULES_FORM = {"policy": ["nl_business", "other"], "kind": ["business", ""], "country": ["NL", ""],
              "risk_class": ["", ""], "min_amount": ["", ""],
              "payable_on_receipt": ["", ""]}  # fmt: skip
WORDING = "/settings/templates/edit/nl/reminder"
VARIANT = "/experiments/variants/nl/reminder"
EXPERIMENT = {"template": "reminder", "baseline": "50", "effect": "10"}
LADDER = {"name_agency_after": "2", "new_term_days": "14", "rung": ["new_term", "agency"]}
PLAN = {"customer": "C001", "invoices": ["F-001"], "instalments": 3, "first": "{soon}"}
SIGNED = {"way": "signed_copy", "filename": "akkoord.pdf", "content": "JVBERi0xLjc="}
PROPOSAL = {"instalments": "3", "first": "{soon}", "deposit": "", "shown": "{proposal_shown}"}
CALL = {"kind": "call", "with_whom": "Piet", "summary": "Asked about F-001", "outcome": "Pays"}
PAUSE = {"until": "2026-04-01", "reason": "Director away"}
NEXT = {"due": "2026-03-20", "title": "Call back"}
PLAN_FORM = {"invoice": ["F-001"], "instalments": "3", "first": "{soon}"}
UPLOAD = {"customers": ("klanten.csv", b"klantnummer;naam\nC900;Nieuwe Klant\n")}
EXPORT = {"export": ("debiteuren.csv", b"factuurnummer;klantnummer;factuurdatum;vervaldatum;"
                     b"bedrag_incl\nF-001;C001;2026-01-01;2026-01-31;1210,00\n")}  # fmt: skip

TABLE: tuple[Row, ...] = (
    # --- open to all ----------------------------------------------------------------
    Row("GET", "/health", OPEN, C("/health", 200), None),
    Row("GET", "/api/openapi.json", OPEN, C("/api/openapi.json", 200), None),
    Row("GET", "/api/docs", OPEN, C("/api/docs", 200), None),
    Row("GET", "/sign-in", OPEN, C("/sign-in", 200), C("/sign-in", 422, {"next": "a\x00b"})),
    Row("POST", "/sign-in", OPEN,
        C("/sign-in", 303, form={"username": "root", "password": PASSWORD}),
        C("/sign-in", 401, form={"username": "root", "password": "wrong password"})),
    # --- the workspace --------------------------------------------------------------
    Row("POST", "/sign-out", PAGE, C("/sign-out", 303, form={}), None),
    Row("POST", "/me/language", PAGE, C("/me/language", 303, form={"language": "nl"}),
        C("/me/language", 422, form={"language": "de"})),
    Row("GET", "/", PAGE, C("/", 200, AT), C("/", 422, {"as_of": "2026-02-30"}),
        other=C("/", 404, BETA)),
    Row("GET", "/customers", PAGE, C("/customers", 200, AT), C("/customers", 422, {"size": "x"}),
        other=C("/customers", 404, BETA)),
    Row("GET", "/invoices", PAGE, C("/invoices", 200, AT), C("/invoices", 422, {"sort": "x"}),
        other=C("/invoices", 404, BETA)),
    Row("GET", "/customers/{number}", PAGE, C("/customers/C001", 200, AT),
        C("/customers/NOPE", 404), other=C("/customers/B001", 404)),
    Row("GET", "/customers/{number}/invoices/{invoice}/copy", PAGE,
        C("/customers/C001/invoices/F-001/copy", 200),
        C("/customers/C001/invoices/F-003/copy", 404),  # another customer's invoice
        other=C("/customers/B001/invoices/B-INV-1/copy", 404, BETA)),
    Row("POST", "/customers/{number}/invoices/{invoice}/resend", PAGE,
        C("/customers/C001/invoices/F-001/resend", 303, form={"form_key": "k" * 24}),
        C("/customers/C002/invoices/F-003/resend", 422, form={"form_key": "k" * 24}),  # no e-mail
        may=CC, other=C("/customers/B001/invoices/B-INV-1/resend", 404, BETA,
                        form={"form_key": "k" * 24})),
    Row("GET", "/customers/{number}/mail", PAGE,
        C("/customers/C001/mail", 200, {"template": "follow_up"}),
        C("/customers/C001/mail", 422, {"template": "poem"}),
        other=C("/customers/B001/mail", 404, BETA)),
    Row("POST", "/customers/{number}/mail", PAGE,
        C("/customers/C001/mail", 200, form=MAIL | {"attach": "F-001"}),
        C("/customers/C002/mail", 422, form=MAIL),  # no e-mail address
        may=CC, other=C("/customers/B001/mail", 404, BETA, form=MAIL)),
    Row("POST", "/customers/{number}/clause", PAGE,
        C("/customers/C001/clause", 303, form=CLAUSE),
        C("/customers/C001/clause", 422, form=CLAUSE | {"damages_percent": "x"}),
        may=CC, other=C("/customers/B001/clause", 404, BETA, form=CLAUSE)),
    Row("POST", "/customers/{number}/language", PAGE,
        C("/customers/C001/language", 303, form={"language": "fr"}),
        C("/customers/C001/language", 422, form={"language": "de"}),
        may=CC, other=C("/customers/B001/language", 404, BETA, form={"language": "fr"})),
    Row("POST", "/customers/{number}/clause/remove", PAGE,
        C("/customers/{clause_customer}/clause/remove", 303, form={}),
        C("/customers/NOPE/clause/remove", 404, form={}),
        may=CC, other=C("/customers/B001/clause/remove", 404, BETA, form={})),
    Row("POST", "/customers/{number}/hardship", PAGE,
        C("/customers/C001/hardship", 303, form=HARDSHIP),
        C("/customers/{hardship_customer}/hardship", 409, form=HARDSHIP),  # one runs already
        may=CC, other=C("/customers/B001/hardship", 404, BETA, form=HARDSHIP)),
    Row("POST", "/customers/{number}/hardship/end", PAGE,
        C("/customers/{hardship_customer}/hardship/end", 303, form={}),
        C("/customers/C001/hardship/end", 404, form={}),  # none runs
        may=CC, other=C("/customers/B001/hardship/end", 404, BETA, form={})),
    Row("POST", "/customers/{number}/tolerance/accept", PAGE,
        C("/customers/{habit_customer}/tolerance/accept", 303, form=TOLERANCE),
        C("/customers/C001/tolerance/accept", 422, form=TOLERANCE),  # none suggested
        may=CC, other=C("/customers/B001/tolerance/accept", 404, BETA, form=TOLERANCE)),
    Row("POST", "/customers/{number}/tolerance/dismiss", PAGE,
        C("/customers/{habit_customer}/tolerance/dismiss", 303, form=TOLERANCE),
        C("/customers/{habit_customer}/tolerance/dismiss", 422, form={"days": "6"}),
        may=CC, other=C("/customers/B001/tolerance/dismiss", 404, BETA, form=TOLERANCE)),
    Row("POST", "/customers/{number}/hand-over", PAGE,
        C("/customers/C001/hand-over", 303, form=HAND_OVER),
        C("/customers/{hand_over_customer}/hand-over", 409, form=HAND_OVER),  # one is open
        may=CC, other=C("/customers/B001/hand-over", 404, BETA, form=HAND_OVER)),
    Row("POST", "/customers/{number}/hand-over/status", PAGE,
        C("/customers/{hand_over_customer}/hand-over/status", 303, form={"status": "accepted"}),
        C("/customers/{hand_over_customer}/hand-over/status", 422, form={"status": "lost"}),
        may=CC, other=C("/customers/B001/hand-over/status", 404, BETA,
                        form={"status": "accepted"})),
    Row("GET", "/hand-overs/{reference}/file", PAGE,
        C("/hand-overs/{hand_over_case}/file", 200), C("/hand-overs/HO999999/file", 404),
        other=C("/hand-overs/{hand_over_case}/file", 404, BETA)),
    Row("GET", "/runs", PAGE, C("/runs", 200), C("/runs", 422, {"page": "x"}),
        other=C("/runs", 404, BETA)),
    Row("POST", "/runs", PAGE, C("/runs", 303, {"as_of": "2026-03-18"}, form={}),
        C("/runs", 422, {"as_of": "x"}, form={}), may=CC, other=C("/runs", 404, BETA, form={})),
    Row("GET", "/runs/{run_id}", PAGE, C("/runs/{run}", 200), C("/runs/99999", 404),
        other=C("/runs/{beta_run}", 404)),
    Row("POST", "/runs/{run_id}/decide", PAGE,
        C("/runs/{run}/decide", 303, form={"action": "approve", "item": "{item}"}),
        C("/runs/{run}/decide", 422, form={"action": "explode", "item": "{item}"}),
        may=CC, other=C("/runs/{beta_run}/decide", 404,
                        form={"action": "approve", "item": "{beta_item}"})),
    Row("POST", "/runs/send", PAGE, C("/runs/send", 303, form={"run": "{run}"}),
        C("/runs/send", 422, form={"run": "x"}),
        may=CC, other=C("/runs/send", 404, form={"run": "{beta_run}"})),
    Row("GET", "/runs/{run_id}/items/{item_id}/preview", PAGE,
        C("/runs/{run}/items/{item}/preview", 200), C("/runs/{run}/items/99999/preview", 404),
        other=C("/runs/{beta_run}/items/{beta_item}/preview", 404)),
    Row("GET", "/runs/{run_id}/items/{item_id}/preview/body", PAGE,
        C("/runs/{run}/items/{item}/preview/body", 200),
        C("/runs/{run}/items/99999/preview/body", 404),
        other=C("/runs/{beta_run}/items/{beta_item}/preview/body", 404)),
    Row("GET", "/runs/{run_id}/items/{item_id}/preview/files/{index}", PAGE,
        C("/runs/{run}/items/{item}/preview/files/0", 200),
        C("/runs/{run}/items/{item}/preview/files/9", 404),
        other=C("/runs/{beta_run}/items/{beta_item}/preview/files/0", 404)),
    Row("GET", "/agenda", PAGE, C("/agenda", 200, AT), C("/agenda", 422, {"page": "x"}),
        other=C("/agenda", 404, BETA)),
    Row("POST", "/agenda/tasks/{task_id}", PAGE,
        C("/agenda/tasks/{task}", 303, AT, form={"outcome": "pays Friday"}),
        C("/agenda/tasks/99999", 404, AT, form={"outcome": "x"}),
        may=CC, other=C("/agenda/tasks/{beta_task}", 404, AT, form={"outcome": "x"})),
    Row("GET", "/agenda/upcoming", PAGE, C("/agenda/upcoming", 200, AT),
        C("/agenda/upcoming", 422, {"as_of": "2026-02-30"}),
        other=C("/agenda/upcoming", 404, BETA)),
    Row("POST", "/agenda/tasks/{task_id}/call-back", PAGE,
        C("/agenda/tasks/{task}/call-back", 303, AT, form={"call_back": "2026-03-17"}),
        C("/agenda/tasks/{task}/call-back", 422, AT, form={"call_back": "2026-03-15"}),
        may=CC,
        other=C("/agenda/tasks/{beta_task}/call-back", 404, AT, form={"call_back": "2026-03-17"})),
    Row("GET", "/risk", PAGE, C("/risk", 200, AT),
        C("/risk", 422, {"as_of": "2026-02-30"}), other=C("/risk", 404, BETA)),
    Row("POST", "/customers/{number}/risk/suggestions/{suggestion_id}/accept", PAGE,
        C("/customers/C001/risk/suggestions/{risk_suggestion}/accept", 303, form={}),
        C("/customers/C001/risk/suggestions/99999/accept", 404, form={}),
        may=CC, other=C("/customers/B001/risk/suggestions/{beta_risk_suggestion}/accept", 404,
                        BETA, form={})),
    Row("POST", "/customers/{number}/risk/suggestions/{suggestion_id}/dismiss", PAGE,
        C("/customers/C001/risk/suggestions/{risk_suggestion}/dismiss", 303, form={}),
        C("/customers/C002/risk/suggestions/{risk_suggestion}/dismiss", 404, form={}),
        may=CC, other=C("/customers/B001/risk/suggestions/{beta_risk_suggestion}/dismiss", 404,
                        BETA, form={})),
    Row("GET", "/forecast", PAGE, C("/forecast", 200, AT),
        C("/forecast", 422, {"as_of": "2026-02-30"}), other=C("/forecast", 404, BETA)),
    Row("POST", "/forecast/make", PAGE, C("/forecast/make", 303, AT, form={}),
        C("/forecast/make", 422, {"as_of": "2026-02-30"}, form={}), may=CC,
        other=C("/forecast/make", 404, BETA, form={})),
    Row("GET", "/effects", PAGE, C("/effects", 200, {"by": ["channel", "time"]}),
        C("/effects", 422, {"by": "colour"}), other=C("/effects", 404, BETA)),
    Row("GET", "/experiments", PAGE, C("/experiments", 200, {"baseline": "40", "effect": "30"}),
        C("/experiments", 422, {"effect": "veel"}), other=C("/experiments", 404, BETA)),
    Row("POST", "/experiments", PAGE, C("/experiments", 303, form=EXPERIMENT),
        C("/experiments", 422, form=EXPERIMENT | {"effect": "x"}), may=ADMIN),
    Row("POST", "/experiments/{experiment_id}/choose", PAGE,
        C("/experiments/{experiment}/choose", 303, form={"variant": "B"}),
        C("/experiments/{experiment}/choose", 422, form={"variant": "Z"}), may=ADMIN),
    Row("GET", "/experiments/variants/{language}/{template}", PAGE, C(VARIANT, 200),
        C("/experiments/variants/nl/nope", 404), other=C(VARIANT, 404, BETA)),
    Row("POST", "/experiments/variants/{language}/{template}", PAGE,
        C(VARIANT, 303, form={"variant": "C", "text": "{reminder_nl}", "customer": "C001"}),
        C(VARIANT, 422, form={"variant": "C", "text": "{reminder_bad}", "customer": "C001"}),
        may=ADMIN),
    Row("GET", "/contacts/quality", PAGE, C("/contacts/quality", 200),
        C("/contacts/quality", 422, {"page": "x"}), other=C("/contacts/quality", 404, BETA)),
    Row("GET", "/disputes", PAGE, C("/disputes", 200), C("/disputes", 422, {"page": "x"}),
        other=C("/disputes", 404, BETA)),
    Row("POST", "/disputes", PAGE,
        C("/disputes", 303, form={"invoice": "F-001", "reason": "other"}),
        C("/disputes", 409, form={"invoice": "F-003", "reason": "other"}),  # disputed already
        may=CC, other=C("/disputes", 404, BETA, form={"invoice": "B-INV-1", "reason": "other"})),
    Row("GET", "/disputes/{dispute_id}", PAGE, C("/disputes/{dispute}", 200),
        C("/disputes/99999", 404), other=C("/disputes/{beta_dispute}", 404)),
    Row("POST", "/disputes/{dispute_id}/outcome", PAGE,
        C("/disputes/{dispute}/outcome", 303, form=CREDIT),
        C("/disputes/{dispute}/outcome", 422, form={"kind": "credit_note"}),  # no amount
        may=CC, other=C("/disputes/{beta_dispute}/outcome", 404, form=CREDIT)),
    Row("POST", "/customers/{number}/notes", PAGE,
        C("/customers/C001/notes", 303, form=NOTE_FORM),
        C("/customers/C001/notes", 422, form=NOTE_FORM | {"text": " "}),
        may=CC, other=C("/customers/B001/notes", 404, BETA, form=NOTE_FORM)),
    Row("POST", "/customers/{number}/notes/{note_id}/close", PAGE,
        C("/customers/C001/notes/{note}/close", 303, form={}),
        C("/customers/C001/notes/99999/close", 404, form={}),
        may=CC, other=C("/customers/B001/notes/{beta_note}/close", 404, BETA, form={})),
    Row("POST", "/customers/{number}/actions/contact", PAGE,
        C("/customers/C001/actions/contact", 303, form=CALL),
        C("/customers/C001/actions/contact", 422, form=CALL | {"summary": " "}),
        may=CC, other=C("/customers/B001/actions/contact", 404, BETA, form=CALL)),
    Row("POST", "/customers/{number}/actions/promise", PAGE,
        C("/customers/C001/actions/promise", 303, form={"promised": "2026-04-01"}),
        C("/customers/C001/actions/promise", 422, form={"promised": "1 april"}),
        may=CC, other=C("/customers/B001/actions/promise", 404, BETA,
                        form={"promised": "2026-04-01"})),
    Row("POST", "/customers/{number}/actions/dispute", PAGE,
        C("/customers/C001/actions/dispute", 303, form={"invoice": "F-001", "reason": "other"}),
        C("/customers/C001/actions/dispute", 422, form={"invoice": "F-003", "reason": "other"}),
        may=CC, other=C("/customers/B001/actions/dispute", 404, BETA,
                        form={"invoice": "B-INV-1", "reason": "other"})),
    Row("POST", "/customers/{number}/actions/pause", PAGE,
        C("/customers/C001/actions/pause", 303, form=PAUSE),
        C("/customers/C001/actions/pause", 422, form=PAUSE | {"until": DAY}),
        may=CC, other=C("/customers/B001/actions/pause", 404, BETA, form=PAUSE)),
    Row("POST", "/customers/{number}/actions/pause/lift", PAGE,
        C("/customers/{paused_customer}/actions/pause/lift", 303, form={}),
        C("/customers/C001/actions/pause/lift", 404, form={}),  # not paused
        may=CC, other=C("/customers/B001/actions/pause/lift", 404, BETA, form={})),
    Row("POST", "/customers/{number}/actions/statement", PAGE,
        C("/customers/C001/actions/statement", 303, form={}),
        C("/customers/C002/actions/statement", 422, form={}),  # no e-mail address
        may=CC, other=C("/customers/B001/actions/statement", 404, BETA, form={})),
    Row("POST", "/customers/{number}/actions/next", PAGE,
        C("/customers/C001/actions/next", 303, form=NEXT),
        C("/customers/C001/actions/next", 422, form=NEXT | {"title": ""}),
        may=CC, other=C("/customers/B001/actions/next", 404, BETA, form=NEXT)),
    Row("POST", "/customers/{number}/actions/plan", PAGE,
        C("/customers/C001/actions/plan", 303, form=PLAN_FORM),
        C("/customers/C001/actions/plan", 422, form=PLAN_FORM | {"instalments": "x"}),
        may=CC, other=C("/customers/B001/actions/plan", 404, BETA, form=PLAN_FORM)),
    Row("POST", "/disputes/{dispute_id}/resolve", PAGE,
        C("/disputes/{dispute}/resolve", 303, form={}),
        C("/disputes/99999/resolve", 404, form={}),
        may=CC, other=C("/disputes/{beta_dispute}/resolve", 404, form={})),
    Row("GET", "/bank", PAGE, C("/bank", 200), C("/bank", 422, {"line": "x"}),
        other=C("/bank", 404, BETA)),
    Row("GET", "/bank/lines/{line_id}/search", PAGE,
        C("/bank/lines/{line}/search", 200, {"q": "Jansen"}),
        C("/bank/lines/{line}/search", 422, {"q": "x" * 101}),
        other=C("/bank/lines/{beta_line}/search", 404, {"q": "Beta"})),
    Row("POST", "/bank/lines/{line_id}/suggestion", PAGE,
        C("/bank/lines/{line}/suggestion", 303, form={"choice": "0"}),
        C("/bank/lines/{line}/suggestion", 422, form={"choice": "7"}),
        may=CC, other=C("/bank/lines/{beta_line}/suggestion", 404, form={"choice": "0"})),
    Row("POST", "/bank/lines/{line_id}/invoices", PAGE,
        C("/bank/lines/{line}/invoices", 303, form={"invoice": "F-001"}),
        C("/bank/lines/{line}/invoices", 422, form={"invoice": "NOPE"}),
        may=CC, other=C("/bank/lines/{beta_line}/invoices", 404, form={"invoice": "F-001"})),
    Row("POST", "/bank/lines/{line_id}/customer", PAGE,
        C("/bank/lines/{line}/customer", 303, form={"customer": "C001"}),
        C("/bank/lines/{line}/customer", 422, form={"customer": "NOPE"}),
        may=CC, other=C("/bank/lines/{beta_line}/customer", 404, form={"customer": "C001"})),
    Row("POST", "/bank/lines/{line_id}/dismiss", PAGE,
        C("/bank/lines/{line}/dismiss", 303, form={"note": "a refund"}),
        C("/bank/lines/99999/dismiss", 404, form={"note": "a refund"}),
        may=CC, other=C("/bank/lines/{beta_line}/dismiss", 404, form={"note": "a refund"})),
    Row("GET", "/settings", PAGE, C("/settings", 200), C("/settings", 404, {"company": "NOPE"}),
        other=C("/settings", 404, BETA)),
    Row("GET", "/imports", PAGE, C("/imports", 200), C("/imports", 404, {"company": "NOPE"}),
        other=C("/imports", 404, BETA)),
    Row("POST", "/imports", PAGE, C("/imports", 303, form={}, files=UPLOAD),
        C("/imports", 422, form={}), may=CC,
        other=C("/imports", 404, BETA, form={}, files=UPLOAD)),
    Row("POST", "/imports/sync", PAGE, C("/imports/sync", 303, form={}, files=EXPORT),
        C("/imports/sync", 422, form={"exported_on": "1 maart"}, files=EXPORT), may=CC,
        other=C("/imports/sync", 404, BETA, form={}, files=EXPORT)),
    Row("GET", "/imports/sync/{upload_id}", PAGE, C("/imports/sync/{sync_upload}", 200),
        C("/imports/sync/99999", 404), other=C("/imports/sync/{beta_sync_upload}", 404)),
    Row("POST", "/imports/sync/{upload_id}/apply", PAGE,
        C("/imports/sync/{sync_upload}/apply", 303, form={}),
        C("/imports/sync/{sync_upload}/apply", 422, form={"exported_on": "1 maart"}), may=CC,
        other=C("/imports/sync/{beta_sync_upload}/apply", 404, form={})),
    Row("GET", "/jobs/{job_id}", PAGE, C("/jobs/{job}", 200), C("/jobs/99999", 404),
        other=C("/jobs/{beta_job}", 404)),
    Row("GET", "/jobs/{job_id}/progress", PAGE, C("/jobs/{job}/progress", 200),
        C("/jobs/99999/progress", 404), other=C("/jobs/{beta_job}/progress", 404)),
    Row("POST", "/settings/company", PAGE, C("/settings/company", 303, form=COMPANY),
        C("/settings/company", 422, form=COMPANY | {"payment_term_days": "-3"}), may=ADMIN),
    Row("POST", "/settings/accounts", PAGE, C("/settings/accounts", 303, form=ACCOUNT),
        C("/settings/accounts", 422, form={"iban": "NL91ABNA0417164301"}), may=ADMIN),
    Row("POST", "/settings/accounts/remove", PAGE,
        C("/settings/accounts/remove", 303, form={"iban": "{iban}"}),
        C("/settings/accounts/remove", 404, form={"iban": "NL91ABNA0417164300"}), may=ADMIN),
    Row("POST", "/settings/collection", PAGE,
        C("/settings/collection", 303, form={"large_amount": "2.500,00",
                                             "bank_stale_working_days": "5"}),
        C("/settings/collection", 422, form={"large_amount": "lots",
                                             "bank_stale_working_days": "5"}), may=ADMIN),
    Row("POST", "/settings/schedule", PAGE,
        C("/settings/schedule", 303, form={"run_time": "06:45", "run_day": ["0", "2"]}),
        C("/settings/schedule", 422, form={"run_time": "06:45"}), may=ADMIN),  # no day
    Row("POST", "/settings/ladder", PAGE, C("/settings/ladder", 303, form=LADDER),
        C("/settings/ladder", 422, form=LADDER | {"rung": []}), may=ADMIN),  # no rung
    Row("POST", "/settings/hardship-tasks", PAGE,
        C("/settings/hardship-tasks", 303, form={"task_wsnp": "Ask the administrator."}),
        C("/settings/hardship-tasks", 422, form={"task_wsnp": "x" * 301}), may=ADMIN),
    Row("POST", "/settings/policies", PAGE,
        C("/settings/policies", 303, form={"policies_toml": "{policies}"}),
        C("/settings/policies", 422, form={"policies_toml": "[[policies]]\ncode = 1\n"}),
        may=ADMIN),
    Row("GET", "/settings/policies", PAGE, C("/settings/policies", 200),
        C("/settings/policies", 404, {"company": "NOPE"}),
        other=C("/settings/policies", 404, BETA)),
    Row("GET", "/settings/policies/{policy_code}", PAGE, C("/settings/policies/nl_business", 200),
        C("/settings/policies/nope", 404), other=C("/settings/policies/nl_business", 404, BETA)),
    Row("POST", "/settings/policies/{policy_code}", PAGE,
        C("/settings/policies/nl_business", 303, form=POLICY_FORM),
        C("/settings/policies/nl_business", 422, form=POLICY_FORM | {"days": ["x"]}), may=ADMIN),
    Row("POST", "/settings/rules", PAGE, C("/settings/rules", 303, form=RULES_FORM),
        C("/settings/rules", 422, form=RULES_FORM | {"country": ["NLD", ""]}), may=ADMIN),
    Row("GET", "/settings/templates/edit/{language}/{template}", PAGE, C(WORDING, 200),
        C("/settings/templates/edit/nl/nope", 404), other=C(WORDING, 404, BETA)),
    Row("POST", "/settings/templates/edit/{language}/{template}/preview", PAGE,
        C(f"{WORDING}/preview", 200, form={"text": "{reminder_nl}", "customer": "C001"}),
        C(f"{WORDING}/preview", 422, form={"text": "{reminder_bad}", "customer": "C001"})),
    Row("POST", "/settings/templates/edit/{language}/{template}", PAGE,
        C(WORDING, 303, form={"text": "{reminder_nl}", "customer": "C001"}),
        C(WORDING, 422, form={"text": "{reminder_bad}", "customer": "C001"}), may=ADMIN),
    Row("POST", "/settings/templates/edit/{language}/{template}/reset", PAGE,
        C("/settings/templates/edit/en/reminder/reset", 303, form={}),
        C("/settings/templates/edit/nl/nope/reset", 404, form={}), may=ADMIN),
    Row("POST", "/settings/portal", PAGE,
        C("/settings/portal", 303, form={"enabled": "true", "max_promise_days": "21"}),
        C("/settings/portal", 422, form={"enabled": "true", "max_promise_days": "400"}),
        may=ADMIN),
    Row("GET", "/settings/credit", PAGE, C("/settings/credit", 200),
        C("/settings/credit", 404, {"company": "NOPE"}), other=C("/settings/credit", 404, BETA)),
    Row("POST", "/settings/credit/rules", PAGE,
        C("/settings/credit/rules", 303, form={"overdue_days": "30", "over_limit": "true"}),
        C("/settings/credit/rules", 422, form={"overdue_days": "thirty"}), may=ADMIN),
    Row("GET", "/inbox", PAGE, C("/inbox", 200), C("/inbox", 422, {"tab": "x" * 30}),
        other=C("/inbox", 404, BETA)),
    Row("GET", "/inbox/{mail_id}", PAGE, C("/inbox/{mail}", 200), C("/inbox/999999", 404),
        other=C("/inbox/{beta_mail}", 404)),
    Row("GET", "/inbox/{mail_id}/attachments/{attachment_id}", PAGE,
        C("/inbox/{mail}/attachments/{mail_attachment}", 200),
        C("/inbox/{mail}/attachments/999999", 404),
        other=C("/inbox/{beta_mail}/attachments/{mail_attachment}", 404)),
    Row("POST", "/inbox/{mail_id}/confirm", PAGE,
        C("/inbox/{mail}/confirm", 303, form={"kind": "other"}),
        C("/inbox/{mail}/confirm", 422, form={"kind": "x"}), may=CC,
        other=C("/inbox/{beta_mail}/confirm", 404, form={"kind": "other"})),
    Row("POST", "/inbox/{mail_id}/link", PAGE,
        C("/inbox/{mail_unlinked}/link", 303, form={"customer": "C001"}),
        C("/inbox/{mail_unlinked}/link", 404, form={"customer": "NOPE"}), may=CC,
        other=C("/inbox/{beta_mail}/link", 404, form={"customer": "C001"})),
    Row("GET", "/settings/mailbox", PAGE, C("/settings/mailbox", 200),
        C("/settings/mailbox", 404, {"company": "NOPE"}), other=C("/settings/mailbox", 404, BETA)),
    Row("POST", "/settings/mailbox", PAGE, C("/settings/mailbox", 303, form=MAILBOX),
        C("/settings/mailbox", 422, form=MAILBOX | {"port": "99999"}), may=ADMIN),
    Row("POST", "/settings/webhooks", PAGE,
        C("/settings/webhooks", 200, form={"url": "https://erp.example.com/hook"}),
        C("/settings/webhooks", 422, form={"url": "http://erp.example.com/hook"}), may=ADMIN),
    Row("POST", "/settings/webhooks/remove", PAGE,
        C("/settings/webhooks/remove", 303, form={"webhook_id": "{webhook}"}),
        C("/settings/webhooks/remove", 404, form={"webhook_id": "999"}), may=ADMIN),
    Row("POST", "/settings/privacy", PAGE, C("/settings/privacy", 303, form={"years": "3"}),
        C("/settings/privacy", 422, form={"years": "0"}), may=ADMIN),
    Row("POST", "/settings/clause", PAGE, C("/settings/clause", 303, form=CLAUSE),
        C("/settings/clause", 422, form=CLAUSE | {"damages_percent": "x"}), may=ADMIN),
    Row("POST", "/settings/clause/remove", PAGE,
        C("/settings/clause/remove", 303, {"company": "{clause_company}"}, form={}),
        C("/settings/clause/remove", 404, {"company": "NOPE"}, form={}), may=ADMIN),
    Row("GET", "/settings/users", PAGE, C("/settings/users", 200),
        C("/settings/users", 422, {"as_of": "x"}), may=ADMIN),
    Row("POST", "/settings/users", PAGE, C("/settings/users", 303, form=NEW_USER),
        C("/settings/users", 422, form=NEW_USER | {"password": "short"}), may=ADMIN),
    Row("POST", "/settings/users/{username}", PAGE,
        C("/settings/users/sam", 303, form={"role": "sales", "language": "nl",
                                            "active": "true", "company": ["ACME"]}),
        C("/settings/users/nobody", 404, form={"role": "sales", "active": "true"}), may=ADMIN),
    Row("POST", "/settings/users/{username}/password", PAGE,
        C("/settings/users/sam/password", 303, form={"password": "another long one"}),
        C("/settings/users/sam/password", 422, form={"password": "short"}), may=ADMIN),
    Row("GET", "/settings/templates", PAGE, C("/settings/templates", 200),
        C("/settings/templates", 404, {"company": "NOPE"}),
        other=C("/settings/templates", 404, BETA)),
    Row("GET", "/settings/templates/preview", PAGE,
        C("/settings/templates/preview", 200, {"step": "reminder", "customer": "C001"}),
        C("/settings/templates/preview", 404, {"step": "reminder", "customer": "NOPE"})),
    Row("GET", "/settings/templates/preview/body", PAGE,
        C("/settings/templates/preview/body", 200, {"step": "reminder", "customer": "C001"}),
        C("/settings/templates/preview/body", 404, {"step": "reminder", "customer": "NOPE"})),
    Row("GET", "/settings/templates/attachment/{index}", PAGE,
        C("/settings/templates/attachment/0", 200, {"step": "reminder", "customer": "C001"}),
        C("/settings/templates/attachment/9", 404, {"step": "reminder", "customer": "C001"})),
    Row("GET", "/privacy/apply", PAGE, C("/privacy/apply", 200),
        C("/privacy/apply", 404, {"company": "NOPE"}), may=ADMIN),
    Row("POST", "/privacy/apply", PAGE, C("/privacy/apply", 303, form={}),
        C("/privacy/apply", 404, {"company": "NOPE"}, form={}), may=ADMIN),
    Row("POST", "/privacy/customers/{number}/export", PAGE,
        C("/privacy/customers/C001/export", 200, form={}),
        C("/privacy/customers/NOPE/export", 404, form={}), may=ADMIN),
    Row("POST", "/privacy/export", PAGE, C("/privacy/export", 200, form={"customer": "C001"}),
        C("/privacy/export", 404, form={"customer": "NOPE"}), may=ADMIN),
    Row("POST", "/privacy/customers/{number}/erase", PAGE,
        C("/privacy/customers/C009/erase", 303, form={}),
        C("/privacy/customers/NOPE/erase", 404, form={}), may=ADMIN),
    Row("POST", "/privacy/erase", PAGE, C("/privacy/erase", 303, form={"customer": "C009"}),
        C("/privacy/erase", 404, form={"customer": "NOPE"}), may=ADMIN),
    # --- the debtor portal: the link is the key ---------------------------------------
    Row("GET", "/portal/{token}", PORTAL, C("/portal/{token}", 200), C("/portal/forged", 404)),
    Row("GET", "/portal/{token}/invoices/{invoice_id}/copy", PORTAL,
        C("/portal/{token}/invoices/{invoice}/copy", 200),
        C("/portal/{token}/invoices/99999/copy", 404),
        other=C("/portal/{token_other}/invoices/{invoice}/copy", 404)),
    Row("GET", "/portal/{token}/invoices/{invoice_id}/pay", PORTAL,
        C("/portal/{token}/invoices/{invoice}/pay", 200),
        C("/portal/{token}/invoices/99999/pay", 404),
        other=C("/portal/{token_other}/invoices/{invoice}/pay", 404)),
    Row("GET", "/portal/{token}/invoices/{invoice_id}/problem", PORTAL,
        C("/portal/{token}/invoices/{invoice}/problem", 200),
        C("/portal/{token}/invoices/99999/problem", 404),
        other=C("/portal/{token_other}/invoices/{invoice}/problem", 404)),
    Row("POST", "/portal/{token}/problem", PORTAL,
        C("/portal/{token}/problem", 303, form={"invoice": "{invoice}", "reason": "other"}),
        C("/portal/{token}/problem", 422, form={"invoice": "{invoice}", "reason": "angry"}),
        other=C("/portal/{token_other}/problem", 422,
                form={"invoice": "{invoice}", "reason": "other"})),
    Row("POST", "/portal/{token}/promise", PORTAL,
        # C002 promised nothing yet (C001 has a promise pending)
        C("/portal/{token_other}/promise", 303, form={"promised_date": "{soon}"}),
        C("/portal/{token_other}/promise", 422, form={"promised_date": "2001-01-01"})),
    Row("GET", "/portal/{token}/plan", PORTAL,
        C("/portal/{token}/plan", 200, {"instalments": "3", "first": "{soon}"}),
        C("/portal/{token}/plan", 422, {"instalments": "nul", "first": "gisteren"})),
    Row("POST", "/portal/{token}/plan", PORTAL,
        C("/portal/{token}/plan", 303, form=PROPOSAL | {"agree": "yes"}),
        C("/portal/{token}/plan", 422, form=PROPOSAL)),  # not ticked
    Row("GET", "/portal/{token}/plans/{plan_id}", PORTAL, C("/portal/{token}/plans/{plan}", 200),
        C("/portal/{token}/plans/99999", 404),
        other=C("/portal/{token_other}/plans/{plan}", 404)),
    Row("POST", "/portal/{token}/plans/{plan_id}/accept", PORTAL,
        C("/portal/{token}/plans/{plan}/accept", 303, form={"shown": "{plan_shown}",
                                                            "agree": "yes"}),
        C("/portal/{token}/plans/{plan}/accept", 409, form={"shown": "0" * 64, "agree": "yes"}),
        other=C("/portal/{token_other}/plans/{plan}/accept", 404,
                form={"shown": "{plan_shown}", "agree": "yes"})),
    Row("POST", "/portal/{token}/plan/request", PORTAL,
        C("/portal/{token_consumer}/plan/request", 303, form={}),
        C("/portal/{token}/plan/request", 409, form={})),  # no term in which to ask runs
    Row("GET", "/portal/{token}/contact", PORTAL, C("/portal/{token}/contact", 200),
        C("/portal/forged/contact", 404)),
    Row("POST", "/portal/{token}/contact", PORTAL,
        C("/portal/{token}/contact", 303, form={"email": "nieuw@klant.nl", "phone": ""}),
        C("/portal/{token}/contact", 422, form={"email": "geen adres", "phone": ""})),
    Row("GET", "/portal/{token}/done", PORTAL,
        C("/portal/{token}/done", 200, {"what": "promise", "on": "{soon}"}),
        C("/portal/forged/done", 404, {"what": "promise", "on": "{soon}"})),
    # --- the REST API ---------------------------------------------------------------
    Row("GET", f"{API}/companies", JSON, C(f"{API}/companies", 200),
        C(f"{API}/companies", 422, {"limit": "-1"})),
    Row("GET", f"{API}/companies/{{code}}", JSON, C(f"{API}/companies/ACME", 200),
        C(f"{API}/companies/NOPE", 404), other=C(f"{API}/companies/BETA", 404)),
    Row("GET", f"{API}/companies/{{code}}/clause", JSON,
        C(f"{API}/companies/{{clause_company}}/clause", 200),
        C(f"{API}/companies/NOPE/clause", 404), other=C(f"{API}/companies/BETA/clause", 404)),
    Row("PUT", f"{API}/companies/{{code}}/clause", JSON,
        C(f"{API}/companies/ACME/clause", 200, json=API_CLAUSE),
        C(f"{API}/companies/ACME/clause", 422, json=API_CLAUSE | {"damages_percent": "99"}),
        may=ADMIN),
    Row("DELETE", f"{API}/companies/{{code}}/clause", JSON,
        C(f"{API}/companies/{{clause_company}}/clause", 204),
        C(f"{API}/companies/NOPE/clause", 404), may=ADMIN),
    Row("GET", f"{API}/companies/{{code}}/ladder", JSON, C(f"{API}/companies/ACME/ladder", 200),
        C(f"{API}/companies/NOPE/ladder", 404), other=C(f"{API}/companies/BETA/ladder", 404)),
    Row("PUT", f"{API}/companies/{{code}}/ladder", JSON,
        C(f"{API}/companies/ACME/ladder", 200, json={"rungs": ["new_term", "agency"]}),
        C(f"{API}/companies/ACME/ladder", 422, json={"rungs": ["agency", "new_term"]}),
        may=ADMIN),
    Row("GET", f"{API}/customers", JSON, C(f"{API}/customers", 200, {"company": "ACME"}),
        C(f"{API}/customers", 422, {"company": "ACME", "limit": "x"}),
        other=C(f"{API}/customers", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}", JSON,
        C(f"{API}/customers/C001", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}/habits", JSON,
        C(f"{API}/customers/{{habit_customer}}/habits", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE/habits", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/habits", 404, BETA)),
    Row("GET", f"{API}/tolerance-suggestions", JSON,
        C(f"{API}/tolerance-suggestions", 200, {"company": "ACME"}),
        C(f"{API}/tolerance-suggestions", 422, {"company": "ACME", "as_of": "x"}),
        other=C(f"{API}/tolerance-suggestions", 404, BETA)),
    Row("POST", f"{API}/customers/{{number}}/tolerance/accept", JSON,
        C(f"{API}/customers/{{habit_customer}}/tolerance/accept", 200, {"company": "ACME"},
          json=API_TOLERANCE),
        C(f"{API}/customers/C001/tolerance/accept", 422, {"company": "ACME"},
          json=API_TOLERANCE),  # none suggested
        may=CC, other=C(f"{API}/customers/B001/tolerance/accept", 404, BETA,
                        json=API_TOLERANCE)),
    Row("POST", f"{API}/customers/{{number}}/tolerance/dismiss", JSON,
        C(f"{API}/customers/{{habit_customer}}/tolerance/dismiss", 200, {"company": "ACME"},
          json=API_TOLERANCE),
        C(f"{API}/customers/{{habit_customer}}/tolerance/dismiss", 422, {"company": "ACME"},
          json={"days": 0}),
        may=CC, other=C(f"{API}/customers/B001/tolerance/dismiss", 404, BETA,
                        json=API_TOLERANCE)),
    Row("GET", f"{API}/customers/{{number}}/contacts", JSON,
        C(f"{API}/customers/C001/contacts", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE/contacts", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/contacts", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}/credit", JSON,
        C(f"{API}/customers/C001/credit", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE/credit", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/credit", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}/risk", JSON,
        C(f"{API}/customers/C001/risk", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE/risk", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/risk", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}/clause", JSON,
        C(f"{API}/customers/C001/clause", 200, {"company": "{clause_company}"}),
        C(f"{API}/customers/NOPE/clause", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/clause", 404, BETA)),
    Row("PUT", f"{API}/customers/{{number}}/clause", JSON,
        C(f"{API}/customers/C001/clause", 200, {"company": "ACME"}, json=API_CLAUSE),
        C(f"{API}/customers/NOPE/clause", 404, {"company": "ACME"}, json=API_CLAUSE),
        may=CC, other=C(f"{API}/customers/B001/clause", 404, BETA, json=API_CLAUSE)),
    Row("PUT", f"{API}/customers/{{number}}/language", JSON,
        C(f"{API}/customers/C001/language", 200, {"company": "ACME"}, json={"language": "fr"}),
        C(f"{API}/customers/C001/language", 422, {"company": "ACME"}, json={"language": "de"}),
        may=CC, other=C(f"{API}/customers/B001/language", 404, BETA, json={"language": "fr"})),
    Row("DELETE", f"{API}/customers/{{number}}/clause", JSON,
        C(f"{API}/customers/{{clause_customer}}/clause", 204, {"company": "ACME"}),
        C(f"{API}/customers/C003/clause", 404, {"company": "ACME"}),
        may=CC, other=C(f"{API}/customers/B001/clause", 404, BETA)),
    Row("GET", f"{API}/customers/{{number}}/hardship", JSON,
        C(f"{API}/customers/{{hardship_customer}}/hardship", 200, {"company": "ACME"}),
        C(f"{API}/customers/NOPE/hardship", 404, {"company": "ACME"}),
        other=C(f"{API}/customers/B001/hardship", 404, BETA)),
    Row("POST", f"{API}/customers/{{number}}/hardship", JSON,
        C(f"{API}/customers/C001/hardship", 201, {"company": "ACME"}, json=HARDSHIP),
        C(f"{API}/customers/{{hardship_customer}}/hardship", 409, {"company": "ACME"},
          json=HARDSHIP),  # one runs already
        may=CC, other=C(f"{API}/customers/B001/hardship", 404, BETA, json=HARDSHIP)),
    Row("POST", f"{API}/customers/{{number}}/hardship/end", JSON,
        C(f"{API}/customers/{{hardship_customer}}/hardship/end", 200, {"company": "ACME"},
          json={}),
        C(f"{API}/customers/C001/hardship/end", 404, {"company": "ACME"}, json={}),  # none runs
        may=CC, other=C(f"{API}/customers/B001/hardship/end", 404, BETA, json={})),
    Row("POST", f"{API}/customers/{{number}}/pause", JSON,
        C(f"{API}/customers/C001/pause", 201, {"company": "ACME"}, json=PAUSE),
        C(f"{API}/customers/C001/pause", 422, {"company": "ACME"}, json=PAUSE | {"until": DAY}),
        may=CC, other=C(f"{API}/customers/B001/pause", 404, BETA, json=PAUSE)),
    Row("POST", f"{API}/customers/{{number}}/pause/lift", JSON,
        C(f"{API}/customers/{{paused_customer}}/pause/lift", 200, {"company": "ACME"}),
        C(f"{API}/customers/C001/pause/lift", 404, {"company": "ACME"}),  # not paused
        may=CC, other=C(f"{API}/customers/B001/pause/lift", 404, BETA)),
    Row("POST", f"{API}/customers/{{number}}/statement", JSON,
        C(f"{API}/customers/C001/statement", 201, {"company": "ACME"}),
        C(f"{API}/customers/C002/statement", 422, {"company": "ACME"}),  # no e-mail address
        may=CC, other=C(f"{API}/customers/B001/statement", 404, BETA)),
    Row("POST", f"{API}/customers/{{number}}/mail", JSON,
        C(f"{API}/customers/C001/mail", 201, {"company": "ACME"},
          json=API_MAIL | {"attach": ["F-001"]}),
        C(f"{API}/customers/C002/mail", 422, {"company": "ACME"}, json=API_MAIL),  # no address
        may=CC, other=C(f"{API}/customers/B001/mail", 404, BETA, json=API_MAIL)),
    Row("POST", f"{API}/customers/{{number}}/tasks", JSON,
        C(f"{API}/customers/C001/tasks", 201, {"company": "ACME"},
          json={"due_on": "2026-03-20", "title": "Call back"}),
        C(f"{API}/customers/C001/tasks", 422, {"company": "ACME"},
          json={"due_on": "2026-03-01", "title": "Call back"}),
        may=CC, other=C(f"{API}/customers/B001/tasks", 404, BETA,
                        json={"due_on": "2026-03-20", "title": "Call back"})),
    Row("GET", f"{API}/hand-overs", JSON, C(f"{API}/hand-overs", 200, {"company": "ACME"}),
        C(f"{API}/hand-overs", 404, {"company": "ACME", "customer": "NOPE"}),
        other=C(f"{API}/hand-overs", 404, BETA)),
    Row("POST", f"{API}/hand-overs", JSON,
        C(f"{API}/hand-overs", 201, {"company": "ACME"}, json=API_HAND_OVER),
        C(f"{API}/hand-overs", 409, {"company": "ACME"},
          json={**API_HAND_OVER, "customer": "{hand_over_customer}"}),  # one is open
        may=CC, other=C(f"{API}/hand-overs", 404, BETA, json=API_HAND_OVER)),
    Row("GET", f"{API}/hand-overs/direct-payments", JSON,
        C(f"{API}/hand-overs/direct-payments", 200, {"company": "ACME"}),
        C(f"{API}/hand-overs/direct-payments", 422, {"company": "ACME", "since": "x"}),
        other=C(f"{API}/hand-overs/direct-payments", 404, BETA)),
    Row("POST", f"{API}/hand-overs/direct-payments/report", JSON,
        C(f"{API}/hand-overs/direct-payments/report", 200, {"company": "ACME"}),
        C(f"{API}/hand-overs/direct-payments/report", 422, {"company": "ACME", "since": "x"}),
        may=CC, other=C(f"{API}/hand-overs/direct-payments/report", 404, BETA)),
    Row("POST", f"{API}/hand-overs/agency-file", JSON,
        C(f"{API}/hand-overs/agency-file", 200, {"company": "ACME"},
          json={"content": "dossier;datum;status\n{hand_over_case};2026-03-16;geaccepteerd\n"}),
        C(f"{API}/hand-overs/agency-file", 422, {"company": "ACME"},
          json={"content": "dossier;datum;status\nHO999999;2026-03-16;geaccepteerd\n"}),
        may=CC, other=C(f"{API}/hand-overs/agency-file", 404, BETA,
                        json={"content": "dossier;datum;status\n"})),
    Row("GET", f"{API}/hand-overs/{{key}}", JSON,
        C(f"{API}/hand-overs/{{hand_over_case}}", 200, {"company": "ACME"}),
        C(f"{API}/hand-overs/HO999999", 404, {"company": "ACME"}),
        other=C(f"{API}/hand-overs/{{hand_over_case}}", 404, BETA)),
    Row("POST", f"{API}/hand-overs/{{key}}/status", JSON,
        C(f"{API}/hand-overs/{{hand_over_case}}/status", 200, {"company": "ACME"},
          json={"status": "accepted"}),
        C(f"{API}/hand-overs/{{hand_over_case}}/status", 422, {"company": "ACME"},
          json={"status": "lost"}),
        may=CC, other=C(f"{API}/hand-overs/{{hand_over_case}}/status", 404, BETA,
                        json={"status": "accepted"})),
    Row("GET", f"{API}/hand-overs/{{key}}/file", JSON,
        C(f"{API}/hand-overs/{{hand_over_case}}/file", 200, {"company": "ACME"}),
        C(f"{API}/hand-overs/HO999999/file", 404, {"company": "ACME"}),
        other=C(f"{API}/hand-overs/{{hand_over_case}}/file", 404, BETA)),
    Row("POST", f"{API}/customers/{{number}}/credit/hold", JSON,
        C(f"{API}/customers/C001/credit/hold", 200, {"company": "ACME"}, json=HOLD),
        C(f"{API}/customers/{{held_customer}}/credit/hold", 409, {"company": "ACME"},
          json=HOLD),  # held already
        may=CC, other=C(f"{API}/customers/B001/credit/hold", 404, BETA, json=HOLD)),
    Row("POST", f"{API}/customers/{{number}}/credit/lift", JSON,
        C(f"{API}/customers/{{held_customer}}/credit/lift", 200, {"company": "ACME"}),
        C(f"{API}/customers/C001/credit/lift", 404, {"company": "ACME"}),  # not held
        may=CC, other=C(f"{API}/customers/B001/credit/lift", 404, BETA)),
    Row("POST", f"{API}/companies/{{code}}/credit/refresh", JSON,
        C(f"{API}/companies/ACME/credit/refresh", 200, AT),
        C(f"{API}/companies/ACME/credit/refresh", 422, {"as_of": "x"}),
        may=CC, other=C(f"{API}/companies/BETA/credit/refresh", 404, AT)),
    Row("GET", f"{API}/companies/{{code}}/credit-rules", JSON,
        C(f"{API}/companies/ACME/credit-rules", 200),
        C(f"{API}/companies/NOPE/credit-rules", 404),
        other=C(f"{API}/companies/BETA/credit-rules", 404)),
    Row("PUT", f"{API}/companies/{{code}}/credit-rules", JSON,
        C(f"{API}/companies/ACME/credit-rules", 200, json={"overdue_days": 30}),
        C(f"{API}/companies/ACME/credit-rules", 422, json={"overdue_days": -1}), may=ADMIN),
    Row("GET", f"{API}/companies/{{code}}/webhooks", JSON,
        C(f"{API}/companies/ACME/webhooks", 200), C(f"{API}/companies/NOPE/webhooks", 404),
        may=ADMIN),
    Row("POST", f"{API}/companies/{{code}}/webhooks", JSON,
        C(f"{API}/companies/ACME/webhooks", 201, json={"url": "https://erp.example.com/h"}),
        C(f"{API}/companies/ACME/webhooks", 422, json={"url": "http://erp.example.com/h"}),
        may=ADMIN),
    Row("DELETE", f"{API}/companies/{{code}}/webhooks/{{webhook_id}}", JSON,
        C(f"{API}/companies/ACME/webhooks/{{webhook}}", 204),
        C(f"{API}/companies/ACME/webhooks/999", 404), may=ADMIN),
    Row("GET", f"{API}/companies/{{code}}/webhooks/log", JSON,
        C(f"{API}/companies/ACME/webhooks/log", 200),
        C(f"{API}/companies/NOPE/webhooks/log", 404), may=ADMIN),
    Row("GET", f"{API}/invoices", JSON, C(f"{API}/invoices", 200, {"company": "ACME"}),
        C(f"{API}/invoices", 422, {"company": "ACME", "open": "perhaps"}),
        other=C(f"{API}/invoices", 404, BETA)),
    Row("GET", f"{API}/invoices/{{number}}", JSON,
        C(f"{API}/invoices/F-001", 200, {"company": "ACME"}),
        C(f"{API}/invoices/NOPE", 404, {"company": "ACME"}),
        other=C(f"{API}/invoices/B-INV-1", 404, BETA)),
    Row("GET", f"{API}/payments", JSON, C(f"{API}/payments", 200, {"company": "ACME"}),
        C(f"{API}/payments", 422, {"company": "ACME", "from": "x"}),
        other=C(f"{API}/payments", 404, BETA)),
    Row("GET", f"{API}/payments/{{payment_id}}", JSON,
        C(f"{API}/payments/{{payment}}", 200, {"company": "ACME"}),
        C(f"{API}/payments/99999", 404, {"company": "ACME"}),
        other=C(f"{API}/payments/{{beta_payment}}", 404)),
    Row("GET", f"{API}/jobs/{{job_id}}", JSON, C(f"{API}/jobs/{{job}}", 200),
        C(f"{API}/jobs/99999", 404), other=C(f"{API}/jobs/{{beta_job}}", 404)),
    Row("GET", f"{API}/effects", JSON, C(f"{API}/effects", 200, {"company": "ACME"}),
        C(f"{API}/effects", 422, {"company": "ACME", "by": "colour"}),
        other=C(f"{API}/effects", 404, BETA)),
    Row("GET", f"{API}/experiments", JSON, C(f"{API}/experiments", 200, {"company": "ACME"}),
        C(f"{API}/experiments", 422, {"company": "ACME", "as_of": "x"}),
        other=C(f"{API}/experiments", 404, BETA)),
    Row("GET", f"{API}/contacts/quality", JSON,
        C(f"{API}/contacts/quality", 200, {"company": "ACME"}),
        C(f"{API}/contacts/quality", 422, {"company": "ACME", "limit": "-1"}),
        other=C(f"{API}/contacts/quality", 404, BETA)),
    Row("GET", f"{API}/reports/aging", JSON, C(f"{API}/reports/aging", 200, {"company": "ACME"}),
        C(f"{API}/reports/aging", 422, {"company": "ACME", "as_of": "x"}),
        other=C(f"{API}/reports/aging", 404, BETA)),
    Row("GET", f"{API}/forecast", JSON, C(f"{API}/forecast", 200, {"company": "ACME"} | AT),
        C(f"{API}/forecast", 422, {"company": "ACME", "as_of": "soon"}),
        other=C(f"{API}/forecast", 404, BETA)),
    Row("GET", f"{API}/forecast/check", JSON,
        C(f"{API}/forecast/check", 200, {"company": "ACME", "made_on": "2026-01-04"} | AT),
        C(f"{API}/forecast/check", 422, {"company": "ACME"}),
        other=C(f"{API}/forecast/check", 404, BETA | {"made_on": "2026-01-04"})),
    Row("GET", f"{API}/reports/dso", JSON, C(f"{API}/reports/dso", 200, {"company": "ACME"}),
        C(f"{API}/reports/dso", 422, {"company": "ACME", "days": "0"}),
        other=C(f"{API}/reports/dso", 404, BETA)),
    Row("GET", f"{API}/runs", JSON, C(f"{API}/runs", 200, {"company": "ACME"}),
        C(f"{API}/runs", 422, {"company": "ACME", "offset": "-1"}),
        other=C(f"{API}/runs", 404, BETA)),
    Row("GET", f"{API}/runs/{{run_id}}", JSON, C(f"{API}/runs/{{run}}", 200),
        C(f"{API}/runs/99999", 404), other=C(f"{API}/runs/{{beta_run}}", 404)),
    Row("GET", f"{API}/runs/{{run_id}}/items", JSON, C(f"{API}/runs/{{run}}/items", 200),
        C(f"{API}/runs/99999/items", 404), other=C(f"{API}/runs/{{beta_run}}/items", 404)),
    Row("POST", f"{API}/runs/{{run_id}}/approve", JSON,
        C(f"{API}/runs/{{run}}/approve", 200, json={"items": ["{item}"]}),
        C(f"{API}/runs/{{run}}/approve", 422, json={"items": [99999]}),
        may=CC, other=C(f"{API}/runs/{{beta_run}}/approve", 404, json={"items": None})),
    Row("POST", f"{API}/runs/{{run_id}}/skip", JSON,
        C(f"{API}/runs/{{run}}/skip", 200, json={"items": ["{item}"]}),
        C(f"{API}/runs/{{run}}/skip", 422, json={"items": []}),
        may=CC, other=C(f"{API}/runs/{{beta_run}}/skip", 404, json={"items": [1]})),
    Row("GET", f"{API}/tasks", JSON, C(f"{API}/tasks", 200, {"company": "ACME"} | AT),
        C(f"{API}/tasks", 422, {"company": "ACME", "as_of": "x"}),
        other=C(f"{API}/tasks", 404, BETA)),
    Row("POST", f"{API}/tasks/{{task_id}}/complete", JSON,
        C(f"{API}/tasks/{{task}}/complete", 200, json={"outcome": "paid", "done_on": DAY}),
        C(f"{API}/tasks/99999/complete", 404, json={"outcome": "paid"}),
        may=CC, other=C(f"{API}/tasks/{{beta_task}}/complete", 404, json={"outcome": "paid"})),
    Row("POST", f"{API}/tasks/{{task_id}}/call-back", JSON,
        C(f"{API}/tasks/{{task}}/call-back", 200, json={"call_back": "2026-03-17",
                                                       "done_on": DAY}),
        C(f"{API}/tasks/{{task}}/call-back", 422, json={"call_back": DAY, "done_on": DAY}),
        may=CC,
        other=C(f"{API}/tasks/{{beta_task}}/call-back", 404,
                json={"call_back": "2026-03-17", "done_on": DAY})),
    Row("GET", f"{API}/disputes", JSON, C(f"{API}/disputes", 200, {"company": "ACME"}),
        C(f"{API}/disputes", 422, {"company": "ACME", "state": "x"}),
        other=C(f"{API}/disputes", 404, BETA)),
    Row("POST", f"{API}/disputes", JSON,
        C(f"{API}/disputes", 201, {"company": "ACME"},
          json={"invoice": "F-001", "reason": "other", "opened_on": DAY}),
        C(f"{API}/disputes", 409, {"company": "ACME"},
          json={"invoice": "F-003", "reason": "other"}),  # F-003 is disputed already
        may=CC, other=C(f"{API}/disputes", 404, json={"invoice": "B-INV-1", "reason": "other"})),
    Row("POST", f"{API}/disputes/{{invoice}}/resolve", JSON,
        C(f"{API}/disputes/F-003/resolve", 200, {"company": "ACME"}, json={}),
        C(f"{API}/disputes/F-001/resolve", 404, {"company": "ACME"}, json={}),  # none open
        may=CC, other=C(f"{API}/disputes/B-INV-2/resolve", 404, json={})),
    Row("POST", f"{API}/disputes/{{invoice}}/outcome", JSON,
        C(f"{API}/disputes/F-003/outcome", 200, {"company": "ACME"},
          json={"kind": "credit_note", "amount": "10.00"}),
        C(f"{API}/disputes/F-001/outcome", 404, {"company": "ACME"},
          json={"kind": "credit_note", "amount": "10.00"}),  # none open
        may=CC, other=C(f"{API}/disputes/B-INV-2/outcome", 404,
                        json={"kind": "credit_note", "amount": "10.00"})),
    Row("GET", f"{API}/notes", JSON, C(f"{API}/notes", 200, {"company": "ACME"}),
        C(f"{API}/notes", 422, {"company": "ACME", "state": "x"}),
        other=C(f"{API}/notes", 404, BETA)),
    Row("POST", f"{API}/notes", JSON,
        C(f"{API}/notes", 201, {"company": "ACME"}, json=NOTE),
        C(f"{API}/notes", 422, {"company": "ACME"}, json=NOTE | {"kind": "x"}),
        may=CC, other=C(f"{API}/notes", 404, json=NOTE | {"customer": "B001"})),
    Row("POST", f"{API}/notes/{{note_id}}/close", JSON,
        C(f"{API}/notes/{{note}}/close", 200, json={}),
        C(f"{API}/notes/99999/close", 404, json={}),
        may=CC, other=C(f"{API}/notes/{{beta_note}}/close", 404, json={})),
    Row("GET", f"{API}/inbox", JSON, C(f"{API}/inbox", 200, {"company": "ACME"}),
        C(f"{API}/inbox", 404, {"company": "NOPE"}), other=C(f"{API}/inbox", 404, BETA)),
    Row("POST", f"{API}/inbox/{{message}}/confirm", JSON,
        C(f"{API}/inbox/{{mail}}/confirm", 200, {"company": "ACME"}, json={"kind": "other"}),
        C(f"{API}/inbox/{{mail}}/confirm", 422, {"company": "ACME"}, json={"kind": "x"}),
        may=CC, other=C(f"{API}/inbox/{{beta_mail}}/confirm", 404, {"company": "ACME"},
                        json={"kind": "other"})),
    Row("GET", f"{API}/promises", JSON, C(f"{API}/promises", 200, {"company": "ACME"}),
        C(f"{API}/promises", 422, {"company": "ACME", "state": "x"}),
        other=C(f"{API}/promises", 404, BETA)),
    Row("POST", f"{API}/promises", JSON, C(f"{API}/promises", 201, {"company": "ACME"},
                                           json=PROMISE),
        C(f"{API}/promises", 422, {"company": "ACME"}, json=PROMISE | {"amount": "-5"}),
        may=CC, other=C(f"{API}/promises", 404, json=PROMISE | {"customer": "B001"})),
    Row("GET", f"{API}/plans", JSON, C(f"{API}/plans", 200, {"company": "ACME"}),
        C(f"{API}/plans", 422, {"company": "ACME", "status": "x"}),
        other=C(f"{API}/plans", 404, BETA)),
    Row("POST", f"{API}/plans", JSON, C(f"{API}/plans", 201, {"company": "ACME"}, json=PLAN),
        C(f"{API}/plans", 422, {"company": "ACME"},
          json=PLAN | {"invoices": ["F-002"]}),  # F-002 is in a plan already
        may=CC, other=C(f"{API}/plans", 404,
                        json=PLAN | {"customer": "B001", "invoices": ["B-INV-2"]})),
    Row("POST", f"{API}/plans/{{plan_id}}/approve", JSON,
        C(f"{API}/plans/{{proposed_plan}}/approve", 200),
        C(f"{API}/plans/{{plan}}/approve", 422),  # offered already
        may=CC, other=C(f"{API}/plans/{{beta_plan}}/approve", 404)),
    Row("POST", f"{API}/plans/{{plan_id}}/accept", JSON,
        C(f"{API}/plans/{{plan}}/accept", 200, json=SIGNED),
        C(f"{API}/plans/{{proposed_plan}}/accept", 422, json=SIGNED),  # not offered yet
        may=CC, other=C(f"{API}/plans/{{beta_plan}}/accept", 404, json=SIGNED)),
    Row("POST", f"{API}/plans/{{plan_id}}/cancel", JSON,
        C(f"{API}/plans/{{plan}}/cancel", 200, json={"note": "asked by the customer"}),
        C(f"{API}/plans/99999/cancel", 404, json={}),
        may=CC, other=C(f"{API}/plans/{{beta_plan}}/cancel", 404, json={})),
)  # fmt: skip


# --- the table against the app ----------------------------------------------------------


def app_routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, path) of every route the app answers, looking into included routers;
    HEAD is GET's, and the static files are files, not routes."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from app_routes(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Mount):
            assert route.path == "/static", f"a mount the table cannot name: {route.path}"
        elif isinstance(route, (APIRoute, Route)):
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    yield method, prefix + route.path
        else:  # pragma: no cover - a kind of route this walk does not know
            raise AssertionError(f"unknown route {route!r}")


def test_the_table_names_every_route(anonymous: TestClient) -> None:
    found = set(app_routes(anonymous.app.routes))  # type: ignore[attr-defined]
    named = [row.key for row in TABLE]
    assert len(named) == len(set(named)), "a route named twice"
    assert len(found) > 90  # the walk did look into the routers
    assert found - set(named) == set(), "routes without a row in TABLE"
    assert set(named) - found == set(), "rows of TABLE for no route"


# --- the seed and the clients ------------------------------------------------------------


class Seed:
    """ACME (conftest ledger, records, a run, a bank line, clauses, an account, payment
    plans, a customer in hardship, a consumer who may ask a plan) and BETA (a plan too);
    users root (admin), carla (credit controller of ACME) and sam (read-only, ACME),
    each with a session and an API token; the portal's links. One client sends every
    request, carrying the cookies of whoever sends it."""

    def __init__(self, app: Tijdig, client: TestClient, like: Seed | None = None) -> None:
        """Seed `app`'s database; or, `like` another seed, use its copy as it is."""
        self.app, self.client = app, client
        if like is not None:
            self.tokens, self.sessions, self.values = like.tokens, like.sessions, like.values
            return
        acme = company_settings.update_company(  # its e-mail: reminders go as e-mail
            app.uow(), seed_acme(app), DETAILS, actor="test", at=datetime.now(UTC)
        )
        add_customers(app, acme, [Customer("C009", "Nieuw"), Customer("C010", "Oud"),
                                  Customer("C020", "Regelmatig")])  # fmt: skip
        add_regular_late(app, acme, "C020")  # a tolerance is suggested to it
        add_invoices(app, acme, [  # C010's last paid in 2015: past the retention period
            invoice("F-2015", "C010", date(2015, 1, 1), date(2015, 1, 31), "50.00",
                    open_amount=Decimal(0)),
        ])  # fmt: skip
        experiment = self._experiments(acme)  # before the run: its messages have runs of their own
        records, beta = seed_acme_records(app, acme), seed_beta(app)
        assert acme.id is not None and beta.company.id is not None
        [line], [beta_line] = (
            add_lines(app, acme, ["1210.00"]),
            add_lines(app, beta.company, ["900.00"]),
        )
        self.tokens = {
            "root": token_for(app, "root", Role.ADMIN),
            "carla": token_for(app, "carla", Role.CREDIT_CONTROLLER, (acme.id,)),
            "sam": token_for(app, "sam", Role.SALES, (acme.id,)),
        }
        # (session cookie, CSRF token) of each user, as signing in would give them
        self.sessions = {
            who: users.start_session(app.uow(), users.get_user(app.uow(), who), at=auth.now())
            for who in self.tokens
        }
        self._api("PUT", f"{API}/companies/ACME/clause", API_CLAUSE)
        with app.uow() as uow:  # an own English text of the reminder, for its reset
            uow.template_texts.save(acme.id, "en", "reminder",
                                    app.shipped_templates().text("en", "reminder"),
                                    at=datetime.now(UTC), by="test")  # fmt: skip
            uow.commit()
        self._api("PUT", f"{API}/customers/C002/clause?company=ACME", API_CLAUSE)
        company_settings.add_bank_account(app.uow(), acme, IBAN, actor="test",
                                          at=datetime.now(UTC))  # fmt: skip
        soon = today() + timedelta(days=3)
        while soon.weekday() >= 5:
            soon += timedelta(days=1)
        plan_ids = self._plans(acme, beta.company, soon)
        self._hardship_and_consumer(acme)
        handed = hand_over_cases.open_case(
            app.uow(), app.hand_over_files(), app.invoice_copies(), acme, "C002",
            reason="No answer", actor="test", source=Source.CLI, at=datetime.now(UTC),
            as_of=RUN_DAY,
        )  # fmt: skip
        note_ids = {
            name: notes.add_note(app.uow(), company, customer, department=Department.DELIVERY,
                                 kind=NoteKind.PENDING_DELIVERY, text="Nog te leveren",
                                 as_of=today(), actor="test", at=datetime.now(UTC)).id
            for name, company, customer in (("note", acme, "C001"),
                                            ("beta_note", beta.company, "B001"))
        }  # fmt: skip
        hook = credit_hooks.add_webhook(app.uow(), acme, "https://hooks.example.com/tijdig",
                                        actor="test", at=datetime.now(UTC))  # fmt: skip
        credit.hold(app.uow(), acme, "C003", reason="seeded", as_of=today(), actor="test",
                    at=datetime.now(UTC))  # fmt: skip
        pauses.pause_dunning(app.uow(), acme, "C012", until=today() + timedelta(days=30),
                             why="seeded", as_of=today(), actor="test",
                             at=datetime.now(UTC))  # fmt: skip
        mail = self._mail(acme, beta.company)
        # the forecast /forecast and /api/v1/forecast read (made by the job "forecast")
        forecast_model.store_forecast(app.risk_uow(), app.risk_reads, app.forecast_data, acme,
                                      as_of=date(2026, 3, 15), actor="test",
                                      at=datetime.now(UTC))  # fmt: skip
        risk = {"risk_suggestion": self._suggestion(acme, "C001"),
                "beta_risk_suggestion": self._suggestion(beta.company, "B001")}  # fmt: skip
        with app.uow() as uow:
            customers = uow.customers.ids_by_number(acme.id)
            invoices = {i.number: i.id for i in uow.invoices.search(acme.id)}
        links = app.portal_links()
        token = links.token(PortalKey(acme.id, customers["C001"]))
        self.values: dict[str, Any] = {
            "run": records.run_id, "item": self._message(records.run_id),
            "beta_run": beta.run_id, "beta_item": self._message(beta.run_id),
            "task": records.task_id, "beta_task": beta.task_id,
            "payment": records.payment_id, "beta_payment": beta.payment_id,
            "line": line, "beta_line": beta_line,
            "dispute": self._dispute(acme.id), "beta_dispute": self._dispute(beta.company.id),
            "token": token,
            "token_other": links.token(PortalKey(acme.id, customers["C002"])),
            "token_consumer": links.token(PortalKey(acme.id, customers["C011"])),
            "invoice": invoices["F-001"], "soon": soon.isoformat(),
            "iban": IBAN, "policies": dump_policy_set(default_policy_set()),
            "clause_company": "ACME", "clause_customer": "C002",
            "hardship_customer": "C012", **plan_ids, **note_ids,
            "hand_over_customer": "C002", "hand_over_case": handed.reference,
            "held_customer": "C003", "paused_customer": "C012", "habit_customer": "C020",
            "webhook": hook.webhook.id, **mail, **risk, "experiment": experiment,
            "job": self._job(acme), "beta_job": self._job(beta.company),
            "sync_upload": self._export(acme), "beta_sync_upload": self._export(beta.company),
            "reminder_nl": app.shipped_templates().text("nl", "reminder"),
            "reminder_bad": "{% extends layout %}{% block subject %}x{% endblock %}",
        }  # fmt: skip
        # the digest of the text each portal form shows, as the browser sends it back
        self.values |= {
            "proposal_shown": self._shown(f"/portal/{token}/plan",
                                          {"instalments": "3", "first": soon.isoformat()}),
            "plan_shown": self._shown(f"/portal/{token}/plans/{plan_ids['plan']}", {}),
        }  # fmt: skip

    def _suggestion(self, company: Company, number: str) -> int:
        """An open risk suggestion (a deposit) for the customer."""
        with self.app.risk_uow() as uow:
            customer = uow.customers.get(company.id or 0, number)
            assert customer is not None and customer.id is not None
            deposit = Suggestion(number, SuggestionKind.DEPOSIT, date(2026, 3, 15),
                                 RiskClass.HIGH, 0.6)  # fmt: skip
            made = uow.risk_suggestions.add(company.id or 0, customer.id, deposit)
            uow.commit()
        return made

    def _mail(self, acme: Company, beta: Company) -> dict[str, int]:
        """Messages read from the mailboxes: a reply of C001 with an attachment, one not
        linked, and a reply of BETA's customer."""
        at, app = datetime.now(UTC), self.app
        reply = add_reply(app, acme, "Ik kijk het na.", at, customer="C001", key="<s1@x.nl>")
        unlinked = add_reply(app, acme, "Wie bent u?", at, linked=False, key="<s2@x.nl>")
        beta_mail = add_reply(app, beta, "Ik kijk het na.", at, customer="B001", key="<s3@x.nl>")
        assert acme.id is not None
        with app.uow() as uow:
            [attachment] = uow.replies.attachments(acme.id, reply)
        return {"mail": reply, "mail_unlinked": unlinked, "beta_mail": beta_mail,
                "mail_attachment": attachment.id}  # fmt: skip

    def _experiments(self, acme: Company) -> int:
        """Variant B of the reminder (an experiment may start on it), and an experiment
        on the formal demand whose arms are full (4 messages each: a share of 5 percent,
        an effect of 90 points), B paid within 3 days and A after 20: B is better. Nothing
        of theirs is open, so the day's run has nothing to say to them."""
        assert acme.id is not None
        at, first = datetime.now(UTC), RUN_DAY - timedelta(days=40)
        add_customers(self.app, acme, [Customer("K1", "Klant A"), Customer("K2", "Klant B")])
        with self.app.uow() as uow:
            for template in ("reminder", "formal_demand"):
                uow.experiments.save_variant(acme.id, "nl", template, "B",
                                             self.app.shipped_templates().text("nl", template),
                                             at=at, by="test")  # fmt: skip
            uow.commit()
        started = experiments.start_experiment(self.app.uow(), acme, "formal_demand",
                                               baseline=0.05, smallest_effect=0.9, on=first,
                                               actor="test", at=at)  # fmt: skip
        assert started.needed == 4
        with self.app.uow() as uow:
            ids = uow.customers.ids_by_number(acme.id)
            for number, variant in (("K1", "A"), ("K2", "B")):
                uow.experiments.assign(acme.id, started.id, ids[number], variant, on=first)
            uow.commit()
        for k in range(4):
            for number, paid in (("K1", 20), ("K2", 3)):
                add_sent(self.app, acme, number, f"AB-{number}-{k}", step="formal_demand",
                         sent_on=first + timedelta(days=k), paid_after=paid)  # fmt: skip
        return started.id

    def _job(self, company: Company) -> int:
        """A day's run queued in the background (services/background.py)."""
        assert company.id is not None
        arguments = background.run_arguments(as_of=today(), today=today())
        return self.app.jobs().add(company.id, background.JobKind.RUN, arguments, by="test",
                                   at=datetime.now(UTC))  # fmt: skip

    def _export(self, company: Company) -> int:
        """An export of the books uploaded for a sync (ui/book_sync.py)."""
        assert company.id is not None
        customer = b"B001" if company.code == "BETA" else b"C001"
        content = EXPORT["export"][1].replace(b"C001", customer)
        export = uploads.NewUpload(uploads.UploadKind.INVOICES, "debiteuren.csv", content)
        return self.app.uploads().add(company.id, export, by="test", at=datetime.now(UTC))

    def _plans(self, acme: Company, beta: Company, first: date) -> dict[str, int]:
        """An offered plan over F-002 (C001), one proposed over F-004 (C003: outside the
        limits, more plan instalments than 12) and an offered one of BETA's."""
        made = {
            "plan": (acme, "C001", PlanTerms(("F-002",), 3, first)),
            "proposed_plan": (acme, "C003", PlanTerms(("F-004",), 24, first)),
            "beta_plan": (beta, "B001", PlanTerms(("B-INV-1",), 3, first)),
        }
        return {name: plans.offer_plan(self.app.uow(), company, customer, terms, on=today(),
                                       actor="test", at=datetime.now(UTC)).plan_id
                for name, (company, customer, terms) in made.items()}  # fmt: skip

    def _hardship_and_consumer(self, acme: Company) -> None:
        """C012 under debt counselling; C011, a Belgian consumer in the term of her first
        reminder (sent three days ago), in which she may ask a payment plan."""
        sent = RUN_DAY - timedelta(days=3)
        add_customers(self.app, acme, [
            Customer("C011", "Lotte Peeters", kind=CustomerKind.CONSUMER, country="BE"),
            Customer("C012", "Jan Smit", kind=CustomerKind.CONSUMER),
        ])  # fmt: skip
        add_invoices(self.app, acme, [invoice("F-300", "C011", sent - timedelta(days=40),
                                              sent - timedelta(days=10), "250.00")])  # fmt: skip
        with self.app.uow() as uow:
            invoice_id = {i.number: i.id for i in uow.invoices.search(acme.id or 0)}["F-300"]
            uow.session.add(StepTakenRow(company_id=acme.id, invoice_id=invoice_id,
                                         step_key="first_reminder", channel="email",
                                         taken_on=sent))  # fmt: skip
            uow.commit()
        hardship.set_hardship(self.app.uow(), acme, "C012", HardshipKind.DEBT_COUNSELLING,
                              since=date(2026, 3, 2), evidence=hardship.Evidence("a letter"),
                              as_of=RUN_DAY, actor="test", at=datetime.now(UTC))  # fmt: skip

    def _shown(self, path: str, query: dict[str, str]) -> str:
        """The digest of the text a portal page shows (its form sends it back)."""
        response = self.client.get(path, params=query)
        found = SHOWN.search(response.text)
        assert response.status_code == 200 and found, response.text
        return found.group(1)

    def _message(self, run_id: int) -> int:
        """The run's first item, a message if it has one."""
        with self.app.uow() as uow:
            found = uow.session.scalar(
                select(RunItemRow.id)
                .where(RunItemRow.run_id == run_id)
                .order_by(RunItemRow.kind != "message", RunItemRow.id)
            )
        assert found is not None, f"run {run_id} has no item"
        return int(found)

    def _dispute(self, company_id: int) -> int:
        with self.app.uow() as uow:
            _, found = uow.worklists.open_disputes(company_id, reason=None, offset=0, limit=1)
        return found[0].id

    def _api(self, method: str, path: str, body: Any) -> None:
        response = self.client.request(method, path, json=body,
                                       headers=bearer(self.tokens["root"]))  # fmt: skip
        assert response.status_code < 300, response.text

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**self.values) if "{" in value and "[[" not in value else value
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

    def _as(self, who: str | None, guard: str) -> str:
        """The client's cookies as `who`'s browser has them; the CSRF token its forms
        carry (a session's own, or the anonymous double-submit cookie's)."""
        self.client.cookies.clear()
        self.client.cookies.set(auth.CSRF_COOKIE, ANONYMOUS_CSRF)
        if who is None or guard in (OPEN, PORTAL, JSON):
            return ANONYMOUS_CSRF
        session, csrf = self.sessions[who]
        self.client.cookies.set(auth.SESSION_COOKIE, session)
        return csrf

    def send(self, row: Row, call: Call, who: str | None) -> Any:
        """`call` as `who` (None: anonymous), as a browser or a script would send it."""
        csrf = self._as(who, row.guard)
        headers = bearer(self.tokens[who]) if row.guard == JSON and who else {}
        path, query = self.fill(call.path), self.fill(call.query)
        if who == "root" and row.guard != OPEN:  # who sees both companies names one
            query.setdefault("company", "ACME")
        if call.json is not None:
            return self.client.request(
                row.method, path, params=query, json=_ints(self.fill(call.json)), headers=headers
            )
        if call.form is None:
            return self.client.request(row.method, path, params=query, headers=headers,
                                       follow_redirects=False)  # fmt: skip
        form = self.fill(call.form) | {auth.CSRF_FIELD: csrf}
        return self.client.request(row.method, path, params=query, data=form,
                                   files=call.files, follow_redirects=False)  # fmt: skip


def _ints(body: Any) -> Any:
    """Ids filled into a JSON body are numbers."""
    if isinstance(body, dict):
        return {k: _ints(v) for k, v in body.items()}
    if isinstance(body, list):
        return [int(v) if isinstance(v, str) and v.isdigit() else _ints(v) for v in body]
    return body


def _settings(database_url: str, folder: Path) -> Settings:
    return Settings(database_url=database_url, mail_dir=folder / "mail",
                    letters_dir=folder / "letters", sms_log=folder / "sms.log",
                    sign_in_attempts_per_minute=10_000)  # fmt: skip


@contextmanager
def _seeded(database_url: str, folder: Path, like: Seed | None = None) -> Iterator[Seed]:
    installation = bootstrap(Settings(database_url=database_url))
    try:
        with (
            web_app(_settings(database_url, folder)) as web,
            TestClient(web, raise_server_exceptions=False) as client,
        ):
            yield Seed(installation, client, like)
    finally:
        installation.close()


@pytest.fixture(scope="session")
def seeded_sqlite(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Path, Seed]:
    """The seed on SQLite, made once per test run: each test takes a copy of its
    file (the seed's ids, tokens and sessions hold in every copy)."""
    folder = tmp_path_factory.mktemp("routes")
    with pytest.MonkeyPatch.context() as patch:
        FrozenClock(patch).set(RUN_DAY)
        with _seeded(sqlite_copy(sqlite_template, folder), folder) as made:
            pass
    return folder / "tijdig.db", made


@pytest.fixture
def seed(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path, frozen_clock: FrozenClock
) -> Iterator[Seed]:
    """The seed on a database of the test's own: a copy of the seeded file on SQLite."""
    frozen_clock.set(RUN_DAY)
    like = None
    if database_url.startswith("sqlite"):
        template, like = request.getfixturevalue("seeded_sqlite")
        shutil.copyfile(template, tmp_path / "tijdig.db")
        assert database_url.endswith(str(tmp_path / "tijdig.db"))
    with _seeded(database_url, tmp_path, like) as seeded:
        yield seeded


class Refusals:
    """Requests that must change nothing: each one's status, and every table after it."""

    def __init__(self, seed: Seed) -> None:
        self.seed = seed
        self.tables = Tables(seed.app.engine)
        self.last = self.tables.snapshot()
        self.problems: list[str] = []

    def expect(self, row: Row, call: Call, who: str | None, status: int, check: str) -> Any:
        response = self.seed.send(row, call, who)
        where = f"{check}: {row.method} {row.path} as {who or 'anonymous'}"
        if response.status_code != status:
            self.problems.append(f"{where}: {response.status_code}, not {status}")
        now = self.tables.snapshot()
        if now != self.last:
            self.problems.append(f"{where} wrote: {', '.join(changed(self.last, now))}")
        self.last = now
        return response

    def report(self) -> None:
        assert not self.problems, "\n".join(self.problems)


# --- the checks -------------------------------------------------------------------------


def test_a_stranger_is_sent_to_sign_in_or_told_401(seed: Seed) -> None:
    checks = Refusals(seed)
    for row in TABLE:
        if row.guard == PAGE:
            response = checks.expect(row, row.happy, None, 303, "anonymous")
            if urlsplit(response.headers.get("location", "")).path != "/sign-in":
                checks.problems.append(f"{row.path}: sent to {response.headers.get('location')}")
        elif row.guard == JSON:
            response = checks.expect(row, row.happy, None, 401, "anonymous")
            if response.headers.get("www-authenticate") != "Bearer":
                checks.problems.append(f"{row.path}: no WWW-Authenticate: Bearer")
            if response.json().get("field", "absent") is not None:
                checks.problems.append(f"{row.path}: not the error shape {{detail, field}}")
    checks.report()


def test_read_only_reads_and_each_role_is_refused_403_on_what_it_may_not_do(
    seed: Seed,
) -> None:
    checks = Refusals(seed)
    refused = 0
    for row in TABLE:
        if row.may is not None:
            assert row.writes or row.may is ADMIN, row.key  # sales reads what it sees
            checks.expect(row, row.happy, "sam", 403, "read-only")
            refused += 1
        elif not row.writes and row.guard in (PAGE, JSON):  # what sales may read
            checks.expect(row, row.happy, "sam", row.happy.status, "read-only reads")
        if row.may is ADMIN:
            checks.expect(row, row.happy, "carla", 403, "credit controller")
    assert refused > 40
    checks.report()


def test_another_companys_data_is_not_found_and_another_debtors_link_opens_nothing(
    seed: Seed,
) -> None:
    checks = Refusals(seed)
    for row in TABLE:
        if row.other is not None:
            who = None if row.guard == PORTAL else "carla"
            checks.expect(row, row.other, who, row.other.status, "other's data")
    assert sum(row.other is not None for row in TABLE) > 50
    checks.report()


def test_every_unhappy_request_gets_its_status_and_changes_nothing(seed: Seed) -> None:
    checks = Refusals(seed)
    for row in TABLE:
        if row.unhappy is not None:
            checks.expect(row, row.unhappy, None if row.guard == OPEN else "root",
                          row.unhappy.status, "unhappy")  # fmt: skip
    checks.report()


def test_every_read_answers_its_happy_request_and_changes_nothing(seed: Seed) -> None:
    checks = Refusals(seed)
    for row in TABLE:
        if not row.writes:
            checks.expect(row, row.happy, None if row.guard == OPEN else "root",
                          row.happy.status, "happy")  # fmt: skip
    checks.report()


WRITES = [row for row in TABLE if row.writes]


@pytest.mark.parametrize("row", WRITES, ids=[f"{r.method} {r.path}" for r in WRITES])
def test_every_write_answers_its_happy_request_and_writes(seed: Seed, row: Row) -> None:
    tables = Tables(seed.app.engine)
    before = tables.snapshot()
    who = {OPEN: None, PORTAL: None}.get(row.guard, "carla" if row.may is CC else "root")
    response = seed.send(row, row.happy, who)
    assert response.status_code == row.happy.status, response.text
    # A template text's preview is a read: POST only because the text is long.
    reads = {("POST", "/settings/templates/edit/{language}/{template}/preview")}
    if row.key not in {("POST", "/sign-in"), ("POST", "/sign-out"), ("POST", "/me/language"),
                       *reads}:  # fmt: skip
        assert changed(before, tables.snapshot()), "the happy request wrote nothing"
