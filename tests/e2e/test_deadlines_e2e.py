"""Deadlines a freelancer can trust, end to end, on a clock that moves only when the test moves it.

Issue 13, tried as a user would: the real bot and scheduler against the local Discord server, a real
SQLite file, and moments worked out by hand. Alice lives in Berlin; it is Monday 30 November 2026, 08:40.

- Quiet hours never push a warning past its deadline, and changing them (or the zone) re-plans.
- Snooze offers times that stop at the deadline, refuses a typed one past it, and a snoozed reminder
  keeps its moment through re-planning.
- Overdue unfunded work and a review that ended without a recorded release need attention: one DM each,
  and both show in /summary and /reminders list.
- The "contract ended with money left" DM has buttons that act.
- A press replaces the reminder's note in the DM, never adds another.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord, Message, selects_of
from tests.e2e.scheduling import settled

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 8, 40, tzinfo=BERLIN)  # a Monday
ANSWER_BY = datetime(2026, 12, 7, 8, 40, tzinfo=BERLIN)  # Upwork: seven days to answer a refund request
SECOND = timedelta(seconds=1)


@pytest.fixture
def clock() -> ManualClock:
    """The bot's clock: Monday 08:40 in Berlin, moved only by the test."""
    return ManualClock(NOW.astimezone(UTC))


def t(moment: datetime) -> str:
    """How a reply shows a moment: a Discord timestamp of its instant."""
    return f"<t:{int(moment.timestamp())}:F>"


def at(moment: datetime) -> str:
    """A moment with the time left or gone beside it, as notes and attention lines show it."""
    return f"{t(moment)} (<t:{int(moment.timestamp())}:R>)"


async def until(bot: MilestoneBot, clock: ManualClock, moment: datetime) -> None:
    """Move the bot's clock to `moment` and let the scheduler handle whatever came due."""
    clock.advance(moment - clock.now())
    await settled(bot)


def dms_about(server: LocalDiscord, user: FakeUser, title: str) -> list[Message]:
    return [dm for dm in server.dms(user) if any(embed.get("title") == title for embed in dm.embeds)]


def notes(message: Message, index: int = 0) -> list[str]:
    """The "Done" notes under the message's `index`th reminder (a press replaces it; there is one at most)."""
    fields: list[dict[str, Any]] = message.embeds[index].get("fields") or []
    return [field["value"] for field in fields if field.get("name") == "Done"]


def listed_line(text: str, label: str) -> str:
    (line,) = [line for line in text.splitlines() if label in line]
    return line


async def refund_requested(server: LocalDiscord, alice: FakeUser, *, quiet: tuple[str, str] | None) -> None:
    """Logo on Upwork: Sketches funded and submitted last week; the client asks for a refund now (08:40)."""
    await server.command(alice, "settings timezone", {"zone": "Europe/Berlin"})
    if quiet is not None:
        await server.command(alice, "settings quiet-hours", {"start": quiet[0], "end": quiet[1]})
    await server.command(
        alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150", "started": "20 days ago"}
    )
    await server.command(alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50"})
    target = {"contract": "Logo", "milestone": "Sketches"}
    await server.command(alice, "milestone fund", {**target, "date": "10 days ago"})
    await server.command(alice, "milestone submit", {**target, "date": "9 days ago"})
    requested = await server.command(alice, "milestone refund-request", target)
    assert t(ANSWER_BY) in requested.text, requested.text


# -- 1. quiet hours never push a warning past its deadline -------------------------------------------


async def test_quiet_hours_bring_the_last_refund_warning_before_they_start_not_after_the_deadline(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=("20:00", "9:00"))

    # 12 hours before the deadline is Sunday 20:40, inside quiet hours that end at 09:00, after the
    # deadline: the warning comes before quiet hours begin instead.
    last_call = datetime(2026, 12, 6, 19, 59, tzinfo=BERLIN)
    # 48 hours before is Saturday 08:40, inside quiet hours that end at 09:00, with the deadline far off.
    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN)
    listed = (await discord_server.command(alice, "reminders list")).text
    assert t(last_call) in listed_line(listed, "12 hours left to answer")
    assert t(saturday) in listed_line(listed, "2 days left to answer")
    assert t(datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)) not in listed

    await until(milestone_bot, clock, saturday - SECOND)
    assert discord_server.dm_count(alice) == 0
    await until(milestone_bot, clock, saturday)
    (two_days,) = dms_about(discord_server, alice, "Refund request: answer in time")

    await until(milestone_bot, clock, last_call - SECOND)
    assert discord_server.dm_count(alice) == 1
    await until(milestone_bot, clock, last_call)
    first, last = dms_about(discord_server, alice, "Refund request: answer in time")
    assert first is two_days
    assert f"Answer by\n{t(ANSWER_BY)}" in last.text and "Sent late" not in last.text
    assert [b.label for b in last.buttons] == ["Snooze…", "Mute this milestone"]

    await until(milestone_bot, clock, ANSWER_BY + timedelta(days=1))
    assert discord_server.dm_count(alice) == 2  # nothing after the deadline


