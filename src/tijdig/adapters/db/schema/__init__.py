"""The tables: SQLAlchemy 2 declarative rows, one module per area (ledger: companies, customers,
invoices, payments; banking; collection; users). Rows are not domain values: see
`adapters/db/converters.py`. Every table carries its company id."""
