"""Hand-over to a collection agency (S0-7, S4-8): opening a case with its file
(`cases.open_case`, `cases.open_from_step`), its status by hand or by the agency's
file (`cases.change_status`, `agency.import_agency_file`), the agency's payments booked
to the invoices (`agency.py`), and the payments that reached the creditor directly,
reported to the agency once (`direct.report_direct_payments`). What the file holds is
gathered in `file.py`; the ZIP and its PDF are the adapters' (`FileWriter`)."""
