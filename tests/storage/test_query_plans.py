"""The queries behind commands, buttons and the scheduler use indexes, not table scans.

Not hand-copied SQL: every statement the repositories really issue is captured (sqlite3's trace callback
on each of the bot's connections) while every service action runs, as commands, buttons and the scheduler
run them, against a database holding a few hundred other people's contracts. Each captured statement's
`EXPLAIN QUERY PLAN` must reach every table through an index: as the bot runs (no statistics), and once
`ANALYZE` has told the planner how many rows there are, when it would rather scan a table no index fits.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.domain.errors import UserFacingError
from bot.domain.lifecycle import EventKind
from bot.domain.users import DmRefusal
from bot.services import Services, Store
from bot.services.delivery import Delivered, RetryLater, Undeliverable
from bot.services.reminders import ReminderAction
from storage.database import Database
from storage.meta import Meta

pytestmark = pytest.mark.sqlite_only("SQLite's query plans and schema (EXPLAIN QUERY PLAN, sqlite_master)")

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ALICE, BOB = 1, 2
HOME = 77  # the server whose FAQ Alice edits
OTHERS = 300  # other people, each with contracts, milestones, history, reminders and a bonus
# Transaction control, and what SQLite runs inside a virtual table (FTS5), traced as `-- <statement>`.
NOT_STATEMENTS = re.compile(
    r"^\s*(--|(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|ANALYZE)\b)", re.IGNORECASE
)
# One plan line: `SCAN t`, `SCAN t USING [COVERING] INDEX i`, `SEARCH t USING ...`, `SCAN t VIRTUAL TABLE...`.
SCAN = re.compile(r"^SCAN (?P<table>\w+)(?: AS \w+)?(?P<rest>.*)$")
FULL_INDEX = re.compile(r"USING (?:COVERING )?INDEX (?P<index>\w+)")


@asynccontextmanager
async def traced(db: Database) -> AsyncIterator[list[str]]:
    """Every statement any of the database's connections runs inside the block, as SQLite ran it."""
    statements: list[str] = []
    for connection in db.connections():
        await connection.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        for connection in db.connections():
            await connection.set_trace_callback(None)


async def _crowd(db: Database) -> None:
    """Other people's rows, in the proportions real use has: a scan would have plenty to read."""
    start = int(NOW.timestamp()) - 86400 * 30
    users, contracts, milestones, events, reminders, bonuses = [], [], [], [], [], []
    for n in range(OTHERS):
        owner = 1000 + n
        users.append((owner, start))
        for c in range(3):
            contract = 10_000 + n * 3 + c
            contracts.append(
                (contract, owner, f"Job {c}", "Client", "upwork", "USD", 30000, 14, start, start)
            )
            bonuses.append((contract, owner, 500, start, start))
            for m in range(4):
                milestone = contract * 10 + m
                milestones.append((milestone, contract, owner, m + 1, f"Part {m}", 7500, start, start, start))
                events.append((milestone, owner, "created", start, 7500, start))
                events.append((milestone, owner, "fund", start, 7500, start))
                for lead, state in ((259200, "sent"), (86400, "pending")):
                    due = start + 86400 * (40 + m) - lead
                    reminders.append(
                        (owner, contract, milestone, "unfunded", lead, due + lead, due, state, start)
                    )
    async with db.write() as conn:
        await conn.executemany("INSERT INTO users (user_id, created_at) VALUES (?, ?)", users)
        await conn.executemany(
            "INSERT INTO contracts (id, owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contracts,
        )
        await conn.executemany(
            "INSERT INTO bonuses (contract_id, owner_id, amount_minor, at, recorded_at) VALUES (?, ?, ?, ?, ?)",
            bonuses,
        )
        await conn.executemany(
            "INSERT INTO milestones (id, contract_id, owner_id, position, title, amount_minor, due_at, changed_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            milestones,
        )
        await conn.executemany(
            "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, amount_minor, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        await conn.executemany(
            "INSERT INTO reminders (owner_id, contract_id, milestone_id, kind, lead_seconds, event_at, due_at,"
            " state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reminders,
        )
        for guild in range(50):
            for topic in ("bonuses", "payment-hold", f"own-{guild}"):
                await conn.execute(
                    "INSERT INTO faq_entries (guild_id, topic, title, body, updated_by, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (1000 + guild, topic, "Title", "Body", 1000 + guild, start),
                )
                await conn.execute(
                    "INSERT INTO faq_changes (guild_id, topic, action, by_user, at) VALUES (?, ?, 'set', ?, ?)",
                    (1000 + guild, topic, 1000 + guild, start),
                )


