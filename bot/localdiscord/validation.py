"""Discord's documented limits, checked so a bot that breaks one fails here as it would in production.

Each check raises :class:`ApiError` with the 400 answer Discord gives (code 50035 with an ``errors``
tree, or 50006 for an empty message), or 413 with code 40005 for a file over the upload limit.
Doc lines below are in discord/discord-api-docs (developers/...) and discord/discord-api-spec
(specs/openapi.json), as of docs commit c98d64b and spec commit 74fda0f.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import EMPTY_MESSAGE, REQUEST_TOO_LARGE, ApiError, field_error, invalid_form
from .rendering import BUTTON, LINK_STYLE, PREMIUM_STYLE, walk_components

# resources/message.mdx:1080 "Message contents (up to 2000 characters)"
MAX_CONTENT = 2000
# resources/message.mdx:1081 nonce "(up to 25 characters)"; openapi.json:21861 "maxLength": 25
MAX_NONCE = 25
# resources/message.mdx:1083 "Up to 10 `rich` embeds (up to 6000 characters)"
MAX_EMBEDS = 10
# resources/message.mdx:603-619 "Embed Limits": title 256, description 4096, up to 25 fields, field.name
# 256, field.value 1024, footer.text 2048, author.name 256, and "the combined sum of characters in all
# title, description, field.name, field.value, footer.text, and author.name fields across all embeds
# attached to a message must not exceed 6000 characters"; line 607: "Leading and trailing whitespace
# characters are not included (they are trimmed automatically)."
MAX_EMBED_TOTAL = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
MAX_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
# components/reference.mdx:2542 "Legacy messages allow up to 5 action rows as top-level components";
# :108 an action row holds "Up to 5 interactive button components"; :18 "Messages allow up to 40 total
# components"; :177 a button's custom_id is "1-100 characters", :175 its label "max 80 characters".
MAX_ACTION_ROWS = 5
MAX_ROW_ITEMS = 5
MAX_COMPONENTS = 40
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
# reference.mdx:430 "The file upload size limit applies to each file in a request. The default limit is
# `10 MiB` for all users"; resources/message.mdx:1072 "The maximum request size when sending a message is
# **25 MiB**"; topics/opcodes-and-status-codes.mdx:239 40005 "Request entity too large".
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
MAX_REQUEST_SIZE = 25 * 1024 * 1024
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_STRING = 100
MODAL_TITLE = 45
MAX_MODAL_INPUTS = 5
COMPONENTS_V2 = 1 << 15

# application-commands.mdx, "Application Command Naming": `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`
# with the lowercase variant of any letter that has one; `re` has no \p{}, and \w covers letters and digits.
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")
# reference.mdx, "Locales": the keys a `name_localizations` or `description_localizations` may have.
LOCALES = frozenset(
    [
        "id",
        "da",
        "de",
        "en-GB",
        "en-US",
        "es-ES",
        "es-419",
        "fr",
        "hr",
        "it",
        "lt",
        "hu",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "fi",
        "sv-SE",
        "vi",
        "tr",
        "cs",
        "el",
        "bg",
        "ru",
        "uk",
        "hi",
        "th",
        "zh-CN",
        "ja",
        "zh-TW",
        "ko",
    ]
)
MAX_COMMAND_DESCRIPTION = 100
MAX_OPTIONS = 25
MAX_GLOBAL_COMMANDS = 100


def _too_long(path: str, limit: int) -> ApiError:
    return invalid_form(field_error(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."))


def _check_len(value: Any, path: str, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise _too_long(path, limit)


def embed_length(text: Any) -> int:
    """A text's length as Discord counts it in an embed: without leading and trailing whitespace."""
    return len(text.strip()) if isinstance(text, str) else 0


def _check_embed_len(value: Any, path: str, limit: int) -> int:
    length = embed_length(value)
    if length > limit:
        raise _too_long(path, limit)
    return length


