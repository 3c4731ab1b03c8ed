"""Money in from the bank: statements imported, their credits matched, the rest reviewed."""
