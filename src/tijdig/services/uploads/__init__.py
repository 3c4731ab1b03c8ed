"""Files uploaded in the workspace, imported by a background job (issue 14, part 2).

An upload is kept in the database (`Uploads`) so a worker on any machine can read it;
`queue_import` stores a set of uploads and queues one "import" job for them. The job
(`import_task`) imports each file through the very service functions the CLI's
`tijdig import` uses, one call per file (the bank
statements together, `bank.py`): each file is all-or-nothing by itself (a
refused invoice file books nothing, and does not stop the next file), with the same
messages and the same size limit, and idempotent (the services fingerprint files,
invoices and bank lines: the same file twice books nothing twice).

One job per upload, not per file: the files go in an order that makes sense (customers,
then invoices, then bank statements, so a payment finds the invoice uploaded with it),
and one page follows them all. The result has one entry per file: booked (with what
waits for review and the warnings), imported before, or refused with the issues (file,
line, field).

Only the uploader's company is touched: a bank statement of an account another company
owns, or an e-invoice whose seller is another company, is refused.
"""

from tijdig.services.uploads.files import (
    NAME_BYTES,
    ImportEnvironment,
    ImportUnitOfWork,
    NewUpload,
    Upload,
    UploadKind,
    Uploads,
    issue_counts,
    upload_name,
)
from tijdig.services.uploads.jobs import import_task, queue_import

__all__ = [
    "NAME_BYTES",
    "ImportEnvironment",
    "ImportUnitOfWork",
    "NewUpload",
    "Upload",
    "UploadKind",
    "Uploads",
    "import_task",
    "issue_counts",
    "queue_import",
    "upload_name",
]
