"""Settings, read from the environment (prefix TIJDIG_) once, in the entry point."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an installation can configure; built once and passed down."""

    model_config = SettingsConfigDict(env_prefix="TIJDIG_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///tijdig.db"
    host: str = "127.0.0.1"
    port: int = 8000
    max_import_bytes: int = 50 * 1024 * 1024
    mail_dir: Path = Path("demo-mail")

    @field_validator("database_url")
    @classmethod
    def _psycopg3(cls, url: str) -> str:
        """Plain postgresql:// URLs use psycopg 3, the driver Tijdig ships with."""
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url
