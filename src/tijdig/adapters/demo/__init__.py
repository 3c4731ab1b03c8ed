"""Demo data: a realistic Dutch wholesaler with NL and BE customers and 24 months of ledger.

`generator.py` (with `names.py`, `habits.py`, `ledger.py`, `accounts.py`, `spec.py`)
builds plain row tuples from a seed without touching the clock or a database;
`loader.py` writes them in bulk with SQLAlchemy Core. With `--bank-days`, the latest
payments become bank statements instead (`bank.py`, `noise.py`), written as CAMT.053
files by `camt.py` for `tijdig import bank`, a handful of them lines for a person
(`review_cases.py`). The dunned invoices get a collection history as the runs would
have made it (`history.py`, `history_walk.py`, written as rows by `history_rows.py`):
messages sent, calls, promises, disputes and hand-overs up to the day before as-of.
"""
