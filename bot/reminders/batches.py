"""What the scheduler hands to a deliver function, and what the deliver function answers.

A batch is one DM: the reminders of one user due within the same minute (at most a few, so that each
keeps its own buttons). Its nonce derives from the batch, so sending it again after a crash or a failed
attempt makes Discord return the message already shown instead of a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reconciliation import Reconciliation
from bot.domain.reminders import ReminderKind, Topic

# Discord accepts 5 rows of buttons in a message: one row per reminder.
MAX_PER_DM = 5


@dataclass(frozen=True)
class DueReminder:
    """One reminder with everything its part of the DM shows."""

    id: int
    kind: ReminderKind
    event_at: datetime
    intended_at: datetime  # when the user should have got it
    contract_id: int
    contract_title: str
    client: str
    platform: Platform
    milestone_id: int | None
    milestone_title: str | None
    amount: Money | None  # the milestone's amount; None for contract-level reminders
    reconciliation: Reconciliation
    late: bool = False

    @property
    def topic(self) -> Topic:
        return self.kind.topic


@dataclass(frozen=True)
class DueBatch:
    owner_id: int
    batch_id: int
    dm_channel_id: int | None  # remembered from an earlier DM; None the first time
    reminders: tuple[DueReminder, ...]
    # Tried before (a process stopped mid-send, or a failed attempt): the DM may already be there.
    repeat: bool = False

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
    """Will never get through as things stand. `dms_closed`: the user does not accept DMs from the bot."""

    reason: str
    dms_closed: bool = False


@dataclass(frozen=True)
class RetryLater:
    """A passing failure (rate limit, server error, network). `after`: the server's retry_after, if any."""

    reason: str
    after: timedelta | None = None


DeliveryResult = Delivered | Undeliverable | RetryLater
