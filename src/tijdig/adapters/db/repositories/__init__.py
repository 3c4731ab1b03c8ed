"""The write side and the aggregate loads: one repository per aggregate (parties, invoices,
runs, outbox, records, mandates, users, ...), reached through the unit of work
(`adapters/db/uow.py`). They never commit: the use case's unit of work does."""
