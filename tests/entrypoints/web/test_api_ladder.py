"""`/api/v1/companies/{code}/ladder`: the escalation ladder (plan B) read and put with a
bearer token; a ladder that does not climb is 422 and nothing is stored; only an
administrator changes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role

from .test_api_data import bearer, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

URL = "/api/v1/companies/ACME/ladder"
DEFAULT = {"rungs": ["new_term", "payment_plan", "agency"], "name_agency_after": 2,
           "new_term_days": 14}  # fmt: skip


@pytest.fixture
def admin(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    anonymous.headers.update(bearer(token_for(app, "root", Role.ADMIN)))
    return anonymous


def test_the_ladder_is_read_and_put_by_an_administrator(admin: TestClient) -> None:
    assert admin.get(URL).json() == DEFAULT
    own = {"rungs": ["payment_plan", "agency"], "name_agency_after": 1, "new_term_days": 10}
    put = admin.put(URL, json=own)
    assert put.status_code == 200 and put.json() == own
    assert admin.get(URL).json() == own


@pytest.mark.parametrize(
    "body",
    [
        {"rungs": ["agency", "new_term"]},
        {"rungs": ["new_term", "new_term"]},
        {"rungs": []},
        {"rungs": ["lawyer"]},
        {"rungs": ["agency"], "new_term_days": 0},
    ],
)
def test_a_ladder_that_does_not_climb_is_refused(
    admin: TestClient, body: dict[str, object]
) -> None:
    assert admin.put(URL, json=body).status_code == 422
    assert admin.get(URL).json() == DEFAULT


def test_only_an_administrator_changes_the_ladder(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    anonymous.headers.update(bearer(token_for(app, "carla", Role.CREDIT_CONTROLLER,
                                              (acme.id or 0,))))  # fmt: skip
    assert anonymous.get(URL).json() == DEFAULT
    assert anonymous.put(URL, json=DEFAULT).status_code == 403
