"""Interactions that waited past Discord's patience are skipped; a clock that differs from Discord's is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cogs.common.freshness import Freshness

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_a_fresh_interaction_is_answered() -> None:
    assert not Freshness().is_stale(NOW - timedelta(milliseconds=80), NOW)


def test_one_that_waited_three_seconds_more_than_usual_is_skipped() -> None:
    freshness = Freshness()
    assert not freshness.is_stale(NOW - timedelta(milliseconds=50), NOW)
    later = NOW + timedelta(seconds=5)
    assert freshness.is_stale(later - timedelta(seconds=3), later)


def test_a_clock_ahead_of_discords_does_not_make_everything_stale() -> None:
    freshness = Freshness()
    skew = timedelta(seconds=40)  # our clock runs 40 s ahead: every interaction looks 40 s old
    answered = [
        not freshness.is_stale(NOW + timedelta(seconds=s), NOW + timedelta(seconds=s) + skew)
        for s in range(60)
    ]
    assert all(answered[1:])


def test_the_usual_delay_is_forgotten_after_ten_minutes() -> None:
    freshness = Freshness()
    freshness.is_stale(NOW, NOW)  # a very quick one, long ago
    later = NOW + timedelta(minutes=11)
    assert not freshness.is_stale(later - timedelta(seconds=4), later)  # now the first of a new normal
