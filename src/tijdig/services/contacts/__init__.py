"""Contact data quality (S2-1): what a bounce does (bounces.py: the address, the
customer's next channel, a task; a bounced legal notice sent again by post), the report
of customers whose contact details need attention (quality.py), and the customer's own
confirmation or correction in the debtor portal (confirm.py)."""
