"""Companies (creditors) and their settings.

- `companies.py`: add a company (`add_company`: `tijdig company add`), list them, and pick
  the one a command or request is for (`resolve_company`).
- `company_settings.py`: an administrator changes a company's details, bank accounts and
  debtor portal settings (the workspace settings page, `tijdig portal settings`).
- `clauses.py`: the damages and interest clause for Belgian consumers (`set_clause`,
  `remove_clause`, `clause_in_force`), called alike by `tijdig company clause`, the API
  (`/api/v1/.../clause`) and the workspace settings and customer pages.

Every use case that changes data takes `actor` and `at` and writes its audit entry in
its own transaction (`services.audit.record`).
"""
