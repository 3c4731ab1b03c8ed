"""Plan B (S0-6): each company's escalation ladder, and the fallbacks of broken
agreements, proposed by the daily run and carried out at approval."""
