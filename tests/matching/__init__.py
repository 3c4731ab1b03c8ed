"""Matching: rule tables, allocation properties, and quality on labelled bank lines."""
