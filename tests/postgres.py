"""A fresh PostgreSQL database per test, on the server `TEST_DATABASE_URL` names (CI sets it, .ci/run).

Each database is created from template0 under a unique name and dropped after the test, so tests share
nothing, as each SQLite test has its own file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

SERVER = os.environ.get("TEST_DATABASE_URL", "").strip()
NOT_SET = "TEST_DATABASE_URL is not set: no PostgreSQL server to run them on (CI sets it in .ci/run)"


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """The URL of a new, empty database, dropped at the end whatever is still connected to it."""
    if not SERVER:
        pytest.skip(f"PostgreSQL: {NOT_SET}")
    name = f"milestone_test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(SERVER)
    try:
        await admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        try:
            yield _with_database(SERVER, name)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
