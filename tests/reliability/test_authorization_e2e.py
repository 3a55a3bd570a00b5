"""A second user who holds the first user's ids (`#<id>`, as autocomplete sends them, or a reminder id, as
a DM button carries it) or types their titles gets "not found" from every command, autocomplete, confirm
action and reminder button, learns nothing, and changes nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest
from bot.reminders.notices import ReminderAction
from bot.reminders.service import ReminderService

from bot.app import MilestoneBot
from bot.domain.errors import UserFacingError
from bot.localdiscord import FakeUser, LocalDiscord
from tests.reliability.conftest import TALLY

# Alice's secrets: none of these may reach Bob in any form.
SECRETS = ("Acme rebrand", "Zed Corp", "Hidden draft", "4,321", "1,234", "4321", "1234")
NOT_FOUND = ("can't find", "no contract called", "no milestone called")
UNUSED_CONTRACT = "#987654"
UNUSED_MILESTONE = "#987655"
# Every command that takes a contract; those marked True take a milestone of it too.
COMMANDS: dict[str, bool] = {
    "contract view": False,
    "contract end": False,
    "contract delete": False,
    "milestone add": False,
    "milestone edit": True,
    "milestone fund": True,
    "milestone submit": True,
    "milestone release": True,
    "milestone changes": True,
    "milestone refund-request": True,
    "milestone refund": True,
    "milestone dispute": True,
    "milestone remove": True,
}
# Options a command needs besides the ids, so that only the ids can make it fail.
EXTRA: dict[str, dict[str, str]] = {
    "milestone add": {"title": "New part", "amount": "10"},
    "milestone edit": {"amount": "5"},
}


class Ids:
    def __init__(self, contract: str, milestone: str) -> None:
        self.contract = contract
        self.milestone = milestone


async def _ids(
    server: LocalDiscord, user: FakeUser, contract: str, client: str, price: str, milestone: str, amount: str
) -> Ids:
    """Adds a contract with one funded milestone and returns their ids as the user's autocomplete shows them."""
    await server.command(user, "contract add", {"title": contract, "client": client, "price": price})
    await server.command(user, "milestone add", {"contract": contract, "title": milestone, "amount": amount})
    await server.command(user, "milestone fund", {"contract": contract, "milestone": milestone})
    [c] = await server.autocomplete(user, "contract view", {"contract": contract[:4]}, "contract")
    [m] = await server.autocomplete(
        user, "milestone fund", {"contract": c["value"], "milestone": ""}, "milestone"
    )
    return Ids(c["value"], m["value"])


async def _everything(bot: MilestoneBot) -> str:
    digest = hashlib.sha256()
    async with bot.db.read() as conn:
        for table in ("users", "contracts", "milestones", "milestone_events", "reminders"):
            async with conn.execute(f"SELECT * FROM {table} ORDER BY rowid") as cur:
                digest.update(repr([tuple(row) for row in await cur.fetchall()]).encode())
    return digest.hexdigest()


