"""Records: what was said and agreed with a customer, and what to do next.

Where each use case lives, and who calls it (CLI / API / workspace all call the same
function; every change takes `actor` and `at` and writes its audit entries in its own
transaction, one per customer touched):

- disputes.py
  - `open_dispute`: hold one invoice (S3-2). CLI `tijdig dispute add`, API
    `POST /disputes`. (A dispute agreed in a contact: contacts/tasks below.)
  - `resolve_dispute`: by invoice number or dispute id. CLI `tijdig dispute resolve`,
    API `POST /disputes/{invoice}/resolve`, workspace disputes page (by id).
  - `open_disputes`: the open disputes a page at a time. Workspace disputes page.
- promises.py
  - `add_promise`: a promise to pay (S0-5). CLI `tijdig promise add`, API
    `POST /promises`. (The debtor portal's promise, services/portal.py, writes it with
    `write_promise` in its own transaction and audits it as `portal.promise`.)
  - `judge_promises`: kept or broken, in the daily run's transaction (services/dunning.py).
  - `lapsed_promises`: the unjudged promises not kept (read; the agenda uses it).
- hardship.py
  - `set_hardship` / `end_hardship`: a debtor in hardship (debt counselling, WSNP, BE
    debt mediation or collective settlement, bankruptcy, death): the run holds the
    customer, no costs or interest, a task in the agenda. CLI `tijdig hardship set|end`,
    API `POST /customers/{number}/hardship` and `.../hardship/end`, workspace customer page.
  - `hardship_history`: read. CLI `tijdig hardship show`, API `GET .../hardship`, the page.
  - `set_task_text` / `task_texts`: the company's own task text per kind. CLI
    `tijdig hardship task-text`, workspace settings page.
- contacts.py
  - `log_contact`: a call, e-mail, visit or note, with a promise/dispute it brought.
    CLI `tijdig log add`. (The debtor portal's problem report writes its contact with
    `outcomes.write_contact` and audits it as `portal.dispute`.)
- tasks.py
  - `complete_task`: close a task with the call's outcome (`CallOutcome`). CLI
    `tijdig task done`, API `POST /tasks/{id}/complete`, workspace agenda form.
- agenda.py (reads only)
  - `agenda`: THE agenda read model (`Agenda`), whole or a page. CLI `tijdig agenda`,
    API `GET /tasks`, workspace agenda page.
  - `customer_activity`: a customer's timeline. CLI `tijdig customer`/`tijdig log show`,
    workspace customer page.
- outcomes.py: the building blocks written in a caller's transaction (contact log entry
  with its promise/dispute, and their audit entries).
- ports.py: the stores these go through, and shared lookups (`parse_reason`, ...).
"""
