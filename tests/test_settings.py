"""Settings come from the environment and .env; bad values stop the bot with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError

TOKEN = "M" * 24 + "." + "x" * 6 + "." + "y" * 38


def test_defaults_without_anything(tmp_path: Path) -> None:
    settings = Settings.load({}, env_file=tmp_path / "none")
    assert settings.discord_token is None
    assert settings.database_path == DEFAULT_DATABASE_URL.removeprefix("sqlite:///")
    assert settings.log_level == "INFO"


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"# local\nDISCORD_TOKEN='{TOKEN}'\nDATABASE_URL=sqlite:///a.db\nDEV_GUILD_ID=42\n")
    settings = Settings.load({"DATABASE_URL": "/tmp/b.db"}, env_file=env)
    assert settings.discord_token == TOKEN
    assert settings.database_path == "/tmp/b.db"
    assert settings.dev_guild_id == 42


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({"DISCORD_TOKEN": "short"}, "does not look like a bot token"),
        ({"DATABASE_URL": "postgres://x"}, "DATABASE_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"DEV_GUILD_ID": "my-server"}, "DEV_GUILD_ID"),
    ],
)
def test_invalid_values_are_refused_with_a_clear_line(
    tmp_path: Path, environ: dict[str, str], fragment: str
) -> None:
    with pytest.raises(SettingsError, match=fragment):
        Settings.load(environ, env_file=tmp_path / "none")


def test_running_without_a_token_says_how_to_get_one_and_exits_2(tmp_path: Path) -> None:
    """With no terminal to type at (CI, a service, `make run </dev/null`) there is no offline session to
    offer: `run` stops at once with one line saying how to get a token or try the bot offline."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DISCORD_TOKEN" in lines[0] and "discord.com/developers" in lines[0]
    assert "milestone-bot try" in lines[0]
    assert result.stdout == ""
