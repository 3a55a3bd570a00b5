"""What can come next on a half-typed line: command names, option names, choices and the bot's own
autocomplete answers (asked for exactly as a Discord client asks, so only the caller's items come back).

Used by the interactive prompt on Tab and by `:complete`, which prints the same list in piped sessions.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.offline.catalog import BOOLEAN, Catalog, OptionSpec, SlashCommand
from bot.offline.parse import LineError, Scan, Typed, convert, quote, scan

# Asks the bot for choices: (command, the other options' values, the focused option, what is typed in it).
AskBot = Callable[[SlashCommand, dict[str, Any], str, str], Awaitable[list[dict[str, Any]]]]

META_COMMANDS = {
    ":help": "how to type commands, and these meta commands",
    ":advance": "move the bot's clock forward, e.g. :advance 3d",
    ":now": "the bot's date and time",
    ":complete": "list what Tab would offer for a line, e.g. :complete /contract view contract:",
    ":quit": "leave (Ctrl-D works too)",
}
_LAST_WORD = re.compile(r"(\S*)$")


@dataclass(frozen=True)
class Suggestion:
    """Replace the line from `start` on with `text`; `display` and `meta` are what the menu shows."""

    text: str
    start: int
    display: str
    meta: str = ""

    def applied_to(self, line: str) -> str:
        """The line as it reads once this suggestion is taken."""
        return line[: self.start] + self.text


async def suggestions(line: str, catalog: Catalog, ask_bot: AskBot) -> list[Suggestion]:
    stripped = line.lstrip()
    if stripped.startswith(":"):
        return _meta(line)
    if not stripped:
        return [Suggestion("/", len(line), "/", "start a command")]
    scanned = scan(line, catalog)
    if scanned.typing_path or scanned.command is None:
        return _path_words(line, scanned, catalog)
    command = scanned.command
    if scanned.trailing_word:
        return _option_names(command, scanned, scanned.trailing_word, scanned.trailing_start)
    last = scanned.last_option
    if last is None or not _runs_to_end(last, line):
        return _option_names(command, scanned, "", len(line))
    found = await _values(command, scanned, last, ask_bot)
    if not last.quoted:
        # The value may be finished and the last word the start of another option's name.
        word = _LAST_WORD.search(line)
        assert word is not None  # the pattern matches every string
        if word.start() > last.value_start or line[-1:].isspace():
            found += _option_names(command, scanned, word.group(1), word.start())
    return found


def _meta(line: str) -> list[Suggestion]:
    start = len(line) - len(line.lstrip())
    typed = line[start:]
    if " " in typed:
        return []
    return [
        Suggestion(name + " ", start, name, meta)
        for name, meta in META_COMMANDS.items()
        if name.startswith(typed)
    ]


def _path_words(line: str, scanned: Scan, catalog: Catalog) -> list[Suggestion]:
    if not scanned.typing_path:
        return []  # the path went wrong earlier in the line: nothing sensible to offer
    prefix = tuple(scanned.words)
    start = scanned.trailing_start if scanned.trailing_word else len(line)
    out = []
    for word in catalog.next_words(prefix):
        if not word.startswith(scanned.trailing_word):
            continue
        words = (*prefix, word)
        out.append(Suggestion(word + " ", start, word, catalog.description_of(words)))
    return out


def _option_names(command: SlashCommand, scanned: Scan, typed: str, start: int) -> list[Suggestion]:
    used = {o.name for o in scanned.options}
    # Required ones first, as Discord lists them.
    ordered = sorted(command.options, key=lambda o: not o.required)
    return [
        Suggestion(f"{o.name}:", start, f"{o.name}:", ("" if o.required else "optional · ") + o.description)
        for o in ordered
        if o.name not in used and o.name.startswith(typed)
    ]


def _runs_to_end(typed: Typed, line: str) -> bool:
    if typed.quoted:
        return not typed.closed
    return typed.value_start + len(typed.raw) == len(line)


async def _values(command: SlashCommand, scanned: Scan, last: Typed, ask_bot: AskBot) -> list[Suggestion]:
    option = command.option(last.name)
    if option is None:
        return []
    typed = last.raw
    if option.choices:
        return _from_choices(
            ((c.name, c.value) for c in option.choices), typed, last.value_start, filter_typed=True
        )
    if option.type == BOOLEAN:
        return _from_choices(
            [("true", "true"), ("false", "false")], typed, last.value_start, filter_typed=True
        )
    if not option.autocomplete:
        return []
    answered = await ask_bot(command, _other_values(command, scanned, last), option.name, typed)
    return _from_choices(
        ((str(c["name"]), c["value"]) for c in answered), typed, last.value_start, filter_typed=False
    )


def _from_choices(
    choices: Iterable[tuple[str, Any]], typed: str, start: int, *, filter_typed: bool
) -> list[Suggestion]:
    """Each choice inserts its value (what Discord sends) and shows its name, like Discord's menu."""
    wanted = typed.strip().casefold()
    out = []
    for name, value in choices:
        if filter_typed and wanted and wanted not in name.casefold() and wanted not in str(value).casefold():
            continue
        out.append(Suggestion(quote(str(value)) + " ", start, name))
    return out


def _other_values(command: SlashCommand, scanned: Scan, focused: Typed) -> dict[str, Any]:
    """The options typed so far, as Discord would send them alongside the focused one (bad ones left out)."""
    values: dict[str, Any] = {}
    for typed in scanned.options:
        option: OptionSpec | None = command.option(typed.name)
        if typed is focused or option is None:
            continue
        try:
            values[typed.name] = convert(option, typed.raw if typed.quoted else typed.raw.strip())
        except LineError:
            continue
    return values