async def test_changing_quiet_hours_or_the_zone_moves_the_reminders_already_planned(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=None)

    async def planned() -> tuple[str, str]:
        listed = (await discord_server.command(alice, "reminders list")).text
        return listed_line(listed, "2 days left"), listed_line(listed, "12 hours left")

    two_days, twelve_hours = await planned()
    assert t(ANSWER_BY - timedelta(days=2)) in two_days
    assert t(ANSWER_BY - timedelta(hours=12)) in twelve_hours  # Sunday 20:40

    # Quiet from 20:00 to 09:00 in Berlin: Saturday 08:40 waits until 09:00; Sunday 20:40 comes at 19:59.
    await discord_server.command(alice, "settings quiet-hours", {"start": "20:00", "end": "9:00"})
    two_days, twelve_hours = await planned()
    assert t(datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN)) in two_days
    assert t(datetime(2026, 12, 6, 19, 59, tzinfo=BERLIN)) in twelve_hours

    # The same hours in New York: Saturday 08:40 Berlin is 02:40 there, quiet until 09:00 (15:00 Berlin);
    # Sunday 20:40 Berlin is 14:40 there, no longer quiet: back to its own moment.
    await discord_server.command(alice, "settings timezone", {"zone": "America/New_York"})
    two_days, twelve_hours = await planned()
    assert t(datetime(2026, 12, 5, 9, 0, tzinfo=NEW_YORK)) in two_days
    assert t(ANSWER_BY - timedelta(hours=12)) in twelve_hours

    await discord_server.command(alice, "settings quiet-hours", {"start": "off", "end": "off"})
    two_days, twelve_hours = await planned()
    assert t(ANSWER_BY - timedelta(days=2)) in two_days
    assert t(ANSWER_BY - timedelta(hours=12)) in twelve_hours


# -- 2. snooze offers choices that stop at the deadline ------------------------------------------------


