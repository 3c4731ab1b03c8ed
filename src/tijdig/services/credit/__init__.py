"""Credit hold by rule (S4-7): the status of every customer (`ok` or `hold`, with the
reasons) worked out by `domain/credit.credit_status` from the facts the repository
gathers, and announced to the company's webhooks when it changes.

use case                                  function
----------------------------------------  ------------------------------------------------
a customer's status now                   status.customer_status (CLI, API, workspace)
work statuses out, announce changes       status.refresh_credit_statuses (`tijdig credit
                                          refresh`, the day's run, bank import, hold/lift)
hold by hand / lift it                    status.hold / status.lift
a company's rules                         status.rules / status.save_rules
webhook URLs                              webhooks.add_webhook / remove_webhook / webhooks
send what is due                          webhooks.deliver (`tijdig webhooks deliver`)
the delivery log                          webhooks.delivery_log
"""
