"""Fuzzing every text option of the contract and milestone services.

Whatever a freelancer (or a prankster) types, the only failure is a UserFacingError with a short message
(or the unfunded-submit confirmation), and a refused action leaves every table exactly as it was.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.errors import UserFacingError
from bot.services import ContractService, MilestoneService, ServiceContext
from bot.services.milestones import ACTIONS, ConfirmationNeeded
from storage.database import Database
from storage.owners import delete_owner
from storage.users import Users
from tests.reliability.conftest import TALLY

ALICE = 1001
BOB = 2002
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Enough examples to matter, few enough that the whole file stays well under the test budget.
EXAMPLES = 150
MAX_MESSAGE = 400
TABLES = ("users", "contracts", "milestones", "milestone_events", "reminders")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The lookup test makes six calls per example.
FUZZ_LOOKUPS = settings(FUZZ, max_examples=EXAMPLES * 2 // 3)

NASTY = [
    "",
    " ",
    "\n\n",
    "\t",
    "@everyone",
    "@here",
    "<@&123456789012345678>",
    "<@123456789012345678>",
    "<#123456789012345678>",
    "**bold** __under__ ~~gone~~ ||spoiler||",
    "`",
    "```py\nprint(1)\n```",
    "> quoted",
    "# Heading",
    "[click](https://example.com)",
    "'; DROP TABLE contracts; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM milestones WHERE ('1'='1",
    "%s %d {0} {title}",
    "\x00",
    "a\x00b",
    "\u200b",
    "\u202eevil",
    "\ufeffBOM",
    "line\nbreak",
    "x" * 101,
    "x" * 5000,
    "🎉" * 60,
    "e\u0301" * 60,
    "İ" * 80,
    "ß",
    "ﬃ",
    "\u3000",
    "０１２３",
    "١٥٠",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x10",
    "1_000",
    "#",
    "#-1",
    "#0",
    "#9223372036854775807",
    "#9223372036854775808",
    "#9999999999999999999",
    "\ud800",
    "Logo\udfff",
    "#99999999999999999999",
]
ZONES = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu"]
DATES = [
    "2026-03-08 02:30",  # New York's spring-forward gap
    "2026-03-29 01:30",  # London's gap
    "2026-11-01 01:30",  # New York's autumn fold
    "2026-10-04 02:15",  # Lord Howe moves by half an hour
    "2011-12-30",  # the day Samoa skipped
    "0001-01-01",
    "1899-12-31",
    "1969-12-31 23:59:59",
    "1970-01-01",
    "1999-12-31 23:59",
    "2038-01-19 03:14:08",
    "2100-12-31 23:59",
    "2101-01-01",
    "9999-12-31",
    "2026-02-29",
    "2028-02-29 02:30",
    "2026-13-01",
    "2026-12-01T25:00",
    "2026-12-01 17:00 +14:00",
    "2026-12-01 17:00 -12:00",
    "2026-12-01 17:00 EST",
    "in 999999 months",
    "999999 days ago",
    "in 999999 weeks",
    "in 0 days",
    "tomorrow 13pm",
    "next friday 99:99",
    "01/02/2026",
    "now",
]

free_text = st.text(max_size=300)
# Discord's JSON can carry lone surrogates (U+D800 to U+DFFF), which no UTF-8 text can.
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    free_text,
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters() | surrogates, max_size=20),
)
numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "0.00", "0.001", "0.01", "1,000", "1,00", "1.250,50", "99999999999.99", "1e3"]),
)
money_text = st.one_of(
    st.tuples(
        st.sampled_from(["", "$", "€", "¥", "£", "USD ", "JPY ", "-", "+", "−"]),
        numbers,
        st.sampled_from(["", " USD", " EUR", "jpy", " XYZ", " $", "%"]),
    ).map("".join),
    nasty_text,
)
date_text = st.one_of(
    st.sampled_from(DATES),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda dt: dt.isoformat(sep=" ")
    ),
    st.tuples(
        st.sampled_from(["in ", ""]),
        st.integers(min_value=0, max_value=10**7),
        st.sampled_from([" days", " months", " hours", "m", " weeks", " fortnights"]),
        st.sampled_from(["", " ago"]),
    ).map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}"),
    nasty_text,
)
optional_date = st.none() | date_text
# `#<id>` is what autocomplete sends: small ids hit real rows (Bob's among them), large ones hit nothing.
item_ids = st.integers(min_value=-1, max_value=12).map(lambda n: f"#{n}")
contract_ref = st.one_of(
    st.sampled_from(["Logo", "logo ", "LOGO", "Tokyo app", "Bob's secret"]), item_ids, nasty_text
)
milestone_ref = st.one_of(st.sampled_from(["Sketches", "final", "Part 1"]), item_ids, nasty_text)
zones = st.sampled_from(ZONES)


class World:
    """Alice's contracts over a real database, re-seeded whenever a fuzzed call changes them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        context = ServiceContext(db, ManualClock(NOW))
        self.contracts = ContractService(context)
        self.milestones = MilestoneService(context)
        self.dirty = True
        self.zone = ""

    async def reset(self, zone: str) -> None:
        if self.dirty:
            async with self.db.write() as conn:
                await delete_owner(conn, ALICE)
            await self.contracts.add(ALICE, title="Logo", client="Dana", price="150", started="2026-03-01")
            await self.milestones.add(ALICE, contract="Logo", title="Sketches", amount="50", due="in 3 days")
            await self.milestones.add(ALICE, contract="Logo", title="Final", amount="100")
            await self.milestones.act(ALICE, "fund", contract="Logo", milestone="Final")
            await self.contracts.add(ALICE, title="Tokyo app", client="Ken", price="150000 JPY")
            self.dirty = False
            self.zone = ""
        if zone != self.zone:
            async with self.db.write() as conn:
                await Users(conn).update(ALICE, NOW, timezone=zone)
            self.zone = zone

    async def checksum(self) -> str:
        digest = hashlib.sha256()
        async with self.db.read() as conn:
            for table in TABLES:
                async with conn.execute(f"SELECT * FROM {table} ORDER BY rowid") as cur:
                    digest.update(repr([tuple(row) for row in await cur.fetchall()]).encode())
        return digest.hexdigest()

    async def attempt(self, zone: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """Run one fuzzed call: a refusal must be a short UserFacingError and must write nothing."""
        await self.reset(zone)
        TALLY["inputs fuzzed"] += 1
        before = await self.checksum()
        try:
            result = await call()
        except (UserFacingError, ConfirmationNeeded) as refused:
            message = refused.message if isinstance(refused, UserFacingError) else refused.warning
            assert 0 < len(message) <= MAX_MESSAGE, message
            assert "Traceback" not in message
            assert await self.checksum() == before
            return None
        TALLY["inputs fuzzed (accepted)"] += 1
        self.dirty = await self.checksum() != before
        return result


@pytest.fixture
async def world(db: Database) -> World:
    context = ServiceContext(db, ManualClock(NOW))
    await ContractService(context).add(BOB, title="Bob's secret", client="Eve", price="999")
    await MilestoneService(context).add(BOB, contract="Bob's secret", title="Part 1", amount="10")
    return World(db)


def _printable_line(text: str) -> bool:
    return "\n" not in text and not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text)


