"""A second user who holds the first user's ids (`#<id>`, as autocomplete sends them, or a reminder id, as
a DM's buttons and menus carry it) or types their titles gets "not found" from every command, autocomplete,
service, confirm prompt and reminder DM item, learns nothing, and changes nothing.

Everything a user can do goes through the real discord.py client against the local Discord server; the
services are also called directly with the other user's ids, since the cogs pass ids they already hold.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.app import MilestoneBot
from bot.domain.errors import NotFound
from bot.domain.lifecycle import EventKind
from bot.localdiscord import FakeUser, InteractionResult, LocalDiscord, Message
from bot.services.reminders import ReminderAction
from tests.reliability.conftest import TALLY, reminders_settled
from tests.tables import digest

# Alice's secrets: none of these may reach Bob in any form.
SECRETS = ("Acme rebrand", "Zed Corp", "Hidden", "Zed side job", "4,321", "1,234", "4321", "1234")
NOT_FOUND = ("can't find", "no contract called", "no milestone called")
UNUSED_CONTRACT = "#987654"
UNUSED_MILESTONE = "#987655"
# Every command that takes a contract; those marked True take a milestone of it too.
COMMANDS: dict[str, bool] = {
    "contract view": False,
    "contract edit": False,
    "contract end": False,
    "contract bonus": False,
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
    "contract edit": {"title": "Mine now"},
    "contract bonus": {"amount": "10"},
    "milestone add": {"title": "New part", "amount": "10"},
    "milestone edit": {"amount": "5"},
}
# The items under a reminder DM: `rem:<action>:<reminder id>`, and the snooze menu `rem:snoozeto:<id>`.
REMINDER_ITEM = re.compile(r"rem:(?P<action>[a-z]+):(?P<reminder>[0-9]+)")
# What a user types in the forms a DM opens ("Record a bonus", "Another time…").
BONUS_FORM = {"Amount": "50", "When it was paid": "today"}
SNOOZE_FORM = {"When": "in 1 hour"}


class Ids:
    def __init__(self, contract: str, milestone: str) -> None:
        self.contract = contract
        self.milestone = milestone

    @property
    def numbers(self) -> tuple[int, int]:
        return int(self.contract[1:]), int(self.milestone[1:])


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
    before = await digest(milestone_bot.db)
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

    assert await digest(milestone_bot.db) == before
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


async def test_bobs_own_lists_and_export_hold_nothing_of_alices(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    bob: FakeUser,
    two_users: tuple[Ids, Ids],
) -> None:
    for command, options in (
        ("contract list", {"status": "all"}),
        ("summary", {}),
        ("reminders list", {}),
        ("privacy export", {}),
    ):
        reply = await discord_server.command(bob, command, options)
        assert reply.ephemeral, command
        assert not _reveals(reply.text), f"/{command}: {_reveals(reply.text)}"
        assert "Bob" in reply.text or command in ("reminders list", "privacy export"), reply.text
        files = reply.message.files if reply.message else {}
        assert files or command != "privacy export"
        for name, content in files.items():
            text = content.decode()
            assert "Bob shop" in text, name
            assert str(alice.id) not in text and not [s for s in SECRETS if not s[0].isdigit() and s in text]
    TALLY["cross-user probes"] += 4


async def test_every_service_that_takes_an_id_refuses_alices_ids(
    milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser, two_users: tuple[Ids, Ids]
) -> None:
    """What commands and buttons run once their options are resolved (delete, remove, submit anyway,
    mute...), called with Bob as the caller and Alice's ids: each is "not found", word for word as for an
    id nobody has, or does nothing."""
    alices, bobs = two_users
    services = milestone_bot.services
    contract, milestone = alices.numbers
    own_contract, _ = bobs.numbers
    alices_reminder = await _a_reminder_of(milestone_bot, alice)
    before = await digest(milestone_bot.db)

    Call = Callable[[int, int, int], Awaitable[Any]]
    calls: dict[str, Call] = {
        "contract view": lambda c, m, r: services.contracts.view(bob.id, c),
        "contract edit": lambda c, m, r: services.contracts.edit(bob.id, c, title="Mine now"),
        "contract end": lambda c, m, r: services.contracts.end(bob.id, c),
        "contract bonus": lambda c, m, r: services.contracts.bonus(bob.id, c, "10"),
        "milestone add": lambda c, m, r: services.milestones.add(bob.id, c, title="Mine", amount="10"),
        "milestone edit": lambda c, m, r: services.milestones.edit(bob.id, c, m, title="Mine"),
        "milestone mute": lambda c, m, r: services.milestones.set_muted(bob.id, c, m, True),
        "milestone remove": lambda c, m, r: services.milestones.remove(bob.id, c, m),
        "submit anyway": lambda c, m, r: services.milestones.act(
            bob.id, c, m, EventKind.SUBMIT, confirmed=True
        ),
        "reminder about": lambda c, m, r: services.reminders.about(bob.id, r),
        "reminder snooze menu": lambda c, m, r: services.reminders.snooze_offer(bob.id, r),
        "reminder snooze": lambda c, m, r: services.reminders.snooze(bob.id, r, typed="in 1 hour"),
        "reminder bonus": lambda c, m, r: services.reminders.record_bonus(bob.id, r, "10"),
    }
    for kind in EventKind:
        if kind not in (EventKind.CREATED, EventKind.EDIT):
            calls[f"step {kind}"] = lambda c, m, r, kind=kind: services.milestones.act(bob.id, c, m, kind)
    for action in ReminderAction:
        calls[f"reminder {action}"] = lambda c, m, r, action=action: services.reminders.press(
            bob.id, r, action
        )

    async def refusal(call: Call, ids: tuple[int, int, int]) -> str:
        with pytest.raises(NotFound) as refused:
            await call(*ids)
        return refused.value.message

    for name, call in calls.items():
        # Her contract and milestone; his own contract with her milestone; her reminder.
        for ids, unused in (
            ((contract, milestone, alices_reminder), (987654, 987655, 987656)),
            ((own_contract, milestone, alices_reminder), (own_contract, 987655, 987656)),
        ):
            if name == "milestone remove" and ids[0] == own_contract:
                assert await call(*ids) is False  # her milestone is not in his contract: nothing removed
                continue
            if name.startswith(("contract", "milestone add", "reminder")) and ids[0] == own_contract:
                continue  # his own contract: nothing of hers is involved (a reminder needs no contract)
            text = await refusal(call, ids)
            assert not _reveals(text), f"{name}: {text}"
            assert text == await refusal(call, unused), name
    assert await services.contracts.delete(bob.id, contract) is False

    assert await digest(milestone_bot.db) == before
    TALLY["cross-user probes"] += len(calls) + 1


async def _a_reminder_of(bot: MilestoneBot, user: FakeUser) -> int:
    """Gives the user a milestone due soon, and returns one of its reminders."""
    services = bot.services
    (listed,) = await services.contracts.list_contracts(user.id)
    await services.milestones.add(
        user.id, listed.contract.id, title="Hidden second", amount="1234", due="in 10 days"
    )
    async with bot.db.read() as conn:
        rows = await conn.fetch_all("SELECT id FROM reminders WHERE owner_id = ?", (user.id,))
    assert rows, "a due date plans reminders"
    return int(rows[0][0])


async def test_faq_admin_refuses_a_member_even_when_the_server_lets_everyone_see_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, bob: FakeUser
) -> None:
    discord_server.let_everyone_use("faq-admin")
    before = await digest(milestone_bot.db)
    for name, options in (
        ("faq-admin set", {"topic": "review-period", "title": "Mine", "body": "Overwritten."}),
        ("faq-admin remove", {"topic": "bonuses"}),
        ("faq-admin reset", {"topic": "review-period"}),
    ):
        refused = await discord_server.command(bob, name, options)
        assert refused.ephemeral, name
        assert "Manage Server" in refused.text, refused.text
    assert await digest(milestone_bot.db) == before
    TALLY["cross-user probes"] += 3


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
    before = await digest(milestone_bot.db)

    refused = await discord_server.press(bob, prompt, label=button, forged=True)

    assert refused.ephemeral and "isn't yours" in refused.text, refused.text
    assert not _reveals(refused.text)
    assert await digest(milestone_bot.db) == before
    done = await discord_server.press(alice, prompt, label=button)
    assert await digest(milestone_bot.db) != before, done.text
    TALLY["cross-user probes"] += 1


# Alice's contracts, built so that her DMs carry every item a reminder can have: each milestone's dates
# put one reminder due now (its next ones a day or more away, so nothing goes out while Bob probes).
ALICES_STORY: list[tuple[str, dict[str, str]]] = [
    (
        "contract add",
        {"title": "Acme rebrand", "client": "Zed Corp", "price": "4321", "started": "30 days ago"},
    ),
    # Mark funded, Snooze…, Mute (and, once muted, Unmute): three milestones due in two days, unfunded.
    ("milestone add", {"title": "Hidden draft", "amount": "1234", "due": "in 2 days"}),
    ("milestone add", {"title": "Hidden sketch", "amount": "1000", "due": "in 2 days"}),
    ("milestone add", {"title": "Hidden plan", "amount": "1000", "due": "in 2 days"}),
    # Mark submitted: funded, past due, never submitted.
    ("milestone add", {"title": "Hidden final", "amount": "500", "due": "15 days ago"}),
    ("milestone fund", {"milestone": "Hidden final", "date": "14 days ago"}),
    # Mark released: the review ends in two days.
    ("milestone add", {"title": "Hidden review", "amount": "300", "due": "13 days ago"}),
    ("milestone fund", {"milestone": "Hidden review", "date": "13 days ago"}),
    ("milestone submit", {"milestone": "Hidden review", "date": "12 days ago"}),
    # Mark released and Not yet: the review ended without a release.
    ("milestone add", {"title": "Hidden old review", "amount": "287", "due": "22 days ago"}),
    ("milestone fund", {"milestone": "Hidden old review", "date": "22 days ago"}),
    ("milestone submit", {"milestone": "Hidden old review", "date": "20 days ago"}),
    # Record a bonus, View the contract, Message for the client: a contract ended with money never funded.
    (
        "contract add",
        {"title": "Zed side job", "client": "Zed Corp", "price": "300", "started": "10 days ago"},
    ),
    ("milestone add", {"contract": "Zed side job", "title": "Hidden extra", "amount": "300"}),
    ("contract end", {"contract": "Zed side job"}),
]


# What each item does for Alice herself, in an order that leaves each its own reminder's row.
ALICES_OUTCOMES = {
    "view": "Zed side job",
    "draft": "Here is a message you can copy",
    "bonus": "Bonus of $50.00 recorded",
    "notyet": "ask again",
    "release": "marked released",
    "fund": "marked funded",
    "submit": "marked submitted",
    "unmute": "unmuted",
    "snoozeto": "remind you again",
}


async def _sent_reminders(bot: MilestoneBot, user: FakeUser) -> dict[str, list[int]]:
    """The ids of the user's reminders that went out, by the milestone (or contract) they are about."""
    async with bot.db.read() as conn:
        rows = await conn.fetch_all(
            "SELECT r.id, coalesce(m.title, c.title) FROM reminders AS r JOIN contracts AS c ON c.id = r.contract_id"
            " LEFT JOIN milestones AS m ON m.id = r.milestone_id WHERE r.owner_id = ? AND r.state = 'sent'"
            " ORDER BY r.id",
            (user.id,),
        )
    found: dict[str, list[int]] = {}
    for reminder_id, about in rows:
        found.setdefault(about, []).append(reminder_id)
    return found


