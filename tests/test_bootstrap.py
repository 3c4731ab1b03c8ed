"""The composition root: what an installation keeps between requests is its own, not a
module's: two installations in one process share nothing."""

from __future__ import annotations

import threading
from pathlib import Path

from tijdig.adapters.db.repositories.runs import InfoCounts
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings


def _installation(tmp_path: Path, name: str) -> Tijdig:
    return bootstrap(Settings(database_url=f"sqlite:///{tmp_path / name}.db"))


def test_an_installations_units_of_work_share_its_kept_run_counts_only(tmp_path: Path) -> None:
    first, second = _installation(tmp_path, "first"), _installation(tmp_path, "second")
    try:
        with first.uow() as one, first.uow() as two, second.uow() as other:
            assert one.runs._info is two.runs._info
            assert one.runs._info is not other.runs._info
        company = first.company_uow(1)()
        with company, first.uow() as plain:
            assert company.runs._info is plain.runs._info
    finally:
        first.close()
        second.close()


def test_kept_run_counts_tell_a_reset_run_from_the_old_one_and_stay_bounded() -> None:
    kept = InfoCounts()
    kept.keep(1, None, [("hold", None, "info", 3)])
    assert kept.get(1, None) == [("hold", None, "info", 3)]
    assert kept.get(2, None) is None
    for run_id in range(2, InfoCounts.LIMIT + 2):
        kept.keep(run_id, None, [])
    assert kept.get(1, None) is None  # forgotten when the limit was reached


def test_renderers_are_kept_per_thread_and_per_installation(tmp_path: Path) -> None:
    first, second = _installation(tmp_path, "first"), _installation(tmp_path, "second")
    try:
        copies = first.invoice_copies()
        assert first.invoice_copies() is copies
        assert second.invoice_copies() is not copies
        assert first.preview_composer() is first.preview_composer()
        in_another: list[object] = []
        worker = threading.Thread(target=lambda: in_another.append(first.invoice_copies()))
        worker.start()
        worker.join()
        assert in_another[0] is not copies
    finally:
        first.close()
        second.close()


def test_the_portal_url_is_the_one_messages_carry(tmp_path: Path) -> None:
    app = _installation(tmp_path, "portal")
    try:
        url = app.portal_url(1, 2)
        assert url.startswith(app.settings.link_url.rstrip("/") + "/portal/")
        key = app.portal_links().read(url.rsplit("/", 1)[-1])
        assert key is not None and (key.company_id, key.customer_id) == (1, 2)
    finally:
        app.close()
