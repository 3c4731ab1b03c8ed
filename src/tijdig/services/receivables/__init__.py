"""What customers owe, coming in: customers and invoices from CSV, UBL e-invoices."""
