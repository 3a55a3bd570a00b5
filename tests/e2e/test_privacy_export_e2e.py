"""/privacy export for a heavy user: 1,000 contracts of 10 milestones each, with their history and reminders
(a 22.6 MiB JSON document, over Discord's 10 MiB attachment limit), arrive whole, in files Discord accepts.

The data is written straight through storage, as the commands would store it, to keep the test quick
(`bench/privacy_export.py` prints the sizes).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from bench.privacy_export import fill_heavy_user
from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from cogs.privacy.files import DEFAULT_LIMIT, export_files

CONTRACTS = 1_000
MILESTONES_EACH = 10
ANSWER_GUARD = 120.0  # a guard against a hung test, not a bound on speed


def _documents(files: dict[str, bytes]) -> list[dict[str, Any]]:
    documents = []
    for name, content in files.items():
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                documents.extend(json.loads(archive.read(inner)) for inner in archive.namelist())
        else:
            documents.append(json.loads(content))
    return documents


@pytest.mark.slow  # writing 10,000 milestones with their history takes a while
async def test_a_heavy_users_export_arrives_whole_in_files_under_the_attachment_limit(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await fill_heavy_user(milestone_bot.db, milestone_bot.clock.now(), alice.id, CONTRACTS, MILESTONES_EACH)

    exported = await discord_server.command(alice, "privacy export", timeout=ANSWER_GUARD)

    messages = [exported.message, *exported.followups]
    files = {name: content for message in messages if message for name, content in message.files.items()}
    assert files and all(name.endswith(".zip") for name in files)  # the whole JSON would not be accepted
    assert all(len(content) < DEFAULT_LIMIT for content in files.values())
    documents = _documents(files)
    contracts = [row for document in documents for row in document["contracts"]]
    milestones = [row for document in documents for row in document["milestones"]]
    events = [row for document in documents for row in document["milestone_events"]]
    assert len({row["id"] for row in contracts}) == CONTRACTS
    assert len({row["id"] for row in milestones}) == CONTRACTS * MILESTONES_EACH
    reminders = [row for document in documents for row in document["reminders"]]
    assert len({row["id"] for row in events}) == CONTRACTS * MILESTONES_EACH * 3  # created, funded, submitted
    assert len({row["id"] for row in reminders}) == CONTRACTS * MILESTONES_EACH * 3
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
