"""Typed settings, read once at start from the environment and an optional `.env` file.

The environment wins over `.env`. A bad value raises `SettingsError` with one line that says what to fix;
the command line turns it into exit code 2 without a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from storage.database import database_path

DEFAULT_DATABASE_URL = "sqlite:///data/milestone-bot.db"
TOKEN_HELP = (
    "DISCORD_TOKEN is not set: create an application at https://discord.com/developers/applications, "  # noqa: S105
    "copy its bot token into .env as DISCORD_TOKEN=..., or run `milestone-bot try` to use the bot offline."
)


class SettingsError(Exception):
    """A setting is missing or invalid; the message is one line for the person starting the bot."""


@dataclass(frozen=True)
class Settings:
    discord_token: str | None
    database_path: str
    log_level: str
    dev_guild_id: int | None

    def require_token(self) -> str:
        if not self.discord_token:
            raise SettingsError(TOKEN_HELP)
        return self.discord_token

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        values = dict(read_env_file(env_file)) if env_file else {}
        values.update(os.environ if environ is None else environ)

        token = values.get("DISCORD_TOKEN", "").strip() or None
        if token is not None and (len(token) < 50 or " " in token):
            raise SettingsError(
                "DISCORD_TOKEN does not look like a bot token: copy it again from the Bot page"
            )

        url = values.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        try:
            path = database_path(url)
        except ValueError as exc:
            raise SettingsError(f"DATABASE_URL: {exc}") from None

        level = values.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if not isinstance(logging.getLevelName(level), int):
            raise SettingsError(f"LOG_LEVEL {level!r} is not one of DEBUG, INFO, WARNING, ERROR")

        guild_text = values.get("DEV_GUILD_ID", "").strip()
        if guild_text and not guild_text.isdigit():
            raise SettingsError(f"DEV_GUILD_ID {guild_text!r} should be a server id (digits only)")

        return cls(
            discord_token=token,
            database_path=path,
            log_level=level,
            dev_guild_id=int(guild_text) if guild_text else None,
        )


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments ignored; surrounding quotes removed."""
    if not path.is_file():
        return {}
    values = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep:
            raise SettingsError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values