@FUZZ
@given(
    zone=zones,
    title=nasty_text,
    client=nasty_text,
    price=money_text,
    currency=st.none() | st.sampled_from(["usd", "EUR", "JPY", "XYZ", "", "€", "US"]) | nasty_text,
    platform=st.none() | st.sampled_from(["upwork", "Fiverr", "freelancer.com", "myspace"]) | nasty_text,
    review_days=st.none()
    | st.sampled_from([-1, 0, 90, 91])
    | st.integers(min_value=-(2**64), max_value=2**64),
    started=optional_date,
)
async def test_contract_add_refuses_cleanly(
    world: World,
    zone: str,
    title: str,
    client: str,
    price: str,
    currency: str | None,
    platform: str | None,
    review_days: int | None,
    started: str | None,
) -> None:
    added = await world.attempt(
        zone,
        lambda: world.contracts.add(
            ALICE,
            title=title,
            client=client,
            price=price,
            currency=currency,
            platform=platform,
            review_days=review_days,
            started=started,
        ),
    )
    if added is not None:
        contract = added.contract
        assert _printable_line(contract.title) and _printable_line(contract.client)
        assert 0 < len(contract.title) <= 100 and contract.price.minor > 0
        assert contract.started_at.tzinfo is not None


@FUZZ
@given(zone=zones, contract=contract_ref, title=nasty_text, amount=money_text, due=optional_date)
async def test_milestone_add_refuses_cleanly(
    world: World, zone: str, contract: str, title: str, amount: str, due: str | None
) -> None:
    added = await world.attempt(
        zone, lambda: world.milestones.add(ALICE, contract=contract, title=title, amount=amount, due=due)
    )
    if added is not None:
        assert added.detail.contract.title in ("Logo", "Tokyo app")
        assert _printable_line(added.milestone.title) and added.milestone.amount.minor > 0


