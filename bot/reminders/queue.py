"""The reminder queue in the database: what is due next, claiming due reminders, recording the outcome.

Claiming happens in one transaction per round: each due reminder is checked against the user's quiet
hours (deferred to their end) and against its milestone as it stands now (dropped if its event is no
longer true), then grouped into DMs and marked claimed. A crash after that leaves rows claimed;
`recover()` at the next start puts them back in line in the same batches, so a DM that did get through is
matched by its nonce and not shown twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiosqlite

from bot.domain.dates import as_utc
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.quiet_hours import quiet_hours_of
from bot.domain.reminders import Identity, ReminderKind, plan_contract
from bot.reminders.batches import (
    MAX_PER_DM,
    Delivered,
    DeliveryResult,
    DueBatch,
    DueReminder,
    Undeliverable,
)
from bot.reminders.facts import ContractSnapshot, load_snapshot
from bot.reminders.replan import record_identity
from storage.database import Database
from storage.reminders import ReminderRecord, Reminders
from storage.users import Users, UserSettingsRecord

log = logging.getLogger(__name__)

# Reminders of one user due within this span of the first go out together.
COALESCE_WINDOW = timedelta(minutes=1)
# Sent this long after it was meant to arrive, a reminder says it is late.
LATE_AFTER = timedelta(minutes=5)
# Rows looked at per claiming round: keeps each transaction short when thousands are due at once.
CLAIM_LIMIT = 200
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


def retry_delay(attempts: int, retry_after: timedelta | None) -> timedelta:
    """Doubling from 30 s up to an hour; never sooner than the server's retry_after."""
    backoff = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    if retry_after is not None:
        return max(retry_after, timedelta(seconds=1))
    return backoff


