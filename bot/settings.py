"""Settings from ``WERKSTATT_*`` environment variables or a ``.env`` file (pydantic-settings)."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from locales import DEFAULT_ZONE, known_zone

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


class Settings(BaseSettings):
    """Everything an operator can set; defaults run the offline demo on a local SQLite file."""

    model_config = SettingsConfigDict(
        env_prefix="WERKSTATT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    database: str = "werkstatt.sqlite3"
    bot_api_url: str = "https://api.telegram.org/bot"
    language: str = "de"
    webhook_url: str | None = None
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    live_interval: float = Field(default=3.0, ge=0.0, le=60.0)
    """Seconds between two edits of one live message."""
    draft_templates: str | None = None
    """A folder with an operator's ``draft.md.j2`` and/or ``draft.docx`` replacing the shipped."""
    draft_charts: bool = True
    """Charts in the drafts (composition, dots per cluster, speaking time); off: tables only."""
    draft_pdf: bool = True
    """A PDF beside the DOCX after /endsession (needs LibreOffice: libreoffice-writer-nogui)."""
    pdf_timeout: float = Field(default=120.0, gt=0, le=3600)
    """Seconds LibreOffice may take to turn one draft into a PDF."""
    rate_limit: bool = True
    """Keep within Telegram's limits (30 messages a second, 20 a minute per group)."""
    retention_days: int = Field(default=365, ge=1)
    """Events older than this are deleted by the daily clean-up."""
    flood_limit: int = Field(default=20, ge=1)
    """Contributions one person may make in one minute before being slowed down."""
    upload_limit_mb: float = Field(default=50.0, gt=0, le=2000)
    """The largest file the bot may send: 50 MB on Telegram's Bot API, 2000 MB on a local one."""
    timezone: str = DEFAULT_ZONE
    """The time zone of the times the bot shows (deadlines, turns) and writes into drafts."""
    public_url: str | None = None
    """The public base of the web side's links (``https://werkstatt.example.org``); without it
    links point to ``http://WEB_HOST:WEB_PORT``."""
    miniapp_name: str | None = None
    """The Mini App's short name as registered with BotFather (``/newapp``): live messages in
    groups then open it straight away (``t.me/<bot>/<name>``), else through the private chat."""
    web: bool = True
    """Serve the web side (the live wall) from the bot's process."""
    web_host: str = "127.0.0.1"
    """Where the web side listens (``0.0.0.0``: every interface, as in the container)."""
    web_port: int = Field(default=8080, ge=0, le=65535)
    """The web side's port (0: any free port, as the demo and the tests use)."""
    wall_screens: int = Field(default=30, ge=1, le=100_000)
    """Screens that may show one wall link live at once (its open event streams)."""

    def web_base(self, port: int | None = None) -> str:
        """The base of links to the web side: the public URL, else this machine's address."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "localhost" if self.web_host in ("0.0.0.0", "::", "") else self.web_host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.web_port if port is None else port}"

    @field_validator("telegram_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN.match(value.get_secret_value()):
            raise ValueError("malformed token")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("de", "en"):
            raise ValueError("language must be de or en")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not known_zone(value):
            raise ValueError("unknown time zone (a name such as Europe/Berlin)")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
            raise ValueError("must be an address such as https://werkstatt.example.org")
        return value or None

    @field_validator("miniapp_name")
    @classmethod
    def _miniapp_name(cls, value: str | None) -> str | None:
        if value and not re.match(r"^[A-Za-z0-9_]{3,30}$", value):
            raise ValueError("must be the Mini App's short name as BotFather shows it")
        return value or None

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("log level must be DEBUG, INFO, WARNING or ERROR")
        return value


class SettingsError(Exception):
    """A setting is missing or malformed; the message says what to set."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one line a person can act on."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise SettingsError(
            f"WERKSTATT_{field.upper()} is not valid: {first['msg']}."
            + (
                " Set it to the token BotFather gave you (digits, a colon, then 35 characters)."
                if field == "telegram_token"
                else ""
            )
        ) from None


def require_token(settings: Settings) -> str:
    if settings.telegram_token is None:
        raise SettingsError(
            "WERKSTATT_TELEGRAM_TOKEN is not set. Create a bot with @BotFather and set"
            " WERKSTATT_TELEGRAM_TOKEN to its token (or run 'werkstatt demo', which needs none)."
        )
    return settings.telegram_token.get_secret_value()
