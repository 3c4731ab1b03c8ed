"""Money in from the bank: statements imported, their credits matched, the rest reviewed.

Where each use case lives, and who calls it:

- `statements.py`: reading and storing statements (never a line twice, balances checked).
  `import_statements` stores new lines for later matching (tests, `match_new`);
  `bank_accounts` reads each account's last statement and balance (CLI `tijdig bank
  accounts`, the workspace bank page).
- `matching.py`: `import_and_match` imports statements and books what matching is sure
  of, in one transaction (CLI `tijdig import bank`); `match_new` matches lines stored
  before. Both write a `bank.import` / `bank.match` audit entry per customer paid (or
  whose payment came back), else one per company.
- `review.py`: the review queue and a person's decisions. `review_page` (CLI `tijdig bank
  review`, the workspace `/bank`) and `find_payments` (CLI `tijdig bank find`) read it;
  `book_suggestion`, `book_invoices`, `book_customer` and `dismiss` decide a line (the
  workspace's forms on `/bank`; the CLI and the API offer no decision), each with its
  `bank.book` / `bank.dismiss` audit entry in the same transaction.

Every use case that changes data takes `actor` and `at` keyword-only.
"""
