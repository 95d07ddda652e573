"""Settings, read from the environment and `.env` by pydantic-settings. Nothing else."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the bot reads. `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    dev_guild_id: int | None = None
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    top_k: int = Field(3, ge=1, le=10)
    ask_cooldown_seconds: float = Field(5.0, ge=0)
    ask_cooldown_uses: int = Field(3, ge=1)
    admin_role: str | None = None
    watch_corpus: bool = False
    watch_debounce_ms: int = Field(1500, ge=50)
    answer_plain_messages: bool = False
    log_level: str = "INFO"
    source_url: str | None = None
    corpus_git_pull: bool = False
    corpus_git_poll_seconds: float = Field(0.0, ge=0)

    @field_validator("source_url")
    @classmethod
    def _link_template(cls, value: str | None) -> str | None:
        from .sources import template_error

        value = (value or "").strip() or None
        if value is not None and (why := template_error(value)):
            raise ValueError(why)
        return value

    record_questions: bool = True
    retention_days: int = Field(90, ge=1)
    data_dir: Path = Path("data")
    database_url: SecretStr | None = None  # may hold a password: never logged
