"""Uploaded files (`services.uploads.Uploads`) in the database: their bytes are a row's,
so a worker on another machine reads them; a job reads one as a temporary file named
as uploaded (the importers read files, and name them in their messages)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.jobs import UploadRow as _U
from tijdig.domain.errors import NotFound
from tijdig.domain.refusals import Refusal
from tijdig.services.uploads import NewUpload, Upload, UploadKind, upload_name


class SqlUploads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, company_id: int, upload: NewUpload, *, by: str, at: datetime) -> int:
        with Session(self.engine) as session, session.begin():
            row = _U(
                company_id=company_id, kind=upload.kind.value,
                filename=upload_name(upload.filename), size=len(upload.content),
                content=upload.content, uploaded_by=by, uploaded_at=as_utc(at),
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def get(self, upload_id: int) -> Upload | None:
        query = select(_U.id, _U.company_id, _U.kind, _U.filename, _U.size).where(
            _U.id == upload_id
        )
        with Session(self.engine) as session:
            row = session.execute(query).one_or_none()
        if row is None:
            return None
        return Upload(row.id, row.company_id, UploadKind(row.kind), row.filename, row.size)

    @contextmanager
    def as_file(self, upload_id: int) -> Iterator[Path]:
        with Session(self.engine) as session:
            row = session.execute(
                select(_U.filename, _U.content).where(_U.id == upload_id)
            ).one_or_none()
        if row is None:
            raise NotFound(Refusal.NOT_FOUND, thing="upload", key=upload_id)
        with tempfile.TemporaryDirectory(prefix="tijdig-upload-") as folder:
            path = Path(folder) / upload_name(row.filename)
            path.write_bytes(row.content)
            del row
            yield path
