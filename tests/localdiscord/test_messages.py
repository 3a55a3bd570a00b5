"""Channel messages and DMs the bot sends: delivery, nonces, refusals, limits and attachments."""

from __future__ import annotations

import asyncio
import io

import discord
import pytest

from bot.localdiscord import LocalDiscord
from tests.localdiscord.sample_bot import SampleBot


async def test_a_dm_arrives_in_wait_for_dm(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")

    async def send_later() -> None:
        await asyncio.sleep(0.05)
        user = await bot.fetch_user(alice.id)
        await user.send("Your review period ends in 3 days.")
        await user.send(embed=discord.Embed(title="Milestone funded?", description="Logo design"))

    sender = asyncio.create_task(send_later())
    dms = await server.wait_for_dm(alice, count=2)
    await sender
    assert [m.text for m in dms] == ["Your review period ends in 3 days.", "Milestone funded?\nLogo design"]
    assert server.dms(alice) == dms


async def test_wait_for_dm_fails_when_nothing_comes(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match="alice has 0 DMs"):
        await server.wait_for_dm(alice, timeout=0.05)


async def test_the_same_nonce_is_not_sent_twice(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    user = await bot.fetch_user(alice.id)
    first = await user.send("Reminder: review ends tomorrow", nonce="reminder-42")
    again = await user.send("Reminder: review ends tomorrow", nonce="reminder-42")
    other = await user.send("Reminder: another milestone", nonce="reminder-43")
    assert again.id == first.id
    assert other.id != first.id
    assert [m.content for m in server.dms(alice)] == [
        "Reminder: review ends tomorrow",
        "Reminder: another milestone",
    ]


async def test_a_user_with_closed_dms_makes_send_raise_forbidden(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    server.faults.refuse_dms(alice)
    user = await bot.fetch_user(alice.id)
    with pytest.raises(discord.Forbidden) as refused:
        await user.send("hello")
    assert refused.value.code == 50007
    assert server.dms(alice) == []


async def test_channel_messages_can_be_edited_and_deleted(server: LocalDiscord, bot: SampleBot) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("Weekly summary")
    await sent.edit(content="Weekly summary (updated)")
    [stored] = server.channel_messages()
    assert stored.content == "Weekly summary (updated)" and stored.edited_at is not None
    await sent.delete()
    assert server.channel_messages() == []


async def test_discord_limits_are_enforced(server: LocalDiscord, bot: SampleBot) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035
    embed = discord.Embed(title="t")
    for index in range(26):
        embed.add_field(name=str(index), value="v")
    with pytest.raises(discord.HTTPException) as too_many_fields:
        await channel.send(embed=embed)
    assert too_many_fields.value.code == 50035


async def test_attachments_keep_their_bytes(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    user = await bot.fetch_user(alice.id)
    sent = await user.send("Your export", file=discord.File(io.BytesIO(b'{"contracts": []}'), "export.json"))
    assert sent.attachments[0].filename == "export.json"
    [dm] = server.dms(alice)
    assert dm.files == {"export.json": b'{"contracts": []}'}


async def test_the_bot_sees_its_own_messages_through_the_gateway(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    result = await server.command(alice, "contract milestone add", {"title": "Logo", "amount": 1})
    assert result.message is not None
    seen = await bot.wait_for("message", check=lambda m: m.id == result.message.id, timeout=1)  # type: ignore[union-attr]
    assert seen.content.startswith("Added Logo")