async def test_snooze_offers_times_before_the_deadline_and_refuses_a_typed_time_after_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=None)
    await until(milestone_bot, clock, ANSWER_BY - timedelta(days=2))  # the first warning
    sunday_evening = ANSWER_BY - timedelta(hours=12)
    await until(milestone_bot, clock, sunday_evening)
    dm = dms_about(discord_server, alice, "Refund request: answer in time")[-1]
    assert t(ANSWER_BY) in dm.text

    offered = await discord_server.press(alice, dm, label="Snooze…")
    assert offered.message is dm  # the reminder's row turned into a menu, in place
    (menu,) = selects_of(dm.components)
    # Tomorrow morning (09:00) is after the deadline: "shortly before the deadline" (07:40) stands in for it.
    assert menu.options == ["In 1 hour", "In 3 hours", "Shortly before the deadline", "Another time…"]
    times = [int(value) for value in menu.values[:-1]]
    assert times == [int((sunday_evening + timedelta(hours=hours)).timestamp()) for hours in (1, 3)] + [
        int((ANSWER_BY - timedelta(hours=1)).timestamp())
    ]
    assert all(moment < ANSWER_BY.timestamp() for moment in times)
    assert notes(dm) == [
        f"Pick when to remind you again. The menu stops before {at(ANSWER_BY)}, the moment this warns about."
    ]

    asked = await discord_server.choose(alice, dm, "Another time…")
    assert asked.modal is not None and asked.modal["title"] == "Remind me again at…"
    refused = await discord_server.submit_modal(alice, asked, {"When": "Dec 7 09:00"})
    assert refused.ephemeral
    assert "not before" in refused.text and t(ANSWER_BY) in refused.text, refused.text
    assert selects_of(dm.components) == [menu]  # nothing changed

    asked = await discord_server.choose(alice, dm, "Another time…")
    kept = await discord_server.submit_modal(alice, asked, {"When": "Dec 7 08:00"})
    at_eight = datetime(2026, 12, 7, 8, 0, tzinfo=BERLIN)
    assert kept.message is dm
    assert notes(dm) == [f"💤 I'll remind you again {at(at_eight)}."]
    assert [(b.label, b.disabled) for b in dm.buttons] == [("Snoozed", True)]

    await until(milestone_bot, clock, at_eight - SECOND)
    assert len(dms_about(discord_server, alice, "Refund request: answer in time")) == 2
    await until(milestone_bot, clock, at_eight)
    again = dms_about(discord_server, alice, "Refund request: answer in time")[-1]
    assert again is not dm and t(ANSWER_BY) in again.text and "Sent late" not in again.text


async def test_choosing_a_snooze_time_says_when_and_re_planning_keeps_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=None)
    await until(milestone_bot, clock, ANSWER_BY - timedelta(days=2))  # the first warning
    sunday_evening = ANSWER_BY - timedelta(hours=12)
    await until(milestone_bot, clock, sunday_evening)
    dm = dms_about(discord_server, alice, "Refund request: answer in time")[-1]
    await discord_server.press(alice, dm, label="Snooze…")
    await discord_server.choose(alice, dm, "In 3 hours")
    later = sunday_evening + timedelta(hours=3)  # 23:40
    assert notes(dm) == [f"💤 I'll remind you again {at(later)}."]

    # Setting quiet hours re-plans every reminder: this one's planned moment (12 hours before the
    # deadline) has passed, so re-planning it would bring it back now. The user chose 23:40: it stays.
    await discord_server.command(alice, "settings quiet-hours", {"start": "1:00", "end": "6:00"})
    await settled(milestone_bot)
    assert len(dms_about(discord_server, alice, "Refund request: answer in time")) == 2
    listed = (await discord_server.command(alice, "reminders list")).text
    assert t(later) in listed_line(listed, "12 hours left to answer")

    await until(milestone_bot, clock, later - SECOND)
    assert len(dms_about(discord_server, alice, "Refund request: answer in time")) == 2
    await until(milestone_bot, clock, later)
    assert len(dms_about(discord_server, alice, "Refund request: answer in time")) == 3


async def test_a_snoozed_reminder_that_later_quiet_hours_hold_is_listed_when_it_will_come(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=None)
    await until(milestone_bot, clock, ANSWER_BY - timedelta(days=2))
    await until(milestone_bot, clock, ANSWER_BY - timedelta(hours=12))
    dm = dms_about(discord_server, alice, "Refund request: answer in time")[-1]
    await discord_server.press(alice, dm, label="Snooze…")
    await discord_server.choose(alice, dm, "In 3 hours")  # 23:40
    await discord_server.command(alice, "settings quiet-hours", {"start": "22:00", "end": "7:00"})

    listed = (await discord_server.command(alice, "reminders list")).text
    line = listed_line(listed, "12 hours left to answer")
    promised = datetime.fromtimestamp(int(line.split("<t:", 1)[1].split(":", 1)[0]), tz=UTC)
    await until(milestone_bot, clock, promised)
    assert len(dms_about(discord_server, alice, "Refund request: answer in time")) == 3, line


# -- 7. a press replaces the reminder's note -----------------------------------------------------------


