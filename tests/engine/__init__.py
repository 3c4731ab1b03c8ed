"""Tests of the collection engine: date tables, most read from docs/dunning.md."""
