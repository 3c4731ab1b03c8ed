"""Payment plans (S0-5, S1-2, S3-10): offering one, a person's approval when it falls
outside the company's limits, the customer's written acceptance, cancelling one, and
the company's limits.

- plans.py
  - `offer_plan`: a plan over chosen invoices; within the limits offered at once, else
    proposed with a task for a person to approve. CLI `tijdig plan offer`, API
    `POST /plans`.
  - `approve_plan`: a proposed plan offered after all. CLI `tijdig plan approve`.
  - `accept_plan`: the customer's written acceptance (portal evidence or a file): the
    plan is in force. CLI `tijdig plan accept`, API `POST /plans/{id}/accept`.
  - `cancel_plan`. CLI `tijdig plan cancel`.
  - `plans_of`, `plan_of`: the company's plans, one plan (read). CLI `tijdig plan list`,
    API `GET /plans`.
- judging.py
  - `judge_plans`: kept; a missed plan instalment reminded (a call planned, the reminder
    queued with a new day to pay by); broken once that day passes unpaid (plan B next).
    `tijdig run` and the workspace's "start run" (first, through
    `services/collection/day.run_the_day`) and `tijdig plan judge`.
- limits.py: `plan_limits` and `set_plan_limits`. CLI `tijdig plan limits`.
- portal.py: the same in the debtor portal, the portal as the actor: `portal_plans`
  (read), `draft` (the plan a proposal makes, nothing stored), `propose` (within the
  limits offered and accepted at once with the written evidence; outside them a task),
  `accept_offered`, and `request_plan` (a consumer's request during the first
  reminder's term, where the law gives it). Web `/portal/{token}/plan...`.
- letters.py (S2-4)
  - `queue_confirmation`: the written confirmation of a plan in force, queued in the
    outbox by `accept_plan` in its own transaction; `tijdig send` sends it.
  - `queue_missed_reminder`: the reminder of one missed plan instalment (a new day to
    pay by, and what follows); `add_missed_reminder` the same for `judge_plans`, within
    its transaction.
- Matching books a payment to a plan in force (its reference, a plan instalment's amount
  from the customer's known account, or the covered invoices' own references):
  `services/bank/matching.py`; those payments pay its plan instalments.
- ports.py: the store they go through.
"""