async def _every_action(services: Services, clock: ManualClock) -> int:
    """Every service action a command, button or the scheduler runs; returns how many ran."""
    contracts, milestones, reminders = services.contracts, services.milestones, services.reminders
    ran = 0

    async def run(call: Callable[[], Awaitable[Any]]) -> Any:
        nonlocal ran
        ran += 1
        return await call()

    # Settings (each re-plans every contract of the user, once there are some).
    await run(lambda: services.settings.view(ALICE))
    await run(lambda: services.settings.set_currency(ALICE, "USD"))
    # Contracts and milestones: each lifecycle step once, typed titles and autocomplete ids.
    logo = (await run(lambda: contracts.add(ALICE, title="Logo", client="Dana", price="300"))).contract.id
    other = (await run(lambda: contracts.add(ALICE, title="Site", client="Ken", price="80"))).contract.id
    assert await run(lambda: contracts.resolve(ALICE, "logo")) == logo
    assert await run(lambda: contracts.resolve(ALICE, f"#{logo}")) == logo
    await run(lambda: _refused(contracts.resolve(ALICE, "Lgo")))  # suggestions: the caller's titles
    ids = {}
    for title, due in (("Sketches", "in 2 days"), ("Draft", "in 9 days"), ("Final", None), ("Extra", None)):
        ids[title] = (
            await run(lambda t=title, d=due: milestones.add(ALICE, logo, title=t, amount="50", due=d))
        ).milestone.id
    assert await run(lambda: milestones.resolve(ALICE, logo, "final")) == ids["Final"]
    await run(lambda: _refused(milestones.resolve(ALICE, logo, "Fnal")))
    await run(lambda: contracts.choices(ALICE, "lo"))
    await run(lambda: milestones.choices(ALICE, logo, "a"))
    await run(
        lambda: milestones.edit(ALICE, logo, ids["Extra"], title="Extra part", amount="60", due="in 5 days")
    )
    await run(lambda: contracts.edit(ALICE, logo, title="Logo work", client="Dana B", started="2 days ago"))
    final = ids["Final"]
    for kind, amount in (
        (EventKind.FUND, None),
        (EventKind.SUBMIT, None),
        (EventKind.REQUEST_CHANGES, None),
        (EventKind.SUBMIT, None),
        (EventKind.RELEASE, "20"),
        (EventKind.REQUEST_REFUND, None),
        (EventKind.DISPUTE, None),
        (EventKind.REFUND, "10"),
    ):
        await run(lambda k=kind, a=amount: milestones.act(ALICE, logo, final, k, amount=a))
    await run(lambda: milestones.act(ALICE, logo, ids["Draft"], EventKind.SUBMIT))  # asks first
    await run(lambda: milestones.act(ALICE, logo, ids["Draft"], EventKind.SUBMIT, confirmed=True))
    await run(lambda: milestones.set_muted(ALICE, logo, ids["Extra"], True))
    await run(lambda: contracts.bonus(ALICE, logo, "15"))
    for which in ("active", "ended", "all"):
        await run(lambda w=which: contracts.list_contracts(ALICE, w))
    await run(lambda: contracts.view(ALICE, logo))
    await run(lambda: contracts.summary(ALICE))
    await run(lambda: services.settings.set_timezone(ALICE, "Europe/Paris"))
    await run(lambda: services.settings.set_quiet_hours(ALICE, "22:00", "7:00"))
    await run(lambda: services.settings.set_reminders(ALICE, True))
    # The scheduler: what is due, claimed, and each way a send ends.
    queue = services.queue
    await run(queue.recover)
    await run(queue.next_due_at)
    clock.advance(timedelta(days=3))
    batches = await run(lambda: queue.claim_due(clock.now()))
    assert batches, "Alice's reminders are due by now"
    outcomes = [Delivered(9001, 9002), Undeliverable("closed", refusal=DmRefusal.CLOSED), RetryLater("503")]
    await run(lambda: queue.record([(b, outcomes[n % 3]) for n, b in enumerate(batches)], clock.now()))
    await run(services.undelivered.refresh)
    await run(lambda: services.undelivered.take(ALICE))
    # The buttons under a reminder DM.
    overview = await run(lambda: reminders.overview(ALICE))
    assert overview.upcoming
    async with services.store.db.read() as conn:
        rows = await conn.fetch_all(
            "SELECT id FROM reminders WHERE owner_id = ? AND state = 'pending' AND event_at > ? ORDER BY id",
            (ALICE, int(clock.now().timestamp()) + 86400),
        )
    reminder = int(rows[0][0])
    await run(lambda: reminders.about(ALICE, reminder))
    await run(lambda: reminders.snooze_offer(ALICE, reminder))
    await run(lambda: reminders.snooze(ALICE, reminder, typed="in 1 hour"))
    for action in (ReminderAction.NOT_YET, ReminderAction.MUTE, ReminderAction.UNMUTE, ReminderAction.FUND):
        await run(lambda a=action: _refused(reminders.press(ALICE, reminder, a)))
    await run(lambda: reminders.record_bonus(ALICE, reminder, "5"))
    # Ending, removing and deleting; the FAQ; the bot's own bookkeeping; privacy.
    await run(lambda: contracts.end(ALICE, logo))
    await run(lambda: milestones.remove(ALICE, logo, ids["Sketches"]))
    await run(lambda: contracts.delete(ALICE, other))
    faq = services.faq
    await run(faq.load_builtin)
    await run(lambda: faq.set(HOME, ALICE, "our-rates", "Our rates", "What we charge."))
    await run(lambda: faq.remove(HOME, ALICE, "bonuses"))
    await run(lambda: faq.reset(HOME, ALICE, "bonuses"))
    await run(lambda: faq.topics(HOME))
    await run(lambda: faq.show(HOME, "our-rates"))
    await run(lambda: faq.choices(HOME, "r"))
    await run(lambda: faq.search(HOME, "review period release"))
    await run(lambda: faq.changes(HOME))
    async with services.store.db.write() as conn:
        await Meta(conn).set("commands_hash:global", "x")
        await Meta(conn).get("commands_hash:global")
    await run(lambda: services.privacy.export(ALICE))
    await run(lambda: services.privacy.delete_everything(ALICE))
    return ran


