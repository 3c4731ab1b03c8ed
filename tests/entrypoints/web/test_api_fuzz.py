"""Schemathesis against the OpenAPI spec: every operation, with an administrator's bearer
token on a seeded database, gets generated requests (valid ones, then invalid ones)
and must answer without a server error, with a status code and a body the spec
documents. Bounded and deterministic: a fixed number of examples per operation, no
example database, derandomized, so it runs in seconds and the same way every time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app

from .test_api_data import bearer, seed_acme_records, token_for

# Left out by `make test-fast`; `make test` and CI run it.
pytestmark = pytest.mark.fuzz

EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 5}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture
def spec(database_url: str, app: Tijdig, acme: Company) -> Iterator[tuple[Any, str]]:
    """The spec as the app serves it, loaded from the app (ASGI, in process), and an
    administrator's token; the app's lifespan is ended afterwards."""
    seed_acme_records(app, acme)
    token = token_for(app, "fuzzer", Role.ADMIN)
    web = create_app(Settings(database_url=database_url))
    try:
        yield schemathesis.openapi.from_asgi("/api/openapi.json", web), token
    finally:
        shutdown_lifespans()


def _fuzz(operation: Any, mode: GenerationMode, token: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=bearer(token), checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # An operation without parameters or body (GET /health) has no invalid request.
        if mode is not GenerationMode.NEGATIVE:
            raise
    except Exception as error:
        error.add_note(f"operation: {operation.label}, {mode.value} requests")
        raise


def test_every_operation_answers_as_its_spec_says(spec: tuple[Any, str]) -> None:
    schema, token = spec
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for mode in EXAMPLES:
            _fuzz(operation, mode, token)
