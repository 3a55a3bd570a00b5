"""Interactions: what a user's click or command sends to the bot, and how the bot's answers land.

The desk builds INTERACTION_CREATE payloads as Discord does, hands them to the gateway, and serves the
interaction callback and webhook routes (responses, deferrals, followups, ``@original`` edits) with
Discord's rules: one response per interaction within the response window, followups only after it,
the first followup after a deferral filling the "thinking" message.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import errors, payloads
from .commands import MESSAGE_MENU, CommandRegistry, build_options, check_available
from .errors import ApiError
from .ids import interaction_token
from .model import EPHEMERAL, LOADING, Channel, FakeUser, Message
from .rendering import find_button, find_select, options_of
from .results import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MODAL,
    UPDATE_MESSAGE,
    InteractionResult,
)
from .state import Upload, World
from .validation import ATTACHMENT_SIZE_LIMIT, check_choices, check_modal

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

CHAT_INPUT_COMMAND_MESSAGE = 20
DEFAULT_MESSAGE = 0
BUTTON_COMPONENT = 2
TEXT_INPUT = 4
LABEL = 18
ACTION_ROW = 1
USER_INSTALL = "1"  # the application integration type of an app installed on a user's account

RESPONSE_WINDOW = 3.0  # seconds Discord waits for the first answer before "The application did not respond"
# interactions/receiving-and-responding.mdx:474 "Apps are limited to 5 followup messages per interaction if
# it was initiated from a user-installed app and isn't installed in the server (meaning the authorizing
# integration owners object only contains USER_INSTALL)"; over it, 40094 (opcodes-and-status-codes.mdx:257).
USER_INSTALL_FOLLOWUPS = 5
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token allows followups and edits of its answer

ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
    },
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE},
}


class Dispatcher(Protocol):
    def dispatch(self, event: str, data: dict[str, Any]) -> None: ...

    @property
    def identified(self) -> bool: ...


@dataclass(eq=False)
class Pending:
    """One interaction from creation to its last followup."""

    id: int
    token: str
    type: int
    user: FakeUser
    channel: Channel
    created_at: float  # the loop's clock when Discord made it; its 3-second window starts here
    result: InteractionResult
    responded_at: float | None = None  # when the first answer reached the server (after any latency)
    source_message: Message | None = None
    original: Message | None = None
    followups: list[Message] = field(default_factory=list)
    responded: bool = False
    rejection: ApiError | None = None
    edits_at_response: int = 0
    command_name: str | None = None
    integration_types: tuple[int, ...] = (0, 1)  # a command's, for authorizing_integration_owners


class InteractionDesk:
    def __init__(self, world: World, registry: CommandRegistry, gateway: Dispatcher) -> None:
        self.world = world
        self.registry = registry
        self.gateway = gateway
        self.response_window = RESPONSE_WINDOW
        self.token_lifetime = TOKEN_LIFETIME
        self.by_id: dict[int, Pending] = {}
        self.by_token: dict[str, Pending] = {}
        # Set by the harness: resolves when the bot stops, so waits fail at once instead of timing out.
        self.bot_stopped: asyncio.Future[str] | None = None
        # Extra context for failure messages (e.g. errors the bot logged).
        self.diagnostics: Callable[[], str] = lambda: ""
        # Where the app is installed: in the test server (unless a test says it never was) and on the
        # accounts of these users (user installs). Read into authorizing_integration_owners.
        self.installed_in_guild = True
        self.user_installs: set[int] = set()

    # -- the user's side -------------------------------------------------------------------------

    async def command(
        self, user: FakeUser, name: str, options: dict[str, Any] | None, *, dm: bool, within: float
    ) -> InteractionResult:
        top, *path = name.split()
        definition = self.registry.find(top, guild_id=None if dm else self.world.guild_id)
        self._check_member(user, dm)
        check_available(definition, permissions=None if dm else self.world.permissions(user), dm=dm)
        built = build_options(
            definition,
            path,
            dict(options or {}),
            describe_user=self._describe_user,
            describe_channel=self._channel,
        )
        data = self._command_data(definition, built.options, built.resolved)
        pending = self._open(APPLICATION_COMMAND, user, self._channel_for(user, dm))
        pending.command_name = name
        pending.integration_types = tuple(definition.get("integration_types") or (0,))
        return await self._send(pending, data, within=within)

    async def message_command(
        self, user: FakeUser, name: str, target: Message, *, dm: bool, within: float
    ) -> InteractionResult:
        """A message menu item (Apps > name) used on ``target``: Discord sends the message resolved."""
        definition = self.registry.find(name, guild_id=None if dm else self.world.guild_id, kind=MESSAGE_MENU)
        self._check_member(user, dm)
        channel = self._channel_for(user, dm)
        if target.channel_id != channel.id:
            raise AssertionError("the message menu is used on a message of the channel the user is in")
        check_available(definition, permissions=None if dm else self.world.permissions(user), dm=dm)
        data = self._command_data(
            definition, [], {"messages": {str(target.id): payloads.message(self.world, target)}}
        )
        data["target_id"] = str(target.id)
        pending = self._open(APPLICATION_COMMAND, user, channel)
        pending.command_name = name
        return await self._send(pending, data, within=within)

    async def autocomplete(
        self,
        user: FakeUser,
        name: str,
        options: dict[str, Any] | None,
        focused: str,
        *,
        dm: bool,
        within: float,
    ) -> list[dict[str, Any]]:
        top, *path = name.split()
        definition = self.registry.find(top, guild_id=None if dm else self.world.guild_id)
        self._check_member(user, dm)
        check_available(definition, permissions=None if dm else self.world.permissions(user), dm=dm)
        built = build_options(
            definition,
            path,
            dict(options or {}),
            focused=focused,
            describe_user=self._describe_user,
            describe_channel=self._channel,
        )
        data = self._command_data(definition, built.options, built.resolved)
        pending = self._open(AUTOCOMPLETE, user, self._channel_for(user, dm))
        pending.integration_types = tuple(definition.get("integration_types") or (0,))
        result = await self._send(pending, data, within=within)
        return list(result.choices or [])

    async def press(
        self,
        user: FakeUser,
        target: Message | InteractionResult,
        *,
        custom_id: str | None,
        label: str | None,
        forged: bool = False,
        within: float,
    ) -> InteractionResult:
        message = target.message if isinstance(target, InteractionResult) else target
        if message is None or message.deleted:
            raise AssertionError(f"there is no message to press a button on ({target!r})")
        channel = self.world.get_channel(message.channel_id)
        if not forged:
            self._check_can_see(user, message, channel)
        button = find_button(message.components, custom_id=custom_id, label=label)
        data = {"custom_id": button["custom_id"], "component_type": BUTTON_COMPONENT}
        pending = self._open(MESSAGE_COMPONENT, user, channel, source_message=message)
        pending.original = message
        return await self._send(pending, data, within=within)

    async def choose(
        self,
        user: FakeUser,
        target: Message | InteractionResult,
        labels: list[str],
        *,
        custom_id: str | None,
        forged: bool = False,
        within: float,
    ) -> InteractionResult:
        message = target.message if isinstance(target, InteractionResult) else target
        if message is None or message.deleted:
            raise AssertionError(f"there is no message to choose from ({target!r})")
        channel = self.world.get_channel(message.channel_id)
        if not forged:
            self._check_can_see(user, message, channel)
        menu = find_select(message.components, custom_id=custom_id)
        options = dict(options_of(menu))
        unknown = [label for label in labels if label not in options]
        if unknown:
            raise AssertionError(f"the menu has no option {unknown}; it has {list(options)}")
        least, most = menu.get("min_values", 1), menu.get("max_values", 1)
        if not least <= len(labels) <= most:
            raise AssertionError(f"the menu takes {least} to {most} choices, not {len(labels)}")
        data = {
            "custom_id": menu["custom_id"],
            "component_type": menu["type"],
            "values": [options[label] for label in labels],
        }
        pending = self._open(MESSAGE_COMPONENT, user, channel, source_message=message)
        pending.original = message
        return await self._send(pending, data, within=within)

    async def submit_modal(
        self, user: FakeUser, opened: InteractionResult, values: dict[str, str], *, within: float
    ) -> InteractionResult:
        modal = opened.modal
        if modal is None:
            raise AssertionError(f"the bot did not open a modal (callback type {opened.type})")
        if user is not opened.user:
            raise AssertionError("only the user the modal was shown to can submit it")
        parent = self.by_id[opened.interaction_id]
        data = {"custom_id": modal["custom_id"], "components": _modal_answers(modal, values)}
        pending = self._open(MODAL_SUBMIT, user, parent.channel, source_message=parent.source_message)
        pending.original = parent.source_message
        return await self._send(pending, data, within=within)

    async def all_answered(self, *, within: float) -> None:
        """Waits (up to ``within``) until the bot has answered or been refused every interaction sent to it:
        a bot closed with answers still in flight logs errors about its closed session after the test."""
        loop = asyncio.get_running_loop()

        def unanswered() -> list[Pending]:
            return [
                p
                for p in self.by_id.values()
                if not (p.responded or p.rejection) and loop.time() - p.created_at <= self.response_window
            ]

        with contextlib.suppress(AssertionError):
            await self.world.changes.wait_until(
                lambda: True if not unanswered() else None,
                within=within,
                failure=lambda: f"{len(unanswered())} interactions unanswered",
                abort=self.bot_stopped,
            )

    # -- building and sending ------------------------------------------------------------------

    def _open(
        self, kind: int, user: FakeUser, channel: Channel, *, source_message: Message | None = None
    ) -> Pending:
        if not self.gateway.identified:
            raise AssertionError("no bot is connected to the gateway; start it first (running_bot)")
        interaction_id = self.world.ids.next()
        token = interaction_token()
        result = InteractionResult(interaction_id, kind, user, token, _changes=self.world.changes)
        pending = Pending(
            id=interaction_id,
            token=token,
            type=kind,
            user=user,
            channel=channel,
            created_at=asyncio.get_running_loop().time(),
            result=result,
            source_message=source_message,
        )
        self.by_id[interaction_id] = pending
        self.by_token[token] = pending
        return pending

    def _payload(self, pending: Pending, data: dict[str, Any]) -> dict[str, Any]:
        world = self.world
        channel = pending.channel
        payload: dict[str, Any] = {
            "id": str(pending.id),
            "application_id": str(world.application_id),
            "type": pending.type,
            "data": data,
            "token": pending.token,
            "version": 1,
            "channel_id": str(channel.id),
            "locale": pending.user.locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if channel.is_dm:
            payload["channel"] = payloads.channel(world, channel)
            payload["user"] = payloads.user(pending.user)
            payload["app_permissions"] = payloads.dm_app_permissions()
            payload["authorizing_integration_owners"] = self._integration_owners(pending)
            payload["context"] = 1
        else:
            channel_payload = payloads.channel(world, channel)
            channel_payload["permissions"] = str(world.permissions(pending.user))
            payload["channel"] = channel_payload
            payload["guild_id"] = str(world.guild_id)
            payload["guild"] = {"id": str(world.guild_id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["member"] = payloads.member(world, pending.user, with_permissions=True)
            payload["app_permissions"] = str(world.permissions(world.bot))
            payload["authorizing_integration_owners"] = self._integration_owners(pending)
            payload["context"] = 0
        if pending.source_message is not None:
            payload["message"] = payloads.message(world, pending.source_message)
        return payload

    async def _send(self, pending: Pending, data: dict[str, Any], *, within: float) -> InteractionResult:
        self.gateway.dispatch("INTERACTION_CREATE", self._payload(pending, data))
        await self.world.changes.wait_until(
            lambda: True if pending.responded or pending.rejection else None,
            within=min(within, self.response_window),
            failure=lambda: self._failure(pending, "did not respond within the response window"),
            abort=self.bot_stopped,
        )
        if pending.rejection is not None:
            rejection = pending.rejection
            raise AssertionError(
                self._failure(pending, f"answered with a response Discord rejects: {rejection}")
            )
        result = pending.result
        if result.type == DEFERRED_CHANNEL_MESSAGE:
            await self.world.changes.wait_until(
                lambda: (
                    True if (pending.original and not pending.original.loading) or pending.followups else None
                ),
                within=within,
                failure=lambda: self._failure(pending, "deferred but never sent its answer"),
                abort=self.bot_stopped,
            )
        elif result.type == DEFERRED_UPDATE_MESSAGE:
            # Acknowledging a click without a visible change is legitimate: wait, but do not fail.
            try:
                await self.world.changes.wait_until(
                    lambda: True if self._updated_since_response(pending) or pending.followups else None,
                    within=within,
                    failure=lambda: "",
                    abort=self.bot_stopped,
                )
            except AssertionError:
                if self.bot_stopped is not None and self.bot_stopped.done():
                    raise
        return result

    def _integration_owners(self, pending: Pending) -> dict[str, str]:
        """As Discord fills it: a key per installation that authorizes the interaction, present only when
        the app is installed there and (for commands) the command supports that installation type.
        GUILD_INSTALL ("0") maps to the server's id, or "0" in the bot's DM; USER_INSTALL ("1") to the
        id of the user who installed the app (discord-api-docs, receiving-and-responding:
        authorizing-integration-owners-object)."""
        owners = {}
        if (pending.channel.is_dm or self.installed_in_guild) and 0 in pending.integration_types:
            owners[payloads.GUILD_INSTALL] = "0" if pending.channel.is_dm else str(self.world.guild_id)
        if pending.user.id in self.user_installs and 1 in pending.integration_types:
            owners[USER_INSTALL] = str(pending.user.id)
        return owners

    def _updated_since_response(self, pending: Pending) -> bool:
        original = pending.original
        return original is not None and original.edits > pending.edits_at_response

    def _failure(self, pending: Pending, what: str) -> str:
        names = {
            APPLICATION_COMMAND: "command",
            MESSAGE_COMPONENT: "button press",
            AUTOCOMPLETE: "autocomplete",
        }
        subject = names.get(pending.type, "modal submit")
        if pending.command_name:
            subject += f" /{pending.command_name}"
        extra = self.diagnostics()
        return f"the bot {what} ({subject})" + (f"\n{extra}" if extra else "")

    def _command_data(
        self, definition: dict[str, Any], options: list[dict[str, Any]], resolved: dict[str, Any]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": definition["id"],
            "name": definition["name"],
            "type": definition["type"],
            "options": options,
        }
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in definition:
            data["guild_id"] = definition["guild_id"]
        return data

    def _check_member(self, user: FakeUser, dm: bool) -> None:
        if not dm and not user.in_guild:
            raise AssertionError(f"{user.name} is not a member of the guild; use dm=True")

    def _check_can_see(self, user: FakeUser, message: Message, channel: Channel) -> None:
        if channel.is_dm and channel.recipient_id != user.id:
            raise AssertionError(f"{user.name} cannot see a DM sent to someone else")
        if not channel.is_dm and not user.in_guild:
            raise AssertionError(f"{user.name} is not a member of the guild")
        owner = (message.interaction_metadata or {}).get("user", {}).get("id")
        if message.ephemeral and owner != str(user.id):
            raise AssertionError(f"{user.name} cannot see an ephemeral message shown to someone else")

    def _channel_for(self, user: FakeUser, dm: bool) -> Channel:
        return self.world.dm_channel(user) if dm else self.world.channels[self.world.channel_id]

    def _describe_user(self, user: FakeUser) -> tuple[dict[str, Any], dict[str, Any] | None]:
        member = None
        if user.in_guild:
            member = payloads.member(self.world, user, with_user=False, with_permissions=True)
        return payloads.user(user), member

    def _channel(self, channel: Channel) -> dict[str, Any]:
        payload = payloads.channel(self.world, channel)
        payload["permissions"] = str(self.world.permissions(self.world.bot))
        return payload

    # -- the bot's side (REST) -----------------------------------------------------------------

    def callback(
        self, interaction_id: int, token: str, body: dict[str, Any], uploads: dict[int, Upload]
    ) -> dict[str, Any]:
        pending = self.by_id.get(interaction_id)
        if pending is None or pending.token != token:
            raise errors.unknown("interaction", errors.UNKNOWN_INTERACTION)
        if pending.responded:
            raise ApiError(400, errors.ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
        if asyncio.get_running_loop().time() - pending.created_at > self.response_window:
            raise errors.unknown("interaction", errors.UNKNOWN_INTERACTION)
        try:
            return self._respond(pending, int(body.get("type", 0)), body.get("data") or {}, uploads)
        except ApiError as exc:
            pending.rejection = exc
            self.world.changes.notify()
            raise

    def _respond(
        self, pending: Pending, kind: int, data: dict[str, Any], uploads: dict[int, Upload]
    ) -> dict[str, Any]:
        allowed = set(ALLOWED_CALLBACKS[pending.type])
        if pending.source_message is None:
            allowed -= {DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}
        if kind not in allowed:
            raise errors.invalid_form(
                errors.field_error(
                    "type", "INTERACTION_CALLBACK_TYPE_INVALID", f"Callback type {kind} not allowed"
                )
            )
        result = pending.result
        answer: dict[str, Any] = {"id": str(pending.id), "type": pending.type}
        resource: dict[str, Any] | None = None
        if kind == CHANNEL_MESSAGE:
            pending.original = self._create(pending, data, uploads)
            result.message = pending.original
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            pending.original = self._create(pending, {"flags": 0}, {}, flags=flags, validate=False)
            result.message = pending.original
        elif kind == UPDATE_MESSAGE:
            assert pending.source_message is not None  # guaranteed by ALLOWED_CALLBACKS filtering above
            self.world.edit_message(pending.source_message, data, uploads)
            result.message = pending.source_message
            pending.edits_at_response = pending.source_message.edits
        elif kind == DEFERRED_UPDATE_MESSAGE:
            result.message = pending.source_message
            pending.edits_at_response = pending.source_message.edits if pending.source_message else 0
        elif kind == AUTOCOMPLETE_RESULT:
            choices = list(data.get("choices") or [])
            check_choices(choices)
            result.choices = choices
        elif kind == MODAL:
            check_modal(data)
            result.modal = data
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, UPDATE_MESSAGE) and result.message is not None:
            message = result.message
            answer["response_message_id"] = str(message.id)
            answer["response_message_loading"] = message.loading
            answer["response_message_ephemeral"] = message.ephemeral
            resource = {"type": kind, "message": payloads.message(self.world, message)}
        pending.responded = True
        pending.responded_at = asyncio.get_running_loop().time()
        result.type = kind
        self.world.changes.notify()
        response: dict[str, Any] = {"interaction": answer}
        if resource is not None:
            response["resource"] = resource
        return response

    def _create(
        self,
        pending: Pending,
        data: dict[str, Any],
        uploads: dict[int, Upload],
        *,
        flags: int | None = None,
        validate: bool = True,
    ) -> Message:
        world = self.world
        metadata: dict[str, Any] = {
            "id": str(pending.id),
            "type": pending.type,
            "user": payloads.user(pending.user),
            "authorizing_integration_owners": self._integration_owners(pending),
        }
        if pending.original is not None and pending.type != MESSAGE_COMPONENT:
            metadata["original_response_message_id"] = str(pending.original.id)
        if pending.type == MESSAGE_COMPONENT and pending.source_message is not None:
            metadata["interacted_message_id"] = str(pending.source_message.id)
        message = world.create_message(
            pending.channel,
            world.bot,
            data,
            uploads,
            validate=validate,
            type=CHAT_INPUT_COMMAND_MESSAGE if pending.type == APPLICATION_COMMAND else DEFAULT_MESSAGE,
            webhook_id=world.application_id,
            application_id=world.application_id,
            interaction_metadata=metadata,
        )
        if flags is not None:
            message.flags = flags
        return message

    def _pending_for_webhook(self, application_id: int, token: str) -> Pending:
        pending = self.by_token.get(token)
        if pending is None or application_id != self.world.application_id:
            raise errors.unknown("Webhook", errors.UNKNOWN_WEBHOOK)
        if asyncio.get_running_loop().time() - pending.created_at > self.token_lifetime:
            raise errors.ApiError(401, errors.INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        return pending

    def followup(
        self, application_id: int, token: str, body: dict[str, Any], uploads: dict[int, Upload]
    ) -> Message:
        pending = self._pending_for_webhook(application_id, token)
        if not pending.responded or pending.result.type in (AUTOCOMPLETE_RESULT, MODAL):
            raise errors.unknown("Webhook", errors.UNKNOWN_WEBHOOK)
        original = pending.original
        if pending.result.type == DEFERRED_CHANNEL_MESSAGE and original is not None and original.loading:
            # Discord turns the first followup after a deferral into the deferred message itself.
            self.world.edit_message(original, {k: v for k, v in body.items() if k != "flags"}, uploads)
            original.flags &= ~LOADING
            self.world.changes.notify()
            return original
        if (
            set(self._integration_owners(pending)) == {USER_INSTALL}
            and len(pending.followups) >= USER_INSTALL_FOLLOWUPS
        ):
            raise ApiError(
                400,
                errors.MAX_FOLLOWUPS_REACHED,
                "This interaction has hit the maximum number of follow up messages",
            )
        message = self._create(pending, body, uploads)
        pending.followups.append(message)
        pending.result.followups.append(message)
        self.world.changes.notify()
        return message

    def webhook_message(self, application_id: int, token: str, message_ref: str) -> Message:
        pending = self._pending_for_webhook(application_id, token)
        if message_ref == "@original":
            found = pending.original
        else:
            wanted = int(message_ref)
            found = next((m for m in [pending.original, *pending.followups] if m and m.id == wanted), None)
        if found is None or found.deleted:
            raise errors.unknown("Message", errors.UNKNOWN_MESSAGE)
        return found

    def edit_webhook_message(
        self,
        application_id: int,
        token: str,
        message_ref: str,
        body: dict[str, Any],
        uploads: dict[int, Upload],
    ) -> Message:
        message = self.webhook_message(application_id, token, message_ref)
        self.world.edit_message(message, body, uploads)
        if message.loading:
            message.flags &= ~LOADING
            self.world.changes.notify()
        return message


def _text_inputs(modal: dict[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """The modal's text inputs with their labels (on the input itself, or on a wrapping label component)."""
    found: list[tuple[dict[str, Any], str | None]] = []
    for top in modal.get("components") or []:
        if top.get("type") == ACTION_ROW:
            found.extend(
                (c, c.get("label")) for c in top.get("components") or [] if c.get("type") == TEXT_INPUT
            )
        elif top.get("type") == LABEL and (top.get("component") or {}).get("type") == TEXT_INPUT:
            found.append((top["component"], top.get("label")))
    return found