async def _refused(call: Awaitable[Any]) -> None:
    """An action that may be refused: its queries ran all the same."""
    with suppress(UserFacingError):
        await call


def _schema(conn: sqlite3.Connection) -> tuple[dict[str, str], set[str]]:
    """The real tables and indexes with their SQL (virtual tables' shadow tables left out, as SQLite's
    own), and the virtual tables."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    virtual = {
        name for kind, name, sql in rows if kind == "table" and (sql or "").startswith("CREATE VIRTUAL")
    }
    real = {
        name: sql or ""
        for kind, name, sql in rows
        if kind in ("table", "index") and not any(name.startswith(v) for v in virtual)
    }
    return real, virtual


def _whole_table_reads(plan: list[str], real: dict[str, str]) -> list[str]:
    """Plan lines that read a whole table, or a whole index that is not itself a filter (a partial one)."""
    found = []
    for line in plan:
        scan = SCAN.match(line)
        if scan is None or scan["table"] not in real:
            continue
        index = FULL_INDEX.search(scan["rest"])
        if index is None or " WHERE " not in real.get(index["index"], ""):
            found.append(line)
    return found


def _whole_virtual_reads(plan: list[str], virtual: set[str]) -> list[str]:
    """Plan lines that read a whole virtual table: its module was handed no constraint (`INDEX 0:`)."""
    return [
        line
        for line in plan
        if (scan := SCAN.match(line))
        and scan["table"] in virtual
        and re.search(r"VIRTUAL TABLE INDEX 0:$", line)
    ]


async def _plans(db: Database, *, analyzed: bool) -> dict[str, list[str]]:
    """Every distinct statement the services issued over a crowded database, with its query plan."""
    await _crowd(db)
    if analyzed:
        async with db.write() as conn:
            await conn.execute("ANALYZE")
    clock = ManualClock(NOW)
    services = Services.build(Store(db, clock))
    async with traced(db) as statements:
        ran = await _every_action(services, clock)
    distinct = sorted({s for s in statements if not NOT_STATEMENTS.match(s)})
    assert ran > 60 and len(distinct) > 60, (ran, len(distinct))
    with sqlite3.connect(db.path) as conn:
        return {s: [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {s}")] for s in distinct}


def _failures(plans: dict[str, list[str]], problems: Callable[[list[str]], list[str]]) -> list[str]:
    return [f"{s[:300]}\n    {' / '.join(plan)}" for s, plan in plans.items() if problems(plan)]


@pytest.mark.parametrize("analyzed", [False, True], ids=["as the bot runs", "after ANALYZE"])
async def test_every_statement_the_services_issue_uses_an_index(db: Database, analyzed: bool) -> None:
    plans = await _plans(db, analyzed=analyzed)
    with sqlite3.connect(db.path) as conn:
        real, _ = _schema(conn)
    assert {"contracts", "milestones", "milestone_events", "reminders", "users", "bonuses"} <= set(real)
    failures = _failures(plans, lambda plan: _whole_table_reads(plan, real))
    assert not failures, f"{len(failures)} statements read a whole table:\n" + "\n".join(failures)


@pytest.mark.xfail(
    strict=True,
    reason="faq_search is an FTS5 table whose guild_id and topic columns are UNINDEXED, so "
    "`DELETE FROM faq_search WHERE guild_id = ? AND topic = ?` (each FAQ admin edit, and the built-in "
    "topics at every start) reads every server's indexed topics. The fix is to delete by rowid: keep each "
    "(guild_id, topic)'s FTS rowid in a small keyed table, or derive it from faq_entries' rowid.",
)
async def test_faq_edits_do_not_read_the_whole_search_index(db: Database) -> None:
    plans = await _plans(db, analyzed=False)
    with sqlite3.connect(db.path) as conn:
        _, virtual = _schema(conn)
    assert "faq_search" in virtual
    failures = _failures(plans, lambda plan: _whole_virtual_reads(plan, virtual))
    assert not failures, f"{len(failures)} statements read a whole search index:\n" + "\n".join(failures)


async def test_every_foreign_key_has_an_index_for_its_cascade(db: Database) -> None:
    """Deleting a contract or milestone deletes its children through their foreign keys: without an index
    led by the child's column, each delete would read the whole child table (EXPLAIN shows none of it)."""
    with sqlite3.connect(db.path) as conn:
        missing = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            leading = {
                conn.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
                for index in conn.execute(f"PRAGMA index_list('{table}')").fetchall()
            }
            for key in conn.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
                if key[3] not in leading:
                    missing.append(f"{table}.{key[3]} -> {key[2]}")
    assert missing == []
