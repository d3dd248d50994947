"""The README's example of running at scale (``docs/compose.yaml``): three bot processes on
``run --webhook``, PostgreSQL and a reverse proxy with TLS in front of them; every ``WERKSTATT_``
variable it sets is a setting the bot knows, with a value the bot takes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings

ROOT = Path(__file__).parents[1]
COMPOSE = ROOT / "docs" / "compose.yaml"
PLACEHOLDER = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")
EXAMPLE = {"DOMAIN": "werkstatt.example.org", "POSTGRES_PASSWORD": "geheim",
           "WERKSTATT_TELEGRAM_TOKEN": "123456789:" + "A" * 35,
           "WERKSTATT_WEBHOOK_SECRET": "s" * 32}
"""What an operator puts into the ``.env`` file beside it."""


def compose() -> dict[str, Any]:
    found = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def filled(value: object) -> str:
    """A value with the operator's variables put in, as ``docker compose`` does."""
    return PLACEHOLDER.sub(lambda match: EXAMPLE[match.group(1)], str(value))


def bots(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: service for name, service in services.items()
            if service.get("command") == ["werkstatt", "run", "--webhook"]}


def test_three_bots_run_the_webhook_on_postgresql_behind_a_proxy_with_tls() -> None:
    services = compose()["services"]
    found = bots(services)
    assert sorted(found) == ["bot-1", "bot-2", "bot-3"]
    assert str(services["postgres"]["image"]).startswith("postgres:")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    proxy = services["caddy"]
    assert str(proxy["image"]).startswith("caddy:") and "443:443" in proxy["ports"]
    caddyfile = filled(compose()["configs"]["caddyfile"]["content"]).replace("$$", "$")
    assert caddyfile.startswith("{$DOMAIN} {")  # Caddy gets the certificate for the name
    for name, service in found.items():
        port = service["environment"]["WERKSTATT_WEBHOOK_PORT"]
        assert f"{name}:{port}" in caddyfile
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_variable_the_bots_get_is_a_setting_with_a_value_it_takes() -> None:
    services = compose()["services"]
    for service in bots(services).values():
        environment = {name: filled(value) for name, value in service["environment"].items()}
        assert all(name.startswith("WERKSTATT_") for name in environment)
        names = {name.removeprefix("WERKSTATT_").lower(): value
                 for name, value in environment.items()}
        assert set(names) <= set(Settings.model_fields), set(names) - set(Settings.model_fields)
        settings = Settings(_env_file=None, **names)  # type: ignore[arg-type]
        assert settings.database.startswith("postgresql://")
        host = settings.database.split("@", 1)[1].split(":", 1)[0]
        assert host in services
        assert settings.webhook_url == settings.public_url == "https://werkstatt.example.org"
        assert settings.webhook_secret is not None and settings.telegram_token is not None


def test_the_readme_shows_the_example_and_the_operators_notes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running at scale", 1)[1].split("\n## ", 1)[0]
    assert "docs/compose.yaml" in section and "docker compose" in section
    for note in ("transaction mode", "session mode", "LISTEN", "Backups are PostgreSQL's own",
                 "expand-then-contract"):
        assert note in section
    for name in re.findall(r"\bWERKSTATT_[A-Z_]+", section):
        assert name.removeprefix("WERKSTATT_").lower() in Settings.model_fields, name
