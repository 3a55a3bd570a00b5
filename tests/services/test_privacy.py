"""/privacy export gives a user all of their data and nobody else's; delete removes all of it.

"All of it" is found, not listed: the tests walk the schema for every column that holds a user id, so a
table added later without privacy in mind fails here instead of leaking.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.domain.lifecycle import EventKind
from storage.backend import Backend
from storage.connection import Connection
from storage.database import Database
from tests.services.conftest import World as Services

ALICE, BOB = 1001, 2002
HOME = 555  # the server whose FAQ both edit
# A column holds a user id if it names one: user_id, owner_id, by_user, updated_by...
USER_COLUMN = re.compile(r"(^|_)(user|owner)(_|$)|(^by_|_by$)")


# Every (table, column) of the schema's own tables (not SQLite's full-text index's shadow tables).
_COLUMNS = {
    "sqlite": "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c"
    " WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'faq_search_%'"
    " ORDER BY m.name, c.cid",
    "postgresql": "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
}


async def _user_columns(conn: Connection) -> list[tuple[str, str]]:
    """(table, column) of every column holding a user id, found in the schema."""
    rows = await conn.fetch_all(_COLUMNS[conn.dialect])
    return [(table, column) for table, column in rows if USER_COLUMN.search(column)]


async def _rows_naming(db: Backend, user_id: int) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every row that names the user, by the (table, column) that names them."""
    async with db.read() as conn:
        found = {}
        for table, column in await _user_columns(conn):
            rows = await conn.fetch_all(f'SELECT * FROM "{table}" WHERE "{column}" = ?', (user_id,))
            found[(table, column)] = [dict(zip(row.keys(), row, strict=True)) for row in rows]
    return found


async def _everything_of(services: Services, owner: int, title: str, hides: str) -> None:
    """A user with a row in every table a user can reach: settings, a contract with a milestone, its
    history and reminders, a bonus, and an edit of a server's FAQ."""
    await services.settings.set_timezone(owner, "Europe/Paris")
    contract = (await services.contracts.add(owner, title=title, client="Client", price="150")).contract.id
    draft = await services.milestones.add(owner, contract, title="Draft", amount="100", due="in 3 days")
    await services.milestones.add(owner, contract, title="Extra", amount="50", due="in 9 days")
    await services.milestones.act(owner, contract, draft.milestone.id, EventKind.FUND)
    await services.contracts.bonus(owner, contract, "20")
    await services.faq.set(
        HOME, owner, f"tips-{owner}", f"Tips of {title}", f"Written by the owner of {title}."
    )
    await services.faq.remove(HOME, owner, hides)


@pytest.fixture
async def both(services: Services) -> Services:
    await _everything_of(services, ALICE, "Alice's logo", "bonuses")
    await _everything_of(services, BOB, "Bob's site", "payment-hold")
    return services


async def test_the_scenario_reaches_every_column_that_holds_a_user_id(both: Services) -> None:
    """Guards the two tests below: a new table naming users must get rows here, or they prove nothing."""
    rows = await _rows_naming(both.store.db, ALICE)
    assert len(rows) >= 8, sorted(rows)
    assert [where for where, found in rows.items() if not found] == []


async def test_export_holds_the_callers_data_only(both: Services) -> None:
    document = json.loads(await both.privacy.export(ALICE))
    for (table, column), rows in (await _rows_naming(both.store.db, ALICE)).items():
        exported = document.get(table)
        assert exported is not None, f"the export leaves out {table}"
        assert all(row in exported for row in rows), f"the export leaves out rows of {table}.{column}"
        assert all(str(BOB) not in json.dumps(row) for row in exported), f"{table} holds Bob's rows"
    text = json.dumps(document)
    assert "Alice's logo" in text and "Tips of Alice's logo" in text
    assert "Bob's site" not in text and str(BOB) not in text
    assert {e["kind"] for e in document["milestone_events"]} == {"created", "fund"}


async def test_delete_removes_everything_of_the_caller_and_nothing_else(both: Services) -> None:
    bobs_before = await _rows_naming(both.store.db, BOB)

    assert await both.privacy.delete_everything(ALICE) == 1

    left = await _rows_naming(both.store.db, ALICE)
    assert {where: rows for where, rows in left.items() if rows} == {}
    assert await _rows_naming(both.store.db, BOB) == bobs_before
    after = json.loads(await both.privacy.export(ALICE))
    assert all(rows == [] for key, rows in after.items() if isinstance(rows, list))
    assert [v.contract.title for v in await both.contracts.list_contracts(BOB)] == ["Bob's site"]
    # What Alice wrote for the server stays the server's; only her name is gone from it.
    shown = await both.faq.show(HOME, f"tips-{ALICE}")
    assert shown.body == "Written by the owner of Alice's logo."


@pytest.mark.sqlite_only("SQLite's file and write-ahead log; on PostgreSQL autovacuum reclaims deleted rows")
async def test_after_privacy_delete_the_deleted_text_is_in_neither_the_file_nor_its_log(
    services: Services, db: Database
) -> None:
    secret = "Zanzibar-rebrand-7f3a"
    await services.contracts.add(1001, title=secret, client="Dana", price="150")
    assert await services.privacy.delete_everything(1001) == 1
    for path in (Path(db.path), Path(db.path + "-wal")):
        assert secret.encode() not in path.read_bytes(), path
