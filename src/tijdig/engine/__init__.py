"""The collection engine: what should happen to a customer on a given day (pure)."""
