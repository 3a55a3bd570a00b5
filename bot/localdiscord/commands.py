"""The application-command registry and the option payloads a user's Discord client would send.

Building a command's options from the synced definition is what protects tests from typos: an
unknown command, subcommand or option, a wrong value type, a value outside the declared choices or
range, or a missing required option is an AssertionError, since Discord's client would not send it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ids import Snowflakes
from .model import Channel, FakeUser
from .validation import check_commands

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
CHAT_INPUT = 1
MESSAGE_MENU = 3
ADMINISTRATOR = 1 << 3
GUILD_CONTEXT = 0
BOT_DM_CONTEXT = 1

OPTION_TYPE_NAMES = {
    STRING: "string",
    INTEGER: "integer",
    BOOLEAN: "boolean",
    USER: "user",
    CHANNEL: "channel",
    ROLE: "role",
    MENTIONABLE: "mentionable",
    NUMBER: "number",
    ATTACHMENT: "attachment",
}


@dataclass
class CommandRegistry:
    """Global and per-guild command lists, replaced whole by each bulk overwrite (a "sync")."""

    ids: Snowflakes
    application_id: int
    given: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    stored: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    sync_count: int = 0
    _stable_ids: dict[tuple[int | None, str, int], int] = field(default_factory=dict)

    def overwrite(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        check_commands(commands, is_global=guild_id is None)
        self.given[guild_id] = commands
        self.stored[guild_id] = [self._record(guild_id, c) for c in commands]
        self.sync_count += 1
        return self.stored[guild_id]

    def listed(self, guild_id: int | None) -> list[dict[str, Any]]:
        return self.stored.get(guild_id, [])

    def _record(self, guild_id: int | None, command: dict[str, Any]) -> dict[str, Any]:
        kind = int(command.get("type", CHAT_INPUT))
        # Discord keeps a command's id across overwrites while its name and type stay the same.
        key = (guild_id, command["name"], kind)
        command_id = self._stable_ids.setdefault(key, self.ids.next())
        record = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": str(command_id),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": kind,
        }
        permissions = record.get("default_member_permissions")
        record["default_member_permissions"] = None if permissions is None else str(permissions)
        if guild_id is not None:
            record["guild_id"] = str(guild_id)
        else:
            record.setdefault("contexts", None)
            record.setdefault("integration_types", [0])
        return record

    def find(self, name: str, *, guild_id: int | None, kind: int = CHAT_INPUT) -> dict[str, Any]:
        """The synced command of this name and type (slash command, or message menu item)."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.stored.get(scope, []):
                if command["name"] == name and command["type"] == kind:
                    return command
        known = sorted({c["name"] for s in scopes for c in self.stored.get(s, []) if c["type"] == kind})
        where = "in a DM" if guild_id is None else "in the guild"
        what = f"slash command /{name}" if kind == CHAT_INPUT else f"message menu item {name!r}"
        raise AssertionError(f"no synced {what} {where}; synced: {known}")


_LOCALIZATIONS = ("name_localizations", "description_localizations")


def without_localizations(item: dict[str, Any]) -> dict[str, Any]:
    """A command as GET returns it without `with_localizations`: no full dictionaries, at any depth
    (application-commands.mdx, "Retrieving localized commands"). The bot asks with no user locale, so no
    `name_localized` is added either."""
    kept = {key: value for key, value in item.items() if key not in _LOCALIZATIONS}
    for key in ("options", "choices"):
        if item.get(key):
            kept[key] = [without_localizations(child) for child in item[key]]
    return kept


def check_available(command: dict[str, Any], *, permissions: int | None, dm: bool) -> None:
    """Discord's client hides a command the user cannot use here; a test that uses one anyway is wrong."""
    name = command["name"]
    if dm:
        contexts = command.get("contexts")
        if (
            command.get("guild_id")
            or command.get("dm_permission") is False
            or (contexts is not None and BOT_DM_CONTEXT not in contexts)
        ):
            raise AssertionError(f"/{name} is not available in a DM with the bot")
        return
    contexts = command.get("contexts")
    if contexts is not None and GUILD_CONTEXT not in contexts:
        raise AssertionError(f"/{name} is not available in a server")
    required = command.get("default_member_permissions")
    if required is not None and permissions is not None and not permissions & ADMINISTRATOR:
        needed = int(required)
        if needed == 0 or permissions & needed != needed:
            raise AssertionError(f"/{name} is hidden from this user: it needs permissions {needed:#x}")


