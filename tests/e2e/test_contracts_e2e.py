"""Contracts and milestones end to end: real discord.py, the local Discord server, a real SQLite file."""

from __future__ import annotations

import pytest

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord

Server = LocalDiscord


async def _legal_research(server: Server, user: FakeUser) -> None:
    added = await server.command(
        user, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"}
    )
    assert added.ephemeral
    assert "$150.00" in added.text
    for part in ("Part 1", "Part 2", "Part 3"):
        reply = await server.command(
            user, "milestone add", {"contract": "Legal research", "title": part, "amount": "$50"}
        )
        assert "Added: " + part in reply.text


async def _fund_submit_release(server: Server, user: FakeUser, milestone: str) -> None:
    target = {"contract": "Legal research", "milestone": milestone}
    assert "Funded" in (await server.command(user, "milestone fund", target)).text
    submitted = await server.command(user, "milestone submit", target)
    assert "review ends" in submitted.text
    assert "Released" in (await server.command(user, "milestone release", target)).text


async def test_the_150_dollar_contract_ended_after_two_releases(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _legal_research(discord_server, alice)
    await _fund_submit_release(discord_server, alice, "Part 1")
    await _fund_submit_release(discord_server, alice, "Part 2")

    ended = await discord_server.command(alice, "contract end", {"contract": "Legal research"})
    assert ended.ephemeral
    text = ended.text
    for fact in (
        "Released: **$100.00**",
        "Never funded: **$50.00**",
        "Milestones: **$150.00** of the agreed **$150.00**",
        "bonus",
        "365 days",
    ):
        assert fact in text, fact
    assert "Part 3 · $50.00 · voided" in text.replace("*", "")
    for untrue in ("owed", "Outstanding", "In escrow"):
        assert untrue not in text, untrue  # nobody can collect the $50, and nothing is in escrow

    viewed = await discord_server.command(alice, "contract view", {"contract": "legal RESEARCH"})
    assert "Released: **$100.00**" in viewed.text
    assert "Never funded: **$50.00**" in viewed.text
    bonus = await discord_server.command(
        alice, "contract bonus", {"contract": "Legal research", "amount": "50"}
    )
    assert "Bonus recorded: $50.00" in bonus.text
    assert "Bonuses: **$50.00**" in bonus.text


async def test_a_partial_release_leaves_the_rest_in_escrow_until_it_is_released(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Eve", "price": "100"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Logo", "amount": "100"}
    )
    target = {"contract": "Logo", "milestone": "Logo"}
    await discord_server.command(alice, "milestone fund", target)
    await discord_server.command(alice, "milestone submit", target)
    partial = await discord_server.command(alice, "milestone release", {**target, "amount": "60"})
    assert "Released $60.00; $40.00 is still in escrow" in partial.text
    viewed = await discord_server.command(alice, "contract view", {"contract": "Logo"})
    assert "🌗" in viewed.text and "🟢" not in viewed.text
    assert (
        "Logo · $100.00 · partly released · released $60.00 · $40.00 still in escrow"
        in viewed.text.replace("*", "")
    )
    assert "In escrow: **$40.00**" in viewed.text
    rest = await discord_server.command(alice, "milestone release", target)
    assert "Released: **$100.00**" in rest.text and "In escrow" not in rest.text


async def test_a_funded_milestones_amount_is_not_edited_and_the_answer_says_what_to_record(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Eve", "price": "100"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Logo", "amount": "100"}
    )
    await discord_server.command(alice, "milestone fund", {"contract": "Logo", "milestone": "Logo"})
    refused = await discord_server.command(
        alice, "milestone edit", {"contract": "Logo", "milestone": "Logo", "amount": "180"}
    )
    assert refused.ephemeral
    assert "funded $100.00" in refused.text and "/milestone release" in refused.text
    viewed = await discord_server.command(alice, "contract view", {"contract": "Logo"})
    assert "In escrow: **$100.00**" in viewed.text


