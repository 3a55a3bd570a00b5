"""Discord's message limits at realistic extremes, end to end: the replies that used to pass the 6,000-character
embed total or the 25-field limit (and got a 400 from Discord) now come as pages within every limit, and the
pages together show every milestone and every money line.

Titles are as long as the bot accepts (100 characters) and full of characters that markdown escaping
doubles. Each page is checked against the bot's own budget as well as by the local server.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.localdiscord.results import InteractionResult
from bot.settings import Settings
from cogs.common import pages
from tests.cogs.test_message_budget import CURRENCIES
from tests.e2e.paging import read_pages, within_limits
from tests.e2e.scheduling import GUARD, settled

ESCAPED = "*_~|>"  # each one is shown with a backslash before it


def long_title(marker: str) -> str:
    return (marker + " " + ESCAPED * 20)[:100]


async def _contract(
    server: LocalDiscord, user: FakeUser, title: str, milestones: int, *, price: str = "1,000,000"
) -> None:
    await server.command(
        user, "contract add", {"title": title, "client": long_title("Client"), "price": price}
    )
    for number in range(milestones):
        await server.command(
            user,
            "milestone add",
            {"contract": title, "title": long_title(f"M{number:02d}"), "amount": f"{10_000 + number}"},
        )


def _assert_every_milestone_once(pages: list[str], count: int) -> None:
    text = "\n".join(pages)
    for number in range(count):
        assert text.count(f"M{number:02d} ") == 1, f"M{number:02d}"
        assert f"${10_000 + number:,}.00" in text, number
    assert "of the agreed" in text  # the money total, on some page


async def test_contract_view_with_35_long_milestones_comes_in_pages_showing_every_line(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    title = long_title("Rebuild")
    await _contract(discord_server, alice, title, 35)

    viewed = await discord_server.command(alice, "contract view", {"contract": title})
    pages = await read_pages(discord_server, alice, viewed)

    assert len(pages) >= 2
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    _assert_every_milestone_once(pages, 35)
    assert "Draft a message" in [b.label for b in viewed.buttons]  # the persistent button stays below
    refused = await discord_server.press(bob, viewed, label="◀", forged=True)
    assert refused.ephemeral and "aren't yours" in refused.text
    back = await discord_server.press(alice, viewed, label="◀")
    assert f"Page {len(pages) - 1} of {len(pages)}" in back.text


async def test_contract_end_with_60_long_milestones_saves_and_shows_every_line(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    for count in (35, 60):
        title = long_title(f"End{count}")
        await _contract(discord_server, alice, title, count)
        ended = await discord_server.command(alice, "contract end", {"contract": title})
        pages = await read_pages(discord_server, alice, ended)
        assert "Ended: " in pages[0]
        _assert_every_milestone_once(pages, count)
        assert "voided" in "\n".join(pages)


async def test_contract_list_with_20_long_titles_in_chf_shows_every_contract(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    for number in range(20):
        await discord_server.command(
            alice,
            "contract add",
            {
                "title": long_title(f"C{number:02d}"),
                "client": long_title("Client"),
                "price": "999,999,999.99",  # near the most the bot tracks
                "currency": "CHF",
            },
        )
    listed = await discord_server.command(alice, "contract list")
    pages = await read_pages(discord_server, alice, listed)
    text = "\n".join(pages)
    for number in range(20):
        assert f"C{number:02d} " in text, number
    assert text.count("999,999,999.99") == 20  # each contract's agreed price, none cut off


async def test_summary_with_26_currencies_shows_each_total(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    currencies = CURRENCIES
    for code in currencies:
        await discord_server.command(
            alice,
            "contract add",
            {"title": f"Work in {code}", "client": "Dana", "price": "1000", "currency": code},
        )
    summary = await discord_server.command(alice, "summary")
    text = "\n".join(await read_pages(discord_server, alice, summary))
    for code in currencies:
        assert f"Totals in {code}" in text, code
        assert f"Work in {code}" in text, code


async def test_five_coalesced_escaped_reminders_arrive_within_limits_and_survive_repeated_presses(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    title = long_title("Escaped")
    await discord_server.command(
        alice, "contract add", {"title": title, "client": long_title("Client"), "price": "1,000,000"}
    )
    for number in range(5):
        await discord_server.command(
            alice,
            "milestone add",
            {"contract": title, "title": long_title(f"R{number}"), "amount": "1000", "due": "in 10 days"},
        )
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 0
    clock.advance(timedelta(days=7, minutes=1))  # the five 3-days-before reminders fall due together
    await settled(milestone_bot)
    dms = discord_server.dms(alice)
    assert len(dms) >= 2  # five of them would pass 6,000 characters in one DM
    text = "\n".join(dm.text for dm in dms)
    for number in range(5):
        assert text.count(f"R{number} ") == 1, number
    for dm in dms:
        within_limits(dm)

    first = dms[0]
    snooze = next(b for b in first.buttons if b.label == "Snooze…")
    menu = await discord_server.press(alice, first, custom_id=snooze.custom_id)
    within_limits(menu.message)
    snoozed = await discord_server.choose(alice, first, "In 1 hour")
    within_limits(snoozed.message)
    for _ in range(2):  # each press replaces the reminder's note, never adds one
        pressed = await _press_first_live(discord_server, alice, first)
        within_limits(pressed.message)
    fields = [field["name"] for embed in first.embeds for field in embed.get("fields", [])]
    assert fields.count("Done") <= len(first.embeds)
    await discord_server.wait_for_dm(alice, count=len(dms), timeout=GUARD)


async def _press_first_live(server: LocalDiscord, user: FakeUser, dm: object) -> InteractionResult:
    live = next(b for b in server.message(dm.id).buttons if not b.disabled and b.label != "Snooze…")  # type: ignore[attr-defined]
    return await server.press(user, server.message(dm.id), custom_id=live.custom_id)  # type: ignore[attr-defined]


async def test_pages_left_unturned_expire_visibly_keeping_the_page_and_the_draft_button(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pages, "PROMPT_TIMEOUT", 0.3)  # instead of 5 minutes
    title = long_title("Expiring")
    await _contract(discord_server, alice, title, 35)
    viewed = await discord_server.command(alice, "contract view", {"contract": title})
    assert "▶" in [b.label for b in viewed.buttons]

    await discord_server.world.changes.wait_until(
        lambda: True if "expired" in viewed.text else None, within=GUARD, failure=lambda: viewed.text
    )

    assert "Run `/contract view` again" in viewed.text
    assert [b.label for b in viewed.buttons] == ["Draft a message"]
    assert "Page 1 of" in viewed.text and "M00 " in viewed.text  # the page shown stays


async def test_pages_open_when_the_bot_stops_say_they_no_longer_turn(
    discord_server: LocalDiscord, settings: Settings, alice: FakeUser
) -> None:
    title = long_title("Stopping")
    async with running_bot(discord_server, MilestoneBot(settings)):
        await _contract(discord_server, alice, title, 35)
        viewed = await discord_server.command(alice, "contract view", {"contract": title})
    assert "went offline" in viewed.text
    assert "▶" not in [b.label for b in viewed.buttons]


async def test_faq_list_with_every_topic_a_server_may_add_comes_in_pages(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    from bot.services.faq import MAX_SERVER_TOPICS

    keys = [f"house-rule-{number:02d}-" + "x" * 26 for number in range(MAX_SERVER_TOPICS)]
    for key in keys:
        saved = await discord_server.command(
            admin, "faq-admin set", {"topic": key, "title": long_title(key[:13]), "body": "Our way."}
        )
        assert "Added" in saved.text, saved.text

    listed = await discord_server.command(alice, "faq list")
    pages = await read_pages(discord_server, alice, listed)

    assert len(pages) >= 2  # 50 long lines are more than one embed holds: pages, not "…and 20 more"
    text = "\n".join(pages)
    assert "more" not in text.replace("Open one with", "")
    for key in [*keys, "funding-and-escrow", "using-this-bot"]:
        assert text.count(f"`{key}`") == 1, key


async def test_reminders_list_shows_every_planned_reminder_in_pages(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    title = long_title("Retainer")
    await discord_server.command(
        alice, "contract add", {"title": title, "client": "Dana", "price": "100,000"}
    )
    # Unfunded, due in 20 days: three reminders each (3 days and 1 day before, and when it is due).
    for number in range(30):
        await discord_server.command(
            alice,
            "milestone add",
            {"contract": title, "title": long_title(f"M{number:02d}"), "amount": "100", "due": "in 20 days"},
        )

    listed = await discord_server.command(alice, "reminders list")
    pages = await read_pages(discord_server, alice, listed)

    assert len(pages) >= 2
    text = "\n".join(pages)
    for number in range(30):  # 90 reminders listed; before, the list stopped at 15
        assert text.count(f"M{number:02d} ") == 3, number
    assert "more." not in text
