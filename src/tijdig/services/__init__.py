"""Use cases: the only code that sequences I/O, through ports declared as Protocols.

One package (or module) per capability; its docstring lists each use case, the one
function that carries it out, and which CLI command, API route and workspace page call it:

- `collection/`: the daily run (`run.start_run`), approving or skipping its items
  (`review.decide`: `tijdig run approve|skip`, `POST /api/v1/runs/{id}/approve|skip`, the
  run page's `POST /runs/{id}/decide`), sending what was approved (`send.send_approved`),
  previews, invoice copies, collection settings and policies.
- `records/`: disputes, promises to pay, the contact log, tasks and the agenda.
- `bank/`: bank statements imported and matched, and the review queue's decisions.
- `receivables/`: customers, invoices and e-invoices imported from files.
- `companies/`, `access/`, `direct_debit/`, `portal`, `privacy`: creditors and their
  settings and damages clauses; users and API tokens; SEPA mandates, notices and batches;
  the debtor portal; export, erasure and retention.
- `read_models/`: what the CLI's `--json`, the API and the pages show (balances, ledger,
  aging, the customer file, the dashboard).
- `audit.record`: every changing use case takes `actor` and `at` (keyword-only) and writes
  its entries through it in its own transaction, one per customer it touched.
"""
