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
  - `judge_plans`: kept, or broken by a missed plan instalment with a call planned.
    `tijdig run` and the workspace's "start run" (first, through
    `services/collection/day.run_the_day`) and `tijdig plan judge`.
- limits.py: `plan_limits` and `set_plan_limits`. CLI `tijdig plan limits`.
- Matching books a payment to a plan in force (its reference, a plan instalment's amount
  from the customer's known account, or the covered invoices' own references):
  `services/bank/matching.py`; those payments pay its plan instalments.
- Not yet: the debtor portal's acceptance (ticked and confirmed; `accept_plan` with
  `AcceptanceWay.PORTAL` evidence).
- ports.py: the store they go through.
"""
