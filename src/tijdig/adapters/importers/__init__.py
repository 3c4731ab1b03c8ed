"""One module per external format, each with `identify(path)` and `extract(path)`."""
