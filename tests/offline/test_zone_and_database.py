"""Times you type and times you read agree, in this computer's zone; a bad --database is refused clearly."""

from __future__ import annotations

from pathlib import Path

from bot.offline.zone import computer_zone_name
from tests.offline.helpers import after, run_bot


def test_a_newcomer_types_and_reads_times_in_this_computers_zone(tmp_path: Path) -> None:
    lines = (
        "/contract add title:Logo client:Ann price:90\n"
        "/milestone add contract:Logo title:Sketches amount:30 due:tomorrow 17:00\n"
        "/settings timezone zone:Asia/Tokyo\n"
        "/contract view contract:Logo\n"
    )
    result = run_bot(["try"], lines, tmp_path, zone="America/New_York")
    assert "Times are in America/New_York" in result.stdout
    added = after(result.stdout, "/milestone add contract:Logo title:Sketches amount:30 due:tomorrow 17:00")
    assert "· due " in added and " 17:00 (in " in added
    # Tokyo is 14 hours ahead of New York in winter (13 in summer): 17:00 there is 06:00 or 07:00 here.
    viewed = after(result.stdout, "/contract view contract:Logo")
    assert " 07:00 (in " in viewed or " 06:00 (in " in viewed


def test_the_computers_zone_comes_from_tz_or_from_where_localtime_points(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Berlin")
    assert computer_zone_name({"TZ": ":Asia/Tokyo"}, link) == "Asia/Tokyo"
    assert computer_zone_name({"TZ": "CET-1CEST"}, link) == "Europe/Berlin"
    assert computer_zone_name({}, tmp_path / "missing") is None


def test_a_database_option_that_is_not_a_database_stops_with_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list")
    for target, says in ((notes, "is not an SQLite database"), (tmp_path, "is a folder")):
        result = run_bot(["try", "--database", str(target)], "/help\n", tmp_path)
        assert result.returncode == 2
        assert [says in line for line in result.stderr.splitlines()] == [True]
    assert notes.read_text() == "shopping list"
