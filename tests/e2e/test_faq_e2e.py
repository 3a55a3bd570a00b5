"""The help FAQ end to end: real discord.py against the local Discord server, on a real SQLite file."""

from __future__ import annotations

import pytest

from bot.app import MilestoneBot
from bot.faq.builtin import TOPIC_ORDER
from bot.localdiscord import FakeUser, InteractionResult, LocalDiscord

MANAGE_GUILD = 1 << 5
OUR_TEXT = "Here we ask a mentor to look at the delivery before the review ends."


def _topic_lines(result: InteractionResult) -> list[str]:
    """The topic keys a /faq list or /faq search answer names, in order."""
    description = result.embeds[0].get("description", "")
    return [line.split("`")[1] for line in description.splitlines() if line.startswith("`")]


async def test_a_built_in_topic_is_posted_for_everyone_with_its_sources(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    shown = await discord_server.command(alice, "faq show", {"topic": "review-period"})

    assert not shown.ephemeral
    assert shown.message in discord_server.channel_messages()
    assert "14 days" in shown.text and "Submit work" in shown.text
    embed = shown.embeds[0]
    assert embed["title"] == "Review period and auto-release"
    sources = next(field for field in embed["fields"] if field["name"] == "Sources")
    assert "(https://support.upwork.com/hc/en-us/articles/211063718)" in sources["value"]
    assert embed["footer"]["text"].startswith("Built-in answer")


async def test_a_topic_can_be_shown_only_to_yourself_and_in_a_dm(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    private = await discord_server.command(alice, "faq show", {"topic": "payment-hold", "private": True})
    assert private.ephemeral
    assert private.message not in discord_server.channel_messages()
    assert private.embeds[0]["title"] == "Released, pending, available: where is my money?"

    in_dm = await discord_server.command(alice, "faq show", {"topic": "funding-and-escrow"}, dm=True)
    assert "escrow" in in_dm.text
    listed = await discord_server.command(alice, "faq list", dm=True)
    assert _topic_lines(listed) == list(TOPIC_ORDER)


async def test_topic_autocomplete_matches_words_of_the_title(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    choices = await discord_server.autocomplete(alice, "faq show", {"topic": "auto-rel"}, "topic")
    assert [choice["value"] for choice in choices] == ["review-period"]
    assert choices[0]["name"] == "Review period and auto-release (review-period)"


async def test_search_ranks_the_funding_topic_first_even_when_misspelt(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    found = await discord_server.command(alice, "faq search", {"query": "escrow"})
    assert found.ephemeral
    assert _topic_lines(found)[0] == "funding-and-escrow"

    misspelt = await discord_server.command(alice, "faq search", {"query": "escorw"})
    assert "come closest" in misspelt.text
    assert _topic_lines(misspelt)[0] == "funding-and-escrow"

    syntax = await discord_server.command(alice, "faq search", {"query": 'escrow" OR (NEAR'})
    assert "funding-and-escrow" in _topic_lines(syntax)


async def test_an_admins_override_replaces_the_text_here_and_reset_restores_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    saved = await discord_server.command(
        admin,
        "faq-admin set",
        {"topic": "review-period", "title": "Review period here", "body": f"{OUR_TEXT}\\nPing @everyone."},
    )
    assert saved.ephemeral
    assert "instead of the built-in answer" in saved.text

    ours = await discord_server.command(alice, "faq show", {"topic": "review-period"})
    embed = ours.embeds[0]
    assert embed["title"] == "Review period here"
    assert embed["description"] == f"{OUR_TEXT}\nPing @everyone."
    assert "14 days" not in ours.text
    assert "fields" not in embed or not embed["fields"]  # the built-in sources don't back the server's text
    assert embed["footer"]["text"].startswith("This server's own answer")
    assert _topic_lines(await discord_server.command(alice, "faq search", {"query": "mentor"})) == [
        "review-period"
    ]
    # Outside this server (a DM with the bot) the built-in answer stands.
    in_dm = await discord_server.command(alice, "faq show", {"topic": "review-period"}, dm=True)
    assert "14 days" in in_dm.text

    reset = await discord_server.command(admin, "faq-admin reset", {"topic": "review-period"})
    assert "built-in text again" in reset.text
    back = await discord_server.command(alice, "faq show", {"topic": "review-period"})
    assert "14 days" in back.text and "Submit work" in back.text
    assert back.embeds[0]["title"] == "Review period and auto-release"


async def test_an_admin_adds_and_removes_topics_of_the_server(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    added = await discord_server.command(
        admin,
        "faq-admin set",
        {"topic": "late-payments", "title": "Late payments", "body": "Chase politely after three days."},
    )
    assert "Added `late-payments`" in added.text
    assert _topic_lines(await discord_server.command(alice, "faq list")) == [*TOPIC_ORDER, "late-payments"]

    hidden = await discord_server.command(admin, "faq-admin remove", {"topic": "bonuses"})
    assert "hidden in this server" in hidden.text
    deleted = await discord_server.command(admin, "faq-admin remove", {"topic": "late-payments"})
    assert "Deleted" in deleted.text
    listed = _topic_lines(await discord_server.command(alice, "faq list"))
    assert listed == [key for key in TOPIC_ORDER if key != "bonuses"]
    gone = await discord_server.command(alice, "faq show", {"topic": "bonuses"})
    assert gone.ephemeral and "no FAQ topic `bonuses`" in gone.text

    choices = await discord_server.autocomplete(admin, "faq-admin reset", {"topic": ""}, "topic")
    assert [choice["value"] for choice in choices] == ["bonuses"]


async def test_a_member_without_manage_server_is_refused(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, bob: FakeUser, alice: FakeUser
) -> None:
    synced = next(c for c in discord_server.commands if c["name"] == "faq-admin")
    assert int(synced["default_member_permissions"]) == MANAGE_GUILD
    assert synced["contexts"] == [0]
    # Discord hides the command from bob, so the local server won't let the test send it...
    with pytest.raises(AssertionError, match="hidden from this user"):
        await discord_server.command(bob, "faq-admin reset", {"topic": "review-period"})

    # ...until the server's admins let everyone use it; the bot still checks Manage Server on each use.
    discord_server.let_everyone_use("faq-admin")
    refused = await discord_server.command(
        bob, "faq-admin set", {"topic": "review-period", "title": "Mine", "body": "Overwritten."}
    )
    assert refused.ephemeral
    assert "Manage Server" in refused.text
    shown = await discord_server.command(alice, "faq show", {"topic": "review-period"})
    assert "14 days" in shown.text and "Overwritten" not in shown.text


async def test_bad_input_gets_a_short_private_answer_and_changes_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser, alice: FakeUser
) -> None:
    bad_key = await discord_server.command(
        admin, "faq-admin set", {"topic": "Late payments!", "title": "Late", "body": "Text"}
    )
    assert bad_key.ephemeral and "lowercase letters, digits and dashes" in bad_key.text
    untouched = await discord_server.command(admin, "faq-admin reset", {"topic": "milestones"})
    assert untouched.ephemeral and "already shows the built-in text" in untouched.text
    no_words = await discord_server.command(alice, "faq search", {"query": "?!"})
    assert no_words.ephemeral and "Type a word or two" in no_words.text

    assert _topic_lines(await discord_server.command(alice, "faq list")) == list(TOPIC_ORDER)
