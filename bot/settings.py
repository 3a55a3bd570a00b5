"""Typed settings, read once at start from the environment and an optional `.env` file.

The environment wins over `.env`. A bad value raises `SettingsError` with one line that says what to fix;
the command line turns it into exit code 2 without a traceback.

`.env` is read by python-dotenv's parser, the one most Python tools use, so a file written for another tool
means the same here: `# comments` after an unquoted value are dropped, quoted values keep their `#`,
`export KEY=...` works, and a byte-order mark left by an editor does not hide the first key.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv.parser import parse_stream

from storage.database import database_path

DEFAULT_DATABASE_URL = "sqlite:///data/milestone-bot.db"
DEFAULT_METRICS_HOST = "127.0.0.1"
LOG_FORMATS = ("text", "json")
TOKEN_HELP = (
    "DISCORD_TOKEN is not set: create an application at https://discord.com/developers/applications, "  # noqa: S105
    "copy its bot token into .env as DISCORD_TOKEN=..., or run `milestone-bot try` to use the bot offline."
)


class SettingsError(Exception):
    """A setting is missing or invalid; the message is one line for the person starting the bot."""


@dataclass(frozen=True)
class Settings:
    # Out of repr: settings end up in logs and tracebacks, the token must not.
    discord_token: str | None = field(repr=False)
    database_path: str
    log_level: str
    dev_guild_id: int | None
    # /healthz and /metrics: off unless a port is set, and only this machine can reach them by default.
    metrics_port: int | None = None
    metrics_host: str = DEFAULT_METRICS_HOST
    log_format: str = "text"

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

        port_text = values.get("METRICS_PORT", "").strip()
        if port_text and not (port_text.isdigit() and 1 <= int(port_text) <= 65535):
            raise SettingsError(f"METRICS_PORT {port_text!r} should be a port number from 1 to 65535")

        log_format = values.get("LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in LOG_FORMATS:
            raise SettingsError(f"LOG_FORMAT {log_format!r} is not one of text, json")

        return cls(
            discord_token=token,
            database_path=path,
            log_level=level,
            dev_guild_id=int(guild_text) if guild_text else None,
            metrics_port=int(port_text) if port_text else None,
            metrics_host=values.get("METRICS_HOST", "").strip() or DEFAULT_METRICS_HOST,
            log_format=log_format,
        )


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as python-dotenv reads them; a line it can't read stops with its line number."""
    if not path.is_file():
        return {}
    # utf-8-sig: an editor's byte-order mark must not become part of the first key's name.
    with path.open(encoding="utf-8-sig") as stream:
        bindings = list(parse_stream(stream))
    values = {}
    for binding in bindings:
        if binding.error:
            raise SettingsError(f"{path}:{binding.original.line}: expected KEY=VALUE (is a quote left open?)")
        if binding.key is None:
            continue  # a blank or comment line
        if binding.value is None:
            raise SettingsError(
                f"{path}:{binding.original.line}: expected KEY=VALUE, found only {binding.key}"
            )
        values[binding.key] = binding.value
    return values
