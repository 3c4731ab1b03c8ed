"""Aging, DSO, behaviour and forecasts over domain values (pure)."""
