"""The read side: read models for the CLI's `--json`, the REST API and the pages (customer
balances, the customer state loader, ledger lists, aging and reports, work lists, what
matching reads). Core SQL returning plain values, on the shared predicates
(`adapters/db/predicates.py`). They never write."""
