"""Settings, read from the environment (prefix TIJDIG_) once, in the entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Listening on these means every address of the machine: no address for a link.
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


class Settings(BaseSettings):
    """Everything an installation can configure; built once and passed down."""

    model_config = SettingsConfigDict(env_prefix="TIJDIG_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///tijdig.db"
    host: str = "127.0.0.1"
    port: int = 8000
    max_import_bytes: int = 50 * 1024 * 1024
    # E-mail: over SMTP when smtp_host is set, else written as .eml files into mail_dir
    # (what `make demo` does, so the messages can be opened without a mail server).
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    mail_from: str | None = None  # default: the company's own e-mail address
    mail_dir: Path = Path("demo-mail")
    letters_dir: Path = Path("letters")  # letters to print and post, as PDF
    # True when a print-and-post service collects the letters from letters_dir: they
    # then really go out, as e-mail does with smtp_host set.
    letters_posted: bool = False
    sms_log: Path = Path("sms.log")  # the default SMS provider only logs
    send_max_attempts: int = 6
    # Web: the key that signs debtor-portal links. Unset, the installation makes one on
    # first use and keeps it in its database (never in the repository).
    secret_key: str | None = None
    # The same key in a file (a container's secret); TIJDIG_SECRET_KEY goes first. Only
    # a key from here (or TIJDIG_SECRET_KEY) encrypts mailbox passwords and signs reply
    # addresses, never one kept in the database beside what it protects.
    secret_key_file: Path | None = None
    # The collection mailbox (issue 19): a message larger than this is kept cut off there,
    # marked so; a CA bundle to trust for the IMAP server beside the system's (a server
    # with a certificate of its own making).
    mail_max_bytes: int = 10 * 1024 * 1024
    imap_ca_file: Path | None = None
    imap_timeout: float = 30.0
    # Session cookies are Secure when the request came over HTTPS; set True behind a
    # proxy that ends TLS (or False only for plain-HTTP testing).
    cookie_secure: bool | None = None
    portal_link_days: int = 60
    # Base of the links in messages (the debtor portal); unset, the address served on
    # (`served_url`): right on one machine, wrong for customers elsewhere.
    public_url: str | None = None
    sign_in_attempts_per_minute: int = 10
    # argon2id's cost (adapters/security/passwords.py): "rfc9106", always, for people's
    # passwords; "minimal-for-tests" only in a test suite (tests/conftest.py sets it).
    password_hashing: Literal["rfc9106", "minimal-for-tests"] = "rfc9106"
    # Where the CLI writes the trace of an unexpected error (tijdig-errors.log); unset,
    # the user's state folder (~/.local/state/tijdig).
    log_dir: Path | None = None
    # Webhook URLs are https only; True lets plain http to 127.0.0.1 through, for a test
    # receiver on this machine (never in production).
    webhooks_allow_local_http: bool = False

    def configured_secret(self) -> str | None:
        """TIJDIG_SECRET_KEY, else the contents of TIJDIG_SECRET_KEY_FILE, else None."""
        if self.secret_key:
            return self.secret_key
        if self.secret_key_file is None:
            return None
        return self.secret_key_file.read_text(encoding="utf-8").strip() or None

    @property
    def served_url(self) -> str:
        """http://HOST:PORT of `tijdig serve`; an IPv6 address in brackets."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"http://{host}:{self.port}"

    @property
    def link_url(self) -> str:
        """Where links in messages point: TIJDIG_PUBLIC_URL, else the served address."""
        return (self.public_url or self.served_url).rstrip("/")

    @property
    def link_warning(self) -> str | None:
        """Why links would not work for anyone, when they would not."""
        if self.public_url or self.host.strip("[]") not in WILDCARD_HOSTS:
            return None
        return (
            f"Warning: links in messages point to {self.served_url}, which is every address "
            f"of this machine ({self.host}), not one a customer can open; set "
            "TIJDIG_PUBLIC_URL to the address people reach Tijdig on."
        )

    @property
    def delivers_for_real(self) -> bool:
        """Whether messages leave the installation (a mail server, a posting service):
        then they go out only as of today, stating today's dates."""
        return bool(self.smtp_host) or self.letters_posted

    @field_validator("database_url")
    @classmethod
    def _psycopg3(cls, url: str) -> str:
        """Plain postgresql:// URLs use psycopg 3, the driver Tijdig ships with."""
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url
