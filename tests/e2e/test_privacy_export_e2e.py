"""/privacy export for a heavy user: 1,000 contracts of 10 milestones each (a ~17 MB JSON document, over
Discord's 10 MiB attachment limit) arrive whole, in files Discord accepts.

The data is written straight through storage, as the commands would store it, to keep the test quick.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from bot.app import MilestoneBot
from bot.domain.lifecycle import EventKind, Step
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.localdiscord import FakeUser, LocalDiscord
from cogs.privacy.files import DEFAULT_LIMIT, export_files
from storage.contracts import Contracts
from storage.milestones import Milestones

CONTRACTS = 1_000
MILESTONES_EACH = 10
ANSWER_GUARD = 120.0  # a guard against a hung test, not a bound on speed


async def _heavy_user(bot: MilestoneBot, owner_id: int) -> None:
    now = bot.clock.now()
    async with bot.db.write() as conn:
        contracts, milestones = Contracts(conn), Milestones(conn)
        for number in range(CONTRACTS):
            contract = await contracts.add(
                owner_id,
                title=f"Contract {number:04d} for a client with a long name",
                client="A client whose name is as long as some are",
                platform=Platform.UPWORK,
                price=Money(1_000_000, "USD"),
                review_days=14,
                started_at=now,
                now=now,
            )
            for part in range(MILESTONES_EACH):
                milestone_id, _ = await milestones.add(
                    owner_id, contract.id, f"Milestone {part} of contract {number:04d}", 100_000, now, now
                )
                await milestones.record(owner_id, milestone_id, Step(EventKind.CREATED, now, 100_000), now)


def _documents(files: dict[str, bytes]) -> list[dict[str, Any]]:
    documents = []
    for name, content in files.items():
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                documents.extend(json.loads(archive.read(inner)) for inner in archive.namelist())
        else:
            documents.append(json.loads(content))
    return documents


async def test_a_heavy_users_export_arrives_whole_in_files_under_the_attachment_limit(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _heavy_user(milestone_bot, alice.id)

    exported = await discord_server.command(alice, "privacy export", timeout=ANSWER_GUARD)

    messages = [exported.message, *exported.followups]
    files = {name: content for message in messages if message for name, content in message.files.items()}
    assert files
    assert all(len(content) < DEFAULT_LIMIT for content in files.values())
    documents = _documents(files)
    contracts = [row for document in documents for row in document["contracts"]]
    milestones = [row for document in documents for row in document["milestones"]]
    events = [row for document in documents for row in document["milestone_events"]]
    assert len({row["id"] for row in contracts}) == CONTRACTS
    assert len({row["id"] for row in milestones}) == CONTRACTS * MILESTONES_EACH
    assert len(events) == CONTRACTS * MILESTONES_EACH
    assert {document["user_id"] for document in documents} == {str(alice.id)}


def test_data_too_large_even_zipped_is_split_into_complete_parts_each_under_the_limit() -> None:
    rows = [{"id": number, "note": f"{number:x}" * 40} for number in range(20_000)]
    document = {"user_id": "1", "exported_at": "2026-11-30T00:00:00+00:00", "contracts": rows, "users": []}
    limit = 100 * 1024  # small, so that even the zipped whole does not fit

    files = export_files(document, limit)

    assert len(files) > 1 and all(len(content) < limit for _, content in files)
    parts = _documents(dict(files))
    assert sorted(row["id"] for part in parts for row in part["contracts"]) == list(range(20_000))
    assert all(part["user_id"] == "1" and "users" in part for part in parts)
