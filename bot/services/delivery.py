"""The reminder queue in the database: what is due next, claiming due reminders, recording the outcome.

Claiming happens in one transaction per round. Each due reminder is checked against the user's quiet
hours (held until they end, unless that would pass the moment it warns about) and against its contract
as it stands now (dropped if its event is no longer true), then grouped into DMs and marked claimed. Only
reminders already due go out: a later one never joins a DM early. A crash after claiming leaves rows
claimed; `recover()` at the next start puts them back in line in the same batches, so a DM that did get
through is matched by its nonce and not shown twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.contracts import Contract
from bot.domain.dates import as_utc
from bot.domain.lifecycle import Milestone
from bot.domain.quiet_hours import send_moment
from bot.domain.reconciliation import Figures, figures_of
from bot.domain.reminders import Identity, Topic, plan_contract
from bot.domain.users import DmRefusal, UserSettings
from bot.services.planning import record_identity
from storage.backend import Backend
from storage.connection import Connection
from storage.contracts import Contracts
from storage.reminders import ReminderRecord, Reminders
from storage.users import Users

log = logging.getLogger(__name__)

# Discord accepts 5 rows of buttons in a message: one row per reminder.
MAX_PER_DM = 5
# Sent this long after it was meant to arrive, a reminder says it is late.
LATE_AFTER = timedelta(minutes=5)
# Rows looked at per claiming round: keeps each transaction short when thousands are due at once.
CLAIM_LIMIT = 200
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class DueReminder:
    """One reminder with everything its part of the DM shows."""

    id: int
    topic: Topic
    lead: timedelta
    event_at: datetime
    intended_at: datetime  # when the user should have got it
    contract: Contract
    milestone: Milestone | None  # None for contract-level reminders
    figures: Figures
    late: bool = False

    @property
    def deadline(self) -> datetime | None:
        return self.event_at if self.lead > timedelta() else None


@dataclass(frozen=True)
class DueBatch:
    """One DM: a few reminders of one user. Its nonce derives from the batch, so sending it again after a
    crash or a failed attempt makes Discord return the message already shown instead of a second one."""

    owner_id: int
    batch_id: int
    dm_channel_id: int | None  # remembered from an earlier DM; None the first time
    reminders: tuple[DueReminder, ...]
    # Tried before (a process stopped mid-send, or a failed attempt): the DM may already be there.
    repeat: bool = False
    locale: str = "en-US"  # the language the DM is written in: the user's (UserSettings.locale)

    @property
    def nonce(self) -> str:
        # Discord takes nonces of up to 25 characters: "rem-" and a row id fit.
        return f"rem-{self.batch_id}"

    @property
    def ids(self) -> list[int]:
        return [reminder.id for reminder in self.reminders]


@dataclass(frozen=True)
class Delivered:
    message_id: int
    dm_channel_id: int


@dataclass(frozen=True)
class Undeliverable:
    """Will never get through as things stand. `refusal`: Discord refused DMs to this user, and why; the
    user is told how to receive DMs again."""

    reason: str
    refusal: DmRefusal | None = None


@dataclass(frozen=True)
class RetryLater:
    """A passing failure (rate limit, server error, network). `after`: the server's retry_after, if any."""

    reason: str
    after: timedelta | None = None


DeliveryResult = Delivered | Undeliverable | RetryLater


def retry_delay(attempts: int, retry_after: timedelta | None) -> timedelta:
    """Doubling from 30 s up to an hour; never sooner than the server's retry_after."""
    backoff = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    if retry_after is not None:
        return max(retry_after, timedelta(seconds=1))
    return backoff


class ReminderQueue:
    """Each write runs to its end even if the caller is cancelled (shielded), so no transaction is cut.

    `on_dms_closed` hears of each user Discord refused DMs to (closed, or no server shared), once their
    reminders are recorded undeliverable, so their next command reply can say so.
    """

    def __init__(self, db: Backend, on_dms_closed: Callable[[int], None] = lambda _: None) -> None:
        self._db = db
        self._on_dms_closed = on_dms_closed

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
            by_owner: dict[int, list[ReminderRecord]] = defaultdict(list)
            for row in await repo.due(now, limit=CLAIM_LIMIT):
                by_owner[row.owner_id].append(row)
            settings = await Users(conn).of_users(list(by_owner))
            batches: list[DueBatch] = []
            for owner_id, rows in by_owner.items():
                batches.extend(await _claim_for_owner(conn, rows, settings[owner_id], now))
            await repo.claim([(batch.batch_id, batch.ids) for batch in batches], now)
        return batches

    async def record(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]], now: datetime) -> None:
        """Mark what was sent, what never can be, and when to try again; one transaction for them all."""
        await asyncio.shield(self._record(outcomes, now))

    async def _record(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]], now: datetime) -> None:
        async with self._db.write() as conn:
            for batch, result in outcomes:
                await _record_one(conn, batch, result, now)
        for batch, result in outcomes:
            if isinstance(result, Undeliverable) and result.refusal is not None:
                self._on_dms_closed(batch.owner_id)


