"""One user action as one unit of work: a transaction that loads what it needs once and saves what changed.

An action opens `Store.work(owner_id)`: one write transaction. It loads the contract aggregate once
(`work.contract(id)`: the contract, its milestones with their ledgers, its bonuses) and the owner's
settings once (`work.settings()`), applies domain functions to them, saves what changed, and hands the
changed contract to `work.replan(...)`. Before the transaction commits, each contract handed over has its
reminders planned from that same object (nothing is loaded again); after the commit the scheduler is told
of the soonest new reminder, so it wakes only when that is sooner than what it sleeps on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock
from bot.domain.contracts import Contract
from bot.domain.errors import NotFound
from bot.domain.users import UserSettings
from bot.i18n.speaking import N_, heard_locale
from bot.services.planning import replan_contract
from storage.backend import Backend
from storage.connection import Connection
from storage.contracts import Contracts
from storage.milestones import Milestones
from storage.reminders import Reminders
from storage.users import Users

Wake = Callable[[datetime], None]

NOT_YOURS = N_("I can't find that contract among yours. Pick one from the list as you type.")


def not_yours() -> NotFound:
    """The one answer for a contract that is not the caller's, or is nobody's: never says which."""
    return NotFound(NOT_YOURS)


def _nobody_listens(_: datetime) -> None:
    return None


@dataclass
class Saves:
    """Whether an action saved anything: an error after a save must not say "nothing was changed"."""

    any: bool = False


_saves: ContextVar[Saves | None] = ContextVar("saves", default=None)


def watch_saves() -> Saves:
    """From now on in this task (one interaction's), each committed action is noted in the returned object."""
    saves = Saves()
    _saves.set(saves)
    return saves


@dataclass
class Store:
    """What every service needs: the database, the clock, and the scheduler's ear for new reminders."""

    db: Backend
    clock: Clock
    wake: Wake = field(default=_nobody_listens)

    @asynccontextmanager
    async def work(self, owner_id: int) -> AsyncIterator[Work]:
        """A write transaction for one owner's action; reminders are re-planned before it commits."""
        async with self.db.write(owner_id) as conn:
            work = Work(conn, owner_id, self.clock.now())
            yield work
            await work.remember_locale()
            soonest = await work.plan_reminders()
        watching = _saves.get()
        if watching is not None:
            watching.any = True
        if soonest is not None:
            self.wake(soonest)

    @asynccontextmanager
    async def read(self, owner_id: int) -> AsyncIterator[Reading]:
        """A consistent snapshot of one owner's data, for actions that only look."""
        async with self.db.read() as conn:
            yield Reading(conn, owner_id, self.clock.now())

    @asynccontextmanager
    async def glance(self, owner_id: int) -> AsyncIterator[Reading]:
        """One owner's data for a lookup of a single statement (a title to an id), without a transaction."""
        async with self.db.glance() as conn:
            yield Reading(conn, owner_id, self.clock.now())


class Reading:
    """One owner's data as one snapshot: each part loaded at most once."""

    def __init__(self, conn: Connection, owner_id: int, now: datetime) -> None:
        self.conn = conn
        self.owner_id = owner_id
        self.now = now
        self.contracts = Contracts(conn)
        self.milestones = Milestones(conn)
        self.reminders = Reminders(conn)
        self.users = Users(conn)
        self._settings: UserSettings | None = None

    async def settings(self) -> UserSettings:
        if self._settings is None:
            self._settings = await self.users.get(self.owner_id)
        return self._settings

    async def contract(self, contract_id: int) -> Contract:
        """The owner's contract with everything in it, and the owner's settings with it (one query);
        "not found" for anyone else's contract or none."""
        if self._settings is not None:
            contract = await self.contracts.load(self.owner_id, contract_id)
            if contract is None:
                raise not_yours()
            return contract
        loaded = await self.contracts.load_with_settings(self.owner_id, contract_id)
        if loaded is None:
            raise not_yours()
        contract, self._settings = loaded
        return contract


class Work(Reading):
    """A `Reading` that may write: what it changes is saved in the same transaction."""

    def __init__(self, conn: Connection, owner_id: int, now: datetime) -> None:
        super().__init__(conn, owner_id, now)
        self._to_plan: dict[int, Contract] = {}
        self._replan_all = False

    def replan(self, contract: Contract) -> None:
        """Plan this contract's reminders from this object when the action ends (the last one given wins)."""
        self._to_plan[contract.id] = contract

    async def remember_locale(self) -> None:
        """Save the Discord locale the owner's interaction came with, for the reminder DMs sent them later:
        with what they changed (a press on a DM's button saves it here too). A command that only reads has
        it saved once by the command tree (`ChosenLanguages.heard`), not on every read."""
        locale = heard_locale(self.owner_id)
        if locale is not None:
            await self.users.remember_locale(self.owner_id, locale)

    def replan_everything(self) -> None:
        """Plan every contract of the owner again (after a settings change)."""
        self._replan_all = True

    def settings_changed(self, settings: UserSettings) -> None:
        self._settings = settings

    async def plan_reminders(self) -> datetime | None:
        """Bring reminders in line with the contracts handed over; the soonest new due moment, if any."""
        if self._replan_all:
            for contract in await self.contracts.of_owner(self.owner_id):
                self._to_plan.setdefault(contract.id, contract)
        if not self._to_plan:
            return None
        settings = await self.settings()
        soonest: datetime | None = None
        for contract in self._to_plan.values():
            due = await replan_contract(self.conn, contract, settings, self.now)
            if due is not None and (soonest is None or due < soonest):
                soonest = due
        return soonest
