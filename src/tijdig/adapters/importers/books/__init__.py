"""One reader per accounting package: its debtor list and paid-invoice report as book entries.

Each module reads one package's export (CSV or Excel) with the verbs every importer has,
`identify(path)` and `extract(path)`, into `domain.books.BookEntry` values; `registry`
knows them all, recognises a file by its columns and reads it. The columns and their
sources are listed in docs/formats.md, "Accounting packages".
"""
