"""What customers owe, coming in: customers and invoices from files.

Where each use case lives, and who calls it:

- `imports.py`: `import_customers` and `import_invoices` book CSV files all or nothing,
  a file imported before skipped (CLI `tijdig import customers` and `tijdig import
  invoices`); each writes a `customers.import` / `invoices.import` audit entry per
  customer added or changed (or whose invoices were added), else one for the company.
  Also the shared pieces: `ImportSummary`, `Reader`, `with_reference`.
- `einvoices.py`: `import_einvoices` books UBL e-invoices to the seller's company and the
  buyer's customer, creating them when unknown (CLI `tijdig import invoices` with XML
  files); one `einvoices.import` audit entry per customer booked for.

- `history.py`: `import_history` (files) and `book_history` (entries a reader already
  read: invoices, credit notes and `HistoryPayment`s, domain/books.py) book payment
  history as payment records and allocations, no step; all or nothing, idempotent by a
  key per line (CLI `tijdig import history`); one `history.import` audit entry per
  customer booked for. Its database port is `history_ports.py`.

- `customer_language.py`: `set_customer_language` sets the language a customer reads
  (nl, en, fr; CLI `tijdig customer language`, the API and the customer page); one
  `customer.language` audit entry.

Every use case that changes data takes `actor` and `at` keyword-only. The workspace and
the API import nothing.
"""
