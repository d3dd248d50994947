"""Settings come from WERKSTATT_* variables; mistakes end with one line that says what to set."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import SettingsError, load_settings, require_token
from bot.simulate import World
from locales import DEFAULT_ZONE, clock, known_zone, use_zone
from storage.db import Database
from tests.conftest import offline_settings

GOOD_TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def test_defaults_use_a_local_sqlite_file_telegrams_api_and_german(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.database == "werkstatt.sqlite3"
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.language == "de"
    assert settings.telegram_token is None


def test_settings_are_read_from_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WERKSTATT_TELEGRAM_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("WERKSTATT_LANGUAGE", "en")
    monkeypatch.setenv("WERKSTATT_BOT_API_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("WERKSTATT_LOG_LEVEL", "debug")
    settings = load_settings()
    assert require_token(settings) == GOOD_TOKEN
    assert (settings.language, settings.bot_api_url, settings.log_level) == (
        "en", "http://127.0.0.1:8081/bot", "DEBUG"
    )


def test_settings_are_read_from_a_dotenv_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"WERKSTATT_TELEGRAM_TOKEN={GOOD_TOKEN}\n")
    assert require_token(load_settings()) == GOOD_TOKEN


def test_a_malformed_token_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKSTATT_TELEGRAM_TOKEN", "not-a-token")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "WERKSTATT_TELEGRAM_TOKEN" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_run_without_a_token_says_what_to_set_and_exits_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WERKSTATT_TELEGRAM_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("werkstatt: WERKSTATT_TELEGRAM_TOKEN is not set.")
    assert len(err.splitlines()) == 1


def test_webhook_without_url_and_secret_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WERKSTATT_TELEGRAM_TOKEN", GOOD_TOKEN)
    assert main(["run", "--webhook"]) == 2
    assert "WERKSTATT_WEBHOOK_SECRET" in capsys.readouterr().err


def test_bench_runs_the_benchmark_in_its_own_process_with_the_arguments_given(
    capfd: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "--help"]) == 0
    assert "python -m bench" in capfd.readouterr().out


def test_bench_passes_the_benchmarks_exit_status_on(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--only", "nonsense"]) == 2
    assert "unknown measurement(s): nonsense" in capfd.readouterr().err


def test_an_invalid_language_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKSTATT_LANGUAGE", "fr")
    with pytest.raises(SettingsError, match="WERKSTATT_LANGUAGE"):
        load_settings()


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe", "../etc/passwd", ""])
def test_an_unknown_time_zone_is_refused(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("WERKSTATT_TIMEZONE", zone)
    with pytest.raises(SettingsError, match="WERKSTATT_TIMEZONE"):
        load_settings()


def test_time_zones_work_without_the_systems_zone_files() -> None:
    """Slim container images have no zone files: the ``tzdata`` package stands in."""
    try:
        zoneinfo.reset_tzpath(to=[])
        zoneinfo.ZoneInfo.clear_cache()
        assert known_zone(DEFAULT_ZONE)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()


async def test_times_are_shown_in_the_configured_zone(tmp_path: Path) -> None:
    noon = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert clock(noon) == "13:00"  # Europe/Berlin, the default
    world = World(offline_settings(tmp_path, timezone="America/New_York"))
    await world.start()
    try:
        assert clock(noon) == "07:00"
    finally:
        await world.stop()
        use_zone(DEFAULT_ZONE)
    assert clock(noon) == "13:00"


def test_the_demo_runs_offline_and_leaves_its_database_behind(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--database", str(database)],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2],
        env={"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "Olga (privat): /newevent" in result.stdout
    assert "Das darf nur das Orga-Team dieser Veranstaltung." in result.stdout
    assert database.exists() and database.stat().st_size > 0


def test_export_from_the_command_line_writes_the_events_draft(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    root = Path(__file__).parents[2]
    env = {"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "1", "WERKSTATT_DATABASE": str(database)}
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--quiet", "--database", str(database)],
        check=True, capture_output=True, timeout=300, cwd=root, env=env,
    )
    async def first_code() -> str:
        db = Database(database)
        await db.open()
        async with db.transaction() as tx:
            row = await tx.one("SELECT code FROM events ORDER BY id LIMIT 1")
        await db.close()
        assert row is not None
        return str(row["code"])

    code = asyncio.run(first_code())
    out = tmp_path / "entwurf.docx"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "export", "--event", code, "--format", "docx",
         "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=root, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists() and out.read_bytes()[:2] == b"PK"
    missing = subprocess.run(
        [sys.executable, "-m", "bot.cli", "export", "--event", "NOPE00", "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=root, env=env,
    )
    assert missing.returncode == 1
    assert "NOPE00" in missing.stderr