def check_message(body: dict[str, Any], *, has_files: bool, creating: bool) -> None:
    """Limits on content, nonce, embeds and components of a message being created or edited."""
    content = body.get("content")
    embeds = body.get("embeds") or []
    components = body.get("components") or []
    if creating and not (
        content or embeds or components or has_files or body.get("poll") or body.get("sticker_ids")
    ):
        raise ApiError(400, EMPTY_MESSAGE, "Cannot send an empty message")
    _check_len(content, "content", MAX_CONTENT)
    _check_len(body.get("nonce"), "nonce", MAX_NONCE)
    if len(embeds) > MAX_EMBEDS:
        raise _too_long("embeds", MAX_EMBEDS)
    total = 0
    for index, embed in enumerate(embeds):
        total += _check_embed(embed, f"embeds.{index}")
    if total > MAX_EMBED_TOTAL:
        raise invalid_form(
            field_error("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
        )
    if int(body.get("flags") or 0) & COMPONENTS_V2:
        if content or embeds:
            raise invalid_form(
                field_error(
                    "content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", "Cannot use content"
                )
            )
    else:
        _check_action_rows(components)
    _check_custom_ids(components)


def _check_embed(embed: dict[str, Any], path: str) -> int:
    """Checks one embed's limits and returns its size towards the 6,000 total, counted as Discord does."""
    size = 0
    for key, limit in EMBED_LIMITS.items():
        size += _check_embed_len(embed.get(key), f"{path}.{key}", limit)
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        raise _too_long(f"{path}.fields", MAX_FIELDS)
    for index, item in enumerate(fields):
        name, value = item.get("name"), item.get("value")
        if not embed_length(name) or not embed_length(value):
            raise invalid_form(
                field_error(f"{path}.fields.{index}", "BASE_TYPE_REQUIRED", "This field is required")
            )
        size += _check_embed_len(name, f"{path}.fields.{index}.name", FIELD_NAME)
        size += _check_embed_len(value, f"{path}.fields.{index}.value", FIELD_VALUE)
    size += _check_embed_len((embed.get("footer") or {}).get("text"), f"{path}.footer.text", FOOTER_TEXT)
    return size + _check_embed_len(
        (embed.get("author") or {}).get("name"), f"{path}.author.name", AUTHOR_NAME
    )


def _check_action_rows(components: list[dict[str, Any]]) -> None:
    if len(components) > MAX_ACTION_ROWS:
        raise _too_long("components", MAX_ACTION_ROWS)
    for index, row in enumerate(components):
        if row.get("type") != 1:
            raise invalid_form(
                field_error(f"components.{index}.type", "UNION_TYPE_CHOICES", "Value must be an action row")
            )
        items = row.get("components") or []
        if len(items) > MAX_ROW_ITEMS:
            raise _too_long(f"components.{index}.components", MAX_ROW_ITEMS)
        for position, item in enumerate(items):
            _check_button(item, f"components.{index}.components.{position}")


def _check_button(component: dict[str, Any], path: str) -> None:
    """components/reference.mdx:175-176: a button shows a label and/or an emoji; only premium buttons
    (:187) carry neither. Discord answers a button with neither as a missing label."""
    if component.get("type") != BUTTON or component.get("style") == PREMIUM_STYLE:
        return
    if not component.get("label") and not component.get("emoji"):
        raise invalid_form(field_error(f"{path}.label", "BASE_TYPE_REQUIRED", "This field is required"))
    if component.get("style") != LINK_STYLE and not component.get("custom_id"):
        # :184 "Non-link and non-premium buttons **must** have a `custom_id`"
        raise invalid_form(field_error(f"{path}.custom_id", "BASE_TYPE_REQUIRED", "This field is required"))


def _check_custom_ids(components: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    count = 0
    for component in walk_components(components):
        count += 1
        custom_id = component.get("custom_id")
        if custom_id is not None:
            _check_len(custom_id, "components.custom_id", MAX_CUSTOM_ID)
            if custom_id in seen:
                raise invalid_form(
                    field_error(
                        "components.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Custom id duplicated"
                    )
                )
            seen.add(custom_id)
        if component.get("type") == BUTTON:
            _check_len(component.get("label"), "components.label", MAX_BUTTON_LABEL)
    if count > MAX_COMPONENTS:
        raise _too_long("components", MAX_COMPONENTS)


def check_uploads(sizes: list[int], *, limit: int = ATTACHMENT_SIZE_LIMIT) -> None:
    """Each file within the upload limit and the whole request within 25 MiB, else Discord's 413."""
    if any(size > limit for size in sizes) or sum(sizes) > MAX_REQUEST_SIZE:
        raise ApiError(413, REQUEST_TOO_LARGE, "Request entity too large")


def check_choices(choices: list[dict[str, Any]]) -> None:
    if len(choices) > MAX_CHOICES:
        raise _too_long("data.choices", MAX_CHOICES)
    for index, choice in enumerate(choices):
        name = choice.get("name") or ""
        if not 1 <= len(name) <= MAX_CHOICE_NAME:
            raise _too_long(f"data.choices.{index}.name", MAX_CHOICE_NAME)
        for locale, localized in _localizations(choice, "name_localizations", f"data.choices.{index}"):
            if not 1 <= len(localized) <= MAX_CHOICE_NAME:
                raise _too_long(f"data.choices.{index}.name_localizations.{locale}", MAX_CHOICE_NAME)
        _check_len(choice.get("value"), f"data.choices.{index}.value", MAX_CHOICE_STRING)


def check_modal(data: dict[str, Any]) -> None:
    title = data.get("title") or ""
    if not 1 <= len(title) <= MODAL_TITLE:
        raise _too_long("data.title", MODAL_TITLE)
    if not data.get("custom_id"):
        raise invalid_form(field_error("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required"))
    components = data.get("components") or []
    if not 1 <= len(components) <= MAX_MODAL_INPUTS:
        raise _too_long("data.components", MAX_MODAL_INPUTS)
    _check_custom_ids(components)


def check_commands(commands: list[dict[str, Any]], *, is_global: bool) -> None:
    """The registration rules a bulk overwrite must meet: names, descriptions, option order and counts."""
    if is_global and len(commands) > MAX_GLOBAL_COMMANDS:
        raise _too_long("", MAX_GLOBAL_COMMANDS)
    seen: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        kind = int(command.get("type", 1))
        key = (command.get("name", ""), kind)
        if key in seen:
            raise invalid_form(
                field_error(
                    f"{index}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Duplicate name {key[0]}"
                )
            )
        seen.add(key)
        if kind == 1:
            _check_option_like(command, str(index))


def _localizations(item: dict[str, Any], key: str, path: str) -> list[tuple[str, str]]:
    """The (locale, text) pairs of a localization dictionary; a key that is no Discord locale is refused."""
    found = item.get(key) or {}
    for locale in found:
        if locale not in LOCALES:
            raise invalid_form(field_error(f"{path}.{key}", "LOCALE_INVALID", f"Invalid locale {locale!r}"))
    return [(locale, str(text)) for locale, text in found.items()]


def _check_name(name: str, path: str) -> None:
    if not COMMAND_NAME.match(name) or name != name.lower():
        raise invalid_form(field_error(path, "APPLICATION_COMMAND_INVALID_NAME", f"Invalid name {name!r}"))


def _check_option_like(item: dict[str, Any], path: str) -> None:
    _check_name(item.get("name", ""), f"{path}.name")
    # "Values follow the same restrictions as `name`" / "as `description`" (Application Command Object).
    for locale, localized in _localizations(item, "name_localizations", path):
        _check_name(localized, f"{path}.name_localizations.{locale}")
    description = item.get("description") or ""
    if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
        raise _too_long(f"{path}.description", MAX_COMMAND_DESCRIPTION)
    for locale, localized in _localizations(item, "description_localizations", path):
        if not 1 <= len(localized) <= MAX_COMMAND_DESCRIPTION:
            raise _too_long(f"{path}.description_localizations.{locale}", MAX_COMMAND_DESCRIPTION)
    options = item.get("options") or []
    if len(options) > MAX_OPTIONS:
        raise _too_long(f"{path}.options", MAX_OPTIONS)
    _check_localized_option_names(options, path)
    names: set[str] = set()
    optional_seen = False
    for index, option in enumerate(options):
        option_path = f"{path}.options.{index}"
        if option.get("name") in names:
            raise invalid_form(
                field_error(option_path, "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME", "Duplicate")
            )
        names.add(option.get("name", ""))
        if option.get("type") in (1, 2):
            _check_option_like(option, option_path)
            continue
        if option.get("required"):
            if optional_seen:
                raise invalid_form(
                    field_error(
                        option_path, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options first"
                    )
                )
        else:
            optional_seen = True
        if len(option.get("choices") or []) > MAX_CHOICES:
            raise _too_long(f"{option_path}.choices", MAX_CHOICES)
        if option.get("choices") and option.get("autocomplete"):
            raise invalid_form(
                field_error(
                    option_path, "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Choices or autocomplete"
                )
            )
        _check_option_like({**option, "options": []}, option_path)
        if option.get("choices"):
            check_choices(option["choices"])


def _check_localized_option_names(options: list[dict[str, Any]], path: str) -> None:
    """application-commands.mdx, "Localization": a localized option name must differ from every other
    option's default name on the command, and from the other option names in that locale."""
    defaults = [option.get("name", "") for option in options]
    by_locale: dict[str, set[str]] = {}
    for index, option in enumerate(options):
        for locale, localized in (option.get("name_localizations") or {}).items():
            others = set(defaults[:index] + defaults[index + 1 :])
            taken = by_locale.setdefault(locale, set())
            if localized in others or localized in taken:
                raise invalid_form(
                    field_error(
                        f"{path}.options.{index}.name_localizations.{locale}",
                        "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME",
                        "Duplicate",
                    )
                )
            taken.add(localized)
