"""[Draft a message] under /contract view, end to end: the drafts that fit the contract as it stands, each
ready to copy, with amounts, dates in the user's zone and the platform's help link; owner-only; still
working after a restart; and the same wording as the reminder DM's [Message for the client]."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.localdiscord.results import InteractionResult
from bot.settings import Settings

STORY = {"contract": "Legal research"}
HELP = "Upwork's help pages: https://support.upwork.com/hc/en-us"


def _draft(result: InteractionResult) -> str:
    """The copy-ready text of a draft reply (inside its code block)."""
    intro, block = result.text.split("```\n", 1)
    assert "copy and send to Dana" in intro
    return block.removesuffix("```").strip()


def _day(at: datetime, zone: str = "Europe/Berlin") -> str:
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%A} {local.day} {local:%B %Y}"  # `Sunday 6 December 2026`


async def _three_situations(server: LocalDiscord, user: FakeUser) -> None:
    """The forum story's contract mid-way: one milestone unfunded, one whose review ended without a release,
    one with a refund request."""
    await server.command(user, "settings timezone", {"zone": "Europe/Berlin"})
    await server.command(
        user,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for title in ("Case law summary", "Draft memo", "Final memo"):
        await server.command(user, "milestone add", {**STORY, "title": title, "amount": "50"})
    summary = {**STORY, "milestone": "Case law summary"}
    await server.command(user, "milestone fund", {**summary, "date": "20 days ago"})
    await server.command(user, "milestone submit", {**summary, "date": "15 days ago"})
    final = {**STORY, "milestone": "Final memo"}
    await server.command(user, "milestone fund", {**final, "date": "10 days ago"})
    await server.command(user, "milestone submit", {**final, "date": "9 days ago"})
    await server.command(user, "milestone refund-request", {**final, "date": "1 day ago"})
    await server.command(user, "milestone edit", {**STORY, "milestone": "Draft memo", "due": "in 5 days"})


async def test_the_drafts_that_fit_are_offered_and_each_is_ready_to_copy(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await _three_situations(discord_server, alice)
    now = clock.now()
    viewed = await discord_server.command(alice, "contract view", STORY)
    assert [b.label for b in viewed.buttons] == ["Draft a message"]
    offered = await discord_server.press(alice, viewed, label="Draft a message")
    assert offered.ephemeral and "Which message for Dana?" in offered.text
    assert [b.label for b in offered.buttons] == [  # in the order of the milestones
        "Ask to release: Case law summary",
        "Ask to fund: Draft memo",
        "Answer the refund request: Final memo",
    ]

    fund = _draft(await discord_server.press(alice, offered, label="Ask to fund: Draft memo"))
    assert fund == (
        f"Hi Dana, before I start on \u201cDraft memo\u201d ($50.00, due {_day(now + timedelta(days=5))}), could "
        "you fund that milestone on Upwork? Funding it first protects us both. Thank you!\n\n" + HELP
    )
    release = _draft(await discord_server.press(alice, offered, label="Ask to release: Case law summary"))
    ended = now - timedelta(days=15) + timedelta(days=14)
    assert release == (
        f"Hi Dana, the review period for \u201cCase law summary\u201d ended on {_day(ended)}. Could you release "
        "the payment ($50.00) on Upwork, or tell me what still needs changing? Thank you!\n\n" + HELP
    )
    refund = _draft(await discord_server.press(alice, offered, label="Answer the refund request: Final memo"))
    answer_by = now - timedelta(days=1) + timedelta(days=7)
    assert refund == (
        "Hi Dana, I saw your refund request for \u201cFinal memo\u201d ($50.00). The work was delivered as "
        "agreed, so I'd like to understand what isn't right before we settle it. Could you tell me what you "
        f"need? I'll answer it on Upwork by {_day(answer_by)}.\n\n" + HELP
    )
    for draft in (fund, release, refund):
        assert "<t:" not in draft and "**" not in draft  # plain text that reads the same outside Discord


async def test_one_fitting_draft_is_shown_at_once_and_none_is_said_plainly(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for title in ("Case law summary", "Draft memo", "Final memo"):
        await discord_server.command(alice, "milestone add", {**STORY, "title": title, "amount": "50"})
    for title in ("Case law summary", "Draft memo"):
        await discord_server.command(
            alice, "milestone fund", {**STORY, "milestone": title, "date": "20 days ago"}
        )
        await discord_server.command(
            alice, "milestone release", {**STORY, "milestone": title, "date": "10 days ago"}
        )
    ended = await discord_server.command(alice, "contract end", STORY)
    assert "Draft a message" not in [b.label for b in ended.buttons]  # only the view offers drafts

    viewed = await discord_server.command(alice, "contract view", STORY)
    bonus = _draft(await discord_server.press(alice, viewed, label="Draft a message"))
    assert bonus.startswith(
        "Hi Dana, thank you for working with me on \u201cLegal research\u201d. Part of the work ($50.00) was "
        "never funded on Upwork, so it couldn't be paid through a milestone. If you were happy with it, could "
        "you send it as a bonus on Upwork? Upwork allows a bonus until "
    )
    assert bonus.endswith(HELP)

    await discord_server.command(alice, "contract bonus", {**STORY, "amount": "50"})
    nothing = await discord_server.press(alice, viewed, label="Draft a message")
    assert nothing.ephemeral and "Nothing to ask Dana right now" in nothing.text and "```" not in nothing.text


async def test_a_press_by_anyone_else_learns_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    await _three_situations(discord_server, alice)
    viewed = await discord_server.command(alice, "contract view", STORY)
    forged = await discord_server.press(bob, viewed, label="Draft a message", forged=True)
    assert forged.ephemeral and "can't find that contract among yours" in forged.text
    offered = await discord_server.press(alice, viewed, label="Draft a message")
    choice = await discord_server.press(bob, offered, label="Ask to fund: Draft memo", forged=True)
    assert "can't find that contract among yours" in choice.text
    for text in (forged.text, choice.text):
        assert not re.search("Dana|Draft memo|Legal research|50", text)


async def test_the_button_still_works_after_a_restart_and_reads_the_contract_as_it_now_stands(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, alice: FakeUser
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await discord_server.command(
            alice, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"}
        )
        await discord_server.command(
            alice, "milestone add", {**STORY, "title": "Case law summary", "amount": "50"}
        )
        viewed = await discord_server.command(alice, "contract view", STORY)
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await discord_server.command(
            alice, "milestone edit", {**STORY, "milestone": "Case law summary", "amount": "75"}
        )
        draft = _draft(await discord_server.press(alice, viewed, label="Draft a message"))
    assert "\u201cCase law summary\u201d ($75.00)" in draft


async def test_the_reminder_dm_and_the_contract_view_draft_the_same_message(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for title in ("Case law summary", "Final memo"):
        await discord_server.command(
            alice,
            "milestone add",
            {**STORY, "title": title, "amount": "50" if title == "Final memo" else "100"},
        )
    await discord_server.command(
        alice, "milestone fund", {**STORY, "milestone": "Case law summary", "date": "20 days ago"}
    )
    await discord_server.command(
        alice, "milestone release", {**STORY, "milestone": "Case law summary", "date": "10 days ago"}
    )
    await discord_server.command(alice, "contract end", STORY)
    (dm,) = await discord_server.wait_for_dm(alice)
    from_dm = _draft(await discord_server.press(alice, dm, label="Message for the client"))
    viewed = await discord_server.command(alice, "contract view", STORY)
    from_view = _draft(await discord_server.press(alice, viewed, label="Draft a message"))
    assert from_dm == from_view
