"""Reminder DMs are paced under Discord's global limit: small batches go at once, floods at a steady rate."""

from __future__ import annotations

import asyncio
import heapq
import itertools

from bot.pacing import REMINDER_BURST, REMINDER_REQUESTS_PER_SECOND, SendPacer
from bot.scheduler import Scheduler
from tests.reminders.conftest import SETTLE_GUARD, World

DISCORD_GLOBAL_LIMIT = 50  # requests per second per bot


class FakeTime:
    """A monotonic clock that moves only when the pacer sleeps; records each send's moment."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def read(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


def _pacer(time: FakeTime) -> SendPacer:
    return SendPacer(now=time.read, sleep=time.sleep)


async def _sends(pacer: SendPacer, time: FakeTime, count: int, cost: int = 1) -> list[float]:
    moments = []
    for _ in range(count):
        await pacer.pace(cost)
        moments.append(time.now)
    return moments


def _busiest_second(moments: list[float]) -> int:
    """The most sends in any window of one second, as Discord counts them (two sends a second apart,
    to within a microsecond of rounding, are not in the same window)."""
    start, busiest = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= 1.0 - 1e-6:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


class StallingTime:
    """Virtual time for several senders pacing at once, on a loop that stalls for `stall` seconds every
    `every` seconds: each wake-up due during a stall happens at its end, all together."""

    def __init__(self, every: float = 2.0, stall: float = 0.15) -> None:
        self.now = 1000.0
        self._every = every
        self._stall = stall
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def read(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), woken))
        await woken

    async def run(self, senders: list[asyncio.Task[None]]) -> None:
        while not all(task.done() for task in senders):
            # Virtual time: yield until every sender waits again.
            while len(self._sleepers) < sum(not task.done() for task in senders):  # noqa: ASYNC110
                await asyncio.sleep(0)
            due = self._sleepers[0][0]
            if int(due / self._every) != int(self.now / self._every):
                due += self._stall  # the loop was busy when this wake-up fell due
            self.now = max(self.now, due)
            while self._sleepers and self._sleepers[0][0] <= self.now:
                heapq.heappop(self._sleepers)[2].set_result(None)
            await asyncio.sleep(0)


async def test_senders_woken_late_together_still_stay_under_discords_limit() -> None:
    time = StallingTime()
    pacer = SendPacer(now=time.read, sleep=time.sleep)
    departures: list[float] = []

    async def sender() -> None:
        for _ in range(250):
            await pacer.pace()
            departures.append(time.now)

    senders = [asyncio.create_task(sender()) for _ in range(8)]
    await time.run(senders)

    assert len(departures) == 2000
    assert _busiest_second(sorted(departures)) <= REMINDER_REQUESTS_PER_SECOND
    rate = len(departures) / (departures[-1] - departures[0])
    assert rate >= 0.9 * DISCORD_GLOBAL_LIMIT * (1 - 0.15 / 2.0)  # less only what the stalls took


async def test_a_small_batch_goes_out_without_waiting() -> None:
    time = FakeTime()
    await _sends(_pacer(time), time, REMINDER_BURST)
    assert time.slept == 0


async def test_a_flood_goes_out_at_the_rate_and_never_over_discords_limit() -> None:
    time = FakeTime()
    moments = await _sends(_pacer(time), time, 500)
    rate = (len(moments) - REMINDER_BURST) / (moments[-1] - moments[0])
    assert abs(rate - REMINDER_REQUESTS_PER_SECOND) < 0.01
    assert rate >= 0.9 * DISCORD_GLOBAL_LIMIT
    assert _busiest_second(moments) <= DISCORD_GLOBAL_LIMIT


async def test_dms_that_open_a_channel_count_twice() -> None:
    time = FakeTime()
    moments = await _sends(_pacer(time), time, 200, cost=2)
    rate = (len(moments) - REMINDER_BURST / 2) / (moments[-1] - moments[0])
    assert abs(rate - REMINDER_REQUESTS_PER_SECOND / 2) < 0.01


async def test_a_quiet_spell_refills_only_the_burst() -> None:
    time = FakeTime()
    pacer = _pacer(time)
    await _sends(pacer, time, 300)
    time.now += 3600  # an hour with nothing due
    moments = await _sends(pacer, time, 300)
    assert _busiest_second(moments) <= DISCORD_GLOBAL_LIMIT
    assert moments[REMINDER_BURST - 1] == moments[0]  # the burst again at once, no more
    assert moments[REMINDER_BURST] > moments[0]


async def test_tasks_pacing_at_once_share_the_rate() -> None:
    time = FakeTime()
    pacer = _pacer(time)
    moments: list[float] = []

    async def sender() -> None:
        for _ in range(100):
            await pacer.pace()
            moments.append(time.now)

    await asyncio.gather(*(sender() for _ in range(4)))
    moments.sort()
    assert len(moments) == 400
    assert _busiest_second(moments) <= DISCORD_GLOBAL_LIMIT


async def test_the_scheduler_paces_a_flood_of_due_reminders(world: World) -> None:
    await world.scheduler.stop()
    owners = [3000 + number for number in range(12)]
    for owner in owners:
        await world.set_user(owner, dm_channel_id=owner + 5)  # known DM channels: one request per DM
        await world.contract(owner=owner)
        await world.milestone("Sketches", due="in 10 hours", owner=owner)  # its 24 h reminder is due now
    time = FakeTime()
    cleared_at: list[float] = []  # each DM's send task starts the moment its pace() returns

    class Recorded(SendPacer):
        async def pace(self, cost: int = 1) -> None:
            await super().pace(cost)
            cleared_at.append(time.now)

    pacer = Recorded(now=time.read, sleep=time.sleep)
    scheduler = Scheduler(world.services.queue, world.clock, world.inbox, pacer=pacer)
    scheduler.start()
    await asyncio.wait_for(scheduler.settled(), timeout=SETTLE_GUARD)
    await scheduler.stop()

    assert sorted(a.batch.owner_id for a in world.inbox.attempts) == owners
    assert cleared_at[:REMINDER_BURST] == [cleared_at[0]] * REMINDER_BURST
    spacing = (cleared_at[-1] - cleared_at[REMINDER_BURST - 1]) / (len(owners) - REMINDER_BURST)
    assert abs(spacing - 1 / REMINDER_REQUESTS_PER_SECOND) < 1e-9
