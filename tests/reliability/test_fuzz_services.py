"""Fuzzing every text option of the contract and milestone commands, and of the reminder DM's forms.

Whatever a freelancer (or a prankster) types, the only failure is a UserFacingError with a short message
(or the question whether to deliver unfunded work), and a refused action leaves every table exactly as it
was. The `contract` and `milestone` options are text too: they are resolved to ids as their transformers
resolve them, then the service acts on the ids, as a command does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.errors import UserFacingError
from bot.domain.lifecycle import EventKind
from bot.services import Services, Store
from bot.services.dates import FUTURE_SLACK
from bot.services.lookup import id_in
from bot.services.milestones import STEPS
from bot.services.results import ConfirmDelivery, ContractView
from storage.database import Database
from storage.owners import delete_owner
from storage.users import Users
from tests.reliability.conftest import TALLY
from tests.tables import digest

ALICE = 1001
BOB = 2002
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Enough examples to matter, few enough that the whole file stays well under the test budget.
EXAMPLES = 150
MAX_MESSAGE = 400
ALICES_CONTRACTS = ("Logo", "Tokyo app", "Old job")
ALICES_MILESTONES = ("Sketches", "Final", "Never funded")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The lookup test makes six calls per example, the reminder forms three.
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
item_ids = st.one_of(
    st.integers(min_value=-1, max_value=12), st.sampled_from([2**63 - 1, 2**63, 10**19, 10**30])
).map(lambda n: f"#{n}")
contract_ref = st.one_of(
    st.sampled_from(["Logo", "logo ", "LOGO", "Tokyo app", "Old job", "Bob's secret"]), item_ids, nasty_text
)
milestone_ref = st.one_of(
    st.sampled_from(["Sketches", "final", "Never funded", "Part 1"]), item_ids, nasty_text
)
zones = st.sampled_from(ZONES)


class World:
    """Alice's contracts over a real database, seeded again whenever a fuzzed call changed them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.services = Services.build(Store(db, ManualClock(NOW)))
        self.contracts = self.services.contracts
        self.milestones = self.services.milestones
        self.dirty = True
        self.zone = ""
        self.reminder_id = 0

    async def reset(self, zone: str) -> None:
        if self.dirty:
            async with self.db.write() as conn:
                await delete_owner(conn, ALICE)
            contracts, milestones = self.contracts, self.milestones
            logo = await contracts.add(ALICE, title="Logo", client="Dana", price="150", started="2026-03-01")
            await milestones.add(ALICE, logo.contract.id, title="Sketches", amount="50", due="in 3 days")
            final = await milestones.add(ALICE, logo.contract.id, title="Final", amount="100")
            await milestones.act(ALICE, logo.contract.id, final.milestone.id, EventKind.FUND)
            await contracts.add(ALICE, title="Tokyo app", client="Ken", price="150000 JPY")
            old = await contracts.add(ALICE, title="Old job", client="Ann", price="80", started="2026-01-05")
            await milestones.add(ALICE, old.contract.id, title="Never funded", amount="80")
            await contracts.end(ALICE, old.contract.id, "2026-02-01")
            overview = await self.services.reminders.overview(ALICE)
            assert overview.upcoming, "Sketches, due in 3 days and unfunded, has reminders"
            async with self.db.read() as conn:
                rows = await conn.fetch_all("SELECT min(id) FROM reminders WHERE owner_id = ?", (ALICE,))
            self.reminder_id = int(rows[0][0])
            self.dirty = False
            self.zone = ""
        if zone != self.zone:
            async with self.db.write() as conn:
                await Users(conn).update(ALICE, NOW, timezone=zone)
            self.zone = zone

    async def contract_id(self, text: str) -> int:
        """What the `contract` option's transformer hands a command."""
        return await self.contracts.resolve(ALICE, text)

    async def ids(self, contract: str, milestone: str) -> tuple[int, int]:
        """What the `contract` and `milestone` transformers hand a command."""
        contract_id = await self.contract_id(contract)
        return contract_id, await self.milestones.resolve(ALICE, contract_id, milestone)

    async def attempt(self, zone: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """Run one fuzzed call: a refusal must be a short UserFacingError and must write nothing."""
        await self.reset(zone)
        TALLY["inputs fuzzed"] += 1
        before = await digest(self.db)
        try:
            result = await call()
        except UserFacingError as refused:
            message = refused.message
            assert 0 < len(message) <= MAX_MESSAGE, message
            assert "Traceback" not in message
            assert await digest(self.db) == before, message
            return None
        if isinstance(result, ConfirmDelivery):  # a question, not an action: nothing written yet
            assert await digest(self.db) == before
            return None
        TALLY["inputs fuzzed (accepted)"] += 1
        self.dirty = await digest(self.db) != before
        if isinstance(result, ContractView):
            _adds_up(result)
        elif hasattr(result, "view"):
            _adds_up(result.view)
        return result


def _adds_up(view: ContractView) -> None:
    """Whatever was accepted, the money categories still add up to the milestones' total."""
    figures = view.figures
    assert sum(money.minor for money in figures.categories()) == figures.in_milestones.minor
    assert all(money.minor >= 0 for money in figures.categories())
    assert view.contract.title in ALICES_CONTRACTS or view.contract.owner_id == ALICE


@pytest.fixture
async def world(db: Database) -> World:
    bobs = Services.build(Store(db, ManualClock(NOW)))
    contract = await bobs.contracts.add(BOB, title="Bob's secret", client="Eve", price="999")
    await bobs.milestones.add(BOB, contract.contract.id, title="Part 1", amount="10", due="in 2 days")
    return World(db)


def _printable_line(text: str) -> bool:
    return "\n" not in text and not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text)