def _modal_answers(modal: dict[str, Any], values: dict[str, str]) -> list[dict[str, Any]]:
    """The submitted components, mirroring the modal's layout; keys of ``values`` are custom_ids or labels."""
    inputs = _text_inputs(modal)
    if not inputs:
        raise AssertionError("the modal has no text inputs to fill")
    accepted = {c["custom_id"] for c, _ in inputs} | {label for _, label in inputs if label}
    unknown = sorted(set(values) - accepted)
    if unknown:
        raise AssertionError(
            f"the modal has no field {unknown}; it has {[label or c['custom_id'] for c, label in inputs]}"
        )
    answered = {c["custom_id"]: _answer(c, label, values) for c, label in inputs}
    answers: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == ACTION_ROW:
            row = [
                answered[c["custom_id"]] for c in top.get("components") or [] if c.get("type") == TEXT_INPUT
            ]
            answers.append({"type": ACTION_ROW, "components": row})
        elif top.get("type") == LABEL and (top.get("component") or {}).get("type") == TEXT_INPUT:
            answers.append({"type": LABEL, "component": answered[top["component"]["custom_id"]]})
    return answers


def _answer(text_input: dict[str, Any], label: str | None, values: dict[str, str]) -> dict[str, Any]:
    custom_id = text_input["custom_id"]
    shown = label or custom_id
    if custom_id in values:
        value = values[custom_id]
    elif label is not None and label in values:
        value = values[label]
    else:
        value = text_input.get("value") or ""  # the pre-filled text the user left as it was
    if text_input.get("required", True) and not value:
        raise AssertionError(f"the modal's field {shown!r} is required")
    longest, shortest = text_input.get("max_length"), text_input.get("min_length")
    if value and ((longest and len(value) > longest) or (shortest and len(value) < shortest)):
        raise AssertionError(f"the modal's field {shown!r} accepts {shortest or 0}..{longest} characters")
    return {"type": TEXT_INPUT, "id": text_input.get("id", 0), "custom_id": custom_id, "value": value}
