"""/calendar end to end: the .ics file arrives in Discord, and a second, independent parser (ics-py, not the
icalendar library that wrote it) reads every deadline back, with alarms at the user's reminder times, stable
UIDs, and a re-export after a change that moves the event instead of adding another."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ics

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord

H = timedelta(hours=1)
D = timedelta(days=1)
STORY = {"contract": "Legal research"}


async def _calendar(server: LocalDiscord, user: FakeUser) -> tuple[str, ics.Calendar]:
    reply = await server.command(user, "calendar")
    assert reply.ephemeral and reply.message is not None
    assert [a["filename"] for a in reply.message.attachments] == ["milestone-deadlines.ics"]
    text = reply.message.files["milestone-deadlines.ics"].decode()
    return reply.text, ics.Calendar(text)


def _by_uid(calendar: ics.Calendar) -> dict[str, Any]:
    events = {event.uid: event for event in calendar.events}
    assert len(events) == len(calendar.events), "two events share a UID"
    return events


def _triggers(event: Any) -> set[timedelta]:
    return {alarm.trigger for alarm in event.alarms}


def _extra(component: Any, name: str) -> str:
    values = [line.value for line in component.extra if line.name == name]
    assert len(values) == 1, f"{name}: {values}"
    return str(values[0])


async def _ids(bot: MilestoneBot, user: FakeUser, *titles: str) -> tuple[int, list[int]]:
    contract = await bot.services.contracts.resolve(user.id, "Legal research")
    return contract, [await bot.services.milestones.resolve(user.id, contract, t) for t in titles]


async def _forum_story(server: LocalDiscord, user: FakeUser) -> None:
    """The forum story as it starts: $150 on Upwork, three milestones of $50, the first funded and submitted."""
    await server.command(user, "settings timezone", {"zone": "Europe/Berlin"})
    await server.command(user, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"})
    for title, due in (
        ("Case law summary", "in 3 days"),
        ("Draft memo", "in 10 days"),
        ("Final memo", "in 17 days"),
    ):
        await server.command(user, "milestone add", {**STORY, "title": title, "amount": "50", "due": due})
    await server.command(user, "milestone fund", {**STORY, "milestone": "Case law summary"})
    await server.command(user, "milestone submit", {**STORY, "milestone": "Case law summary"})


async def test_the_forum_story_as_a_calendar_read_back_by_a_second_parser(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await _forum_story(discord_server, alice)
    now = clock.now()
    said, calendar = await _calendar(discord_server, alice)
    assert "4 deadlines ahead" in said and "Europe/Berlin" in said

    _, (summary, draft, final) = await _ids(
        milestone_bot, alice, "Case law summary", "Draft memo", "Final memo"
    )
    events = _by_uid(calendar)
    assert set(events) == {
        f"due-{summary}@milestone-bot",
        f"review-{summary}@milestone-bot",
        f"due-{draft}@milestone-bot",
        f"due-{final}@milestone-bot",
    }
    assert _extra(calendar, "X-WR-TIMEZONE") == "Europe/Berlin"

    review = events[f"review-{summary}@milestone-bot"]
    assert review.name == "Review ends: Case law summary · Upwork releases $50.00"
    # 14 days from Submit work, counted in UTC; alarms at the default review leads and at the end.
    assert abs(review.begin.datetime - (now + 14 * D)) < timedelta(seconds=2)
    assert _triggers(review) == {-3 * D, -D, timedelta()}
    assert "https://support.upwork.com/hc/en-us" in review.description
    assert review.url == "https://support.upwork.com/hc/en-us"

    unfunded = events[f"due-{draft}@milestone-bot"]
    assert unfunded.name == "Fund before due: Draft memo ($50.00)"
    assert _triggers(unfunded) == {-72 * H, -24 * H, timedelta()}
    berlin = unfunded.begin.datetime.astimezone(UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert unfunded.begin.datetime.utcoffset() == timedelta(0)  # written in UTC
    assert f"{berlin:%A} {berlin.day} {berlin:%B %Y %H:%M} (Europe/Berlin)" in unfunded.description

    submitted = events[f"due-{summary}@milestone-bot"]
    assert submitted.name == "Due: Case law summary (submitted)"
    assert _triggers(submitted) == set()  # delivered through the platform: no alarm left to ring


async def test_a_re_export_after_a_change_keeps_the_uids_and_moves_the_event(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await _forum_story(discord_server, alice)
    _, first = await _calendar(discord_server, alice)
    _, (_, draft, final) = await _ids(milestone_bot, alice, "Case law summary", "Draft memo", "Final memo")
    before = _by_uid(first)

    await discord_server.command(
        alice, "milestone edit", {**STORY, "milestone": "Draft memo", "due": "in 12 days"}
    )
    await discord_server.command(alice, "milestone fund", {**STORY, "milestone": "Final memo"})
    clock.advance(timedelta(minutes=1))  # exported a minute later: a newer revision of every event
    _, second = await _calendar(discord_server, alice)
    after = _by_uid(second)

    assert set(after) == set(before)  # the same events, updated: nothing added beside the old ones
    moved = f"due-{draft}@milestone-bot"
    assert abs(after[moved].begin - before[moved].begin - 2 * D) < timedelta(seconds=2)
    funded = f"due-{final}@milestone-bot"
    assert before[funded].name == "Fund before due: Final memo ($50.00)"
    assert after[funded].name == "Due: Final memo"
    assert _triggers(after[funded]) == {24 * H}  # the "submit it" reminder, a day after the due date
    for uid in after:
        assert int(_extra(after[uid], "SEQUENCE")) > int(_extra(before[uid], "SEQUENCE"))
        assert after[uid].created is None or after[uid].created >= before[uid].created


async def test_own_reminder_times_are_the_alarms(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "settings reminders", {"enabled": True, "kind": "review", "lead": "5d, 2h"}
    )
    await discord_server.command(alice, "settings reminders", {"enabled": False, "kind": "unfunded"})
    await _forum_story(discord_server, alice)
    _, calendar = await _calendar(discord_server, alice)
    _, (summary, draft) = await _ids(milestone_bot, alice, "Case law summary", "Draft memo")
    events = _by_uid(calendar)
    assert _triggers(events[f"review-{summary}@milestone-bot"]) == {-5 * D, -2 * H, timedelta()}
    # The unfunded kind is off: only the reminder at the due date itself (another kind) rings.
    assert _triggers(events[f"due-{draft}@milestone-bot"]) == {timedelta()}


async def test_an_ended_contract_with_work_never_funded_has_a_bonus_window_until_the_bonus_is_paid(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await discord_server.command(
        alice,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "started": "30 days ago"},
    )
    for title in ("Case law summary", "Draft memo", "Final memo"):
        await discord_server.command(alice, "milestone add", {**STORY, "title": title, "amount": "50"})
    for title in ("Case law summary", "Draft memo"):
        await discord_server.command(
            alice, "milestone fund", {**STORY, "milestone": title, "date": "20 days ago"}
        )
        await discord_server.command(
            alice, "milestone release", {**STORY, "milestone": title, "date": "10 days ago"}
        )
    await discord_server.command(alice, "contract end", STORY)
    ended = clock.now()

    said, calendar = await _calendar(discord_server, alice)
    assert "1 deadline ahead" in said
    contract, _ = await _ids(milestone_bot, alice)
    (bonus,) = calendar.events
    assert bonus.uid == f"bonus-{contract}@milestone-bot"
    assert bonus.name == "Bonus window closes: Legal research ($50.00 never funded)"
    assert abs(bonus.begin.datetime - (ended + 365 * D)) < timedelta(seconds=2)
    assert _triggers(bonus) == {-30 * D, -7 * D}
    assert "ask Dana for a bonus" in bonus.description

    await discord_server.command(alice, "contract bonus", {**STORY, "amount": "50"})
    said, calendar = await _calendar(discord_server, alice)
    assert not calendar.events and "No deadlines ahead" in said


async def test_the_calendar_holds_only_the_callers_deadlines(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    await _forum_story(discord_server, alice)
    said, calendar = await _calendar(discord_server, bob)
    assert not calendar.events and "No deadlines ahead" in said
