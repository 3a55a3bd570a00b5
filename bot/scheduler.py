"""The reminder scheduler: one task that sleeps until the next reminder is due, then delivers it.

It knows a clock, the reminder queue and a deliver function, and nothing of Discord. It sleeps exactly
until the soonest due reminder however far ahead that is; `wake()` (called after a change planned a new
reminder) makes it look again at once, and it re-checks on its own at least every few minutes in case a
wake-up was missed or the wall clock jumped. Due reminders are claimed in the database before they are
sent and marked once sent, so a crash in between loses nothing: the next start sends them again with the
same nonce, and Discord shows the user one message. Sends are paced (`SendPacer`) so that thousands due
at once go out at a steady rate under Discord's global limit instead of bursting into 429 answers. When it
wakes with nothing due, it only reads when the next reminder is, so an idle bot costs one query a recheck.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock, sleep_until
from bot.metrics import Metrics
from bot.pacing import SendPacer
from bot.services.delivery import Delivered, DeliveryResult, DueBatch, RetryLater, Undeliverable

log = logging.getLogger(__name__)

Deliver = Callable[[DueBatch], Awaitable[DeliveryResult]]

SAFETY_RECHECK = timedelta(minutes=5)
# DMs in flight at once: enough to keep up with Discord's rate limits, few enough to stay polite.
CONCURRENT_SENDS = 8
# On stop, a send in flight gets this long to finish before it is cut (it is then retried at start).
STOP_GRACE_SECONDS = 5.0
# Seconds between attempts to write an outcome the database refused, doubling up to the longest.
RECORD_RETRY_FIRST = 0.5
RECORD_RETRY_LONGEST = 30.0


class Queue(Protocol):
    async def recover(self) -> int: ...

    async def next_due_at(self) -> datetime | None: ...

    async def claim_due(self, now: datetime) -> list[DueBatch]: ...

    async def record(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]], now: datetime) -> None: ...


class Doorbell:
    """How a change tells the scheduler that a reminder was planned: it looks again only if that reminder
    is due sooner than the moment it sleeps until. Made before the scheduler and handed to both sides."""

    def __init__(self) -> None:
        self.rung = asyncio.Event()
        self.sleeping_until: datetime | None = None

    def ring(self, due_at: datetime | None = None) -> None:
        """A reminder is due at `due_at` (None: something changed, look again whatever it is)."""
        if due_at is not None and self.sleeping_until is not None and self.sleeping_until <= due_at:
            return
        self.rung.set()


class Scheduler:
    def __init__(
        self,
        queue: Queue,
        clock: Clock,
        deliver: Deliver,
        *,
        doorbell: Doorbell | None = None,
        recheck: timedelta = SAFETY_RECHECK,
        concurrency: int = CONCURRENT_SENDS,
        pacer: SendPacer | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._queue = queue
        self._clock = clock
        self._deliver = deliver
        self._recheck = recheck
        self._sends = asyncio.Semaphore(concurrency)
        self._pacer = pacer or SendPacer()
        self._metrics = metrics or Metrics()
        self._doorbell = doorbell or Doorbell()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[None]] = set()
        self._state_changed = asyncio.Condition()
        self._stopping = False
        self._outcomes: list[tuple[DueBatch, DeliveryResult]] = []
        self._recording = False

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="reminder-scheduler")

    def wake(self, due_at: datetime | None = None) -> None:
        self._doorbell.ring(due_at)

    async def stop(self) -> None:
        """Finish the round in progress (sends on the wire get a few seconds), then stop.

        Anything cut short stays claimed and goes out again at the next start, under the same nonce.
        """
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self.wake()
        done, _ = await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
        if not done:
            task.cancel()
            for send in list(self._in_flight):
                send.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        async with self._state_changed:
            self._state_changed.notify_all()

    async def settled(self) -> None:
        """Wait until every due reminder is handled and the scheduler sleeps (for tests and benchmarks)."""
        async with self._state_changed:
            await self._state_changed.wait_for(self._is_settled)

    def _is_settled(self) -> bool:
        if self._task is None or self._task.done():
            return True
        if self._outcomes or self._recording:
            return False  # an outcome is still being written
        until = self._doorbell.sleeping_until
        return until is not None and not self._doorbell.rung.is_set() and until > self._clock.now()

    async def _run(self) -> None:
        recovered = False
        while not self._stopping:
            self._doorbell.rung.clear()
            try:
                if not recovered:
                    await self._queue.recover()
                    recovered = True
                next_due = await self._queue.next_due_at()
                # Claiming is a write transaction: skip it when a recheck finds nothing due.
                if next_due is not None and next_due <= self._clock.now():
                    await self._deliver_due()
                    next_due = await self._queue.next_due_at()
            except Exception:
                log.exception("reminder scheduler round failed; trying again shortly")
                next_due = self._clock.now() + timedelta(seconds=5)
            await self._sleep(next_due)

    async def _deliver_due(self) -> None:
        """Claim and send until nothing more is due; sends run side by side, a few at a time."""
        try:
            while not self._stopping and (batches := await self._queue.claim_due(self._clock.now())):
                self._metrics.claimed(len(batches), sum(len(batch.reminders) for batch in batches))
                for batch in batches:
                    await self._sends.acquire()
                    send = asyncio.create_task(self._send(batch))
                    self._in_flight.add(send)
                    send.add_done_callback(self._in_flight.discard)
        finally:
            # Even when a claim fails (a locked database), the sends already made finish and their
            # outcomes are written before the round ends.
            if self._in_flight:
                await asyncio.wait(set(self._in_flight))

    async def _send(self, batch: DueBatch) -> None:
        try:
            # Paced here, right before the request, so its turn and its departure stay close together.
            await self._pacer.pace(_requests(batch))
            result = await self._deliver(batch)
        except Exception as error:
            log.exception("delivering reminder batch %d failed", batch.batch_id)
            result = RetryLater(f"unexpected error: {error!r}")
        finally:
            self._sends.release()
        self._outcomes.append((batch, result))
        await self._record_outcomes()

    async def _record_outcomes(self) -> None:
        """Record outcomes in groups: while one transaction runs, the next sends' outcomes gather.

        An outcome that can't be written (the database is locked or failing) is kept and written again
        after a growing pause, for as long as the scheduler runs: its reminders stay claimed meanwhile,
        so nothing is sent twice, and the outcome is not lost. Only a stop leaves them claimed, for the
        next start to send again under the same nonces.
        """
        if self._recording:
            return  # the task recording now picks these up before it stops
        self._recording = True
        pause = RECORD_RETRY_FIRST
        try:
            while self._outcomes:
                outcomes, self._outcomes = self._outcomes, []
                try:
                    await self._queue.record(outcomes, self._clock.now())
                    self._count(outcomes)
                    pause = RECORD_RETRY_FIRST
                    await self._tell_watchers()
                except Exception:
                    log.exception(
                        "could not record the outcome of %d reminder DMs; trying again", len(outcomes)
                    )
                    self._outcomes = outcomes + self._outcomes
                    if self._stopping:
                        return
                    # Real time, not the bot's clock: it is the database that needs the pause.
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, RECORD_RETRY_LONGEST)
        finally:
            self._recording = False
            await self._tell_watchers()

    def _count(self, outcomes: Sequence[tuple[DueBatch, DeliveryResult]]) -> None:
        self._metrics.recorded(len(outcomes))
        for batch, result in outcomes:
            if isinstance(result, Delivered):
                self._metrics.delivered([reminder.late for reminder in batch.reminders])
            elif isinstance(result, Undeliverable):
                self._metrics.reminders_undeliverable.inc(len(batch.reminders))
            else:
                self._metrics.reminders_retried.inc(len(batch.reminders))

    async def _tell_watchers(self) -> None:
        async with self._state_changed:
            self._state_changed.notify_all()

    async def _sleep(self, next_due: datetime | None) -> None:
        now = self._clock.now()
        deadline = now + self._recheck if next_due is None else min(next_due, now + self._recheck)
        if deadline <= now:
            return
        self._doorbell.sleeping_until = deadline
        async with self._state_changed:
            self._state_changed.notify_all()
        timer = asyncio.create_task(sleep_until(self._clock, deadline))
        woken = asyncio.create_task(self._doorbell.rung.wait())
        try:
            await asyncio.wait({timer, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._doorbell.sleeping_until = None
            timer.cancel()
            woken.cancel()


def _requests(batch: DueBatch) -> int:
    """Requests a DM takes: one, or two the first time, when the DM channel must be opened."""
    return 1 if batch.dm_channel_id is not None else 2
