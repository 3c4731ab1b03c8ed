"""Tests of dunning policies and their TOML form."""