async def test_submitting_unfunded_work_asks_first(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _legal_research(discord_server, alice)
    target = {"contract": "Legal research", "milestone": "Part 1"}
    warning = await discord_server.command(alice, "milestone submit", target)
    assert "not funded" in warning.text
    assert [b.label for b in warning.buttons] == ["Submit anyway", "Cancel"]

    cancelled = await discord_server.press(alice, warning, label="Cancel")
    assert "Nothing was changed" in cancelled.text
    view = await discord_server.command(alice, "contract view", {"contract": "Legal research"})
    assert "Part 1 · $50.00 · unfunded" in view.text.replace("*", "")

    again = await discord_server.command(alice, "milestone submit", target)
    done = await discord_server.press(alice, again, label="Submit anyway")
    assert "Delivered without funding: Part 1" in done.text
    assert "no review clock" in done.text
    view = await discord_server.command(alice, "contract view", {"contract": "Legal research"})
    assert "Unprotected: **$50.00**" in view.text
    assert "In review" not in view.text and "review ends" not in view.text
    funded = await discord_server.command(alice, "milestone fund", target)
    assert "Part 1 · $50.00 · funded" in funded.text.replace("*", "")
    submitted = await discord_server.command(alice, "milestone submit", target)
    assert "review ends" in submitted.text


async def test_fiverr_review_partial_release_and_currencies_side_by_side(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice,
        "contract add",
        {"title": "Voice over", "client": "Eli", "price": "90 EUR", "platform": "fiverr"},
    )
    await discord_server.command(
        alice, "contract add", {"title": "Tokyo app", "client": "Ken", "price": "150000", "currency": "JPY"}
    )
    target = {"contract": "Voice over", "milestone": "Recording"}
    await discord_server.command(
        alice, "milestone add", {"contract": "Voice over", "title": "Recording", "amount": "90"}
    )
    await discord_server.command(alice, "milestone fund", target)
    submitted = await discord_server.command(alice, "milestone submit", target)
    assert "review ends" in submitted.text
    changes = await discord_server.command(alice, "milestone changes", target)
    assert "review period is closed" in changes.text
    await discord_server.command(alice, "milestone submit", target)
    partial = await discord_server.command(alice, "milestone release", {**target, "amount": "60"})
    assert "Released €60.00; €30.00 is still in escrow" in partial.text

    listed = await discord_server.command(alice, "contract list")
    assert "€90.00" in listed.text and "¥150,000" in listed.text
    summary = await discord_server.command(alice, "summary")
    assert "Totals in EUR" in summary.text and "Totals in JPY" in summary.text
    assert "In escrow: **€30.00**" in summary.text


async def test_a_second_user_sees_nothing_of_the_first(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    await _legal_research(discord_server, alice)
    mine = await discord_server.autocomplete(alice, "contract view", {"contract": ""}, "contract")
    assert [c["name"].split(" · ")[0] for c in mine] == ["Legal research"]
    contract_value = mine[0]["value"]

    assert await discord_server.autocomplete(bob, "contract view", {"contract": ""}, "contract") == []
    assert (
        await discord_server.autocomplete(
            bob, "milestone fund", {"contract": contract_value, "milestone": ""}, "milestone"
        )
        == []
    )
    for command, options in [
        ("contract view", {"contract": contract_value}),
        ("contract view", {"contract": "Legal research"}),
        ("contract end", {"contract": contract_value}),
        ("contract delete", {"contract": contract_value}),
        ("milestone fund", {"contract": contract_value, "milestone": "Part 1"}),
        ("milestone remove", {"contract": contract_value, "milestone": "Part 1"}),
    ]:
        reply = await discord_server.command(bob, command, options)
        assert reply.ephemeral, command
        assert "Legal research" not in reply.text or "no contract called" in reply.text, reply.text
        assert "Part 1" not in reply.text, reply.text
    listed = await discord_server.command(bob, "contract list", {"status": "all"})
    assert "Legal research" not in listed.text
    summary = await discord_server.command(bob, "summary")
    assert "No active contracts" in summary.text

    still = await discord_server.command(alice, "contract view", {"contract": "Legal research"})
    assert "ended" not in still.text.split("\n")[1]


async def test_delete_needs_the_button_and_then_removes_everything(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _legal_research(discord_server, alice)
    prompt = await discord_server.command(alice, "contract delete", {"contract": "Legal research"})
    assert "can't be undone" in prompt.text
    listed = await discord_server.command(alice, "contract list")
    assert "Legal research" in listed.text
    done = await discord_server.press(alice, prompt, label="Delete")
    assert "Deleted" in done.text
    listed = await discord_server.command(alice, "contract list", {"status": "all"})
    assert "None yet" in listed.text


@pytest.mark.parametrize(
    ("command", "options", "hint"),
    [
        ("contract add", {"title": "X", "client": "Y", "price": "0"}, "more than zero"),
        ("contract add", {"title": "X", "client": "Y", "price": "10.5", "currency": "JPY"}, "JPY"),
        ("contract add", {"title": "X" * 101, "client": "Y", "price": "10"}, "100"),
        ("contract add", {"title": "X", "client": "Y", "price": "10", "started": "2026-02-30"}, "2026"),
        ("milestone release", {"contract": "Legal research", "milestone": "Part 1"}, "fund"),
        (
            "milestone add",
            {"contract": "Legal research", "title": "P", "amount": "5", "due": "someday"},
            "in 3 days",
        ),
    ],
)
async def test_bad_input_gets_a_short_private_answer(
    discord_server: Server,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    command: str,
    options: dict,
    hint: str,
) -> None:
    await _legal_research(discord_server, alice)
    reply = await discord_server.command(alice, command, options)
    assert reply.ephemeral
    assert hint in reply.text
    assert "Something went wrong" not in reply.text


async def test_mentions_and_markdown_in_titles_are_shown_harmlessly(
    discord_server: Server, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    reply = await discord_server.command(
        alice, "contract add", {"title": "@everyone **bold**", "client": "<@&123>", "price": "10"}
    )
    heading = reply.text.split("\n")[0]
    assert "@\u200beveryone" in heading
    assert "\\*\\*bold\\*\\*" in heading
    assert reply.message is not None
