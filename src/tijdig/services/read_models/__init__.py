"""The read side: what the CLI, the REST API and the workspace show, each figure read by
one function (and one query behind it) whichever of them asks.

- `balances.py`: what each customer owes and how much of it is overdue, per currency
  (open credit notes set off): `customer_balances` for `tijdig customers [--json]`,
  `balance_page` and `exposure` for `/api/v1/customers` and a customer's credit status,
  `list_customers` for the workspace's customer list and the dashboard's overdue
  customers. SQL: `adapters/db/views/balances.py` on `adapters/db/predicates.py`.
- `aging.py`: open receivables in buckets of days past due (`aging_report`): `tijdig
  report aging`, `/api/v1/reports/aging` and the dashboard's charts.
- `ledger.py`: invoices, payments and their allocations, disputes, promises and runs as
  records (the API's lists and details, `tijdig invoices`): `list_invoices`,
  `invoice_detail`, `payment`, `run`, and the `ApiQueries` port (adapters/db/views/api_lists.py).
- `customer_file.py`: one customer before any contact (S0-2): `customer_file` (CLI
  `tijdig customer NUMBER`, the customer page), the next planned step as the run would
  decide it (`next_step`, from the one state loader `adapters/db/views/customer_state.py`) and
  days-to-pay per month; `open_totals`, the figures of all its open items when the page
  lists them a page at a time.
- `customer_money.py`: a customer's payments with how each was applied, and the bank lines
  waiting for review from its known accounts (the customer page, issue 15).
- `dashboard.py`: what waits for a person today (`queues`).
- `common.py`: pages of a longer list, and the stored company's id.

Nothing here changes data.
"""
