"""One `send_pending` run in a process of its own, for the test that kills it mid-run.

python -m tests.services.send_runner DATABASE_URL SMTP_PORT NOW
"""

from __future__ import annotations

import sys
from datetime import datetime

from tijdig.adapters.mail import SmtpMailer
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.services.collection.delivery import send_pending


def main(database_url: str, smtp_port: str, now: str) -> None:
    app = bootstrap(Settings(database_url=database_url), migrate_schema=False)
    try:
        send_pending(
            app.uow,
            SmtpMailer("127.0.0.1", int(smtp_port), timeout=30.0),
            LoggingSms(),
            now=datetime.fromisoformat(now),
        )
    finally:
        app.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
