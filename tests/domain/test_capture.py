"""Reading a milestone out of a client's chat message: title, amount and due date, and notes on what was left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.domain.capture import DEFAULT_TITLE, CapturedMilestone, Note, NoteKind, read_milestone
from bot.domain.money import Money
from bot.domain.text import MAX_TITLE, clean_line

NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 24 November 2026, 10:00 in New York.
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _read(text: str, currency: str = "USD") -> CapturedMilestone:
    return read_milestone(text, zone=NEW_YORK, now=NOW, default_currency=currency)


def _ny(year: int, month: int, day: int, hour: int = 23, minute: int = 59) -> datetime:
    """A wall-clock time in New York as the UTC moment the reader returns."""
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


def usd(major: int, cents: int = 0) -> Money:
    return Money(major * 100 + cents, "USD")


MESSAGES = [
    (
        "Hi Dana, could you do the logo redesign by Friday for $150?",
        "Logo redesign",
        usd(150),
        _ny(2026, 11, 27),
    ),
    (
        "Next milestone: Case law summary — 50 EUR, due Dec 12",
        "Case law summary",
        Money(5000, "EUR"),
        _ny(2026, 12, 12),
    ),
    (
        "Hey! €99 for the landing page copy. Deadline: Dec 12 17:00",
        "Landing page copy",
        Money(9900, "EUR"),
        _ny(2026, 12, 12, 17, 0),
    ),
    ("USD 300 for the mobile mockups, in 3 days", "Mobile mockups", usd(300), _ny(2026, 11, 27, 10, 0)),
    (
        "Can you send over the final logo files tomorrow? I'll release the $150 once I have them.",
        "Final logo files",
        usd(150),
        _ny(2026, 11, 25),
    ),
    (
        "Hi Dana,\n\nMilestone 2 — Case law summary\n50 EUR by Dec 12\n\nThanks!\nMark",
        "Case law summary",
        Money(5000, "EUR"),
        _ny(2026, 12, 12),
    ),
    ("Budget is $2k for the app icon set", "App icon set", usd(2000), None),
    (
        "Translate the FAQ into Spanish (about 3,000 words) for 120 EUR by Monday. I'm around 24/7 for questions.",
        "Translate the FAQ into Spanish (about 3,000 words)",
        Money(12000, "EUR"),
        _ny(2026, 11, 30),
    ),
    ("Can you look at the bug in the checkout flow?", "Look at the bug in the checkout flow", None, None),
    ("due Jan 10: onboarding emails, 200 dollars", "Onboarding emails", usd(200), _ny(2027, 1, 10)),
    (
        "Please have the 1,250.50 USD API integration done before 2026-12-01",
        "API integration",
        usd(1250, 50),
        _ny(2026, 11, 30),
    ),
    (
        "Good morning! Kindly deliver the brand guide by friday at 5 p.m., budget: £400",
        "Brand guide",
        Money(40000, "GBP"),
        _ny(2026, 11, 27, 17, 0),
    ),
]


@pytest.mark.parametrize(("message", "title", "amount", "due_at"), MESSAGES)
def test_a_client_message_prefills_title_amount_and_due_date(
    message: str, title: str, amount: Money | None, due_at: datetime | None
) -> None:
    captured = _read(message)
    assert (captured.title, captured.amount, captured.due_at) == (title, amount, due_at)
    assert captured.notes == ()


def test_several_different_amounts_give_none_and_say_which_they_were() -> None:
    captured = _read("I can pay $200 now and $300 after the draft")
    assert captured.amount is None
    assert captured.notes == (Note(NoteKind.SEVERAL_AMOUNTS, (usd(200), usd(300))),)
    # The same amount written twice is one amount.
    assert _read("Logo: $150. Yes, $150.00 is fine.").amount == usd(150)


def test_of_several_amounts_the_one_called_the_milestones_wins_then_the_only_price() -> None:
    milestone = _read(
        "Thanks for the call! As agreed, the first milestone is $500 for wireframes, "
        "and the total budget is $2,000. Please have them ready before 2026-12-01."
    )
    assert (milestone.title, milestone.amount, milestone.due_at) == (
        "Wireframes",
        usd(500),
        _ny(2026, 11, 30),
    )
    assert milestone.notes == (Note(NoteKind.SEVERAL_AMOUNTS, (usd(500), usd(2000))),)
    assert _read("a $150 milestone out of the $600 contract").amount == usd(150)
    assert _read("The whole contract is $600; this part is for $150").amount == usd(150)
    # Two milestones named in one message: which one is meant is the freelancer's call.
    assert _read("Milestone 1: $150, Milestone 2: $200").amount is None


def test_amounts_are_read_exactly_and_odd_ones_are_noted_not_guessed() -> None:
    assert _read("€1.5k for the translation").amount == Money(150000, "EUR")
    assert _read("fixed at ¥15000").amount == Money(15000, "JPY")
    assert _read("$150 for it", currency="CAD").amount == Money(15000, "CAD")  # a $ is your own dollar
    written = _read("€1.250,50 for the translation")
    assert written.amount is None
    assert written.notes == (Note(NoteKind.AMOUNT_NOT_READ, ("€1.250,50",)),)
    # Numbers without a currency are not money: counts, dates, times, versions.
    assert _read("3 pages, 2 rounds of edits, v1.2, call at 17:00").amount is None
    assert _read("ALL 3 files by tomorrow").amount is None  # ALL is a currency only when it means one


def test_a_date_in_the_past_is_dropped_with_a_note() -> None:
    captured = _read("The homepage copy was due yesterday, $80")
    assert (captured.title, captured.amount, captured.due_at) == ("Homepage copy", usd(80), None)
    assert captured.notes == (Note(NoteKind.DATE_IN_PAST, (_ny(2026, 11, 23),)),)


def test_dates_are_read_from_when_the_message_was_written_and_judged_now() -> None:
    three_days_ago = NOW - timedelta(days=3)  # Saturday 21 November
    late = read_milestone(
        "Deliver the slides tomorrow",
        zone=NEW_YORK,
        now=NOW,
        default_currency="USD",
        written_at=three_days_ago,
    )
    assert late.due_at is None
    assert late.notes == (Note(NoteKind.DATE_IN_PAST, (_ny(2026, 11, 22),)),)
    soon = read_milestone(
        "Slides in 5 days", zone=NEW_YORK, now=NOW, default_currency="USD", written_at=three_days_ago
    )
    assert soon.due_at == three_days_ago + timedelta(days=5)
    # A day without a year that passed days ago is that day, not next year's.
    assert _read("Logo was due Nov 20").notes == (Note(NoteKind.DATE_IN_PAST, (_ny(2026, 11, 20),)),)


def test_of_several_dates_the_one_after_by_or_due_wins() -> None:
    captured = _read("Kickoff call on Friday, then the wireframes by Dec 12")
    assert captured.due_at == _ny(2026, 12, 12)
    assert captured.notes == (Note(NoteKind.SEVERAL_DATES, (_ny(2026, 11, 27), _ny(2026, 12, 12))),)
    unsure = _read("Drafts Dec 1 or Dec 3, whichever suits")
    assert unsure.due_at is None
    assert unsure.notes == (Note(NoteKind.SEVERAL_DATES, (_ny(2026, 12, 1), _ny(2026, 12, 3))),)


def test_day_month_numbers_are_ambiguous_and_noted_only_where_a_date_is_meant() -> None:
    captured = _read("Landing page by 12/01, $300")
    assert (captured.title, captured.amount, captured.due_at) == ("Landing page", usd(300), None)
    assert captured.notes == (Note(NoteKind.DATE_NOT_READ, ("12/01",)),)
    assert _read("Support 24/7 for the launch week").notes == ()


def test_discord_markup_is_read_as_a_person_reads_it() -> None:
    # A timestamp is an exact date; mentions and custom emoji are nobody's deliverable.
    stamped = _read("<@123> the API integration milestone is $1,250.50 USD, due <t:1796000000:f>")
    assert stamped.title == "API integration milestone"
    assert stamped.amount == usd(1250, 50)
    assert stamped.due_at == datetime.fromtimestamp(1796000000, UTC)
    greeted = _read("<:pepe:123456> <@!42> banner ads for the spring campaign, 75 GBP, in 2 weeks")
    assert greeted.title == "Banner ads for the spring campaign"
    assert greeted.amount == Money(7500, "GBP")
    # Links and code blocks hold no amount or date of the milestone; crossed-out text is not meant.
    spec = _read(
        "Here's the spec: https://example.com/spec?price=999&due=2026-12-24\n"
        "```\ntotal = $5000  # by Dec 24\n```\n"
        "Build the pricing page, $400, by Friday"
    )
    assert (spec.title, spec.amount, spec.due_at) == ("Build the pricing page", usd(400), _ny(2026, 11, 27))
    marked = _read("**Logo refresh** — ~~$120~~ $100, due **Friday 5pm** 🎨")
    assert (marked.title, marked.amount, marked.due_at) == (
        "Logo refresh",
        usd(100),
        _ny(2026, 11, 27, 17, 0),
    )
    assert _read("[the brief](https://example.com/brief) for `$250`").amount == usd(250)


def test_the_title_is_never_empty_and_fits_the_title_limit() -> None:
    empty = _read("Hi Dana!\n\nThanks,\nMark")
    assert empty.title == DEFAULT_TITLE
    assert empty.notes == (Note(NoteKind.NO_TITLE),)
    long = _read("Write " + "a very detailed research memo about contract law " * 4 + "for $50")
    assert len(long.title) <= MAX_TITLE
    # Cut between words, and marked as cut.
    assert (
        long.title
        == "Write a very detailed research memo about contract law a very detailed research memo about…"
    )
    assert long.notes == (Note(NoteKind.TITLE_SHORTENED),)
    assert _read("Port the engine to C++").title == "Port the engine to C++"


@given(st.text(max_size=400), st.sampled_from(["USD", "EUR", "JPY", "KWD"]))
@example("<t:99999999999999:f> $0 ```", "USD")
@example("\u200b\u202e\ud800 \x00 $ 1.2.3k 9" * 3, "EUR")
@example("Dec 32, 2026-02-30 in 999999 months by 25:99 feb 29", "USD")
def test_any_text_gives_a_valid_form_and_never_raises(text: str, currency: str) -> None:
    captured = read_milestone(text, zone=NEW_YORK, now=NOW, default_currency=currency)
    assert clean_line(captured.title, "title") == captured.title  # non-empty, short, printable, one line
    assert captured.amount is None or captured.amount.is_positive()
    assert captured.due_at is None or (captured.due_at.tzinfo is UTC and captured.due_at >= NOW)
    assert all(isinstance(note.kind, NoteKind) for note in captured.notes)
