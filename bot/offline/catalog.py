"""The slash commands as the bot synced them, flattened to what a person types: `/milestone fund` + options.

Built from the same JSON the bot sends Discord, so the terminal offers exactly the commands, options,
choices and autocompletes a Discord client would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING, INTEGER, BOOLEAN, NUMBER = 3, 4, 5, 10
CHAT_INPUT = 1


@dataclass(frozen=True)
class Choice:
    name: str
    value: str | int | float


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: int
    description: str
    required: bool
    choices: tuple[Choice, ...] = ()
    autocomplete: bool = False
    min_value: float | None = None
    max_value: float | None = None

    @property
    def kind(self) -> str:
        return {INTEGER: "a whole number", BOOLEAN: "true or false", NUMBER: "a number"}.get(
            self.type, "text"
        )


@dataclass(frozen=True)
class SlashCommand:
    """One runnable command: `path` is what follows the slash, e.g. `milestone fund`."""

    path: str
    description: str
    options: tuple[OptionSpec, ...]

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)

    @property
    def usage(self) -> str:
        parts = [f"/{self.path}"]
        parts += [f"{o.name}:…" if o.required else f"[{o.name}:…]" for o in self.options]
        return " ".join(parts)


class Catalog:
    def __init__(self, commands: Iterable[SlashCommand]) -> None:
        self._by_path = {c.path: c for c in commands}

    @classmethod
    def from_synced(cls, definitions: Iterable[Mapping[str, Any]]) -> Catalog:
        commands: list[SlashCommand] = []
        for definition in definitions:
            if int(definition.get("type", CHAT_INPUT)) == CHAT_INPUT:
                commands.extend(_leaves(definition["name"], definition))
        return cls(commands)

    def __len__(self) -> int:
        return len(self._by_path)

    @property
    def commands(self) -> list[SlashCommand]:
        return sorted(self._by_path.values(), key=lambda c: c.path)

    def get(self, path: str) -> SlashCommand | None:
        return self._by_path.get(path)

    def next_words(self, prefix: tuple[str, ...]) -> list[str]:
        """The words that can follow `prefix` in a command path (top-level names for an empty prefix)."""
        depth = len(prefix)
        return sorted(
            {
                words[depth]
                for words in (c.path.split() for c in self._by_path.values())
                if len(words) > depth and tuple(words[:depth]) == prefix
            }
        )

    def description_of(self, words: tuple[str, ...]) -> str:
        """A command's description, or for a group the list of its subcommands."""
        command = self.get(" ".join(words))
        if command is not None:
            return command.description
        return ", ".join(self.next_words(words))


def _leaves(path: str, node: Mapping[str, Any]) -> list[SlashCommand]:
    options = node.get("options") or []
    subs = [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if subs:
        return [leaf for sub in subs for leaf in _leaves(f"{path} {sub['name']}", sub)]
    return [
        SlashCommand(
            path=path,
            description=str(node.get("description", "")),
            options=tuple(_option(o) for o in options),
        )
    ]


def _option(raw: Mapping[str, Any]) -> OptionSpec:
    return OptionSpec(
        name=raw["name"],
        type=int(raw["type"]),
        description=str(raw.get("description", "")),
        required=bool(raw.get("required", False)),
        choices=tuple(Choice(str(c["name"]), c["value"]) for c in raw.get("choices") or []),
        autocomplete=bool(raw.get("autocomplete", False)),
        min_value=raw.get("min_value"),
        max_value=raw.get("max_value"),
    )
