"""`milestone-bot try --demo`: the $150 contract ended after two of three $50 milestones, as a smoke test."""

from __future__ import annotations

from pathlib import Path

from tests.offline.helpers import after, run_bot


def test_the_demo_tells_the_story_and_ends_with_the_reconciliation(tmp_path: Path) -> None:
    result = run_bot(["try", "--demo"], "", tmp_path)
    out = result.stdout
    assert result.returncode == 0, out[-2000:] + result.stderr
    assert "demo check failed" not in out

    # The reminders went out as DMs while the clock moved.
    assert out.count("✉ DM from Milestone Bot") >= 2
    assert "✉ DM from Milestone Bot" in after(out, ":advance 5d")

    ended = after(out, '/contract end contract:"Legal research"')
    assert "✉ DM from Milestone Bot" in ended  # ended with $50 never funded: told at once
    # The last view, after the bonus (an earlier one offers the draft for the client).
    ending = out.rsplit('> /contract view contract:"Legal research"', 1)[1].split("\n> ", 1)[0]
    for fact in (
        "Released: $100.00",
        "Never funded: $50.00",
        "Bonuses: $50.00",
        "Final memo · $50.00 · voided",
    ):
        assert fact in ending, fact
    assert ending.count("· released") == 2

    # The desk: a milestone captured from Dana's message, the calendar file, a draft for the client.
    captured = after(out, "Apps > Track as milestone")
    assert "Milestone title: Start with a Case law summary · Amount: $50.00" in captured
    assert "Added: Case law summary" in after(out, "Add milestone")
    assert "milestone-deadlines.ics" in after(out, "/calendar") and "saved to" in after(out, "/calendar")
    drafted = out.split("(Draft a message)", 1)[1].split("\n> ", 1)[0]  # the button is pressed by its number
    assert "Here is a message you can copy and send to Dana" in drafted
    assert "send it as a bonus on Upwork" in drafted


def test_the_demo_keeps_its_data_in_the_database_it_is_given(tmp_path: Path, database_location: str) -> None:
    """A SQLite file, or a postgresql:// database (offline too: only Discord is stood in for)."""
    database = database_location
    run_bot(["try", "--demo", "--database", str(database)], "", tmp_path)
    again = run_bot(["try", "--database", str(database)], "/contract list status:all\n", tmp_path)
    assert "Released $100.00 · held $0.00 · not yet funded $0.00" in after(
        again.stdout, "/contract list status:all"
    )
