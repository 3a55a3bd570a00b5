"""Every option refuses bad input with a message that says what a good value looks like, and writes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.errors import UserFacingError
from tests.services.conftest import Services

ALICE = 1001
LONG = "x" * 101

Call = Callable[[Services], Awaitable[Any]]


def contract_add(**changes: Any) -> Call:
    options = {"title": "New one", "client": "Dana", "price": "150"} | changes
    return lambda s: s.contracts.add(ALICE, **options)


def milestone_add(**changes: Any) -> Call:
    options = {"contract": "Logo", "title": "Another", "amount": "50"} | changes
    return lambda s: s.milestones.add(ALICE, **options)


def act(action: str, **changes: Any) -> Call:
    options = {"contract": "Logo", "milestone": "Sketches"} | changes
    return lambda s: s.milestones.act(ALICE, action, **options)


CASES: dict[str, tuple[Call, str]] = {
    "price zero": (contract_add(price="0"), "more than zero"),
    "price negative": (contract_add(price="-5"), "150"),
    "price malformed": (contract_add(price="12.3.4"), "1,250.50"),
    "price words": (contract_add(price="a lot"), "150"),
    "price huge": (contract_add(price="10000000000"), ""),
    "price too many decimals": (contract_add(price="10.555"), "decimals"),
    "yen with decimals": (contract_add(price="10.5", currency="JPY"), "JPY"),
    "unknown currency": (contract_add(currency="XYZ"), "ISO 4217"),
    "symbol and code disagree": (contract_add(price="€10", currency="USD"), ""),
    "title empty": (contract_add(title="   "), "empty"),
    "title too long": (contract_add(title=LONG), "100"),
    "title with control characters": (contract_add(title="bad\u0000title"), "control"),
    "client too long": (contract_add(client=LONG), "100"),
    "unknown platform": (contract_add(platform="myspace"), "upwork"),
    "review days negative": (contract_add(review_days=-1), "90"),
    "review days too many": (contract_add(review_days=91), "90"),
    "start date unreadable": (contract_add(started="soonish"), "2026-12-01"),
    "start date impossible": (contract_add(started="2026-02-30"), ""),
    "start date far future": (contract_add(started="2150-01-01"), ""),
    "duplicate contract title": (contract_add(title="LOGO"), "already"),
    "milestone amount zero": (milestone_add(amount="0"), "more than zero"),
    "milestone in another currency": (milestone_add(amount="50 EUR"), "USD"),
    "milestone due unreadable": (milestone_add(due="whenever"), "2026-12-01"),
    "milestone title too long": (milestone_add(title=LONG), "100"),
    "duplicate milestone title": (milestone_add(title="sketches"), "already"),
    "unknown contract": (milestone_add(contract="Nope"), "no contract"),
    "someone's id": (milestone_add(contract="#999999"), "can't find"),
    "unknown milestone": (act("fund", milestone="Nope"), "no milestone"),
    "release unfunded": (act("release"), "fund"),
    "refund unfunded": (act("refund"), ""),
    "event in the future": (act("fund", date="in 3 days"), "future"),
    "amount on fund": (act("fund", amount="5"), "amount"),
    "release amount malformed": (act("release", amount="lots"), "150"),
}


@pytest.fixture
async def seeded(services: Services) -> Services:
    await services.contracts.add(ALICE, title="Logo", client="Dana", price="150")
    await services.milestones.add(ALICE, contract="Logo", title="Sketches", amount="50")
    return services


async def _snapshot(services: Services) -> list[tuple[str, int]]:
    counts = []
    async with services.db.read() as conn:
        for table in ("contracts", "milestones", "milestone_events", "reminders", "users"):
            async with conn.execute(f"SELECT count(*), total(rowid) FROM {table}") as cur:
                row = await cur.fetchone()
                counts.append((table, int(row[0])))
        async with conn.execute("SELECT group_concat(status || funded) FROM milestones") as cur:
            counts.append(("states", hash((await cur.fetchone())[0])))
    return counts


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_input_is_refused_clearly_and_changes_nothing(seeded: Services, case: str) -> None:
    call, hint = CASES[case]
    before = await _snapshot(seeded)
    with pytest.raises(UserFacingError) as raised:
        await call(seeded)
    message = raised.value.message
    assert hint in message, message
    assert 0 < len(message) <= 300 and "Traceback" not in message
    assert await _snapshot(seeded) == before