class ReminderQueue:
    """Each write runs to its end even if the caller is cancelled (shielded), so no transaction is cut."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def next_due_at(self) -> datetime | None:
        async with self._db.read() as conn:
            return await Reminders(conn).next_due_at()

    async def recover(self) -> int:
        """Put rows a stopped process left claimed back in line, keeping their batches (and nonces)."""
        return await asyncio.shield(self._recover())

    async def _recover(self) -> int:
        async with self._db.write() as conn:
            left = await Reminders(conn).release_claimed()
        if left:
            log.info("retrying %d reminders claimed before the last stop", left)
        return left

    async def claim_due(self, now: datetime) -> list[DueBatch]:
        """Claim what is due at `now`, grouped into DMs; empty when nothing is due."""
        return await asyncio.shield(self._claim_due(as_utc(now)))

    async def _claim_due(self, now: datetime) -> list[DueBatch]:
        async with self._db.write() as conn:
            repo = Reminders(conn)
            # Due now, and what joins them: the same user's reminders due within a minute of the first.
            by_owner: dict[int, list[ReminderRecord]] = defaultdict(list)
            for row in await repo.due(now + COALESCE_WINDOW, limit=CLAIM_LIMIT):
                by_owner[row.owner_id].append(row)
            going = {
                owner_id: [row for row in rows if row.due_at < rows[0].due_at + COALESCE_WINDOW]
                for owner_id, rows in by_owner.items()
                if rows[0].due_at <= now
            }
            settings = await repo.delivery_settings(list(going))
            batches: list[DueBatch] = []
            for owner_id, rows in going.items():
                batches.extend(await _claim_for_owner(conn, owner_id, rows, settings[owner_id], now))
            await repo.claim([(batch.batch_id, batch.ids) for batch in batches], now)
        return batches

    async def record(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]], now: datetime) -> None:
        """Mark what was sent, what never can be, and when to try again; one transaction for them all."""
        await asyncio.shield(self._record(outcomes, now))

    async def _record(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]], now: datetime) -> None:
        async with self._db.write() as conn:
            for batch, result in outcomes:
                await _record_one(conn, batch, result, now)


async def _record_one(
    conn: aiosqlite.Connection, batch: DueBatch, result: DeliveryResult, now: datetime
) -> None:
    repo = Reminders(conn)
    if isinstance(result, Delivered):
        await repo.mark_sent(batch.ids, result.message_id, now)
        if result.dm_channel_id != batch.dm_channel_id:
            await Users(conn).update(batch.owner_id, now, dm_channel_id=result.dm_channel_id)
    elif isinstance(result, Undeliverable):
        await repo.mark_undeliverable(batch.ids, now)
        if result.dms_closed:
            await Users(conn).add_undelivered(batch.owner_id, len(batch.ids), now)
            # A stale channel id is no use; the next attempt asks Discord afresh.
            await Users(conn).update(batch.owner_id, now, dm_channel_id=None)
    else:
        attempts = await repo.most_attempts(batch.ids)
        await repo.retry_at(batch.ids, now + retry_delay(attempts, result.after))


async def _claim_for_owner(
    conn: aiosqlite.Connection,
    owner_id: int,
    rows: list[ReminderRecord],
    settings: UserSettingsRecord,
    now: datetime,
) -> list[DueBatch]:
    """Defer for quiet hours, drop what is no longer true, group the rest into DMs (claimed by the caller)."""
    repo = Reminders(conn)
    quiet = quiet_hours_of(settings.quiet_start, settings.quiet_end, _zone(settings))
    quiet_end = quiet.end_after(now) if quiet else None
    if quiet_end is not None:
        await repo.defer([row.id for row in rows], quiet_end)
        return []

    snapshots: dict[int, ContractSnapshot | None] = {}
    plans: dict[int, set[Identity]] = {}
    keep: list[tuple[ReminderRecord, ContractSnapshot]] = []
    dropped: list[int] = []
    for row in rows:
        assert row.contract_id is not None
        if row.contract_id not in snapshots:
            snapshot = await load_snapshot(conn, owner_id, row.contract_id, now)
            snapshots[row.contract_id] = snapshot
            plans[row.contract_id] = _planned(snapshot, settings, now)
        snapshot = snapshots[row.contract_id]
        # Whether the planner, looking at the milestone as it is now, still wants this reminder.
        if snapshot is not None and record_identity(row) in plans[row.contract_id]:
            keep.append((row, snapshot))
        else:
            dropped.append(row.id)
    if dropped:
        log.info("dropped %d reminders of user %d whose event is no longer true", len(dropped), owner_id)
        await repo.cancel(owner_id, dropped)

    batches = []
    for group in _group(keep):
        earlier_batch = group[0][0].batch_id
        batch_id = earlier_batch or min(row.id for row, _ in group)
        reminders = tuple(_due_reminder(row, snapshot, now) for row, snapshot in group)
        batches.append(
            DueBatch(owner_id, batch_id, settings.dm_channel_id, reminders, repeat=earlier_batch is not None)
        )
    return batches


def _planned(snapshot: ContractSnapshot | None, settings: UserSettingsRecord, now: datetime) -> set[Identity]:
    if snapshot is None:  # the contract was deleted
        return set()
    plan = plan_contract(
        snapshot.facts, snapshot.milestone_facts(), reminders_enabled=settings.reminders_enabled, now=now
    )
    return {reminder.identity for reminder in plan}


def _group(
    keep: list[tuple[ReminderRecord, ContractSnapshot]],
) -> list[list[tuple[ReminderRecord, ContractSnapshot]]]:
    """Rows already sent together once stay together (same nonce); the rest fill DMs of a few each."""
    earlier: dict[int, list[tuple[ReminderRecord, ContractSnapshot]]] = defaultdict(list)
    fresh: list[tuple[ReminderRecord, ContractSnapshot]] = []
    for item in keep:
        if item[0].batch_id is not None:
            earlier[item[0].batch_id].append(item)
        else:
            fresh.append(item)
    groups = list(earlier.values())
    groups.extend(fresh[start : start + MAX_PER_DM] for start in range(0, len(fresh), MAX_PER_DM))
    return groups


def _due_reminder(row: ReminderRecord, snapshot: ContractSnapshot, now: datetime) -> DueReminder:
    contract = snapshot.contract
    milestone = snapshot.milestones.get(row.milestone_id) if row.milestone_id is not None else None
    return DueReminder(
        id=row.id,
        kind=ReminderKind(row.kind),
        event_at=row.event_at,
        intended_at=row.intended_at,
        contract_id=contract.id,
        contract_title=contract.title,
        client=contract.client,
        platform=Platform(contract.platform),
        milestone_id=row.milestone_id,
        milestone_title=milestone.title if milestone else None,
        amount=Money(milestone.amount_minor, contract.currency) if milestone else None,
        reconciliation=snapshot.reconciliation,
        late=now - row.intended_at > LATE_AFTER,
    )


def _zone(settings: UserSettingsRecord) -> ZoneInfo:
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
