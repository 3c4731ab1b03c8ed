"""Collection: the daily dunning run, reviewing it, and sending what was approved."""
