"""Reading a typed slash command: `/contract add title:"Legal research" client:Dana price:150`.

As in Discord, an option is `name:value`; a value runs until the next ` name:`, so quotes are needed
only when a value itself contains one (or to keep leading/trailing spaces).
Values are typed as the command declares (text, whole number, true/false, one of its choices) and
checked the way a Discord client checks them before sending, with a message that says what would work.
`scan` is the forgiving half used while typing, for completion; `parse_command` is the strict half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.offline.catalog import BOOLEAN, INTEGER, NUMBER, STRING, Catalog, OptionSpec, SlashCommand

QUOTES = "\"'"
_OPTION_NAME = re.compile(r"([\w-]+):")  # Discord allows letters of any script: `título:`
_WORD = re.compile(r"\S+")
_INTEGER = re.compile(r"[+-]?\d{1,15}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})


class LineError(ValueError):
    """The line cannot be sent as a command; the message says what to type instead."""


@dataclass(frozen=True)
class Invocation:
    command: SlashCommand
    values: dict[str, Any]

    @property
    def path(self) -> str:
        """The path Discord sends (English), however the command was typed."""
        return self.command.sent_as

    @property
    def sent_values(self) -> dict[str, Any]:
        """The values keyed by the option names Discord sends."""
        return self.command.sent_values(self.values)


@dataclass
class Typed:
    """One `name:value` as typed, with where its value starts in the line (for completion)."""

    name: str
    raw: str
    value_start: int
    quoted: bool = False
    closed: bool = True


@dataclass
class Scan:
    """How far a line has got: the command path, the options typed, and the word being typed last."""

    words: list[str]
    command: SlashCommand | None
    options: list[Typed] = field(default_factory=list)
    # The last word when it is neither a finished path word nor `name:` yet: a path word or option name.
    trailing_word: str = ""
    trailing_start: int = 0
    # True when that last word is part of the command path rather than an option name.
    typing_path: bool = False
    # Set when the scan stopped at something that is not an option: the reason, for parse_command.
    problem: str | None = None

    @property
    def last_option(self) -> Typed | None:
        return self.options[-1] if self.options else None


def scan(line: str, catalog: Catalog) -> Scan:
    """Splits as much of `line` as it can; never raises, so it works on half-typed lines."""
    body_start = len(line) - len(line.lstrip())
    if not line[body_start:].startswith("/"):
        return Scan(words=[], command=None, problem="a command starts with `/`, e.g. `/help`")
    pos = body_start + 1
    words: list[str] = []
    command: SlashCommand | None = None
    while command is None:
        match = _WORD.match(line, pos)
        if match is None:
            return Scan(
                words, None, trailing_start=len(line), typing_path=True, problem=_incomplete(catalog, words)
            )
        word = match.group(0)
        known = word in catalog.next_words(tuple(words))
        if match.end() == len(line):
            # Still typing this word: it may be a whole command already (`/help`) or a prefix (`/he`).
            found = catalog.get(" ".join([*words, word])) if known else None
            problem = None if found else _incomplete(catalog, [*words, word])
            return Scan(
                words,
                found,
                trailing_word=word,
                trailing_start=match.start(),
                typing_path=True,
                problem=problem,
            )
        if not known:
            return Scan(words, None, problem=_unknown(catalog, words, word))
        words.append(word)
        command = catalog.get(" ".join(words))
        pos = _skip_space(line, match.end())
    result = Scan(words, command)
    _scan_options(line, pos, command, result)
    return result


def parse_command(line: str, catalog: Catalog) -> Invocation:
    """The command and its typed values, or LineError saying what is wrong."""
    scanned = scan(line, catalog)
    if scanned.command is None or scanned.problem:
        raise LineError(scanned.problem or _incomplete(catalog, scanned.words))
    command = scanned.command
    if scanned.trailing_word and not scanned.typing_path:
        raise LineError(_not_an_option(command, scanned.trailing_word))
    values: dict[str, Any] = {}
    for typed in scanned.options:
        option = command.option(typed.name)
        if option is None:
            raise LineError(
                f"/{command.path} has no option `{typed.name}`. {_options_hint(command)}\n"
                f"If `{typed.name}:` is part of a value, put that value in quotes."
            )
        if typed.name in values:
            raise LineError(f"`{typed.name}` is given twice.")
        if typed.quoted and not typed.closed:
            raise LineError(f"the value of `{typed.name}` has no closing quote.")
        raw = typed.raw if typed.quoted else typed.raw.strip()
        values[typed.name] = convert(option, raw)
    missing = [o for o in command.options if o.required and o.name not in values]
    if missing:
        needs = ", ".join(f"`{o.name}:` ({o.description})" for o in missing)
        raise LineError(f"/{command.path} needs {needs}.\nUsage: {command.usage}")
    return Invocation(command, values)


def convert(option: OptionSpec, raw: str) -> Any:
    """The value Discord would send for what was typed in `option`."""
    if raw == "":
        raise LineError(f"`{option.name}:` needs a value ({option.description}).")
    if option.choices:
        for choice in option.choices:
            if raw.casefold() in (str(choice.value).casefold(), choice.name.casefold()):
                return choice.value
        offered = ", ".join(str(c.value) for c in option.choices)
        raise LineError(f"`{option.name}` is one of: {offered}.")
    if option.type == INTEGER:
        if not _INTEGER.fullmatch(raw):
            raise LineError(f"`{option.name}` is a whole number, e.g. {option.name}:14.")
        number: int | float = int(raw)
    elif option.type == NUMBER:
        if not _NUMBER.fullmatch(raw):
            raise LineError(f"`{option.name}` is a number, e.g. {option.name}:2.5.")
        number = float(raw)
    elif option.type == BOOLEAN:
        word = raw.casefold()
        if word not in _TRUE | _FALSE:
            raise LineError(f"`{option.name}` is true or false.")
        return word in _TRUE
    elif option.type == STRING:
        return raw
    else:
        raise LineError(f"`{option.name}` takes a kind of value the offline mode cannot type.")
    low, high = option.min_value, option.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise LineError(f"`{option.name}` is between {low} and {high}.")
    return number


def quote(value: str) -> str:
    """`value` as it can be typed back: bare when that reads the same, else in double quotes."""
    if value and value == value.strip() and value[0] not in QUOTES and '"' not in value and ":" not in value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scan_options(line: str, pos: int, command: SlashCommand, result: Scan) -> None:
    # A value ends where the next option begins: one of this command's names, or anything shaped like a
    # name glued to a value (`colour:red`), so that a typo is reported instead of swallowed.
    names = "|".join([*map(re.escape, (o.name for o in command.options)), r"[a-z][a-z0-9_-]*(?=:\S)"])
    boundary = re.compile(rf"\s+(?:{names}):")
    while pos < len(line):
        match = _OPTION_NAME.match(line, pos)
        if match is None:
            word = _WORD.match(line, pos)
            assert word is not None  # pos is at a non-space character
            if word.end() == len(line):
                result.trailing_word, result.trailing_start = word.group(0), word.start()
            else:
                result.problem = _not_an_option(command, word.group(0))
            return
        start = match.end()
        if start < len(line) and line[start] in QUOTES:
            raw, end, closed = _quoted(line, start)
            result.options.append(Typed(match.group(1), raw, start, quoted=True, closed=closed))
            if closed and end < len(line) and not line[end].isspace():
                result.problem = f"put a space after the closing quote of `{match.group(1)}`."
                return
            pos = _skip_space(line, end)
            continue
        found = boundary.search(line, start)
        end = found.start() if found else len(line)
        result.options.append(Typed(match.group(1), line[start:end], start))
        pos = _skip_space(line, end)


def _quoted(line: str, start: int) -> tuple[str, int, bool]:
    """The text inside the quotes opening at `start`, where it ends, and whether the quote was closed."""
    mark = line[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(line):
        char = line[pos]
        if char == "\\" and pos + 1 < len(line):
            chars.append(line[pos + 1])
            pos += 2
            continue
        if char == mark:
            return "".join(chars), pos + 1, True
        chars.append(char)
        pos += 1
    return "".join(chars), pos, False


def _skip_space(line: str, pos: int) -> int:
    while pos < len(line) and line[pos].isspace():
        pos += 1
    return pos


def _incomplete(catalog: Catalog, words: list[str]) -> str:
    prefix = tuple(words)
    if catalog.get(" ".join(words)) is not None:
        return ""
    following = catalog.next_words(prefix[:-1]) if words else []
    if words and words[-1] not in following:
        return _unknown(catalog, words[:-1], words[-1])
    shown = "/" + " ".join(words) if words else "/"
    choices = ", ".join(catalog.next_words(prefix))
    return f"{shown} needs one of: {choices}." if words else "type a command after `/`, e.g. `/help`."


def _unknown(catalog: Catalog, words: list[str], word: str) -> str:
    where = "/" + " ".join(words) if words else ""
    choices = ", ".join(catalog.next_words(tuple(words)))
    if where:
        return f"{where} has no `{word}`; it has: {choices}."
    return f"there is no command /{word}. Commands: {choices}. `:help` explains the syntax."


def _not_an_option(command: SlashCommand, word: str) -> str:
    return f"`{word}` is not an option: write name:value. {_options_hint(command)}"


def _options_hint(command: SlashCommand) -> str:
    return f"Usage: {command.usage}" if command.options else f"/{command.path} takes no options."
