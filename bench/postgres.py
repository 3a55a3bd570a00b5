"""The benchmark's store on PostgreSQL: a working copy of the SQLite dataset moved over by `db copy`.

    python -m bench --postgres postgresql://root@127.0.0.1:5432/test

The URL names a server (and a database there to connect to while creating another): each run makes a
fresh database on it, copies the working SQLite file (probe accounts included) into it with the same
code as `milestone-bot db copy` (COPY, then row counts and every contract's reconciliation checked on
both sides), runs the bot on it, and drops it afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.copy import copy_store


@dataclass(frozen=True)
class Copied:
    url: str
    seconds: float  # the whole `db copy`: COPY of every table and both checks
    rows: int


@asynccontextmanager
async def copied_to_postgres(server: str, sqlite_file: Path) -> AsyncIterator[Copied]:
    name = f"milestone_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        try:
            url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
            report = await copy_store(str(sqlite_file), url)
            yield Copied(url, report.seconds, sum(report.rows.values()))
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
