"""A Discord message drawn for the terminal: embeds as boxes with their fields, buttons as numbered choices.

Only what a person would see is drawn: content, attached files (as the path they were saved to), embeds
(author, title, description, fields side by side when inline, footer), text displays and containers, and
the buttons they could press.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from bot.i18n.speaking import _
from bot.localdiscord.model import Message
from bot.localdiscord.rendering import BUTTON, LINK_STYLE
from bot.offline.files import SavedFile, describe_size, shown_path
from bot.offline.markdown import Reader, to_text

ACTION_ROW, SELECT, SECTION, TEXT_DISPLAY, SEPARATOR, CONTAINER = 1, 3, 9, 10, 14, 17
INLINE_PER_ROW = 3  # Discord puts up to three inline fields side by side
BUTTON_STYLES = {1: "bold blue", 2: "bold", 3: "bold green", 4: "bold red", LINK_STYLE: "underline"}
DEFAULT_BORDER = "grey50"


def render_message(
    message: Message,
    reader: Reader,
    numbers: Mapping[str, int],
    *,
    heading: Text | None = None,
    files: Mapping[str, SavedFile] | None = None,
) -> RenderableType:
    """`files`: where each attachment (by id) was saved; one missing there is shown by name and size only."""
    parts: list[RenderableType] = []
    if heading is not None:
        parts.append(heading)
    if message.content:
        parts.append(to_text(message.content, reader))
    # Discord shows the files under the text and above the embeds.
    parts.extend(_attachment(a, (files or {}).get(str(a["id"]))) for a in message.attachments)
    parts.extend(embed_box(embed, reader) for embed in message.embeds)
    parts.extend(_components(message.components, reader, numbers))
    return Group(*parts)


def _attachment(attachment: Mapping[str, Any], saved: SavedFile | None) -> Text:
    """`📎 milestone-bot-data.json · 2.3 KB · saved to milestone-bot-files/milestone-bot-data.json`"""
    size = saved.size if saved else int(attachment.get("size") or 0)
    line = Text(f"📎 {attachment['filename']}", Style(bold=True))
    line.append(f" · {describe_size(size)}", Style(dim=True))
    if saved and saved.path:
        line.append(" · " + _("saved to") + " ")
        line.append(shown_path(saved.path), Style(underline=True))
    elif saved:
        line.append(" · " + _("not saved: {problem}").format(problem=saved.problem), Style(color="red"))
    return line


def embed_box(embed: Mapping[str, Any], reader: Reader) -> Panel:
    inside: list[RenderableType] = []
    author = (embed.get("author") or {}).get("name")
    if author:
        inside.append(Text(author, Style(dim=True)))
    if embed.get("title"):
        inside.append(to_text(embed["title"], reader, Style(bold=True)))
    if embed.get("description"):
        inside.append(to_text(embed["description"], reader))
    # A blank line before each block of fields and the footer, as Discord spaces them.
    for block in _fields(embed.get("fields") or [], reader):
        inside += [Text(""), block] if inside else [block]
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        inside += [Text(""), Text(footer, Style(dim=True))]
    colour = embed.get("color")
    border = f"#{int(colour):06x}" if colour else DEFAULT_BORDER
    return Panel(Group(*inside), box=box.ROUNDED, border_style=border, expand=False, padding=(0, 1))


def _fields(fields: Iterable[Mapping[str, Any]], reader: Reader) -> list[RenderableType]:
    """Fields in display order; runs of inline fields become rows of up to three columns."""
    out: list[RenderableType] = []
    row: list[Mapping[str, Any]] = []

    def flush() -> None:
        if not row:
            return
        grid = Table.grid(padding=(0, 3))
        for _column in row:
            grid.add_column(vertical="top")
        grid.add_row(*(_field(f, reader) for f in row))
        out.append(grid)
        row.clear()

    for field in fields:
        if field.get("inline"):
            row.append(field)
            if len(row) == INLINE_PER_ROW:
                flush()
            continue
        flush()
        out.append(_field(field, reader))
    flush()
    return out


def _field(field: Mapping[str, Any], reader: Reader) -> Text:
    name = str(field.get("name", "")).replace("\u200b", "").strip()
    text = to_text(name, reader, Style(bold=True)) if name else Text()
    if name:
        text.append("\n")
    text.append_text(to_text(str(field.get("value", "")), reader))
    return text


def _components(
    components: list[dict[str, Any]], reader: Reader, numbers: Mapping[str, int]
) -> list[RenderableType]:
    out: list[RenderableType] = []
    for component in components:
        kind = component.get("type")
        if kind == ACTION_ROW:
            row = _controls(component.get("components") or [], numbers)
            if row.plain:
                out.append(row)
        elif kind == TEXT_DISPLAY:
            out.append(to_text(component.get("content", ""), reader))
        elif kind == SECTION:
            out.extend(_components(component.get("components") or [], reader, numbers))
            accessory = component.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") == BUTTON:
                out.append(_controls([accessory], numbers))
        elif kind == SEPARATOR:
            out.append(Text("─" * 20, Style(dim=True)))
        elif kind == CONTAINER:
            colour = component.get("accent_color")
            border = f"#{int(colour):06x}" if colour else DEFAULT_BORDER
            inner = _components(component.get("components") or [], reader, numbers)
            out.append(Panel(Group(*inner), box=box.ROUNDED, border_style=border, expand=False))
    return out


def _controls(components: list[dict[str, Any]], numbers: Mapping[str, int]) -> Text:
    """`[1] Mark released  [2] Snooze 1 day`: numbered when pressable, dimmed when not."""
    row = Text()
    for component in components:
        if row.plain:
            row.append("  ")
        if component.get("type") == SELECT:
            row.append(_("(a menu: choose it in Discord)"), Style(dim=True))
            continue
        if component.get("type") != BUTTON:
            continue
        label = str(component.get("label") or (component.get("emoji") or {}).get("name") or "")
        style = BUTTON_STYLES.get(int(component.get("style") or 2), "bold")
        number = numbers.get(str(component.get("custom_id")))
        if component.get("style") == LINK_STYLE:
            row.append(f"[{label}]", style)
            row.append(f" {component.get('url', '')}", Style(dim=True))
        elif number is None:
            row.append(f"[{label}]", Style(dim=True, strike=True))
        else:
            row.append(f"[{number}] {label}", style)
    return row
