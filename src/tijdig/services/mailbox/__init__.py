"""The collection mailbox (issue 19): connecting it (settings.py), reading new messages
once each and linking them to their customer (fetch.py, linking.py), the "not linked"
queue a person works through (queue.py), and the signed reply addresses of outgoing mail
(tokens.py, addressing.py)."""
