"""Bank line to invoice matching decisions (pure)."""