async def test_each_press_replaces_the_reminders_note_and_leaves_the_others_alone(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    for title in ("Sketches", "Final files"):
        await discord_server.command(
            alice, "milestone add", {"contract": "Logo", "title": title, "amount": "50", "due": "in 3 days"}
        )
        await settled(milestone_bot)  # its 72-hour reminder was due at once
    sketches, final = discord_server.dms(alice)

    await discord_server.press(alice, sketches, label="Snooze…")
    assert len(notes(sketches)) == 1 and "Pick when" in notes(sketches)[0]
    await discord_server.choose(alice, sketches, "In 1 hour")
    assert len(notes(sketches)) == 1 and "remind you again" in notes(sketches)[0]

    await discord_server.press(alice, final, label="Mute this milestone")
    assert len(notes(final)) == 1 and "is muted" in notes(final)[0]
    await discord_server.press(alice, final, label="Unmute")
    assert len(notes(final)) == 1 and "is unmuted" in notes(final)[0]
    assert [(b.label, b.disabled) for b in final.buttons] == [("Unmuted", True)]
    assert len(notes(sketches)) == 1  # another DM's note is its own


async def test_a_press_in_a_dm_of_two_reminders_changes_only_its_own_row_and_note(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    for title in ("Sketches", "Final files"):
        await discord_server.command(
            alice, "milestone add", {"contract": "Logo", "title": title, "amount": "50", "due": "in 4 days"}
        )
    await until(milestone_bot, clock, NOW + timedelta(days=1))  # both 72-hour reminders at once: one DM
    (dm,) = discord_server.dms(alice)
    assert len(dm.embeds) == 2

    await discord_server.press(alice, dm, custom_id=dm.buttons[1].custom_id)  # Snooze… on Sketches
    await discord_server.choose(alice, dm, "In 3 hours")
    await discord_server.press(alice, dm, custom_id=dm.buttons[-1].custom_id)  # Mute on Final files
    await discord_server.press(alice, dm, label="Unmute")
    assert (len(notes(dm, 0)), len(notes(dm, 1))) == (1, 1)
    assert "remind you again" in notes(dm, 0)[0] and "unmuted" in notes(dm, 1)[0]
    assert [(b.label, b.disabled) for b in dm.buttons] == [("Snoozed", True), ("Unmuted", True)]


# -- 3. overdue and finished-but-unconfirmed work ------------------------------------------------------


async def test_overdue_unfunded_work_gets_one_dm_and_needs_attention_in_summary_and_list(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150", "started": "30 days ago"}
    )
    added = await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Draft", "amount": "50", "due": "3 days ago"}
    )
    was_due = NOW.astimezone(UTC) - timedelta(days=3)
    assert t(was_due) in added.text
    await settled(milestone_bot)
    (dm,) = discord_server.dms(alice)
    assert "Past due and still not funded" in dm.text and "**Draft**" in dm.text
    assert [b.label for b in dm.buttons] == ["Mark funded", "Snooze…", "Mute this milestone"]

    summary = await discord_server.command(alice, "summary")
    assert "Needs attention" in summary.text
    overdue = f"**Draft** (Logo) was due {at(was_due)} and is still not funded"
    assert overdue in summary.text
    listed = await discord_server.command(alice, "reminders list")
    assert "Needs attention" in listed.text and overdue in listed.text

    # Nothing brings it again: a later day, an edit of the milestone, a restart of the clock's day.
    await discord_server.command(
        alice, "milestone edit", {"contract": "Logo", "milestone": "Draft", "title": "First draft"}
    )
    await until(milestone_bot, clock, NOW + timedelta(days=5))
    assert discord_server.dm_count(alice) == 1


async def test_a_review_that_ended_without_a_release_asks_with_mark_released_and_not_yet(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150", "started": "30 days ago"}
    )
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Final", "amount": "50"}
    )
    target = {"contract": "Logo", "milestone": "Final"}
    await discord_server.command(alice, "milestone fund", {**target, "date": "20 days ago"})
    await discord_server.command(alice, "milestone submit", {**target, "date": "15 days ago"})
    ended = NOW.astimezone(UTC) - timedelta(days=1)  # Upwork's 14 days of review ended yesterday
    await settled(milestone_bot)
    (dm,) = discord_server.dms(alice)
    assert "Review period over" in dm.text and "did it arrive?" in dm.text
    assert [b.label for b in dm.buttons] == ["Mark released", "Not yet", "Mute this milestone"]

    for command in ("summary", "reminders list"):
        shown = (await discord_server.command(alice, command)).text
        assert "Needs attention" in shown, command
        assert f"**Final** (Logo): the review ended {at(ended)} and no release is recorded" in shown, shown

    await discord_server.press(alice, dm, label="Not yet")
    tomorrow = NOW + timedelta(days=1)
    assert notes(dm) == [
        f"I'll ask again {at(tomorrow)}. If the review ended and nothing arrived, ask the client, or the "
        "platform's support."
    ]
    await until(milestone_bot, clock, tomorrow - SECOND)
    assert discord_server.dm_count(alice) == 1
    await until(milestone_bot, clock, tomorrow)
    _, again = discord_server.dms(alice)
    assert "Review period over" in again.text and "Sent late" not in again.text

    released = await discord_server.press(alice, again, label="Mark released")
    assert "marked released" in released.text
    summary = (await discord_server.command(alice, "summary")).text
    assert "Needs attention" not in summary
    await until(milestone_bot, clock, tomorrow + timedelta(days=3))
    assert discord_server.dm_count(alice) == 2


