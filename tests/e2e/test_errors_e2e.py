"""The one error path: a bug shows the user a short apology with a reference, and the log has the details."""

from __future__ import annotations

import logging
import re

import pytest

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord


async def test_an_unexpected_error_gets_a_reference_the_user_can_quote(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken_summary(owner_id: int) -> None:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(milestone_bot.services.contracts, "summary", broken_summary)
    with caplog.at_level(logging.ERROR, logger="milestone_bot.errors"):
        reply = await discord_server.command(alice, "summary")

    assert reply.ephemeral
    found = re.search(r"Reference: `([0-9a-f]{6})`", reply.text)
    assert found, reply.text
    assert "disk caught fire" not in reply.text
    logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_control_characters_typed_by_the_user_are_not_echoed_raw(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Site", "client": "Dana", "price": "10"})
    typed = "Lo\x1b[31mgo\u202e\u200bx"
    reply = await discord_server.command(alice, "contract view", {"contract": typed})
    assert reply.ephemeral and "no contract called" in reply.text
    for raw in ("\x1b", "\u202e", "\u200b"):
        assert raw not in reply.text
    assert "Lo\ufffd[31mgo" in reply.text
