"""What the bot sends, drawn for a terminal: boxes with fields, dates in the reader's zone, numbered buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dateutil import tz
from rich.console import Console

from bot.localdiscord.model import FakeUser, Message
from bot.offline.buttons import ButtonBoard
from bot.offline.markdown import Reader, to_text
from bot.offline.render import render_message

NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
BERLIN = Reader(tz.gettz("Europe/Berlin"), lambda: NOW, {7: "dana"}.get)  # type: ignore[arg-type]
BOT = FakeUser(id=1, name="Milestone Bot", bot=True)
DUE = int(datetime(2026, 11, 29, 23, 59, tzinfo=UTC).timestamp())


def _plain(message: Message, numbers: dict[str, int] | None = None) -> str:
    console = Console(width=100, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(render_message(message, BERLIN, numbers or {}))
    return captured.get()


def _button(label: str, custom_id: str, style: int = 2, **extra: Any) -> dict[str, Any]:
    return {"type": 2, "label": label, "custom_id": custom_id, "style": style, **extra}


def test_discord_timestamps_show_in_the_readers_zone_and_relative_to_the_bots_clock() -> None:
    text = to_text(f"due <t:{DUE}:f> (<t:{DUE}:R>), on <t:{DUE}:D>, at <t:{DUE}>", BERLIN).plain
    # 23:59 UTC is already the next day in Berlin.
    assert text == "due Mon 30 Nov 2026 00:59 (in 3 days), on 30 November 2026, at Mon 30 Nov 2026 00:59"
    past = Reader(BERLIN.zone, lambda: datetime(2026, 12, 3, tzinfo=UTC))
    assert to_text(f"<t:{DUE}:R>", past).plain == "3 days ago"


def test_markdown_marks_are_drawn_not_printed() -> None:
    text = to_text(r"**Part\_1** · `/milestone add` · __u__ <@7> [Upwork](https://upwork.com)", BERLIN)
    assert text.plain == "Part_1 · /milestone add · u @dana Upwork (https://upwork.com)"
    assert any(span.style.bold for span in text.spans)  # type: ignore[union-attr]


def test_an_embed_is_a_box_with_its_fields_inline_ones_side_by_side() -> None:
    embed = {
        "title": "Ended: Legal research",
        "description": "Dana · Upwork · $150.00",
        "color": 0xE67E22,
        "fields": [
            {"name": "Milestones", "value": "✖️ **Final memo** · $50.00 · voided", "inline": False},
            {
                "name": "Money (USD)",
                "value": "Released: **$100.00**\nOutstanding: **$50.00**",
                "inline": True,
            },
            {"name": "Review", "value": "14 days after you submit", "inline": True},
        ],
        "footer": {"text": "Next: /summary"},
    }
    lines = _plain(Message(1, 10, BOT, embeds=[embed])).splitlines()
    assert lines[0].startswith("╭") and lines[-1].startswith("╰")
    assert "│ Ended: Legal research" in lines[1]
    assert any("✖ Final memo · $50.00 · voided" in line for line in lines)
    money = next(line for line in lines if "Money (USD)" in line)
    assert "Review" in money  # inline fields share a row
    assert any("Outstanding: $50.00" in line for line in lines)
    assert "Next: /summary" in lines[-2]
    assert len({len(line) for line in lines}) == 1  # the box's right edge is straight


def test_buttons_are_numbered_and_disabled_or_link_ones_are_not() -> None:
    components = [
        {
            "type": 1,
            "components": [
                _button("Mark released", "rel", 3),
                _button("Snooze 1 day", "snz"),
                _button("Old", "old", disabled=True),
                {"type": 2, "label": "Guide", "style": 5, "url": "https://example.com"},
            ],
        }
    ]
    message = Message(2, 10, BOT, content="Review ends soon", components=components)
    board = ButtonBoard()
    numbers = board.number(message)
    assert numbers == {"rel": 1, "snz": 2}
    out = _plain(message, numbers)
    assert "[1] Mark released  [2] Snooze 1 day  [Old]  [Guide] https://example.com" in out


def test_a_number_is_never_given_twice_and_a_redrawn_message_keeps_its_numbers() -> None:
    board = ButtonBoard()
    prompt = Message(
        1, 10, BOT, components=[{"type": 1, "components": [_button("Confirm", "c"), _button("Cancel", "x")]}]
    )
    reminder = Message(2, 11, BOT, components=[{"type": 1, "components": [_button("Mark funded", "f")]}])
    assert board.number(prompt) == {"c": 1, "x": 2}
    assert board.number(reminder) == {"f": 3}
    assert board.number(reminder) == {"f": 3}  # drawn again after an edit: the same number
    prompt.components = []  # pressing Cancel replaced the prompt with its outcome
    assert board.number(prompt) == {}
    pressable = board.get(1)
    assert pressable is not None and pressable.gone  # still known, so typing 1 can say it is gone
    reminder_button = board.get(3)
    assert reminder_button is not None and not reminder_button.gone
    again = Message(3, 10, BOT, components=[{"type": 1, "components": [_button("Remove", "r")]}])
    assert board.number(again) == {"r": 4}
    assert board.newest("Mark funded") == 3
    assert board.newest("Confirm") is None
