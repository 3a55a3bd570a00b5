"""The slash commands as the bot synced them, flattened to what a person types: `/milestone fund` + options.

Built from the same JSON the bot sends Discord, so the terminal offers exactly the commands, options,
choices and autocompletes a Discord client would. With a Discord language, each command can also be typed
by the names that language's client shows (`/contrato ver contrato:Logo` in pt-BR), as the bot's replies
name them; what is sent is what Discord sends, the English names.
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
    sent_name: str = ""  # the name Discord sends, when this one is a translation of it

    @property
    def sent_as(self) -> str:
        return self.sent_name or self.name

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
    sent_path: str = ""  # the path Discord sends, when this one is a translation of it

    @property
    def sent_as(self) -> str:
        return self.sent_path or self.path

    @property
    def translated(self) -> bool:
        return bool(self.sent_path)

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)

    def sent_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """Typed values keyed by the option names Discord sends."""
        return {
            (found.sent_as if (found := self.option(name)) else name): value for name, value in values.items()
        }

    @property
    def usage(self) -> str:
        parts = [f"/{self.path}"]
        parts += [f"{o.name}:…" if o.required else f"[{o.name}:…]" for o in self.options]
        return " ".join(parts)


class Catalog:
    def __init__(self, commands: Iterable[SlashCommand]) -> None:
        self._by_path = {c.path: c for c in commands}

    @classmethod
    def from_synced(cls, definitions: Iterable[Mapping[str, Any]], locale: str | None = None) -> Catalog:
        """`locale`: a Discord language whose command names can be typed too."""
        commands: list[SlashCommand] = []
        for definition in definitions:
            if int(definition.get("type", CHAT_INPUT)) == CHAT_INPUT:
                commands.extend(_leaves(definition["name"], definition))
                if locale:
                    translated = _leaves(_local(definition, "name", locale), definition, locale)
                    commands.extend(
                        c
                        for c in translated
                        if c.path != c.sent_path and c.path not in {x.path for x in commands}
                    )
        return cls(commands)

    def __len__(self) -> int:
        return len(self._by_path)

    @property
    def commands(self) -> list[SlashCommand]:
        """The commands by their own (English) names: `:help` lists each once."""
        return sorted((c for c in self._by_path.values() if not c.translated), key=lambda c: c.path)

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


def _local(node: Mapping[str, Any], key: str, locale: str | None) -> str:
    """A name or description as `locale`'s Discord client shows it (the default when it has none)."""
    localized = (node.get(f"{key}_localizations") or {}).get(locale) if locale else None
    return str(localized or node.get(key, ""))


def _leaves(
    path: str, node: Mapping[str, Any], locale: str | None = None, sent: str | None = None
) -> list[SlashCommand]:
    """`locale`: the leaves under the names that language shows (`path` is then already translated),
    each knowing the English path it stands for (`sent`, built alongside)."""
    sent = sent or str(node["name"])
    options = node.get("options") or []
    subs = [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if subs:
        return [
            leaf
            for sub in subs
            for leaf in _leaves(f"{path} {_local(sub, 'name', locale)}", sub, locale, f"{sent} {sub['name']}")
        ]
    return [
        SlashCommand(
            path=path,
            description=_local(node, "description", locale),
            options=tuple(_option(o, locale) for o in options),
            sent_path=sent if locale else "",
        )
    ]


def _option(raw: Mapping[str, Any], locale: str | None = None) -> OptionSpec:
    return OptionSpec(
        name=_local(raw, "name", locale),
        type=int(raw["type"]),
        description=_local(raw, "description", locale),
        required=bool(raw.get("required", False)),
        choices=tuple(Choice(_local(c, "name", locale), c["value"]) for c in raw.get("choices") or []),
        autocomplete=bool(raw.get("autocomplete", False)),
        min_value=raw.get("min_value"),
        max_value=raw.get("max_value"),
        sent_name=str(raw["name"]) if locale else "",
    )
