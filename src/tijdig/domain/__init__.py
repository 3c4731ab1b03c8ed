"""The pure domain core: frozen values and functions, no I/O and no clock."""
