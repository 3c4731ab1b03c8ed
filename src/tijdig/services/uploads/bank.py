"""The bank statements of an upload: imported together, as `tijdig import bank` does.

One import of all of them loads the ledger once and matches all their lines together
(file by file, a 100,000-line upload of 61 files loaded a large ledger 61 times, and
matched each day's lines without the next day's). The result is still per file: its
statements, new lines and lines booked before, and what matching made of its lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tijdig.domain.banking import BankStatement
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportIssue, ImportResult
from tijdig.domain.parties import Company
from tijdig.services.bank.matching import import_and_match
from tijdig.services.bank.statements import BankImportSummary, FileCounts
from tijdig.services.bulk import gc_paused
from tijdig.services.uploads.files import Upload, issues_json, refused_result, shown_result

if TYPE_CHECKING:
    from tijdig.services.background import Job, Json, Moment, TaskEnvironment


def import_bank_files(
    env: TaskEnvironment,
    company: Company,
    bank: Sequence[Upload],
    paths: Mapping[int, Path],
    job: Job,
    moment: Moment,
    *,
    read: Callable[[], None],
) -> dict[int, Json]:
    """The bank uploads' results (`read` is told when all are read). A file refused by
    itself (unreadable, another company's account) is refused alone and the rest import
    together. When the import of the rest is refused (a balance that does not follow
    on), each file goes on its own, so that a file is all-or-nothing by itself."""
    with gc_paused():  # as `tijdig import bank` does: the same speed on a large ledger
        reads = dict(zip((u.id for u in bank), env.read_statements([paths[u.id] for u in bank]),
                         strict=True))  # fmt: skip
        read()
        results: dict[int, Json] = {}
        good: list[Upload] = []
        for upload in bank:
            refused = _refused_alone(env, company, reads[upload.id], paths[upload.id])
            if refused is None:
                good.append(upload)
            else:
                results[upload.id] = refused_result(upload, paths[upload.id], refused)
        if not good:
            return results
        try:
            return results | _bank_together(env, company, good, paths, reads, job, moment)
        except ImportRefused:
            for upload in good:
                results[upload.id] = _bank_alone(env, company, upload, paths[upload.id],
                                                 reads[upload.id], job, moment)  # fmt: skip
            return results


def _refused_alone(
    env: TaskEnvironment, company: Company, read: ImportResult[BankStatement], path: Path
) -> list[ImportIssue] | None:
    """Why a bank file is refused on its own: errors reading it, or a statement of an
    account another company owns."""
    errors = [i for i in read.issues if i.is_error]
    if errors:
        return list(read.issues)
    with env.import_uow() as uow:
        owners = {s.account: uow.bank.owner_of(s.account) for s in read.items}
    others = [
        ImportIssue(path.name, f"account {account} belongs to another company", field="account")
        for account, owner in owners.items()
        if owner is not None and owner != company.id
    ]
    return others or None


def _bank_together(
    env: TaskEnvironment,
    company: Company,
    good: Sequence[Upload],
    paths: Mapping[int, Path],
    reads: Mapping[int, ImportResult[BankStatement]],
    job: Job,
    moment: Moment,
) -> dict[int, Json]:
    by_path = {paths[u.id]: reads[u.id] for u in good}
    summary, _ = import_and_match(
        env.import_uow(), list(by_path), read=by_path.__getitem__, company_hint=company,
        actor=job.queued_by, at=moment.at, match_all=env.match_all(),
    )  # fmt: skip
    return {u.id: _bank_result(u, paths[u.id], summary) for u in good}


def _bank_alone(
    env: TaskEnvironment,
    company: Company,
    upload: Upload,
    path: Path,
    read: ImportResult[BankStatement],
    job: Job,
    moment: Moment,
) -> Json:
    try:
        summary, _ = import_and_match(
            env.import_uow(), [path], read=lambda _: read, company_hint=company,
            actor=job.queued_by, at=moment.at, match_all=env.match_all(),
        )  # fmt: skip
    except ImportRefused as refused:
        return refused_result(upload, path, refused.issues)
    return _bank_result(upload, path, summary)


def _bank_result(upload: Upload, path: Path, summary: BankImportSummary) -> Json:
    counts = summary.files.get(str(path), FileCounts())
    before = counts.new == 0 and counts.duplicates > 0
    return shown_result(upload) | {
        "outcome": "before" if before else "booked", "statements": counts.statements,
        "new": counts.new, "duplicates": counts.duplicates, "matched": counts.matched,
        "review": counts.review, "reopened": counts.reopened,
        "issues": issues_json([w for w in summary.warnings if w.file in (str(path), path.name)],
                          path, upload),
    }  # fmt: skip
