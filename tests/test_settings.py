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
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
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


def test_a_byte_order_mark_left_by_an_editor_does_not_lose_the_token(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"DISCORD_TOKEN={TOKEN}\nLOG_LEVEL=debug\n", encoding="utf-8-sig")
    assert env.read_bytes().startswith(b"\xef\xbb\xbf")
    settings = Settings.load({}, env_file=env)
    assert settings.discord_token == TOKEN
    assert settings.log_level == "DEBUG"


def test_an_inline_comment_is_dropped_but_a_quoted_hash_is_kept(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"DISCORD_TOKEN={TOKEN}   # from the Bot page\n"
        "DATABASE_URL='sqlite:///data/#1.db'  # quoted: the # is part of the path\n"
        "export DEV_GUILD_ID=42 # my test server\n"
    )
    settings = Settings.load({}, env_file=env)
    assert settings.discord_token == TOKEN
    assert settings.database_path == "data/#1.db"
    assert settings.dev_guild_id == 42


@pytest.mark.parametrize(("text", "line"), [("DISCORD_TOKEN\n", 1), ("# fine\nDATABASE_URL='unclosed\n", 2)])
def test_a_line_that_is_not_key_value_is_refused_with_its_number(
    tmp_path: Path, text: str, line: int
) -> None:
    env = tmp_path / ".env"
    env.write_text(text)
    with pytest.raises(SettingsError, match=rf"\.env:{line}: expected KEY=VALUE"):
        Settings.load({}, env_file=env)


def test_the_token_never_shows_in_the_settings_repr(tmp_path: Path) -> None:
    settings = Settings.load({"DISCORD_TOKEN": TOKEN}, env_file=tmp_path / "none")
    for shown in (repr(settings), str(settings), f"{settings}", f"{settings!r}"):
        assert TOKEN not in shown
        assert TOKEN.split(".")[-1] not in shown
    assert "database_path" in repr(settings)  # the rest still helps when debugging