def _reveals(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
async def two_users(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> tuple[Ids, Ids]:
    return (
        await _ids(discord_server, alice, "Acme rebrand", "Zed Corp", "4321", "Hidden draft", "1234"),
        await _ids(discord_server, bob, "Bob shop", "Yolanda", "777", "Bob part", "55"),
    )


async def test_bob_holding_alices_ids_learns_and_changes_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, bob: FakeUser, two_users: tuple[Ids, Ids]
) -> None:
    alices, bobs = two_users
    before = await _everything(milestone_bot)
    probes = 0

    async def ask(command: str, options: dict[str, Any]) -> str:
        nonlocal probes
        probes += 1
        reply = await discord_server.command(bob, command, {**options, **EXTRA.get(command, {})})
        assert reply.ephemeral, command
        return reply.text

    for command, with_milestone in COMMANDS.items():
        # Alice's contract id (and her milestone's), and Bob's own contract with Alice's milestone id.
        attempts = [
            {"contract": alices.contract} | ({"milestone": alices.milestone} if with_milestone else {})
        ]
        if with_milestone:
            attempts.append({"contract": bobs.contract, "milestone": alices.milestone})
        for options in attempts:
            text = await ask(command, options)
            assert not _reveals(text), f"/{command} {options}: {text}"
            assert any(words in text for words in NOT_FOUND), f"/{command} {options}: {text}"
            # Alice's id and an id nobody has get the very same answer: nothing to tell them apart.
            unused = {
                k: UNUSED_CONTRACT
                if v == alices.contract
                else UNUSED_MILESTONE
                if v == alices.milestone
                else v
                for k, v in options.items()
            }
            assert await ask(command, unused) == text, f"/{command} {options}"
        # Her titles typed by hand: Bob's own input may be echoed back, nothing of hers beyond it.
        typed = {"contract": "Acme rebrand"} | ({"milestone": "Hidden draft"} if with_milestone else {})
        text = await ask(command, typed)
        assert "no contract called `Acme rebrand`" in text, text
        assert not _reveals(text.replace("`Acme rebrand`", "")), f"/{command} typed: {text}"

    assert await _everything(milestone_bot) == before
    TALLY["cross-user probes"] += probes


async def test_autocomplete_offers_bob_only_his_own(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, bob: FakeUser, two_users: tuple[Ids, Ids]
) -> None:
    alices, bobs = two_users
    probes = 0
    for command, with_milestone in COMMANDS.items():
        for typed in ("", "Acme", alices.contract):
            offered = await discord_server.autocomplete(bob, command, {"contract": typed}, "contract")
            probes += 1
            assert all(not _reveals(choice["name"]) for choice in offered), offered
            assert {choice["value"] for choice in offered} <= {bobs.contract}
        if not with_milestone:
            continue
        for contract, typed in ((alices.contract, ""), ("Acme rebrand", "Hid"), (bobs.contract, "Hidden")):
            offered = await discord_server.autocomplete(
                bob, command, {"contract": contract, "milestone": typed}, "milestone"
            )
            probes += 1
            assert all(not _reveals(choice["name"]) for choice in offered), offered
            assert {choice["value"] for choice in offered} <= {bobs.milestone}
    TALLY["cross-user probes"] += probes


async def test_confirm_actions_with_alices_ids_do_nothing_for_bob(
    milestone_bot: MilestoneBot, bob: FakeUser, two_users: tuple[Ids, Ids]
) -> None:
    """What the Delete, Remove, Submit anyway and mute buttons run, called with Bob's id and Alice's ids."""
    alices, _ = two_users
    contract_id, milestone_id = int(alices.contract[1:]), int(alices.milestone[1:])
    before = await _everything(milestone_bot)

    assert await milestone_bot.contracts.delete(bob.id, contract_id) is False
    assert await milestone_bot.milestones.remove(bob.id, milestone_id) is False
    with pytest.raises(UserFacingError) as muted:
        await milestone_bot.milestones.set_muted(bob.id, milestone_id, True)
    assert not _reveals(muted.value.message)
    with pytest.raises(UserFacingError) as submitted:
        await milestone_bot.milestones.act(
            bob.id, "submit", contract=alices.contract, milestone=alices.milestone, confirmed=True
        )
    assert not _reveals(submitted.value.message)
    with pytest.raises(UserFacingError):
        await milestone_bot.contracts.describe_for_delete(bob.id, alices.contract)

    assert await _everything(milestone_bot) == before
    TALLY["cross-user probes"] += 5


async def test_faq_admin_refuses_a_member_even_when_the_server_lets_everyone_see_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, bob: FakeUser
) -> None:
    discord_server.let_everyone_use("faq-admin")
    before = await _faq_rows(milestone_bot)
    for name, options in (
        ("faq-admin set", {"topic": "review-period", "title": "Mine", "body": "Overwritten."}),
        ("faq-admin remove", {"topic": "bonuses"}),
        ("faq-admin reset", {"topic": "review-period"}),
    ):
        refused = await discord_server.command(bob, name, options)
        assert refused.ephemeral, name
        assert "Manage Server" in refused.text, refused.text
    assert await _faq_rows(milestone_bot) == before
    TALLY["cross-user probes"] += 3


