"""SEPA direct debit (S1-2).

- `direct_debit.py`: mandates (`add_mandate`, `set_mandate`, `revoke_mandate`, called by
  `tijdig sepa mandate add|set|revoke`), the listings, the creditor, and the ports the
  other two modules share.
- `debit_notices.py`: `notify_collections` plans the collections and queues their
  pre-notifications (`tijdig sepa notify`).
- `debit_batches.py`: `export_batch` writes the pain.008 file of a collection date
  (`tijdig sepa export`).
"""
