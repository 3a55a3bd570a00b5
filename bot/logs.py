"""Logging for the command line: one format, quiet start-up, and DEBUG output that leaks nothing.

At DEBUG, discord.py logs every gateway payload (an interaction carries its token, which lets anyone answer
as the bot for 15 minutes, and everything the user typed) and every HTTP request's URL (interaction
callbacks and webhooks carry the token in the path) and body (the bot's replies, with people's contracts);
aiosqlite logs every statement with its parameters. A filter on each of those loggers rewrites such records
before any handler sees them, whatever handler that is: tokens in URLs become `<token>`, payloads keep only
their opcode, event name and sequence number, bodies and statement parameters are left out. What is left
still tells what happened and in which order.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Mapping
from typing import Any

import discord
from pythonjsonlogger.json import JsonFormatter

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# python-json-logger: these record attributes become the JSON object's keys; the message is formatted first,
# after the redaction filters have rewritten its arguments, so JSON logs leak no more than text logs.
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"
# discord.py's and aiosqlite's loggers that log payloads, URLs with tokens, bodies or SQL parameters.
REDACTED_LOGGERS = (
    "discord.gateway",
    "discord.http",
    "discord.webhook.async_",
    "discord.webhook.sync",
    "aiosqlite",
)
_TOKEN_IN_PATH = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/?#\s]+")
_PAYLOAD_KEYS_KEPT = ("op", "t", "s")


def configure(level: str, log_format: str = "text") -> None:
    """Log to stderr at `level`, as text or one JSON object a line (LOG_FORMAT=json, for a log collector),
    with the redaction in place and the voice warnings off."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(JSON_FIELDS) if log_format == "json" else logging.Formatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    install_redaction()
    # The bot never joins a voice channel; discord.py would warn at every start that it can't.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def install_redaction() -> None:
    redaction = Redaction()
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, Redaction) for existing in logger.filters):
            logger.addFilter(redaction)


class Redaction(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: _redact_argument(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_redact_argument(value) for value in record.args)
        return True


def redact_text(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1<token>", text)


def _redact_argument(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, functools.partial):
        return _statement(value)
    if isinstance(value, Mapping):
        return _payload(value)
    if isinstance(value, BaseException):
        return value
    if isinstance(value, str):
        text = value.strip()
        # A request or response body (JSON text): what the bot sent or got, people's data.
        if text[:1] in ("{", "[") or '"' in text:
            return f"<body of {len(value)} characters>"
        return redact_text(value)
    if isinstance(value, discord.Object | discord.http.Route):
        return redact_text(repr(value))
    return f"<{type(value).__name__}>"  # form data, raw frames, bytes: contents left out


def _payload(value: Mapping[Any, Any]) -> str:
    kept = {key: value[key] for key in _PAYLOAD_KEYS_KEPT if key in value}
    left_out = len(value) - len(kept)
    return f"{kept} (+{left_out} fields left out)" if left_out else str(kept)


def _statement(call: functools.partial[Any]) -> str:
    """aiosqlite's queued call: the SQL text, never its parameters."""
    name = getattr(call.func, "__name__", type(call.func).__name__)
    if call.args and isinstance(call.args[0], str):
        params = " with parameters" if len(call.args) > 1 else ""
        return f"{name}({call.args[0]!r}{params})"
    return f"{name}(...)"
