"""Every repository query is scoped by owner: one user's ids reveal nothing of another's."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.contracts import Contracts, NewContract
from storage.database import Database
from storage.milestones import Milestones

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALICE, BOB = 111, 222


async def _alice_contract(db: Database) -> tuple[int, int]:
    async with db.write() as conn:
        contract = await Contracts(conn).add(
            NewContract(ALICE, "Logo", "Dana", "upwork", "USD", 15000, 14, NOW), NOW
        )
        milestone = await Milestones(conn).add(ALICE, contract.id, "Sketches", 5000, None, "unfunded", NOW)
    return contract.id, milestone.id


async def test_another_owner_cannot_read_or_find_by_id_or_title(db: Database) -> None:
    contract_id, milestone_id = await _alice_contract(db)
    async with db.read() as conn:
        assert await Contracts(conn).get(BOB, contract_id) is None
        assert await Contracts(conn).search(BOB, "Logo") == []
        assert await Contracts(conn).of_owner(BOB) == []
        assert await Milestones(conn).get(BOB, milestone_id) is None
        assert await Milestones(conn).for_contract(BOB, contract_id) == []
        assert (await Contracts(conn).get(ALICE, contract_id)) is not None


async def test_another_owner_cannot_change_or_delete(db: Database) -> None:
    contract_id, milestone_id = await _alice_contract(db)
    async with db.write() as conn:
        assert not await Contracts(conn).delete(BOB, contract_id)
        assert not await Milestones(conn).delete(BOB, milestone_id)
        assert not await Milestones(conn).set_muted(BOB, milestone_id, True)
        await Contracts(conn).end(BOB, contract_id, NOW)
    async with db.read() as conn:
        contract = await Contracts(conn).get(ALICE, contract_id)
        milestone = await Milestones(conn).get(ALICE, milestone_id)
    assert contract is not None and contract.ended_at is None
    assert milestone is not None and not milestone.muted


async def test_titles_are_unique_per_owner_ignoring_case(db: Database) -> None:
    await _alice_contract(db)
    async with db.read() as conn:
        assert await Contracts(conn).title_taken(ALICE, "LOGO")
        assert not await Contracts(conn).title_taken(BOB, "logo")


async def test_deleting_a_contract_removes_its_milestones_and_events(db: Database) -> None:
    contract_id, milestone_id = await _alice_contract(db)
    async with db.write() as conn:
        await Milestones(conn).add_event(ALICE, milestone_id, "fund", NOW, NOW)
        assert await Contracts(conn).delete(ALICE, contract_id)
    async with db.read() as conn, conn.execute("SELECT count(*) FROM milestone_events") as cur:
        assert tuple(await cur.fetchone()) == (0,)