review_days = st.none() | st.sampled_from([-1, 0, 90, 91]) | st.integers(min_value=-(2**64), max_value=2**64)
platforms = st.none() | st.sampled_from(["upwork", "Fiverr", "freelancer.com", "myspace"]) | nasty_text


@FUZZ
@given(
    zone=zones,
    title=nasty_text,
    client=nasty_text,
    price=money_text,
    currency=st.none() | st.sampled_from(["usd", "EUR", "JPY", "XYZ", "", "€", "US"]) | nasty_text,
    platform=platforms,
    review_days=review_days,
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
@given(
    zone=zones,
    contract=contract_ref,
    title=st.none() | nasty_text,
    client=st.none() | nasty_text,
    price=st.none() | money_text,
    platform=platforms,
    review_days=review_days,
    started=optional_date,
)
async def test_contract_edit_refuses_cleanly(
    world: World,
    zone: str,
    contract: str,
    title: str | None,
    client: str | None,
    price: str | None,
    platform: str | None,
    review_days: int | None,
    started: str | None,
) -> None:
    async def edit() -> ContractView:
        return await world.contracts.edit(
            ALICE,
            await world.contract_id(contract),
            title=title,
            client=client,
            price=price,
            platform=platform,
            review_days=review_days,
            started=started,
        )

    edited = await world.attempt(zone, edit)
    if edited is not None:
        assert _printable_line(edited.contract.title) and _printable_line(edited.contract.client)
        assert 0 < len(edited.contract.title) <= 100 and edited.contract.price.minor > 0


@FUZZ
@given(zone=zones, contract=contract_ref, amount=money_text, date=optional_date)
async def test_contract_bonus_refuses_cleanly(
    world: World, zone: str, contract: str, amount: str, date: str | None
) -> None:
    async def bonus() -> ContractView:
        return await world.contracts.bonus(ALICE, await world.contract_id(contract), amount, date)

    paid = await world.attempt(zone, bonus)
    if paid is not None:
        assert paid.bonus is not None and paid.bonus.amount.minor > 0
        assert paid.bonus.amount.currency == paid.contract.currency
        assert paid.bonus.at <= NOW + FUTURE_SLACK  # a clock a few minutes ahead is forgiven


@FUZZ
@given(zone=zones, contract=contract_ref, title=nasty_text, amount=money_text, due=optional_date)
async def test_milestone_add_refuses_cleanly(
    world: World, zone: str, contract: str, title: str, amount: str, due: str | None
) -> None:
    async def add() -> Any:
        contract_id = await world.contract_id(contract)
        return await world.milestones.add(ALICE, contract_id, title=title, amount=amount, due=due)

    added = await world.attempt(zone, add)
    if added is not None:
        assert added.contract.title in ALICES_CONTRACTS
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
    async def edit() -> Any:
        contract_id, milestone_id = await world.ids(contract, milestone)
        return await world.milestones.edit(
            ALICE, contract_id, milestone_id, title=title, amount=amount, due=due
        )

    edited = await world.attempt(zone, edit)
    if edited is not None:
        assert edited.contract.title in ALICES_CONTRACTS
        assert _printable_line(edited.milestone.title)


@FUZZ
@given(
    zone=zones,
    step=st.sampled_from(sorted(STEPS)),
    contract=contract_ref,
    milestone=milestone_ref,
    date=optional_date,
    amount=st.none() | money_text,
    confirmed=st.booleans(),
)
async def test_milestone_steps_refuse_cleanly(
    world: World,
    zone: str,
    step: str,
    contract: str,
    milestone: str,
    date: str | None,
    amount: str | None,
    confirmed: bool,
) -> None:
    async def act() -> Any:
        contract_id, milestone_id = await world.ids(contract, milestone)
        return await world.milestones.act(
            ALICE, contract_id, milestone_id, STEPS[step], date=date, amount=amount, confirmed=confirmed
        )

    changed = await world.attempt(zone, act)
    if changed is not None:
        assert changed.contract.title in ALICES_CONTRACTS
        assert changed.milestone.held >= 0


async def _chosen_contract(world: World, text: str) -> int | None:
    """The contract a milestone option's autocomplete lists from (`cogs.common.options.chosen_contract`)."""
    found = id_in(text)
    if found is not None:
        return found
    try:
        return await world.contract_id(text)
    except UserFacingError:
        return None


@FUZZ_LOOKUPS
@given(zone=zones, contract=contract_ref, milestone=milestone_ref, typed=nasty_text, date=optional_date)
async def test_lookups_and_autocomplete_refuse_cleanly(
    world: World, zone: str, contract: str, milestone: str, typed: str, date: str | None
) -> None:
    """View, end, the delete and remove prompts, and autocomplete: only Alice's items, or a clear no."""

    async def view() -> ContractView:
        return await world.contracts.view(ALICE, await world.contract_id(contract))

    async def remove_prompt() -> Any:
        contract_id, milestone_id = await world.ids(contract, milestone)
        shown = await world.contracts.view(ALICE, contract_id)
        return shown.contract.milestone(milestone_id)

    async def end() -> ContractView:
        return await world.contracts.end(ALICE, await world.contract_id(contract), date)

    async def milestone_choices() -> Any:
        return await world.milestones.choices(ALICE, await _chosen_contract(world, contract), typed)

    viewed = await world.attempt(zone, view)  # also what the delete prompt shows
    if viewed is not None:
        assert viewed.contract.title in ALICES_CONTRACTS
    await world.attempt(zone, remove_prompt)
    await world.attempt(zone, end)
    offered = await world.attempt(zone, lambda: world.contracts.choices(ALICE, typed))
    assert all(title in ALICES_CONTRACTS for _, title, _, _ in offered or [])
    milestones = await world.attempt(zone, milestone_choices)
    assert all(m.title in ALICES_MILESTONES for m in milestones or [])


@FUZZ_LOOKUPS
@given(zone=zones, when=date_text, amount=money_text, paid=optional_date)
async def test_reminder_forms_refuse_cleanly(
    world: World, zone: str, when: str, amount: str, paid: str | None
) -> None:
    """The DM's "Another time…" and "Record a bonus" forms: what is typed there is fuzzed too."""
    reminders = world.services.reminders
    await world.reset(zone)
    snoozed = await world.attempt(zone, lambda: reminders.snooze(ALICE, world.reminder_id, typed=when))
    if snoozed is not None and snoozed.snoozed_until is not None:
        assert snoozed.snoozed_until > NOW
    await world.attempt(zone, lambda: reminders.record_bonus(ALICE, world.reminder_id, amount, paid))
    await world.attempt(zone, lambda: reminders.snooze_offer(ALICE, world.reminder_id))


@pytest.mark.parametrize(
    "typed", ["#9223372036854775808", "#9999999999999999999", "#-1", "\ud800", "Logo\udfff"]
)
async def test_ids_past_sqlite_range_and_broken_unicode_are_simply_not_found(
    world: World, typed: str
) -> None:
    """Inputs the fuzzing once caught crashing the lookup, kept as plain examples."""
    await world.reset("UTC")
    before = await digest(world.db)

    async def view() -> ContractView:
        return await world.contracts.view(ALICE, await world.contract_id(typed))

    async def fund() -> Any:
        contract_id, milestone_id = await world.ids("Logo", typed)
        return await world.milestones.act(ALICE, contract_id, milestone_id, EventKind.FUND)

    for call in (view, fund):
        with pytest.raises(UserFacingError):
            await call()
    assert await digest(world.db) == before