# -- 4. no repeats ---------------------------------------------------------------------------------


async def test_a_due_date_moved_later_and_back_brings_no_second_warning(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    due = datetime(2026, 12, 4, 8, 40, tzinfo=BERLIN)
    await discord_server.command(alice, "settings timezone", {"zone": "Europe/Berlin"})
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    target = {"contract": "Logo", "milestone": "Sketches"}
    await discord_server.command(
        alice,
        "milestone add",
        {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "Dec 4 08:40"},
    )
    await until(milestone_bot, clock, due - timedelta(hours=72))
    (warned,) = discord_server.dms(alice)
    assert "Due soon and not funded" in warned.text

    # Later by an hour ("72 hours before" is then an hour away), back, later by a day, back: the user was
    # warned of nearly the same moment already, each time.
    for moved, wait in (("Dec 4 09:40", 2), ("Dec 4 08:40", 1), ("Dec 5 08:40", 24), ("Dec 4 08:40", 1)):
        edited = await discord_server.command(alice, "milestone edit", {**target, "due": moved})
        assert "Sketches" in edited.text
        await until(milestone_bot, clock, clock.now() + timedelta(hours=wait))
    assert discord_server.dm_count(alice) == 1

    await until(milestone_bot, clock, due - timedelta(hours=24) - SECOND)
    assert discord_server.dm_count(alice) == 1
    await until(milestone_bot, clock, due - timedelta(hours=24))  # the next warning still comes
    assert discord_server.dm_count(alice) == 2


# -- 6. the "contract ended with money left" DM acts -------------------------------------------------


async def _ended_with_fifty_never_funded(server: LocalDiscord, bot: MilestoneBot, alice: FakeUser) -> Message:
    """The forum story: $150 in three $50 milestones, two paid, the client ends the contract."""
    await server.command(
        alice,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for part in ("Part 1", "Part 2", "Part 3"):
        await server.command(
            alice, "milestone add", {"contract": "Legal research", "title": part, "amount": "50"}
        )
    for part in ("Part 1", "Part 2"):
        target = {"contract": "Legal research", "milestone": part}
        await server.command(alice, "milestone fund", {**target, "date": "20 days ago"})
        await server.command(alice, "milestone release", {**target, "date": "10 days ago"})
    await server.command(alice, "contract end", {"contract": "Legal research"})
    await settled(bot)
    (dm,) = server.dms(alice)
    assert "Legal research ended with money left" in dm.text and "$50.00 was never funded" in dm.text
    assert [b.label for b in dm.buttons] == ["Record a bonus", "View the contract", "Message for the client"]
    return dm


async def test_record_a_bonus_from_the_ended_dm_records_it_and_updates_the_figures(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    dm = await _ended_with_fifty_never_funded(discord_server, milestone_bot, alice)
    form = await discord_server.press(alice, dm, label="Record a bonus")
    assert form.modal is not None and form.modal["title"] == "Record a bonus"
    recorded = await discord_server.submit_modal(alice, form, {"Amount": "50", "When it was paid": "today"})
    assert recorded.ephemeral
    assert "Bonus of $50.00 recorded: Legal research" in recorded.text
    assert "Bonuses: **$50.00**" in recorded.text and "Released: **$100.00**" in recorded.text

    viewed = await discord_server.command(alice, "contract view", {"contract": "Legal research"})
    assert "Bonuses: **$50.00**" in viewed.text

    bad = await discord_server.press(alice, dm, label="Record a bonus")
    refused = await discord_server.submit_modal(alice, bad, {"Amount": "fifty"})
    assert refused.ephemeral and "Something went wrong" not in refused.text
    viewed = await discord_server.command(alice, "contract view", {"contract": "Legal research"})
    assert "Bonuses: **$50.00**" in viewed.text  # the refused one changed nothing


async def test_view_the_contract_from_the_ended_dm_shows_it_as_it_now_stands(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    dm = await _ended_with_fifty_never_funded(discord_server, milestone_bot, alice)
    viewed = await discord_server.press(alice, dm, label="View the contract")
    assert viewed.ephemeral
    assert "Legal research" in viewed.text
    assert "Released: **$100.00**" in viewed.text and "Never funded: **$50.00**" in viewed.text
    assert "Milestones: **$150.00** of the agreed **$150.00**" in viewed.text
    assert [b.label for b in dm.buttons] == ["Record a bonus", "View the contract", "Message for the client"]


async def test_message_for_the_client_from_the_ended_dm_is_a_draft_ready_to_copy(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    dm = await _ended_with_fifty_never_funded(discord_server, milestone_bot, alice)
    drafted = await discord_server.press(alice, dm, label="Message for the client")
    assert drafted.ephemeral
    intro, block = drafted.text.split("```\n", 1)
    assert "copy and send to Dana" in intro
    draft = block.removesuffix("```").strip()
    assert draft.startswith("Hi Dana,")
    assert "$50.00" in draft and "bonus" in draft and "Upwork" in draft
    assert "<t:" not in draft and "**" not in draft  # plain text that reads the same outside Discord


async def test_snooze_says_why_when_quiet_hours_leave_no_time_before_the_deadline(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await refund_requested(discord_server, alice, quiet=("20:00", "9:00"))
    await until(milestone_bot, clock, datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN))
    # Sunday 19:59: quiet from 20:00 until Monday 09:00, after the 08:40 deadline.
    await until(milestone_bot, clock, datetime(2026, 12, 6, 19, 59, tzinfo=BERLIN))
    dm = dms_about(discord_server, alice, "Refund request: answer in time")[-1]
    await discord_server.press(alice, dm, label="Snooze…")
    (menu,) = selects_of(dm.components)
    assert menu.options == ["Another time…"]
    assert notes(dm) == [
        f"No later time is left before {at(ANSWER_BY)}, the moment this warns about, outside your quiet hours: "
        "act on it now, or change them with `/settings quiet-hours`."
    ]


async def test_a_review_that_ended_is_not_shown_as_ending_nor_its_money_promised_a_release(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "contract add", {"title": "Logo", "client": "Dana", "price": "50", "started": "20 days ago"}
    )
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50"}
    )
    target = {"contract": "Logo", "milestone": "Sketches"}
    await discord_server.command(alice, "milestone fund", {**target, "date": "18 days ago"})
    await discord_server.command(
        alice, "milestone submit", {**target, "date": "16 days ago"}
    )  # 14-day review

    viewed = (await discord_server.command(alice, "contract view", {"contract": "Logo"})).text
    ended = NOW.astimezone(UTC) - timedelta(days=2)
    assert f"review ended {at(ended)}: did it release? Record it with `/milestone release`" in viewed
    assert "review ends" not in viewed
    assert "releases it when the review ends" not in viewed
    assert "a review has ended: record what the client or Upwork released with `/milestone release`" in viewed
