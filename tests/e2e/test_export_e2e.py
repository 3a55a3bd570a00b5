"""/export end to end: a CSV with one row per money movement that the csv module reads and that adds up, per
contract, to the figures /contract view shows; the JSON holds the same rows; only the caller's money."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord

RESEARCH = {"contract": "Legal research"}
LOGO = {"contract": "Logo"}


async def _stories(server: LocalDiscord, user: FakeUser) -> None:
    """The forum story ($150, two of three $50 milestones paid, ended, the rest as a bonus) and a EUR
    contract with a partial release then a refund, a release beyond what was held, and money in escrow."""
    await server.command(
        user,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for title in ("Case law summary", "Draft memo", "Final memo"):
        await server.command(user, "milestone add", {**RESEARCH, "title": title, "amount": "50"})
    for title in ("Case law summary", "Draft memo"):
        await server.command(user, "milestone fund", {**RESEARCH, "milestone": title, "date": "20 days ago"})
        await server.command(
            user, "milestone release", {**RESEARCH, "milestone": title, "date": "10 days ago"}
        )
    await server.command(user, "contract end", RESEARCH)
    await server.command(user, "contract bonus", {**RESEARCH, "amount": "50"})

    await server.command(
        user, "contract add", {"title": "Logo", "client": "Eve", "price": "330 EUR", "started": "10 days ago"}
    )
    for title, amount in (("Sketches", "100"), ("Final files", "200"), ("Extras", "30")):
        await server.command(user, "milestone add", {**LOGO, "title": title, "amount": amount})
        await server.command(user, "milestone fund", {**LOGO, "milestone": title, "date": "5 days ago"})
    await server.command(user, "milestone submit", {**LOGO, "milestone": "Sketches", "date": "4 days ago"})
    await server.command(
        user, "milestone release", {**LOGO, "milestone": "Sketches", "amount": "60", "date": "3 days ago"}
    )
    await server.command(user, "milestone refund", {**LOGO, "milestone": "Sketches", "date": "2 days ago"})
    await server.command(user, "milestone submit", {**LOGO, "milestone": "Final files", "date": "2 days ago"})
    await server.command(user, "milestone release", {**LOGO, "milestone": "Final files", "amount": "250"})


def _shown(text: str, label: str) -> Decimal:
    """A figure as /contract view shows it (`Released: **€260.00**`), or 0 when the category is empty."""
    found = re.search(rf"{label}: \*\*([^*]+)\*\*", text)
    return Decimal(re.sub(r"[^0-9.]", "", found[1])) if found else Decimal(0)


async def test_the_csv_parses_and_adds_up_to_the_figures_the_bot_shows(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _stories(discord_server, alice)
    reply = await discord_server.command(alice, "export", {"format": "csv"})
    assert reply.ephemeral and reply.message is not None
    assert [a["filename"] for a in reply.message.attachments] == ["milestone-money.csv"]
    rows = list(csv.DictReader(io.StringIO(reply.message.files["milestone-money.csv"].decode("utf-8-sig"))))
    assert list(rows[0]) == ["date", "contract", "milestone", "kind", "amount", "currency", "platform"]
    assert f"{len(rows)} movements" in reply.text
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["date"]) for row in rows)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)

    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        assert re.fullmatch(r"\d+\.\d\d", row["amount"]), row["amount"]  # a plain decimal
        sums[(row["contract"], row["kind"])] += Decimal(row["amount"])
    assert {row["currency"] for row in rows if row["contract"] == "Logo"} == {"EUR"}
    assert {row["platform"] for row in rows} == {"Upwork"}
    assert [r["milestone"] for r in rows if r["kind"] == "bonus"] == [""]

    for title, options in (("Legal research", RESEARCH), ("Logo", LOGO)):
        shown = (await discord_server.command(alice, "contract view", options)).text
        assert sums[(title, "release")] == _shown(shown, "Released")
        assert sums[(title, "refund")] == _shown(shown, "Refunded to the client")
        assert sums[(title, "void")] == _shown(shown, "Never funded")
        assert sums[(title, "extra")] == _shown(shown, "Extra pay")
        assert sums[(title, "bonus")] == _shown(shown, "Bonuses")
        held = sums[(title, "deposit")] - sums[(title, "release")] - sums[(title, "refund")]
        assert held == _shown(shown, "In escrow") + _shown(shown, "In review")

    # The stories' own numbers, worked out by hand.
    assert sums[("Legal research", "release")] == 100 and sums[("Legal research", "void")] == 50
    assert sums[("Legal research", "bonus")] == 50
    assert sums[("Logo", "release")] == 260 and sums[("Logo", "extra")] == 50
    assert sums[("Logo", "refund")] == 40 and sums[("Logo", "deposit")] == 330


async def test_the_json_is_the_same_rows_structured_and_the_default_is_csv(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _stories(discord_server, alice)
    default = await discord_server.command(alice, "export")
    assert default.message is not None and "milestone-money.csv" in default.message.files
    rows = list(csv.DictReader(io.StringIO(default.message.files["milestone-money.csv"].decode("utf-8-sig"))))

    reply = await discord_server.command(alice, "export", {"format": "json"})
    assert reply.message is not None
    document = json.loads(reply.message.files["milestone-money.json"])
    flat = [
        (
            contract["contract"],
            movement["milestone"] or "",
            movement["kind"],
            movement["amount"],
            contract["currency"],
        )
        for contract in document["contracts"]
        for movement in contract["movements"]
    ]
    assert sorted(flat) == sorted(
        (r["contract"], r["milestone"], r["kind"], r["amount"], r["currency"]) for r in rows
    )
    logo = next(c for c in document["contracts"] if c["contract"] == "Logo")
    assert (logo["currency"], logo["agreed"], logo["client"]) == ("EUR", "330.00", "Eve")


async def test_text_a_spreadsheet_would_run_is_kept_as_text_and_nobody_else_sees_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    await discord_server.command(
        alice, "contract add", {"title": "=HYPERLINK(1)", "client": "Dana", "price": "50"}
    )
    await discord_server.command(
        alice, "milestone add", {"contract": "=HYPERLINK(1)", "title": "+1 logo", "amount": "50"}
    )
    await discord_server.command(
        alice, "milestone fund", {"contract": "=HYPERLINK(1)", "milestone": "+1 logo"}
    )
    reply = await discord_server.command(alice, "export")
    assert reply.message is not None
    (row,) = csv.DictReader(io.StringIO(reply.message.files["milestone-money.csv"].decode("utf-8-sig")))
    assert (row["contract"], row["milestone"], row["kind"]) == ("'=HYPERLINK(1)", "'+1 logo", "deposit")

    theirs = await discord_server.command(bob, "export")
    assert theirs.message is not None
    assert theirs.message.files["milestone-money.csv"].decode("utf-8-sig") == (
        "date,contract,milestone,kind,amount,currency,platform\r\n"
    )
    assert "No money recorded yet" in theirs.text
