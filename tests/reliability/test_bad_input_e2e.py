"""A sample of nasty input through real Discord interactions: every text option of every contract and
milestone command, and every field of the forms a reminder DM opens, answers privately and briefly, and
never with the "something went wrong" apology."""

from __future__ import annotations

from typing import Any

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, InteractionResult, LocalDiscord
from cogs.reminders.buttons import SNOOZE_TEXT_MAX
from tests.reliability.conftest import TALLY, reminders_settled

STRING = 3
SUB_COMMAND = 1
# An answer a person can read at a glance; embeds of a whole contract stay well under this.
MAX_REPLY = 1500
NASTY = [
    "@everyone **x** ||y|| `z`\n# big",
    "<@&123456789012345678>",
    "'; DROP TABLE milestones; --",
    "bad\x00value\u202e",
    "y" * 5000,
    "2026-03-08 02:30",
    "9999999999999999999.99",
    "#9223372036854775808",
]
VALID = {"contract": "Logo", "milestone": "Sketches", "title": "New", "client": "Dana", "price": "150"}
VALID |= {"amount": "50"}


def _text_options(server: LocalDiscord) -> dict[str, list[dict[str, Any]]]:
    """Each contract and milestone command's free-text options, as the bot registered them."""
    found = {}
    for group in server.commands:
        if group["name"] not in ("contract", "milestone"):
            continue
        for command in group.get("options", []):
            if command["type"] == SUB_COMMAND:
                options = [
                    o for o in command.get("options", []) if o["type"] == STRING and not o.get("choices")
                ]
                found[f"{group['name']} {command['name']}"] = options
    return found


async def test_nasty_text_in_every_option_gets_a_short_private_answer(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50"}
    )
    # Echoed text may hold mentions; the bot's replies must never ping anyone.
    pings = milestone_bot.allowed_mentions
    assert pings is not None and not (pings.everyone or pings.roles or pings.users)
    commands = _text_options(discord_server)
    assert len(commands) >= 14, sorted(commands)
    tried = 0
    for name, options in sorted(commands.items()):
        required = {o["name"]: VALID[o["name"]] for o in options if o.get("required")}
        for option in options:
            for value in NASTY:
                reply = await discord_server.command(alice, name, {**required, option["name"]: value})
                tried += 1
                where = f"/{name} {option['name']}={value[:30]!r}"
                assert reply.ephemeral, where
                assert 0 < len(reply.text) <= MAX_REPLY, where
                assert "Something went wrong" not in reply.text, f"{where}: {reply.text}"
    TALLY["inputs sent end to end"] += tried
    assert tried >= 150


async def test_nasty_text_in_the_reminder_dm_forms_gets_a_short_private_answer(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    """The forms a reminder DM opens: "Another time…" under Snooze, and "Record a bonus"."""
    server = discord_server
    await server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 2 days"}
    )
    await server.command(alice, "contract add", {"title": "Old", "client": "Ann", "price": "80"})
    await server.command(alice, "milestone add", {"contract": "Old", "title": "Never funded", "amount": "80"})
    await server.command(alice, "contract end", {"contract": "Old"})
    await reminders_settled(milestone_bot)
    snooze_dm, ended_dm = (
        next(m for m in server.dms(alice) if label in [b.label for b in m.buttons])
        for label in ("Snooze…", "Record a bonus")
    )
    await server.press(alice, snooze_dm, label="Snooze…")
    tried = 0

    def check(reply: InteractionResult, where: str) -> None:
        assert reply.ephemeral, where
        assert 0 < len(reply.text) <= MAX_REPLY, where
        assert "Something went wrong" not in reply.text, f"{where}: {reply.text}"

    for value in NASTY:
        opened = await server.choose(alice, snooze_dm, "Another time…")
        reply = await server.submit_modal(alice, opened, {"When": value[:SNOOZE_TEXT_MAX]})
        check(reply, f"Another time… {value[:30]!r}")
        for form in ({"Amount": value[:64]}, {"Amount": "5", "When it was paid": value[:SNOOZE_TEXT_MAX]}):
            opened = await server.press(alice, ended_dm, label="Record a bonus")
            check(await server.submit_modal(alice, opened, form), f"Record a bonus {form}")
        tried += 3
    TALLY["inputs sent end to end"] += tried