@FUZZ
@given(
    zone=zones,
    contract=contract_ref,
    milestone=milestone_ref,
    title=st.none() | nasty_text,
    amount=st.none() | money_text,
    due=optional_date,
)
async def test_milestone_edit_refuses_cleanly(
    world: World,
    zone: str,
    contract: str,
    milestone: str,
    title: str | None,
    amount: str | None,
    due: str | None,
) -> None:
    edited = await world.attempt(
        zone,
        lambda: world.milestones.edit(
            ALICE, contract=contract, milestone=milestone, title=title, amount=amount, due=due
        ),
    )
    if edited is not None:
        assert edited.detail.contract.title in ("Logo", "Tokyo app")
        assert _printable_line(edited.milestone.title)


@FUZZ
@given(
    zone=zones,
    action=st.sampled_from(sorted(ACTIONS)),
    contract=contract_ref,
    milestone=milestone_ref,
    date=optional_date,
    amount=st.none() | money_text,
    confirmed=st.booleans(),
)
async def test_milestone_steps_refuse_cleanly(
    world: World,
    zone: str,
    action: str,
    contract: str,
    milestone: str,
    date: str | None,
    amount: str | None,
    confirmed: bool,
) -> None:
    changed = await world.attempt(
        zone,
        lambda: world.milestones.act(
            ALICE,
            action,
            contract=contract,
            milestone=milestone,
            date=date,
            amount=amount,
            confirmed=confirmed,
        ),
    )
    if changed is not None:
        assert changed.detail.contract.title in ("Logo", "Tokyo app")


@FUZZ_LOOKUPS
@given(zone=zones, contract=contract_ref, milestone=milestone_ref, typed=nasty_text, date=optional_date)
async def test_lookups_and_autocomplete_refuse_cleanly(
    world: World, zone: str, contract: str, milestone: str, typed: str, date: str | None
) -> None:
    """View, end, the delete and remove prompts, and autocomplete: only Alice's items, or a clear no."""
    viewed = await world.attempt(zone, lambda: world.contracts.view(ALICE, contract))
    if viewed is not None:
        assert viewed.contract.title in ("Logo", "Tokyo app")
    await world.attempt(zone, lambda: world.contracts.describe_for_delete(ALICE, contract))
    await world.attempt(
        zone, lambda: world.milestones.describe_for_remove(ALICE, contract=contract, milestone=milestone)
    )
    await world.attempt(zone, lambda: world.contracts.end(ALICE, contract, date))
    offered = await world.attempt(zone, lambda: world.contracts.choices(ALICE, typed))
    assert all(c.title in ("Logo", "Tokyo app") for c in offered or [])
    milestones = await world.attempt(zone, lambda: world.milestones.choices(ALICE, contract, typed))
    assert all(m.title in ("Sketches", "Final") for m in milestones or [])


@pytest.mark.parametrize("typed", ["#9223372036854775808", "#9999999999999999999", "\ud800", "Logo\udfff"])
async def test_ids_past_sqlite_range_and_broken_unicode_are_simply_not_found(
    world: World, typed: str
) -> None:
    """Two inputs the fuzzing once caught crashing the lookup, kept as plain examples."""
    await world.reset("UTC")
    for call in (
        lambda: world.contracts.view(ALICE, typed),
        lambda: world.milestones.act(ALICE, "fund", contract="Logo", milestone=typed),
    ):
        with pytest.raises(UserFacingError):
            await call()
