"""Every option refuses bad input with a message that says what a good value looks like, and writes nothing.

The `contract` and `milestone` options arrive as text (a title or an autocomplete `#id`) and are resolved
to ids as their transformers resolve them (`resolve`), then the service acts on the ids.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.errors import UserFacingError
from bot.domain.lifecycle import EventKind
from bot.services.milestones import STEPS
from tests.services.conftest import World as Services
from tests.tables import digest

ALICE = 1001
LONG = "x" * 101

Call = Callable[[Services], Awaitable[Any]]


async def _ids(s: Services, contract: str, milestone: str | None = None) -> tuple[int, int]:
    """What the `contract` and `milestone` transformers hand the command: the caller's ids."""
    contract_id = await s.contracts.resolve(ALICE, contract)
    if milestone is None:
        return contract_id, 0
    return contract_id, await s.milestones.resolve(ALICE, contract_id, milestone)


def contract_add(**changes: Any) -> Call:
    options = {"title": "New one", "client": "Dana", "price": "150"} | changes
    return lambda s: s.contracts.add(ALICE, **options)


def contract_edit(contract: str = "Logo", **changes: Any) -> Call:
    async def call(s: Services) -> Any:
        contract_id, _ = await _ids(s, contract)
        return await s.contracts.edit(ALICE, contract_id, **changes)

    return call


def contract_bonus(amount: str = "20", date: str | None = None, contract: str = "Logo") -> Call:
    async def call(s: Services) -> Any:
        contract_id, _ = await _ids(s, contract)
        return await s.contracts.bonus(ALICE, contract_id, amount, date)

    return call


def contract_end(date: str | None, contract: str = "Logo") -> Call:
    async def call(s: Services) -> Any:
        contract_id, _ = await _ids(s, contract)
        return await s.contracts.end(ALICE, contract_id, date)

    return call


def milestone_add(contract: str = "Logo", **changes: Any) -> Call:
    options = {"title": "Another", "amount": "50"} | changes

    async def call(s: Services) -> Any:
        contract_id, _ = await _ids(s, contract)
        return await s.milestones.add(ALICE, contract_id, **options)

    return call


def milestone_edit(milestone: str = "Sketches", **changes: Any) -> Call:
    async def call(s: Services) -> Any:
        contract_id, milestone_id = await _ids(s, "Logo", milestone)
        return await s.milestones.edit(ALICE, contract_id, milestone_id, **changes)

    return call


def act(step: str, milestone: str = "Sketches", contract: str = "Logo", **changes: Any) -> Call:
    async def call(s: Services) -> Any:
        contract_id, milestone_id = await _ids(s, contract, milestone)
        return await s.milestones.act(ALICE, contract_id, milestone_id, STEPS[step], **changes)

    return call


CASES: dict[str, tuple[Call, str]] = {
    # /contract add
    "price zero": (contract_add(price="0"), "more than zero"),
    "price negative": (contract_add(price="-5"), "150"),
    "price malformed": (contract_add(price="12.3.4"), "1,250.50"),
    "price words": (contract_add(price="a lot"), "150"),
    "price huge": (contract_add(price="10000000000"), ""),
    "price too many decimals": (contract_add(price="10.5555"), "decimals"),
    "price with a dot before three digits": (contract_add(price="10.555"), "could mean 10,555"),
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
    # /contract edit
    "edit nothing": (contract_edit(), "at least one"),
    "edit to another contract's title": (contract_edit(title="site"), "already"),
    "edit price malformed": (contract_edit(price="12.3.4"), "1,250.50"),
    "edit currency once money is recorded": (contract_edit(price="150 EUR"), "can't change"),
    "edit platform unknown": (contract_edit(platform="myspace"), "upwork"),
    "edit review days too many": (contract_edit(review_days=91), "90"),
    "edit title empty": (contract_edit(title=" "), "empty"),
    "edit start after a recorded step": (contract_edit(started="yesterday"), "on or before"),
    "edit start in the future": (contract_edit(started="in 3 days"), "still ahead"),
    "edit an unknown contract": (contract_edit(contract="Nope", title="X"), "no contract"),
    # /contract bonus and /contract end
    "bonus zero": (contract_bonus(amount="0"), "more than zero"),
    "bonus in another currency": (contract_bonus(amount="50 EUR"), "USD"),
    "bonus in the future": (contract_bonus(date="in 3 days"), "still ahead"),
    "bonus date unreadable": (contract_bonus(date="whenever"), "2026-12-01"),
    "end in the future": (contract_end("in 2 days"), "still ahead"),
    "end date unreadable": (contract_end("someday"), "2026-12-01"),
    # /milestone add and edit
    "milestone amount zero": (milestone_add(amount="0"), "more than zero"),
    "milestone in another currency": (milestone_add(amount="50 EUR"), "USD"),
    "milestone due unreadable": (milestone_add(due="whenever"), "2026-12-01"),
    "milestone title too long": (milestone_add(title=LONG), "100"),
    "duplicate milestone title": (milestone_add(title="sketches"), "already"),
    "milestone on an ended contract": (milestone_add(contract="Old"), "ended"),
    "unknown contract": (milestone_add(contract="Nope"), "no contract"),
    "someone's id": (milestone_add(contract="#999999"), "can't find"),
    "edit milestone nothing": (milestone_edit(), "at least one"),
    "edit a funded milestone's amount": (milestone_edit(milestone="Final", amount="120"), "partial release"),
    "edit milestone amount zero": (milestone_edit(amount="0"), "more than zero"),
    "edit milestone to a taken title": (milestone_edit(title="FINAL"), "already"),
    "edit milestone due unreadable": (milestone_edit(due="whenever"), "2026-12-01"),
    # lifecycle steps
    "unknown milestone": (act("fund", milestone="Nope"), "no milestone"),
    "release unfunded": (act("release"), "fund"),
    "refund unfunded": (act("refund"), ""),
    "fund twice": (act("fund", milestone="Final"), "already funded"),
    "event in the future": (act("fund", date="in 3 days"), "still ahead"),
    "dated before the last step": (act("release", milestone="Final", date="3 days ago"), "earlier"),
    "amount on fund": (act("fund", amount="5"), "amount"),
    "release amount malformed": (act("release", amount="lots"), "150"),
    "release zero": (act("release", milestone="Final", amount="0"), "more than zero"),
    "refund more than held": (act("refund", milestone="Final", amount="101"), "no more than"),
    "changes before a submission": (act("changes", milestone="Final"), "submit"),
}


@pytest.fixture
async def seeded(services: Services) -> Services:
    """Logo ($150): Sketches ($50, unfunded) and Final ($100, funded two days ago); Site; Old, ended."""
    logo = (await services.contracts.add(ALICE, title="Logo", client="Dana", price="150")).contract.id
    await services.milestones.add(ALICE, logo, title="Sketches", amount="50")
    final = await services.milestones.add(ALICE, logo, title="Final", amount="100")
    await services.milestones.act(ALICE, logo, final.milestone.id, EventKind.FUND, date="2 days ago")
    await services.contracts.add(ALICE, title="Site", client="Ken", price="300")
    old = (await services.contracts.add(ALICE, title="Old", client="Ann", price="10")).contract.id
    await services.contracts.end(ALICE, old)
    return services


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_input_is_refused_clearly_and_changes_nothing(seeded: Services, case: str) -> None:
    call, hint = CASES[case]
    before = await digest(seeded.store.db)
    with pytest.raises(UserFacingError) as raised:
        await call(seeded)
    message = raised.value.message
    assert hint in message, message
    assert 0 < len(message) <= 400 and "Traceback" not in message
    assert await digest(seeded.store.db) == before
