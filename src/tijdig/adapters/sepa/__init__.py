"""SEPA files written for the bank: pain.008 direct-debit messages (pain008.py)."""
