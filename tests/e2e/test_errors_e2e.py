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


async def test_a_reply_refused_after_contract_end_was_saved_says_it_was_saved(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    # Discord refuses the first reply (as it would one past a limit): the end is committed by then.
    discord_server.faults.fail(
        "POST /interactions/*/*/callback", status=400, code=50035, message="Invalid Form Body"
    )

    reply = await discord_server.command(alice, "contract end", {"contract": "Logo"})

    assert reply.ephemeral
    assert "`/contract end` was saved" in reply.text
    assert "Nothing was changed" not in reply.text
    assert re.search(r"Reference: `[0-9a-f]{6}`", reply.text)
    viewed = await discord_server.command(alice, "contract view", {"contract": "Logo"})
    assert "ended" in viewed.text


async def test_a_reply_refused_before_anything_was_saved_still_says_nothing_changed(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    discord_server.faults.fail(
        "POST /interactions/*/*/callback", status=400, code=50035, message="Invalid Form Body"
    )

    reply = await discord_server.command(alice, "contract view", {"contract": "Logo"})

    assert "Nothing was changed" in reply.text