def _items(message: Message) -> list[dict[str, Any]]:
    """The message's live reminder items (buttons and menus a user can use), in order."""
    found = []
    for row in message.components:
        for item in row.get("components") or []:
            if REMINDER_ITEM.fullmatch(item.get("custom_id") or "") and not item.get("disabled"):
                found.append(item)
    return found


def _parts(item: dict[str, Any]) -> tuple[str, str]:
    """(action, reminder id) of a reminder item."""
    found = REMINDER_ITEM.fullmatch(item["custom_id"])
    assert found is not None
    return found["action"], found["reminder"]


def _dm_with(server: LocalDiscord, user: FakeUser, custom_id: str) -> Message:
    (message,) = [m for m in server.dms(user) if any(i["custom_id"] == custom_id for i in _items(m))]
    return message


async def _then_form(server: LocalDiscord, user: FakeUser, result: InteractionResult) -> InteractionResult:
    """A press that opened a form: fill it in and send it, as the user would."""
    if result.modal is None:
        return result
    values = BONUS_FORM if result.modal["title"] == "Record a bonus" else SNOOZE_FORM
    return await server.submit_modal(user, result, values)


async def test_every_reminder_dm_item_with_alices_ids_is_not_found_for_bob(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    """Every button of every reminder DM (fund, submit, release, not yet, snooze, mute, unmute, record a
    bonus, view the contract, message for the client), every choice of the snooze menu and the forms they
    open, forged by Bob onto Alice's DMs through the real client: "not found", word for word the answer to
    a reminder that no longer exists, nothing of hers shown, nothing changed. Then each works for her."""
    server = discord_server
    for command, options in ALICES_STORY:
        if command.startswith("milestone"):
            options = {"contract": "Acme rebrand", **options}
        reply = await server.command(alice, command, options)
        assert reply.embeds, f"/{command} {options} was refused: {reply.text}"
    await reminders_settled(milestone_bot)
    sent = await _sent_reminders(milestone_bot, alice)
    # Alice mutes one milestone (its row then offers Unmute) and opens the snooze menu on another.
    muted = f"rem:mute:{sent['Hidden draft'][0]}"
    await server.press(alice, _dm_with(server, alice, muted), custom_id=muted)
    snoozing = f"rem:snooze:{sent['Hidden sketch'][0]}"
    await server.press(alice, _dm_with(server, alice, snoozing), custom_id=snoozing)
    await reminders_settled(milestone_bot)

    # What pressing a reminder that no longer exists says: Bob's own, after he deleted its contract.
    await server.command(bob, "contract add", {"title": "Bob shop", "client": "Yolanda", "price": "77"})
    await server.command(
        bob, "milestone add", {"contract": "Bob shop", "title": "Bob part", "amount": "7", "due": "in 2 days"}
    )
    (stale,) = await server.wait_for_dm(bob)
    await server.press(
        bob, await server.command(bob, "contract delete", {"contract": "Bob shop"}), label="Delete"
    )
    unused = {(await server.press(bob, stale, custom_id=item["custom_id"])).text for item in _items(stale)}
    assert len(unused) == 1 and "can't find" in next(iter(unused)), unused
    (gone,) = unused

    before = await digest(milestone_bot.db)
    tried: set[str] = set()
    probes = 0
    for message in server.dms(alice):
        for item in _items(message):
            action, _ = _parts(item)
            if item["type"] == 2:
                results = [await server.press(bob, message, custom_id=item["custom_id"], forged=True)]
            else:  # the snooze menu: each of its choices
                results = [
                    await server.choose(
                        bob, message, option["label"], custom_id=item["custom_id"], forged=True
                    )
                    for option in item["options"]
                ]
                tried.update(
                    f"{action}:{option['value'] if option['value'] == 'other' else 'time'}"
                    for option in item["options"]
                )
            for result in results:
                if result.modal is not None:
                    tried.add(f"form:{result.modal['title']}")
                reply = await _then_form(server, bob, result)
                probes += 1
                assert reply.ephemeral, item["custom_id"]
                assert reply.text == gone, f"{item['custom_id']}: {reply.text}"
                assert not _reveals(reply.text)
            tried.add(action)
    assert tried >= {a.value for a in ReminderAction} | {"snoozeto:time", "snoozeto:other"}
    assert {"form:Record a bonus", "form:Remind me again at…"} <= tried
    assert await digest(milestone_bot.db) == before
    assert [m.text for m in server.dms(bob)] == [stale.text]
    TALLY["cross-user probes"] += probes

    # The same items work for Alice: the ids Bob held were live.
    used: set[str] = set()  # reminders whose row a press replaces
    for action, says in ALICES_OUTCOMES.items():
        message, item = next(
            (m, i)
            for m in server.dms(alice)
            for i in _items(m)
            if _parts(i)[0] == action and _parts(i)[1] not in used
        )
        if item["type"] == 2:
            result = await server.press(alice, message, custom_id=item["custom_id"])
        else:
            result = await server.choose(
                alice, message, item["options"][0]["label"], custom_id=item["custom_id"]
            )
        reply = await _then_form(server, alice, result)
        assert says in reply.text, f"{action}: {reply.text}"
        if action not in ("view", "draft", "bonus"):
            used.add(_parts(item)[1])
