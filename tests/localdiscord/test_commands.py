"""Slash commands, autocomplete and the typo protection of the command helper."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.localdiscord import LocalDiscord
from tests.localdiscord.sample_bot import SampleBot


async def test_subcommand_group_options_arrive_parsed(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    result = await server.command(
        alice, "contract milestone add", {"title": "Logo", "amount": 15000, "funded": True}
    )
    assert bot.received == {"title": "Logo", "amount": 15000, "funded": True}
    assert result.type == 4
    assert result.content == "Added Logo: 15000 (funded=True)"
    assert not result.ephemeral
    assert server.channel_messages() == [result.message]


async def test_ephemeral_embed_reply_reads_as_text(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    result = await server.command(alice, "contract list", {"status": "all"})
    assert result.ephemeral
    assert result.embeds[0]["title"] == "Your contracts"
    assert result.text == "Your contracts\nShowing all\nLogo design\n$150 agreed\n1 contract"
    assert server.channel_messages() == []  # nobody else sees it


async def test_deferred_answer_is_filled_by_the_first_followup(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    result = await server.command(alice, "contract summary")
    assert result.type == 5
    assert result.content == "Outstanding: $50"
    assert result.ephemeral and result.message is not None and not result.message.loading
    later = await result.wait_followups(1)
    assert later[0].content == "Next deadline: tomorrow"
    assert later[0].ephemeral


async def test_autocomplete_returns_the_bots_choices(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    choices = await server.autocomplete(alice, "contract view", {"contract": "log"}, focused="contract")
    assert [c["name"] for c in choices] == ["Logo design", "Logo animation"]


async def test_member_permissions_reflect_manage_guild(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    boss = server.add_user("boss", manage_guild=True)
    assert "manage_guild=False app_send=True" in (await server.command(alice, "whoami")).content
    assert "manage_guild=True" in (await server.command(boss, "whoami")).content
    assert (await server.command(boss, "faq-admin")).content == "admin ok"
    with pytest.raises(AssertionError, match="hidden from this user"):
        await server.command(alice, "faq-admin")


async def test_commands_in_a_dm_carry_a_user_not_a_member(server: LocalDiscord, bot: SampleBot) -> None:
    stranger = server.add_user("stranger", in_guild=False)
    result = await server.command(stranger, "whoami", dm=True)
    assert result.content.startswith("stranger in dm")
    with pytest.raises(AssertionError, match="not available in a DM"):
        await server.command(stranger, "faq-admin", dm=True)
    with pytest.raises(AssertionError, match="not a member"):
        await server.command(stranger, "whoami")


@pytest.mark.parametrize(
    ("name", "options", "complaint"),
    [
        ("contrakt list", {}, "no synced slash command /contrakt"),
        ("contract lst", {}, "has no subcommand 'lst'"),
        ("contract", {}, "needs a subcommand"),
        ("contract list", {"state": "all"}, "has no option"),
        ("contract list", {"status": "open"}, "only offers"),
        ("contract milestone add", {"title": "Logo"}, "needs option 'amount'"),
        ("contract milestone add", {"title": "Logo", "amount": "150"}, "is a integer"),
    ],
)
async def test_typos_in_tests_fail_loudly(
    server: LocalDiscord, bot: SampleBot, name: str, options: dict[str, object], complaint: str
) -> None:
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match=complaint):
        await server.command(alice, name, options)


async def test_a_command_the_bot_never_answers_fails_fast(server: LocalDiscord, bot: SampleBot) -> None:
    server.response_window = 0.2
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match="did not respond"):
        await server.command(alice, "silent")


async def test_a_late_answer_is_refused_like_discord_does(server: LocalDiscord, bot: SampleBot) -> None:
    server.response_window = 0.1
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match="did not respond"):
        await server.command(alice, "slow")
    await asyncio.sleep(0.3)
    [error] = bot.command_errors
    assert isinstance(error.__cause__, discord.NotFound) and error.__cause__.code == 10062
    assert server.channel_messages() == []


async def test_a_followup_after_the_token_expired_is_refused_like_discord_does(
    server: LocalDiscord, bot: SampleBot
) -> None:
    server.token_lifetime = 0.02  # the summary defers, then follows up 50 ms later
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match="deferred but never sent its answer"):
        await server.command(alice, "contract summary", timeout=0.5)
    [error] = bot.command_errors
    assert isinstance(error.__cause__, discord.HTTPException)
    assert (error.__cause__.status, error.__cause__.code) == (401, 50027)


async def test_an_answer_discord_would_reject_fails_the_test(
    server: LocalDiscord, bot: SampleBot, caplog: pytest.LogCaptureFixture
) -> None:
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match=r"rejects.*25 or fewer"):
        await server.autocomplete(alice, "contract view", {"contract": "everything"}, focused="contract")
    # discord.py logs the 400 it got; that error is the expected outcome here.
    for _ in range(100):
        if any("autocomplete" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.01)
    caplog.clear()
