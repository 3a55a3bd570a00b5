"""The platforms table: the numbers the bot shows and the clocks milestones run on."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.lifecycle import Timing
from bot.domain.platforms import (
    PLATFORMS,
    Platform,
    parse_platform,
    review_days_for,
    rules_for,
    validate_review_days,
)


def test_every_platform_has_rules() -> None:
    assert set(PLATFORMS) == set(Platform)
    for platform, rules in PLATFORMS.items():
        assert rules.platform is platform
        assert rules.name
        assert all(url.startswith("https://") for url in rules.sources)
        # A platform that auto-releases has a window, and says where the rule comes from.
        assert rules.auto_release == (rules.review_days is not None)
        if rules.auto_release:
            assert rules.sources


def test_option_values_are_the_command_choices() -> None:
    assert [p.value for p in Platform] == [
        "upwork",
        "fiverr",
        "freelancer",
        "peopleperhour",
        "guru",
        "contra",
        "direct",
        "other",
    ]


@pytest.mark.parametrize(
    ("platform", "review", "hold", "refund", "bonus"),
    [
        (Platform.UPWORK, 14, 5, 7, 365),
        (Platform.FIVERR, 3, 14, None, None),
        (Platform.FREELANCER, None, None, 4, None),
        (Platform.PEOPLEPERHOUR, 7, None, None, None),
        (Platform.GURU, 7, None, None, None),
        (Platform.CONTRA, 5, None, None, None),
        (Platform.DIRECT, None, None, None, None),
        (Platform.OTHER, None, None, None, None),
    ],
)
def test_platform_numbers(
    platform: Platform, review: int | None, hold: int | None, refund: int | None, bonus: int | None
) -> None:
    rules = rules_for(platform)
    assert (rules.review_days, rules.hold_days, rules.refund_response_days, rules.bonus_after_end_days) == (
        review,
        hold,
        refund,
        bonus,
    )


def test_uncertain_facts_are_noted() -> None:
    assert any("7" in note for note in PLATFORMS[Platform.FIVERR].uncertain)  # Top Rated clearance
    assert any("72" in note for note in PLATFORMS[Platform.CONTRA].uncertain)  # conflicting copy
    assert "15" in (PLATFORMS[Platform.PEOPLEPERHOUR].review_note or "")  # Projects
    assert "28" in (PLATFORMS[Platform.GURU].review_note or "")
    assert "120 hours" in (PLATFORMS[Platform.CONTRA].review_note or "")
    assert any("working days" in note for note in PLATFORMS[Platform.PEOPLEPERHOUR].uncertain)


def test_rules_for_accepts_the_option_string() -> None:
    assert rules_for("fiverr") is PLATFORMS[Platform.FIVERR]
    with pytest.raises(ValueError, match="myspace"):
        rules_for("myspace")


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("upwork", Platform.UPWORK),
        ("Upwork", Platform.UPWORK),
        (" FIVERR ", Platform.FIVERR),
        ("Freelancer.com", Platform.FREELANCER),
        ("People Per Hour", Platform.PEOPLEPERHOUR),
        ("PPH", Platform.PEOPLEPERHOUR),
        ("guru.com", Platform.GURU),
        ("direct client", Platform.DIRECT),
        ("other", Platform.OTHER),
    ],
)
def test_parse_platform(text: str, platform: Platform) -> None:
    assert parse_platform(text) is platform


@pytest.mark.parametrize("text", ["myspace", "", "up work x"])
def test_parse_platform_lists_the_choices(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_platform(text)
    for platform in Platform:
        assert f"`{platform.value}`" in caught.value.message


@pytest.mark.parametrize("days", [0, 1, 14, 90])
def test_validate_review_days_accepts(days: int) -> None:
    assert validate_review_days(days) == days


@pytest.mark.parametrize("days", [-1, 91, 365, True])
def test_validate_review_days_rejects(days: int) -> None:
    with pytest.raises(InvalidInput, match="from 0 to 90"):
        validate_review_days(days)


def test_review_days_for_prefers_the_contracts_own_window() -> None:
    assert review_days_for(Platform.UPWORK, None) == 14
    assert review_days_for(Platform.UPWORK, 21) == 21
    assert review_days_for(Platform.PEOPLEPERHOUR, 15) == 15
    assert review_days_for(Platform.DIRECT, None) is None
    assert review_days_for(Platform.DIRECT, 0) == 0
    with pytest.raises(InvalidInput):
        review_days_for(Platform.UPWORK, 120)


def test_timing_feeds_the_lifecycle() -> None:
    assert PLATFORMS[Platform.UPWORK].timing() == Timing(review_days=14, hold_days=5, refund_response_days=7)
    assert PLATFORMS[Platform.UPWORK].timing(10) == Timing(
        review_days=10, hold_days=5, refund_response_days=7
    )
    assert PLATFORMS[Platform.DIRECT].timing() == Timing()
