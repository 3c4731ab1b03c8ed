"""Tests of message rendering: e-mails, letters, invoice copies and payment QR codes."""
