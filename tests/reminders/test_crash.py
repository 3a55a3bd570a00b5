"""The bot process is killed with SIGKILL while it sends reminders, then started again.

Every due reminder reaches its user, and nobody sees one twice: the restarted process takes up the
batches left claimed, finds in the user's DMs the ones Discord had already made, and sends the others
(under the same nonces, which the server, like Discord with `enforce_nonce`, would answer with the message
it already made).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.services import Services, Store
from storage.database import Database
from tests.reminders import bot_process

ROOT = Path(__file__).resolve().parents[2]
USERS = 12
SEND_DM = "POST /channels/{id}/messages"
# How long the server holds back the answers to the first DMs: the kill comes well within it.
HELD_ANSWER = 5.0
# A guard against a hung test, not a bound on speed: a loaded machine may take long to start a process.
GUARD = 90.0


async def _plan_reminders(path: str, users: list[FakeUser]) -> None:
    """Two milestones per user due in ten hours: each user has one DM (two reminders) due right now."""
    db = await Database.open(path)
    services = Services.build(Store(db, ManualClock(datetime.now(UTC))))
    for user in users:
        contract = (await services.contracts.add(user.id, title="Logo", client="Dana", price="100")).contract
        for title in ("Sketches", "Final files"):
            await services.milestones.add(user.id, contract.id, title=title, amount="50", due="in 10 hours")
    await db.close()


@contextmanager
def _bot_process(server: LocalDiscord, path: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = bot_process.start(server.port, path, log)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


async def _until(condition: Callable[[], bool], *, within: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}\n{_tail(log)}")
        await asyncio.sleep(0.02)


def _states(path: str) -> list[str]:
    """The state of every reminder whose moment has come (the others are hours away)."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT state FROM reminders WHERE due_at <= ?", (int(datetime.now(UTC).timestamp()),)
        ).fetchall()
    return [state for (state,) in rows]


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


async def test_killed_while_sending_every_reminder_arrives_once(tmp_path: Path) -> None:
    path = str(tmp_path / "crash.db")
    log = tmp_path / "bot.log"
    async with LocalDiscord() as server:
        users = [server.add_user(f"user{number}") for number in range(USERS)]
        await _plan_reminders(path, users)

        def sends() -> int:
            return sum(1 for request in server.requests if request.kind == SEND_DM)

        def delivered() -> int:
            return sum(1 for user in users if server.dm_count(user) > 0)

        # The first DMs are made at once but their answers hang: the kill lands between the two.
        server.faults.answer_late("POST /channels/*/messages", seconds=HELD_ANSWER, times=4)
        with _bot_process(server, path, log) as first:
            await _until(lambda: delivered() >= 1, within=GUARD, what="the first DMs arrived", log=log)
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        killed_after = sends()
        # Those DMs exist on the server, but the killed process never recorded them.
        assert "claimed" in _states(path), "the kill came too late to interrupt anything"

        with _bot_process(server, path, log):
            await _until(
                lambda: delivered() == USERS and set(_states(path)) == {"sent"},
                within=GUARD,
                what="every user had a DM and every due reminder was recorded sent",
                log=log,
            )

        assert sends() > killed_after  # the second process did send what the first never sent
        # A batch the killed process left claimed first looks for its DM in the history (its channel asked
        # for again, since its id was never stored), finds the one Discord made, and is not sent again.
        assert sends() == USERS
        for user in users:
            (dm,) = server.dms(user)
            assert "Sketches" in dm.text and "Final files" in dm.text
