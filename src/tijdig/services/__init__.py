"""Use cases: the only code that sequences I/O, through ports declared as Protocols."""
