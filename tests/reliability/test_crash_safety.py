"""SIGKILL at twenty random moments while 2,000 reminders go out and people keep using commands.

The bot runs in its own process (`tests/reminders/bot_process.py`) against the local Discord server in
this one, on a real database file. The real planner plans 2,000 reminders for a few hundred people, most
due at once and the rest over the next twenty seconds. Each DM takes a quarter of a second, so a kill
finds sends on the wire: some not yet arrived (nothing was made), some made whose answer never got back
(the next process sends them again under the same nonce). Meanwhile people keep adding milestones to another
contract (some due soon, which plans one more reminder), marking them funded and moving their due dates
closer (which plans one too). The process is killed
with SIGKILL at moments drawn from a seeded generator (the seed is printed; `CRASH_SEED=<n>` replays the
moments, though not the timing around them) and started again each time. When the last process has sent
everything:

- every reminder reached its person, in a DM that names its milestone, and in one DM only. A resend
  that its nonce absorbed (Discord answers it with the message it made the first time) is counted but
  never seen;
- the database passes `PRAGMA integrity_check`;
- every command a running bot received was answered, and each answer's change is in the database. Only
  a command cut off by a kill may go unanswered, and it may or may not have landed: the person saw no
  answer, so either is honest.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.clock import SystemClock
from bot.domain.lifecycle import EventKind, Step
from bot.domain.money import Money
from bot.domain.platforms import Platform, review_days_for
from bot.localdiscord import FakeUser, LocalDiscord, Message
from bot.services import Services, Store
from bot.services.planning import replan_contract
from cogs.reminders.delivery import DM_OPENS_PER_SECOND
from storage.backend import Backend, open_backend
from storage.contracts import Contracts
from storage.milestones import Milestones
from storage.users import Users
from tests.reminders import bot_process

pytestmark = pytest.mark.slow

REMINDERS = 2000
KILLS = 20
# How many reminders people have; more than five due together make two DMs.
REMINDERS_PER_PERSON = (1, 2, 3, 4, 5, 6, 7, 11)
# Each person's reminders fall due together: for most people at once, for the others within SPREAD_SECONDS.
AT_ONCE = 0.6
SPREAD_SECONDS = 20
PLANNED_THROUGH_SERVICES = 12  # the others are written in one transaction, planned by the same planner
AMOUNT_MINOR = 5000
# Discord's time for each DM: the request on its way in, then the answer on its way back (the message
# exists meanwhile). With several sends at a time, a kill finds some in each stretch, and the burst lasts
# through all twenty kills.
DM_REQUEST_SECONDS = 0.1
DM_ANSWER_SECONDS = 0.15
# People sending commands at once, each pausing a little between two.
COMMAND_SENDERS = 4
COMMAND_PAUSE = (0.0, 0.15)
DUE_SOON = "in 10 hours"  # a milestone added with this due date plans an unfunded reminder due now
# When each kill comes, in seconds after its process was started (it connects after about 0.4).
KILL_AFTER = (0.3, 2.0)
# A guard against a hang, not a bound on speed: the last process sends what is left, and opens the DM
# channels not yet stored at the bot's paced rate (DM_OPENS_PER_SECOND), so the guard grows with the people.
FINISH_WITHIN = 90.0
SEND_DM = "POST /channels/{id}/messages"
REMINDER_BUTTON = re.compile(r"rem:[a-z_]+:(\d+)")
SEND_DM_FAILED = re.compile(r"POST /channels/\d+/messages: ")


# -- planning ----------------------------------------------------------------------------------------


def _sizes(rng: random.Random) -> list[int]:
    """How many reminders each person has, adding up to REMINDERS."""
    sizes: list[int] = []
    while (left := REMINDERS - sum(sizes)) > 0:
        sizes.append(min(rng.choice(REMINDERS_PER_PERSON), left))
    return sizes


def _due_dates(size: int, offset: int, start: datetime) -> list[datetime]:
    """Due dates of milestones whose unfunded reminder falls due `offset` seconds after `start`.

    Due in ten hours: the 24-hour reminder is due now. Due in three days and `offset` seconds: the
    72-hour reminder is due at `offset`, and the 24-hour one two days later (it must stay waiting).
    """
    if offset == 0:
        return [start + timedelta(hours=10)] * size
    return [start + timedelta(hours=72, seconds=offset + number % 3) for number in range(size)]


def _title(number: int) -> str:
    return f"Stage {number:02d}"


async def _plan_through_services(db: Backend, owner_id: int, dues: list[datetime]) -> None:
    services = Services.build(Store(db, SystemClock()))
    view = await services.contracts.add(owner_id, title="Website", client="Dana", price="1000")
    for number, due in enumerate(dues):
        await services.milestones.add(
            owner_id, view.contract.id, title=_title(number), amount="50", due=f"{due:%Y-%m-%dT%H:%M:%S}Z"
        )


async def _plan_in_bulk(db: Backend, people: list[tuple[int, list[datetime]]]) -> None:
    """The rows `contract add` and `milestone add` write, in one transaction; reminders by the planner."""
    now = datetime.now(UTC)
    async with db.write() as conn:
        for owner_id, dues in people:
            await Users(conn).ensure(owner_id, now)
            contract = await Contracts(conn).add(
                owner_id,
                title="Website",
                client="Dana",
                platform=Platform.UPWORK,
                price=Money(100_000, "USD"),
                review_days=review_days_for(Platform.UPWORK, None),
                started_at=now,
                now=now,
            )
            milestones = Milestones(conn)
            for number, due in enumerate(dues):
                milestone_id, _ = await milestones.add(
                    owner_id, contract.id, _title(number), AMOUNT_MINOR, due, now
                )
                await milestones.record(
                    owner_id, milestone_id, Step(EventKind.CREATED, now, AMOUNT_MINOR), now
                )
            loaded = await Contracts(conn).load(owner_id, contract.id)
            assert loaded is not None
            await replan_contract(conn, loaded, await Users(conn).get(owner_id), now)


async def _plan(path: str, people: list[FakeUser], sizes: list[int], rng: random.Random) -> datetime:
    """Plan the burst (`sizes`: reminders of each person) and give everyone a Retainer contract for
    commands; returns when planning started."""
    start = datetime.now(UTC)
    plans = [
        (person.id, _due_dates(size, 0 if rng.random() < AT_ONCE else rng.randint(1, SPREAD_SECONDS), start))
        for person, size in zip(people, sizes, strict=True)
    ]
    db = await open_backend(path)  # a SQLite file, or a PostgreSQL URL (test_cross_process_crash.py)
    try:
        for owner_id, dues in plans[:PLANNED_THROUGH_SERVICES]:
            await _plan_through_services(db, owner_id, dues)
        await _plan_in_bulk(db, plans[PLANNED_THROUGH_SERVICES:])
        services = Services.build(Store(db, SystemClock()))
        for person in people:
            await services.contracts.add(person.id, title="Retainer", client="Eve", price="5000")
    finally:
        await db.close()
    return start


@contextmanager
def _sqlite(path: str) -> Iterator[sqlite3.Connection]:
    """A plain connection for the test's own reads, beside the bot's."""
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class Reminder:
    owner_id: int
    milestone_title: str
    due_at: int
    state: str


def _reminders(path: str) -> dict[int, Reminder]:
    with _sqlite(path) as conn:
        rows = conn.execute(
            "SELECT r.id, r.owner_id, m.title, r.due_at, r.state FROM reminders r"
            " JOIN milestones m ON m.id = r.milestone_id"
        ).fetchall()
    return {reminder_id: Reminder(*rest) for reminder_id, *rest in rows}


# -- commands sent meanwhile -------------------------------------------------------------------------


@dataclass
class Commands:
    """People adding milestones to their Retainer contract, marking them funded and moving their due
    dates closer, while the bot dies."""

    server: LocalDiscord
    people: list[FakeUser]
    rng: random.Random
    added: list[tuple[int, str, bool]] = field(default_factory=list)  # answered: owner, title, due soon
    funded: list[tuple[int, str]] = field(default_factory=list)
    edited: list[tuple[int, str]] = field(default_factory=list)  # answered: due date moved to DUE_SOON
    unanswered: int = 0  # cut off by a kill
    wrong: list[str] = field(default_factory=list)  # answered, but not with what was asked, or not at all
    down: bool = True  # the bot is being killed or not started yet: people wait
    kills: int = 0
    _fundable: list[tuple[FakeUser, str]] = field(default_factory=list)
    _count: int = 0

    @property
    def answered(self) -> int:
        return len(self.added) + len(self.funded) + len(self.edited) + len(self.wrong)

    async def send_until(self, stop: asyncio.Event) -> None:
        await asyncio.gather(*(self._sender(stop) for _ in range(COMMAND_SENDERS)))

    async def _sender(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self.rng.uniform(*COMMAND_PAUSE))
            if self.down or not self.server.connected:
                continue  # the bot shows offline: a person waits
            if self._fundable and self.rng.random() < 0.5:
                person, title = self._fundable.pop(self.rng.randrange(len(self._fundable)))
                if self.rng.random() < 0.7:
                    await self._fund(person, title)
                else:
                    await self._edit(person, title)
            else:
                self._count += 1
                await self._add(self.rng.choice(self.people), f"Extra {self._count}", self.rng.random() < 0.5)

    async def _add(self, person: FakeUser, title: str, due_soon: bool) -> None:
        options = {"contract": "Retainer", "title": title, "amount": "20"}
        if due_soon:
            options["due"] = DUE_SOON
        if await self._answered(person, "add", options, f"Added: {title}"):
            self.added.append((person.id, title, due_soon))
            if not due_soon:  # funding one due soon would cancel its reminder: not what this test counts
                self._fundable.append((person, title))

    async def _fund(self, person: FakeUser, title: str) -> None:
        options = {"contract": "Retainer", "milestone": title}
        if await self._answered(person, "fund", options, f"Funded: {title}"):
            self.funded.append((person.id, title))

    async def _edit(self, person: FakeUser, title: str) -> None:
        """Move the due date to DUE_SOON: re-planning adds a reminder due now."""
        options = {"contract": "Retainer", "milestone": title, "due": DUE_SOON}
        if await self._answered(person, "edit", options, f"Edited: {title}"):
            self.edited.append((person.id, title))

    async def _answered(self, person: FakeUser, action: str, options: dict[str, str], headline: str) -> bool:
        kills = self.kills
        try:
            reply = await self.server.command(person, f"milestone {action}", options)
        except AssertionError as error:
            if self.kills != kills:  # the process was killed before it answered
                self.unanswered += 1
            else:
                self.wrong.append(f"/milestone {action} {options}: no answer from a running bot: {error}")
            return False
        if reply.text.startswith(f"{headline}\n"):
            return True
        self.wrong.append(f"/milestone {action} {options}: {reply.text[:200]}")
        return False

    def missing_from(self, path: str, reminders: dict[int, Reminder]) -> list[str]:
        """Answered commands whose change is not in the database."""
        with _sqlite(path) as conn:
            funded = {
                (owner_id, title): bool(deposited)
                for owner_id, title, deposited in conn.execute(
                    "SELECT m.owner_id, m.title, EXISTS (SELECT 1 FROM milestone_events e"
                    " WHERE e.milestone_id = m.id AND e.kind = 'fund') FROM milestones m"
                    " JOIN contracts c ON c.id = m.contract_id WHERE c.title = 'Retainer'"
                )
            }
        planned = {(reminder.owner_id, reminder.milestone_title) for reminder in reminders.values()}
        missing = [f"{title} of {owner}" for owner, title, _ in self.added if (owner, title) not in funded]
        missing += [
            f"the reminder of {title} of {owner}"
            for owner, title, soon in self.added
            if soon and (owner, title) not in planned
        ]
        missing += [
            f"{title} of {owner} funded" for owner, title in self.funded if not funded.get((owner, title))
        ]
        missing += [
            f"the reminder of {title} of {owner}, due soon after an edit"
            for owner, title in self.edited
            if (owner, title) not in planned
        ]
        return missing


# -- what people received ----------------------------------------------------------------------------


def _shown_in(message: Message) -> list[tuple[int, str]]:
    """Each reminder a DM shows: its id (from its row of buttons) and the text of its embed."""
    shown = []
    for row, embed in zip(message.components, message.embeds, strict=True):
        ids = {
            int(found[1])
            for button in row.get("components", [])
            if (found := REMINDER_BUTTON.fullmatch(button.get("custom_id", "")))
        }
        assert len(ids) == 1, f"each row of buttons is about one reminder: {row}"
        fields = [f"{item.get('name', '')} {item.get('value', '')}" for item in embed.get("fields", [])]
        shown.append((ids.pop(), "\n".join([embed.get("title", ""), embed.get("description", ""), *fields])))
    return shown


def _times_shown(server: LocalDiscord, people: list[FakeUser]) -> Counter[int]:
    """In how many distinct DMs each reminder was shown."""
    return Counter(
        reminder_id
        for person in people
        for message in server.dms(person)
        for reminder_id, _ in _shown_in(message)
    )


def _due_by(reminders: dict[int, Reminder], moment: datetime) -> set[int]:
    return {
        reminder_id for reminder_id, reminder in reminders.items() if reminder.due_at <= moment.timestamp()
    }


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


async def _until(condition: Callable[[], bool], *, within: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}\n{_tail(log)}")
        await asyncio.sleep(0.2)


def _answer_dms_late(server: LocalDiscord, seconds: float) -> None:
    """The server makes each DM as soon as it has read the request, then answers `seconds` later: a process
    killed meanwhile never learns that its DM went out. (The server's `stall` holds a request before
    reading it, so a send cut off there makes nothing.) Set before the server starts, which routes to it."""
    make_message = server.rest.post_message

    async def made_then_answered_late(request: web.Request) -> web.Response:
        response = await make_message(request)
        await asyncio.sleep(seconds)
        return response

    server.rest.post_message = made_then_answered_late  # type: ignore[method-assign]


async def _kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    await asyncio.to_thread(process.wait)


# -- the test ----------------------------------------------------------------------------------------


async def test_sigkill_at_twenty_moments_loses_and_repeats_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1_000_000)))
    print(f"crash safety: seed {seed}")  # shown with a failure
    rng = random.Random(seed)
    began = time.monotonic()
    path = str(tmp_path / "crash.db")
    log = tmp_path / "bot.log"

    server = LocalDiscord()
    _answer_dms_late(server, DM_ANSWER_SECONDS)
    async with server:
        sizes = _sizes(rng)
        people = [server.add_user(f"freelancer{number}") for number in range(len(sizes))]
        start = await _plan(path, people, sizes, rng)
        soon = start + timedelta(hours=1)
        assert len(_due_by(_reminders(path), soon)) == REMINDERS  # one due within the burst per milestone
        server.faults.stall("POST /channels/*/messages", seconds=DM_REQUEST_SECONDS, times=-1)  # every DM

        commands = Commands(server, people, random.Random(rng.random()))
        stop = asyncio.Event()
        sending = asyncio.create_task(commands.send_until(stop))
        process: subprocess.Popen[bytes] | None = None
        kills = 0
        try:
            for _ in range(KILLS):
                process = bot_process.start(server.port, path, log)
                commands.down = False
                await asyncio.sleep(rng.uniform(*KILL_AFTER))
                commands.down = True
                commands.kills += 1
                await _kill(process)
                kills += 1
                # Commands go to the next process only: wait until the server saw this one go.
                await _until(lambda: not server.connected, within=FINISH_WITHIN, what="the bot went", log=log)
            process = bot_process.start(server.port, path, log)
            commands.down = False
            stop.set()
            await sending
            # Every reminder exists now, those planned by commands that landed unanswered included.
            due = _due_by(_reminders(path), soon)

            def all_sent_and_shown() -> bool:
                reminders = _reminders(path)
                sent = all(reminders[reminder_id].state == "sent" for reminder_id in due)
                return sent and _times_shown(server, people).keys() >= due

            opening = len(people) / DM_OPENS_PER_SECOND
            await _until(
                all_sent_and_shown, within=FINISH_WITHIN + opening, what="every reminder was sent", log=log
            )
        finally:
            stop.set()
            if not sending.done():
                await sending
            if process is not None and process.poll() is None:
                await _kill(process)

        reminders = _reminders(path)
        for person in people:
            for message in server.dms(person):
                for reminder_id, text in _shown_in(message):
                    assert reminder_id in due, f"reminder {reminder_id} was shown before it was due"
                    assert reminders[reminder_id].owner_id == person.id
                    assert f"**{reminders[reminder_id].milestone_title}**" in text, text
        shown = _times_shown(server, people)
        dms = {person.id: server.dm_count(person) for person in people}
        sends = sum(1 for request in server.requests if request.kind == SEND_DM)
        # A send whose body the killed process never finished is recorded, but makes no message.
        cut_off = sum(1 for error in server.rest.internal_errors if SEND_DM_FAILED.match(error))
        absorbed = sends - cut_off - sum(dms.values())

    reminders = _reminders(path)
    with _sqlite(path) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        batches = Counter(
            owner_id
            for owner_id, _ in conn.execute(
                "SELECT DISTINCT owner_id, batch_id FROM reminders WHERE state = 'sent'"
            )
        )
    missing = commands.missing_from(path, reminders)
    lost = due - shown.keys()
    shown_twice = sum(count - 1 for count in shown.values())
    with capsys.disabled():
        print(
            f"\ncrash safety: seed {seed}, {kills} SIGKILLs survived, {len(shown)} reminders delivered "
            f"({REMINDERS} planned + {len(due) - REMINDERS} by commands) in {sum(dms.values())} DMs, "
            f"{len(lost)} lost, {shown_twice} duplicates seen, {absorbed} resends absorbed by nonces "
            f"({cut_off} sends cut off mid-request), {commands.answered} commands answered and "
            f"{commands.answered - len(commands.wrong) - len(missing)} verified ({commands.unanswered} cut off "
            f"unanswered), integrity {integrity[0][0]}, {time.monotonic() - began:.0f} s"
        )

    assert kills == KILLS
    assert not lost, sorted(lost)[:20]
    assert shown_twice == 0, [reminder_id for reminder_id, count in shown.items() if count > 1][:20]
    assert integrity == [("ok",)]
    states = Counter(reminder.state for reminder in reminders.values())
    # Nothing cancelled, undeliverable or left claimed; the reminders due in two days still wait.
    assert states == {"sent": len(due), "pending": len(reminders) - len(due)}, states
    assert dms == {person.id: batches[person.id] for person in people}  # one DM per batch, however often sent
    assert not commands.wrong, commands.wrong[:5]
    assert not missing, missing[:10]
    assert commands.answered > 0
