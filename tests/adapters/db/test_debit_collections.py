"""The planned-collection repository: a collection is presented once, even when two
exports race for it, and cancelled only while it is planned."""

from __future__ import annotations

from datetime import date

from tests.services.direct_debit.sepa_data import AMSTERDAM, NEW_YEARS_EVE, notify, seed
from tijdig.adapters.db.repositories.debit_collections import _NOTICE_STATES
from tijdig.bootstrap import Tijdig
from tijdig.domain.debit_collections import CollectionStatus, NoticeState, Reason
from tijdig.domain.mandates import SequenceType
from tijdig.services.outbox import OutboxStatus


def test_a_collection_is_presented_once_and_then_not_cancelled(app: Tijdig) -> None:
    company = seed(app)
    [collection, *_] = notify(app, company, NEW_YEARS_EVE, date(2026, 12, 6)).planned
    assert collection.id is not None
    first = {"batch_id": None, "sequence": SequenceType.FIRST, "end_to_end_id": "B1-C1"}
    with app.uow() as uow:
        assert uow.debit_collections.present(collection.id, **first)  # type: ignore[arg-type]
        assert not uow.debit_collections.present(collection.id, **first)  # type: ignore[arg-type]
        assert not uow.debit_collections.cancel(collection.id, Reason("expired"))
        uow.commit()
    assert company.id is not None
    with app.uow() as uow:
        [stored] = uow.debit_collections.search(
            company.id, zone=AMSTERDAM, statuses=(CollectionStatus.PRESENTED,)
        )
    assert (stored.id, stored.sequence, stored.reason) == (collection.id, SequenceType.FIRST, None)


def test_every_outbox_state_of_a_pre_notification_reads_as_a_notice_state() -> None:
    """A notice never in a state the collection page cannot show (an expired one did
    not go out: failed)."""
    assert set(_NOTICE_STATES) == set(OutboxStatus)
    assert _NOTICE_STATES[OutboxStatus.EXPIRED] is NoticeState.FAILED
