"""Every repository query is scoped by owner: one user's ids reveal nothing of another's, and change nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.contracts import Contract
from bot.domain.lifecycle import EventKind, Step
from bot.domain.money import Money
from bot.domain.platforms import Platform
from storage.contracts import Contracts
from storage.database import Database
from storage.milestones import Milestones
from storage.reminders import NewReminder, Reminders
from tests.tables import digest

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALICE, BOB = 111, 222


async def _alice_contract(db: Database) -> tuple[Contract, int, int]:
    """Alice's contract with a funded milestone that has a reminder; (contract, milestone id, reminder id)."""
    async with db.write() as conn:
        contract = await Contracts(conn).add(
            ALICE,
            title="Logo",
            client="Dana",
            platform=Platform.UPWORK,
            price=Money(15000, "USD"),
            review_days=14,
            started_at=NOW,
            now=NOW,
        )
        milestone_id, _ = await Milestones(conn).add(ALICE, contract.id, "Sketches", 5000, NOW, NOW)
        await Milestones(conn).record(ALICE, milestone_id, Step(EventKind.FUND, NOW, 5000), NOW)
        await Contracts(conn).add_bonus(contract, Money(1000, "USD"), NOW, NOW)
        reminders = Reminders(conn)
        await reminders.add_many(
            ALICE,
            contract.id,
            [NewReminder(milestone_id, "submit", -86400, NOW, NOW + timedelta(days=1))],
            NOW,
        )
        (reminder,) = await reminders.for_contract(ALICE, contract.id)
        loaded = await Contracts(conn).load(ALICE, contract.id)
    assert loaded is not None
    return loaded, milestone_id, reminder.id


async def test_another_owner_cannot_read_or_find_by_id_or_title(db: Database) -> None:
    contract, milestone_id, reminder_id = await _alice_contract(db)
    currencies = {contract.id: "USD"}
    async with db.read() as conn:
        contracts, milestones, reminders = Contracts(conn), Milestones(conn), Reminders(conn)
        assert await contracts.load(BOB, contract.id) is None
        assert await contracts.load_with_settings(BOB, contract.id) is None
        for which in ("active", "ended", "all"):
            assert await contracts.of_owner(BOB, which) == []
        assert await contracts.find_by_title(BOB, "Logo") is None
        assert await contracts.title_of(BOB, contract.id) is None
        assert await contracts.titles(BOB) == []
        assert await contracts.search(BOB, "Logo") == []
        assert await contracts.search(BOB, "") == []
        assert await milestones.of_contracts(BOB, currencies) == []
        assert await milestones.of_owner(BOB, currencies) == []
        assert await milestones.find_by_title(BOB, contract.id, "Sketches") is None
        assert await milestones.titles(BOB, contract.id) == []
        assert await reminders.get(BOB, reminder_id) is None
        assert await reminders.for_contract(BOB, contract.id) == []
        assert await reminders.upcoming(BOB, limit=10) == []
        assert await reminders.count_upcoming(BOB) == 0
        # The same calls find Alice's own, so the ids above are live.
        assert await contracts.load(ALICE, contract.id) == contract
        assert await contracts.find_by_title(ALICE, "LOGO") == contract.id
        assert await milestones.find_by_title(ALICE, contract.id, "sketches") == milestone_id
        assert await reminders.get(ALICE, reminder_id) is not None


async def test_another_owner_cannot_change_or_delete(db: Database) -> None:
    contract, milestone_id, reminder_id = await _alice_contract(db)
    milestone = contract.milestone(milestone_id)
    assert milestone is not None
    before = await digest(db)
    async with db.write() as conn:
        contracts, milestones, reminders = Contracts(conn), Milestones(conn), Reminders(conn)
        as_bobs = replace(contract, owner_id=BOB)
        await contracts.save(replace(as_bobs, title="Mine now", ended_at=NOW))
        assert not await contracts.delete(BOB, contract.id)
        await milestones.save(BOB, replace(milestone, title="Mine", muted=True))
        assert not await milestones.delete(BOB, milestone_id)
        assert await reminders.cancel(BOB, [reminder_id]) == 0
        await reminders.reschedule(BOB, [(reminder_id, NOW + timedelta(days=9))])
        # Nothing can be added under Alice's contract or milestone either: no step, bonus or milestone.
        await milestones.record(BOB, milestone_id, Step(EventKind.RELEASE, NOW, 5000), NOW)
        with pytest.raises(LookupError):
            await contracts.add_bonus(as_bobs, Money(99900, "USD"), NOW, NOW)
        with pytest.raises(LookupError):
            await milestones.add(BOB, contract.id, "Sneaked in", 100, None, NOW)
    assert await digest(db) == before
    async with db.read() as conn:
        assert await Contracts(conn).load(ALICE, contract.id) == contract


async def test_titles_are_found_per_owner_ignoring_case(db: Database) -> None:
    contract, _, _ = await _alice_contract(db)
    async with db.read() as conn:
        assert await Contracts(conn).find_by_title(ALICE, "LOGO") == contract.id
        assert await Contracts(conn).find_by_title(BOB, "logo") is None


async def test_deleting_a_contract_removes_its_milestones_events_bonuses_and_reminders(db: Database) -> None:
    contract, _, _ = await _alice_contract(db)
    async with db.write() as conn:
        assert await Contracts(conn).delete(ALICE, contract.id)
    async with db.read() as conn:
        for table in ("contracts", "milestones", "milestone_events", "bonuses", "reminders"):
            assert tuple((await conn.fetch_all(f"SELECT count(*) FROM {table}"))[0]) == (0,), table
