"""Collection: the daily dunning run, reviewing it, and sending what was approved.

One function per use case; the CLI, the API and the workspace call the same one and
only parse input and render the result. Changes take `actor` and `at` (keyword-only)
and audit in their own transaction.

Use case                      Function                       Called by
----------------------------  -----------------------------  ------------------------------
start the daily run           day.run_the_day (plans judged, `tijdig run`; workspace POST /runs
                                then run.start_run)
show a run (all items)        run.show_run                   `tijdig run show [--json]`
list / page a run's groups    review.list_runs, review_run   workspace /runs, /runs/{id}
approve or skip run items     review.decide                  `tijdig run approve|skip`;
  (latest run only)                                          API POST /runs/{id}/approve|skip;
                                                             workspace POST /runs/{id}/decide
send what was approved        send.send_approved             `tijdig send` (each company,
  (rehearsal day refused                                     `--as-of` a rehearsal);
  when delivering for real)                                  workspace POST /runs/send
settle an unconfirmed send    delivery.settle_unconfirmed    `tijdig settle`
preview a run's message       preview.preview_item             workspace run item preview
preview a step for a customer preview.preview                `tijdig preview`; settings page
policies and settings         run.save_policies,             `tijdig policy import|settings`;
                              run.update_settings            workspace settings
edit a policy, segment rules  policy_forms.save_policy_form,  workspace /settings/policies
  (stored by save_policies)     save_rules_form
a company's template texts    template_texts.check_wording,  workspace /settings/templates/
  (letter rules checked)        save_wording, reset_wording    edit/{language}/{template}
invoice copy (re-send)        invoice_copies.resend_copy     workspace customer page
effect of each measure        effects.effects                `tijdig effects`; API GET
  (read, writes nothing)                                     /effects; workspace /effects
A/B tests of templates        experiments.save_variant,      `tijdig experiment variant|
                              start_experiment,                start|status|choose`; API GET
                              experiment_status,               /experiments; workspace
                              choose_variant (variant_for      /effects (status panel)
                              at sending, queue.py)

Modules: day.py (the daily run as the drivers start it), run.py (make a run, read it
back), views.py (run items as read), review.py (pages of runs and deciding items),
send.py (sending a company's approved messages), queue.py (approved messages into the
outbox, calls into the agenda), messages.py (a message worked out for its send day; what
sending records), delivery.py (the outbox sent exactly once), payload.py (a proposal
stored as JSON), preview.py, invoice_copies.py, policy_forms.py, template_texts.py, effects.py,
experiments.py (experiment_ports.py: their store's port).
"""