DescribeUser = Callable[[FakeUser], tuple[dict[str, Any], dict[str, Any] | None]]
DescribeChannel = Callable[[Channel], dict[str, Any]]


@dataclass
class BuiltOptions:
    options: list[dict[str, Any]]
    resolved: dict[str, dict[str, Any]]


def build_options(
    command: dict[str, Any],
    path: list[str],
    values: dict[str, Any],
    *,
    focused: str | None = None,
    describe_user: DescribeUser,
    describe_channel: DescribeChannel,
) -> BuiltOptions:
    """The ``data.options`` tree for ``/command path...`` with ``values`` typed as the definition says.

    ``describe_user(user)`` returns ``(user_payload, member_payload | None)`` for resolved users and
    ``describe_channel(channel)`` a channel payload; both come from the server, which knows the guild.
    """
    resolved: dict[str, dict[str, Any]] = {}
    shown = "/" + command["name"]
    node = command
    chain: list[dict[str, Any]] = []
    for part in path:
        subs = {
            o["name"]: o
            for o in node.get("options") or []
            if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)
        }
        if part not in subs:
            raise AssertionError(f"{shown} has no subcommand {part!r}; it has {sorted(subs)}")
        node = subs[part]
        chain.append(node)
        shown += " " + part
    declared = node.get("options") or []
    if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in declared):
        names = sorted(o["name"] for o in declared)
        raise AssertionError(f"{shown} needs a subcommand: one of {names}")
    by_name = {o["name"]: o for o in declared}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise AssertionError(f"{shown} has no option {unknown}; its options are {sorted(by_name)}")
    if focused is not None:
        if focused not in by_name:
            raise AssertionError(
                f"{shown} has no option {focused!r} to autocomplete; options {sorted(by_name)}"
            )
        if not by_name[focused].get("autocomplete"):
            raise AssertionError(f"option {focused!r} of {shown} does not autocomplete")
    leaf: list[dict[str, Any]] = []
    for option in declared:
        name = option["name"]
        if name == focused:
            typed = values.get(name, "")
            leaf.append({"name": name, "type": option["type"], "value": str(typed), "focused": True})
            continue
        if name not in values:
            if option.get("required") and focused is None:
                raise AssertionError(f"{shown} needs option {name!r}")
            continue
        value = _typed_value(shown, option, values[name], resolved, describe_user, describe_channel)
        if focused is None:
            _check_constraints(shown, option, value)
        leaf.append({"name": name, "type": option["type"], "value": value})
    options = leaf
    for sub in reversed(chain):
        options = [{"name": sub["name"], "type": sub["type"], "options": options}]
    return BuiltOptions(options=options, resolved=resolved)


def _typed_value(
    shown: str,
    option: dict[str, Any],
    value: Any,
    resolved: dict[str, dict[str, Any]],
    describe_user: DescribeUser,
    describe_channel: DescribeChannel,
) -> Any:
    kind = option["type"]
    name = option["name"]
    wrong = AssertionError(
        f"option {name!r} of {shown} is a {OPTION_TYPE_NAMES.get(kind, kind)}; got {type(value).__name__} {value!r}"
    )
    if kind == STRING:
        if not isinstance(value, str):
            raise wrong
        return value
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        return value
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind in (USER, MENTIONABLE) and isinstance(value, FakeUser):
        user_payload, member_payload = describe_user(value)
        resolved.setdefault("users", {})[str(value.id)] = user_payload
        if member_payload is not None:
            resolved.setdefault("members", {})[str(value.id)] = member_payload
        return str(value.id)
    if kind == CHANNEL and isinstance(value, Channel):
        resolved.setdefault("channels", {})[str(value.id)] = describe_channel(value)
        return str(value.id)
    if kind in (USER, MENTIONABLE, CHANNEL, ROLE) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise wrong


def _check_constraints(shown: str, option: dict[str, Any], value: Any) -> None:
    name = option["name"]
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        listed = [c["value"] for c in choices]
        raise AssertionError(f"option {name!r} of {shown} only offers {listed}; got {value!r}")
    low, high = option.get("min_value"), option.get("max_value")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and ((low is not None and value < low) or (high is not None and value > high)):
        raise AssertionError(f"option {name!r} of {shown} accepts {low}..{high}; got {value!r}")
    if isinstance(value, str):
        shortest, longest = option.get("min_length"), option.get("max_length")
        if (shortest is not None and len(value) < shortest) or (longest is not None and len(value) > longest):
            raise AssertionError(f"option {name!r} of {shown} accepts {shortest}..{longest} characters")
