"""A linked reply that held its customer as long as it may (`WaitingReply.holds_until`,
the company's `reply_hold_working_days`) and that no person confirmed becomes a task:
"read and confirm the reply" (issue 19). The daily run raises them in its own
transaction (services/collection/run.py), and so does each fetch of the mailbox, once
each reply (`overdue_task_at`)."""

from __future__ import annotations

from datetime import date, datetime

from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services import audit
from tijdig.services.mailbox.inbox_ports import RepliesUnitOfWork
from tijdig.services.records.ports import company_id_of

SYSTEM = "Tijdig"


def reply_tasks_in(
    uow: RepliesUnitOfWork, company: Company, *, working_days: int, as_of: date, at: datetime
) -> int:
    """In the caller's transaction: a task for each reply no longer holding on `as_of`
    that nobody confirmed; how many. Audited as `mail.reply_task`."""
    company_id = company_id_of(company)
    made = 0
    for customer_id, replies in uow.replies.waiting_by_customer(company_id).items():
        for waiting in replies:
            if as_of < waiting.holds_until(working_days, company.country):
                continue
            found = uow.replies.reply(company_id, waiting.mail_id)
            if found is None or found.customer_number is None:
                continue
            title = reason(Code.TASK_READ_REPLY, customer=found.customer_name or "",
                           received=waiting.received_on)  # fmt: skip
            task = Task(found.customer_number, TaskKind.FOLLOW_UP, as_of, title, reasons=(title,))
            task_id = uow.tasks.add(company_id, customer_id, task)
            uow.replies.task_raised(company_id, waiting.mail_id, at=at)
            audit.record(uow, actor=SYSTEM, at=at, action="mail.reply_task",
                         company_id=company_id, customer_ids=[customer_id],
                         subject=f"message read {waiting.mail_id}",
                         details=f"task {task_id}")  # fmt: skip
            made += 1
    return made


def raise_reply_tasks(
    uow: RepliesUnitOfWork, company: Company, *, working_days: int, as_of: date, at: datetime
) -> int:
    """`reply_tasks_in` in its own transaction."""
    with uow:
        made = reply_tasks_in(uow, company, working_days=working_days, as_of=as_of, at=at)
        uow.commit()
    return made