async def _faq_rows(bot: MilestoneBot) -> list[tuple[object, ...]]:
    async with bot.db.read() as conn:
        rows = []
        for table in ("faq_entries", "faq_changes"):
            async with conn.execute(f"SELECT * FROM {table} ORDER BY rowid") as cur:
                rows += [tuple(row) for row in await cur.fetchall()]
    return rows


async def test_reminder_buttons_with_alices_reminder_ids_do_nothing_for_bob(
    milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser, two_users: tuple[Ids, Ids]
) -> None:
    """A DM button's id names a reminder; pressed by anyone but its owner, it is "not found"."""
    alices, _ = two_users
    await milestone_bot.milestones.add(
        alice.id, contract=alices.contract, title="Hidden second", amount="1234", due="in 10 days"
    )
    async with (
        milestone_bot.db.read() as conn,
        conn.execute("SELECT id FROM reminders WHERE owner_id = ?", (alice.id,)) as cur,
    ):
        reminder_ids = [row[0] for row in await cur.fetchall()]
    assert reminder_ids, "Alice's due date should have planned reminders"
    before = await _everything(milestone_bot)
    service = ReminderService(milestone_bot.context, milestone_bot.milestones)
    probes = 0
    for reminder_id in reminder_ids:
        for action in ReminderAction:
            with pytest.raises(UserFacingError) as refused:
                await service.press(bob.id, reminder_id, action)
            probes += 1
            assert "can't find" in refused.value.message
            assert not _reveals(refused.value.message) and "Hidden second" not in refused.value.message
    assert await _everything(milestone_bot) == before
    TALLY["cross-user probes"] += probes


# Every Confirm prompt, as Alice opens it: (command, options, the button that would act).
PROMPTS: list[tuple[str, dict[str, str], str]] = [
    ("contract delete", {"contract": "Acme rebrand"}, "Delete"),
    ("milestone remove", {"contract": "Acme rebrand", "milestone": "Unfunded part"}, "Remove"),
    ("milestone submit", {"contract": "Acme rebrand", "milestone": "Unfunded part"}, "Submit anyway"),
    ("privacy delete", {}, "Delete everything"),
]


@pytest.mark.parametrize(("command", "options", "button"), PROMPTS, ids=[p[0] for p in PROMPTS])
async def test_a_forged_press_on_alices_prompt_is_refused_and_hers_still_works(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    bob: FakeUser,
    two_users: tuple[Ids, Ids],
    command: str,
    options: dict[str, str],
    button: str,
) -> None:
    """Discord shows a prompt to the one who asked; if a forged interaction reached it anyway, the
    prompt itself turns away anyone else."""
    await discord_server.command(
        alice, "milestone add", {"contract": "Acme rebrand", "title": "Unfunded part", "amount": "10"}
    )
    prompt = await discord_server.command(alice, command, options)
    before = await _everything(milestone_bot)

    refused = await discord_server.press(bob, prompt, label=button, forged=True)

    assert refused.ephemeral and "isn't yours" in refused.text, refused.text
    assert not _reveals(refused.text)
    assert await _everything(milestone_bot) == before
    done = await discord_server.press(alice, prompt, label=button)
    assert await _everything(milestone_bot) != before, done.text
    TALLY["cross-user probes"] += 1


async def test_a_forged_press_on_alices_reminder_dm_is_not_found(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "tomorrow"}
    )
    (dm,) = await discord_server.wait_for_dm(alice)
    await _sent_is_recorded(milestone_bot)
    before = await _everything(milestone_bot)

    for label in ("Mark funded", "Snooze 1 day", "Mute this milestone"):
        refused = await discord_server.press(bob, dm, label=label, forged=True)
        assert refused.ephemeral and "can't find" in refused.text, refused.text
        assert "Sketches" not in refused.text and "Logo" not in refused.text

    assert await _everything(milestone_bot) == before
    TALLY["cross-user probes"] += 3


async def _sent_is_recorded(bot: MilestoneBot) -> None:
    """The DM arrives a moment before the bot records it as sent."""
    for _ in range(250):
        async with (
            bot.db.read() as conn,
            conn.execute("SELECT count(*) FROM reminders WHERE state = 'sent'") as cur,
        ):
            if (await cur.fetchone())[0]:
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the DM was never recorded as sent")