async def _record_one(conn: Connection, batch: DueBatch, result: DeliveryResult, now: datetime) -> None:
    repo = Reminders(conn)
    if isinstance(result, Delivered):
        await repo.mark_sent(batch.ids, result.message_id, now)
        await Users(conn).dm_delivered(batch.owner_id)
        if result.dm_channel_id != batch.dm_channel_id:
            await Users(conn).update(batch.owner_id, now, dm_channel_id=result.dm_channel_id)
    elif isinstance(result, Undeliverable):
        await repo.mark_undeliverable(batch.ids, now)
        if result.refusal is not None:
            await Users(conn).add_undelivered(batch.owner_id, len(batch.ids), now, result.refusal)
            # A stale channel id is no use; the next attempt asks Discord afresh.
            await Users(conn).update(batch.owner_id, now, dm_channel_id=None)
    else:
        attempts = await repo.most_attempts(batch.ids)
        await repo.retry_at(batch.ids, now + retry_delay(attempts, result.after))


async def _claim_for_owner(
    conn: Connection, rows: list[ReminderRecord], settings: UserSettings, now: datetime
) -> list[DueBatch]:
    """Hold what quiet hours hold, drop what is no longer true, group the rest into DMs."""
    repo = Reminders(conn)
    owner_id = settings.user_id
    quiet = settings.quiet_hours
    contracts: dict[int, Contract | None] = {}
    plans: dict[int, set[Identity]] = {}
    keep: list[tuple[ReminderRecord, Contract]] = []
    dropped: list[int] = []
    for row in rows:
        deadline = row.event_at if row.lead_seconds > 0 else None
        moment = send_moment(row.due_at, deadline, quiet, now)
        if moment.at > now:  # quiet hours: it waits until they end, still before its deadline
            await repo.defer([row.id], moment.at)
            continue
        assert row.contract_id is not None
        if row.contract_id not in contracts:
            contract = await Contracts(conn).load(owner_id, row.contract_id)
            contracts[row.contract_id] = contract
            plans[row.contract_id] = _planned(contract, settings, now)
        contract = contracts[row.contract_id]
        # Whether the planner, looking at the contract as it is now, still wants this reminder.
        if contract is not None and record_identity(row) in plans[row.contract_id]:
            keep.append((row, contract))
        else:
            dropped.append(row.id)
    if dropped:
        log.info("dropped %d reminders of user %d whose event is no longer true", len(dropped), owner_id)
        await repo.cancel(owner_id, dropped)

    batches = []
    for group in _group(keep):
        earlier_batch = group[0][0].batch_id
        batch_id = earlier_batch or min(row.id for row, _ in group)
        reminders = tuple(_due_reminder(row, contract, now) for row, contract in group)
        batches.append(
            DueBatch(
                owner_id,
                batch_id,
                settings.dm_channel_id,
                reminders,
                repeat=earlier_batch is not None,
                locale=settings.locale,
            )
        )
    return batches


def _planned(contract: Contract | None, settings: UserSettings, now: datetime) -> set[Identity]:
    if contract is None:  # the contract was deleted
        return set()
    plan = plan_contract(
        contract, now=now, enabled=settings.reminders_enabled, leads=settings.reminder_times.leads
    )
    return {r.identity for r in plan}


def _group(keep: list[tuple[ReminderRecord, Contract]]) -> list[list[tuple[ReminderRecord, Contract]]]:
    """Rows already sent together once stay together (same nonce); the rest fill DMs of a few each."""
    earlier: dict[int, list[tuple[ReminderRecord, Contract]]] = defaultdict(list)
    fresh: list[tuple[ReminderRecord, Contract]] = []
    for item in keep:
        if item[0].batch_id is not None:
            earlier[item[0].batch_id].append(item)
        else:
            fresh.append(item)
    groups = list(earlier.values())
    groups.extend(fresh[start : start + MAX_PER_DM] for start in range(0, len(fresh), MAX_PER_DM))
    return groups


def _due_reminder(row: ReminderRecord, contract: Contract, now: datetime) -> DueReminder:
    milestone = contract.milestone(row.milestone_id) if row.milestone_id is not None else None
    return DueReminder(
        id=row.id,
        topic=Topic(row.topic),
        lead=timedelta(seconds=row.lead_seconds),
        event_at=row.event_at,
        intended_at=row.intended_at,
        contract=contract,
        milestone=milestone,
        figures=figures_of(contract, now),
        late=now - row.intended_at > LATE_AFTER,
    )
