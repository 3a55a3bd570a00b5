"""The platforms table: every fact the bot states, with its source and certainty, and the clocks milestones
run on."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.platforms import (
    PLATFORMS,
    Certainty,
    ClockStart,
    EscrowOutcome,
    Fact,
    Platform,
    Span,
    Unit,
    review_days_for,
)

_UPWORK = "https://support.upwork.com/hc/en-us/articles/"
_PPH = "https://support.peopleperhour.com/hc/en-us/articles/"

# The sources the rules list (../shared/platform-rules.md), row by row; Upwork's detailed rules cite further
# articles, each named beside its fact below.
UPWORK_ROW = {f"{_UPWORK}211063718", f"{_UPWORK}360000980507", f"{_UPWORK}211062058"}
FIVERR_ROW = {
    "https://support.fiverr.com/hc/en-us/articles/201695617",
    "https://forum.fiverr.com/t/buyer-is-not-active-after-delivery-and-time-has-expired/275138",
}
FREELANCER_ROW = {
    "https://freelancer.com/support/Payments/how-to-release-a-milestone-payment",
    "https://freelancer.com/faq/topic.php?code=disputes",
}
PPH_ROW = {f"{_PPH}205217357", f"{_PPH}205217397", f"{_PPH}205217797"}
GURU_ROW = {"https://guru.com/blog/improvements-coming-invoice-auto-pay/"}
CONTRA_ROW = {"https://help.contra.com/en/articles/9322853"}


def _upwork(*articles: str) -> set[str]:
    return {f"{_UPWORK}{article}" for article in articles}


C, USUALLY, UNCERTAIN, CONFLICT = (
    Certainty.CERTAIN,
    Certainty.USUALLY,
    Certainty.UNCERTAIN,
    Certainty.CONFLICT,
)

# Every fact the rules state, as (platform, attribute, value, certainty, sources it may cite). The table in
# code must hold exactly these: a fact missing, added, changed or cited elsewhere fails.
RULES: list[tuple[Platform, str, Any, Certainty, set[str]]] = [
    (Platform.UPWORK, "automatic_release", True, C, UPWORK_ROW),
    (Platform.UPWORK, "review", Span(14), C, UPWORK_ROW),
    (Platform.UPWORK, "review_clock", ClockStart.SUBMIT_WORK, C, UPWORK_ROW),
    (Platform.UPWORK, "changes_restart_review", True, C, UPWORK_ROW),
    (Platform.UPWORK, "hold", Span(5), C, UPWORK_ROW),
    (Platform.UPWORK, "refund_response", Span(7), C, UPWORK_ROW),
    (Platform.UPWORK, "client_dispute_response", Span(5, Unit.BUSINESS_DAYS), C, _upwork("211062068")),
    (Platform.UPWORK, "mediation", Span(21), CONFLICT, _upwork("211062058", "211062068")),
    (Platform.UPWORK, "mediation", Span(30), CONFLICT, _upwork("211062058", "211062068")),
    (Platform.UPWORK, "partial_release_disputable", True, C, _upwork("211068218", "211068528")),
    (
        Platform.UPWORK,
        "escrow_when_client_ends",
        EscrowOutcome.CLIENT_CHOOSES,
        C,
        _upwork("360000990228", "211068428", "211068308"),
    ),
    (
        Platform.UPWORK,
        "escrow_when_freelancer_ends",
        EscrowOutcome.BACK_TO_CLIENT,
        C,
        _upwork("360000990228", "211068428", "211068308"),
    ),
    (Platform.UPWORK, "bonuses", True, C, _upwork("360000980407", "40368699452179")),
    (Platform.UPWORK, "bonus_after_end", Span(365), C, _upwork("360000980407", "40368699452179")),
    (Platform.UPWORK, "bonus_protected", False, C, _upwork("360000980407", "40368699452179")),
    (Platform.UPWORK, "bonus_same_hold", True, C, _upwork("360000980407", "40368699452179")),
    (Platform.UPWORK, "dormant_after", Span(90), C, _upwork("360000990208")),
    (Platform.UPWORK, "dormant_escrow", EscrowOutcome.BACK_TO_CLIENT, C, _upwork("360000990208")),
    (Platform.UPWORK, "minimum_milestone_usd", 5, C, _upwork("360000990268", "360023544173")),
    (Platform.FIVERR, "automatic_release", True, USUALLY, FIVERR_ROW),
    (Platform.FIVERR, "review", Span(3), USUALLY, FIVERR_ROW),
    (Platform.FIVERR, "review_clock", ClockStart.DELIVERY, C, FIVERR_ROW),
    (Platform.FIVERR, "hold", Span(14), C, FIVERR_ROW),
    (Platform.FIVERR, "other_holds", Span(7), C, FIVERR_ROW),
    (Platform.FREELANCER, "automatic_release", False, C, FREELANCER_ROW),
    (Platform.FREELANCER, "refund_response", Span(4), C, FREELANCER_ROW),
    (Platform.FREELANCER, "client_dispute_response", Span(14), C, FREELANCER_ROW),
    (Platform.PEOPLEPERHOUR, "automatic_release", True, C, PPH_ROW),
    (Platform.PEOPLEPERHOUR, "review", Span(7), C, PPH_ROW),
    (Platform.PEOPLEPERHOUR, "review_clock", ClockStart.INVOICE, C, PPH_ROW),
    (Platform.PEOPLEPERHOUR, "other_reviews", Span(15), CONFLICT, PPH_ROW),
    (Platform.PEOPLEPERHOUR, "other_reviews", Span(30), CONFLICT, PPH_ROW),
    (Platform.PEOPLEPERHOUR, "hold", Span(3, Unit.WORKING_DAYS), C, PPH_ROW),
    (Platform.GURU, "automatic_release", True, C, GURU_ROW),
    (Platform.GURU, "review", Span(7), C, GURU_ROW),
    (Platform.GURU, "review_clock", ClockStart.INVOICE, C, GURU_ROW),
    (Platform.GURU, "other_reviews", Span(14), C, GURU_ROW),
    (Platform.GURU, "other_reviews", Span(28), C, GURU_ROW),
    (Platform.GURU, "release_delay", Span(7), C, GURU_ROW),
    (Platform.CONTRA, "automatic_release", True, UNCERTAIN, CONTRA_ROW),
    (Platform.CONTRA, "review", Span(120, Unit.HOURS), UNCERTAIN, CONTRA_ROW),
    (Platform.CONTRA, "review_clock", ClockStart.SUBMISSION, C, CONTRA_ROW),
]


def _facts(platform: Platform, attribute: str) -> list[Fact[Any]]:
    return [fact for name, fact in PLATFORMS[platform].facts() if name == attribute]


@pytest.mark.parametrize(
    ("platform", "attribute", "value", "certainty", "sources"),
    RULES,
    ids=[f"{platform}-{attribute}-{value}" for platform, attribute, value, _, _ in RULES],
)
def test_every_fact_of_the_rules_is_in_the_table_with_its_source(
    platform: Platform, attribute: str, value: Any, certainty: Certainty, sources: set[str]
) -> None:
    (fact,) = [fact for fact in _facts(platform, attribute) if fact.value == value]
    assert fact.certainty is certainty
    assert fact.source in sources


def test_the_table_states_nothing_the_rules_do_not() -> None:
    stated = sorted(
        (platform.value, name, repr(fact.value))
        for platform, rules in PLATFORMS.items()
        for name, fact in rules.facts()
    )
    expected = sorted((platform.value, attribute, repr(value)) for platform, attribute, value, _, _ in RULES)
    assert stated == expected


def test_every_platform_has_rules_with_https_sources() -> None:
    assert set(PLATFORMS) == set(Platform)
    for platform, rules in PLATFORMS.items():
        assert rules.platform is platform
        assert rules.name
        assert all(url.startswith("https://") for url in rules.sources)
        assert all(fact.source.startswith("https://") for _, fact in rules.facts())
        # A platform that releases by itself has a window in whole days, and says where the rule comes from.
        assert rules.auto_release == (rules.review_days is not None)
        if rules.auto_release:
            assert rules.sources


@pytest.mark.parametrize("platform", [p for p in Platform if p not in (Platform.DIRECT, Platform.OTHER)])
def test_every_platform_links_its_help_pages(platform: Platform) -> None:
    help_url = PLATFORMS[platform].help_url
    assert help_url is not None
    assert help_url.startswith("https://")


@pytest.mark.parametrize("platform", [Platform.DIRECT, Platform.OTHER])
def test_direct_clients_and_other_platforms_have_no_rules_of_their_own(platform: Platform) -> None:
    rules = PLATFORMS[platform]
    assert list(rules.facts()) == []
    assert (rules.help_url, rules.auto_release, rules.sources, rules.uncertain) == (None, False, (), ())


def test_every_hedged_fact_says_why() -> None:
    for rules in PLATFORMS.values():
        for name, fact in rules.facts():
            if not fact.certain:
                assert fact.note, f"{rules.name} {name}"
                assert fact.note in rules.uncertain


def test_a_fact_without_an_https_source_or_a_hedge_without_a_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="https"):
        Fact(Span(3), "http://example.org/rules")
    with pytest.raises(ValueError, match="note"):
        Fact(Span(3), "https://example.org/rules", Certainty.CONFLICT)


def test_contras_window_is_uncertain_and_names_the_other_figure() -> None:
    contra = PLATFORMS[Platform.CONTRA]
    assert contra.review is not None
    assert contra.review.certainty is Certainty.UNCERTAIN
    assert "72 hours" in (contra.review.note or "")
    # The clock counts whole days: 120 hours.
    assert contra.review_days == 5


def test_fiverrs_auto_complete_is_usual_not_certain() -> None:
    fiverr = PLATFORMS[Platform.FIVERR]
    assert fiverr.automatic_release is not None
    assert fiverr.automatic_release.certainty is Certainty.USUALLY
    assert "off" in (fiverr.automatic_release.note or "")


def test_peopleperhour_counts_from_the_invoice_and_its_pages_disagree_on_projects() -> None:
    pph = PLATFORMS[Platform.PEOPLEPERHOUR]
    assert pph.review_clock is not None
    assert pph.review_clock.value is ClockStart.INVOICE
    assert {fact.value.amount: fact.certainty for fact in pph.other_reviews} == {
        15: Certainty.CONFLICT,
        30: Certainty.CONFLICT,
    }
    # Checks last up to 3 working days: no calendar date can be promised, so no hold is counted.
    assert pph.hold is not None
    assert pph.hold_days is None


def test_only_upwork_says_what_becomes_of_escrow_when_a_contract_ends() -> None:
    upwork = PLATFORMS[Platform.UPWORK]
    assert upwork.escrow_when_client_ends is not None
    assert upwork.escrow_when_client_ends.value is EscrowOutcome.CLIENT_CHOOSES
    assert upwork.escrow_when_freelancer_ends is not None
    assert upwork.escrow_when_freelancer_ends.value is EscrowOutcome.BACK_TO_CLIENT
    assert upwork.dormant_escrow is not None
    assert upwork.dormant_escrow.value is EscrowOutcome.BACK_TO_CLIENT
    for platform in Platform:
        if platform is not Platform.UPWORK:
            rules = PLATFORMS[platform]
            assert (rules.escrow_when_client_ends, rules.escrow_when_freelancer_ends) == (None, None)


def test_bonuses_are_known_only_where_the_rules_describe_them() -> None:
    upwork = PLATFORMS[Platform.UPWORK]
    assert upwork.bonuses is not None
    assert upwork.bonuses.value
    assert upwork.bonus_protected is not None
    assert not upwork.bonus_protected.value
    assert [p for p in Platform if PLATFORMS[p].bonuses is not None] == [Platform.UPWORK]


def test_fees_stay_out_of_the_table() -> None:
    # Upwork's fee is uncertain (10% or 0-15%) and changes often: the bot states none.
    for rules in PLATFORMS.values():
        assert not [name for name, _ in rules.facts() if "fee" in name]


def test_plain_attributes_name_their_fact() -> None:
    upwork = PLATFORMS[Platform.UPWORK]
    assert upwork.fact("review_days") is upwork.review
    assert upwork.fact("hold_days") is upwork.hold
    assert upwork.fact("auto_release") is upwork.automatic_release
    assert upwork.fact("dormant_after") is upwork.dormant_after
    assert upwork.fact("name") is None
    assert PLATFORMS[Platform.FREELANCER].fact("review_days") is None


@pytest.mark.parametrize(
    ("span", "days"),
    [
        (Span(14), 14),
        (Span(120, Unit.HOURS), 5),
        (Span(100, Unit.HOURS), None),
        (Span(5, Unit.BUSINESS_DAYS), None),
        (Span(3, Unit.WORKING_DAYS), None),
    ],
)
def test_only_calendar_days_are_counted_as_days(span: Span, days: int | None) -> None:
    assert span.days == days


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
    rules = PLATFORMS[platform]
    assert (rules.review_days, rules.hold_days, rules.refund_response_days, rules.bonus_after_end_days) == (
        review,
        hold,
        refund,
        bonus,
    )


def test_review_days_for_prefers_the_contracts_own_window() -> None:
    assert review_days_for(Platform.UPWORK, None) == 14
    assert review_days_for(Platform.UPWORK, 21) == 21
    assert review_days_for(Platform.PEOPLEPERHOUR, 15) == 15
    assert review_days_for(Platform.DIRECT, None) is None
    assert review_days_for(Platform.DIRECT, 0) == 0
    with pytest.raises(InvalidInput):
        review_days_for(Platform.UPWORK, 120)
