"""Each platform's clocks (review window, payment hold, refund-response window) in one table with sources.

Platforms change their rules: correct a number here and every reply, reminder and FAQ answer follows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from bot.domain.errors import InvalidInput
from bot.domain.lifecycle import Timing

MAX_REVIEW_DAYS = 90


class Platform(StrEnum):
    UPWORK = "upwork"
    FIVERR = "fiverr"
    FREELANCER = "freelancer"
    PEOPLEPERHOUR = "peopleperhour"
    GURU = "guru"
    CONTRA = "contra"
    DIRECT = "direct"
    OTHER = "other"


@dataclass(frozen=True)
class PlatformRules:
    """What a platform does with milestone money, in whole days; None where it has no such rule."""

    platform: Platform
    name: str
    review_days: int | None  # auto-release after submission; None: someone must release by hand
    review_note: str | None
    hold_days: int | None  # released money is pending this long before it can be withdrawn
    refund_response_days: int | None  # time to approve or dispute a refund request
    bonus_after_end_days: int | None  # how long after the end a client can still pay a bonus
    auto_release: bool
    sources: tuple[str, ...]
    uncertain: tuple[str, ...] = ()

    def timing(self, review_days_override: int | None = None) -> Timing:
        """The clocks the milestone lifecycle runs on, with the contract's own review window if set."""
        return Timing(
            review_days=review_days_for(self.platform, review_days_override),
            hold_days=self.hold_days,
            refund_response_days=self.refund_response_days,
        )


_UPWORK = "https://support.upwork.com/hc/en-us/articles/"

PLATFORMS: Mapping[Platform, PlatformRules] = MappingProxyType(
    {
        Platform.UPWORK: PlatformRules(
            platform=Platform.UPWORK,
            name="Upwork",
            review_days=14,
            review_note="14 days from Submit work, counted in UTC; no answer from the client means approval.",
            hold_days=5,
            refund_response_days=7,
            bonus_after_end_days=365,
            auto_release=True,
            sources=(
                f"{_UPWORK}211063718",
                f"{_UPWORK}360000980507",
                f"{_UPWORK}211062058",
                f"{_UPWORK}360000980407",
            ),
            uncertain=("Mediation after a rejected dispute lasts 21 or 30 days: sources disagree.",),
        ),
        Platform.FIVERR: PlatformRules(
            platform=Platform.FIVERR,
            name="Fiverr",
            review_days=3,
            review_note="The order completes by itself 3 days after delivery.",
            hold_days=14,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=True,
            sources=(
                "https://help.fiverr.com/hc/en-us/articles/4414438601873",
                "https://forum.fiverr.com/t/buyer-is-not-active-after-delivery-and-time-has-expired/275138",
            ),
            uncertain=("Clearance is 7 days instead of 14 for Top Rated sellers.",),
        ),
        Platform.FREELANCER: PlatformRules(
            platform=Platform.FREELANCER,
            name="Freelancer.com",
            review_days=None,
            review_note="No automatic release: the employer releases each milestone.",
            hold_days=None,
            # This is the freelancer's time to answer a dispute; there is no separate refund request.
            refund_response_days=4,
            bonus_after_end_days=None,
            auto_release=False,
            sources=(
                "https://freelancer.com/support/Payments/how-to-release-a-milestone-payment",
                "https://freelancer.com/faq/topic.php?code=disputes",
            ),
            uncertain=("The 4 days are the freelancer's time to answer a dispute (the employer gets 14).",),
        ),
        Platform.PEOPLEPERHOUR: PlatformRules(
            platform=Platform.PEOPLEPERHOUR,
            name="PeoplePerHour",
            review_days=7,
            review_note="Escrow releases 7 days after the invoice for Offers, 15 days for Projects.",
            hold_days=None,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=True,
            sources=("https://support.peopleperhour.com/hc/en-us/articles/205218297",),
            uncertain=(
                "Projects release after 15 days, not 7: set the review days on the contract.",
                "Payments can be held for up to 3 working days of checks.",
            ),
        ),
        Platform.GURU: PlatformRules(
            platform=Platform.GURU,
            name="Guru",
            review_days=7,
            review_note="Invoices are paid automatically 7, 14 or 28 days after invoicing, per the agreement.",
            hold_days=None,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=True,
            sources=("https://guru.com/blog/improvements-coming-invoice-auto-pay/",),
            uncertain=(
                "The window is 7, 14 or 28 days depending on the agreement: set yours on the contract.",
            ),
        ),
        Platform.CONTRA: PlatformRules(
            platform=Platform.CONTRA,
            name="Contra",
            review_days=5,
            review_note="Released 120 hours (5 days) after submission unless the client acts.",
            hold_days=None,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=True,
            sources=("https://help.contra.com/en/articles/9322853",),
            uncertain=("An unofficial copy of the help page says 72 hours instead of 120.",),
        ),
        Platform.DIRECT: PlatformRules(
            platform=Platform.DIRECT,
            name="Direct client",
            review_days=None,
            review_note=None,
            hold_days=None,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=False,
            sources=(),
        ),
        Platform.OTHER: PlatformRules(
            platform=Platform.OTHER,
            name="Other platform",
            review_days=None,
            review_note=None,
            hold_days=None,
            refund_response_days=None,
            bonus_after_end_days=None,
            auto_release=False,
            sources=(),
        ),
    }
)

# Ways people write platform names, folded to letters and digits.
_ALIASES: Mapping[str, Platform] = MappingProxyType(
    {
        "freelancercom": Platform.FREELANCER,
        "pph": Platform.PEOPLEPERHOUR,
        "gurucom": Platform.GURU,
        "directclient": Platform.DIRECT,
        "client": Platform.DIRECT,
        "none": Platform.DIRECT,
    }
)


def rules_for(platform: Platform | str) -> PlatformRules:
    return PLATFORMS[Platform(platform)]


def parse_platform(text: str) -> Platform:
    """The platform a user named (`Upwork`, `freelancer.com`, `People Per Hour`), or InvalidInput."""
    folded = re.sub(r"[^a-z0-9]", "", text.lower())
    for platform in Platform:
        if folded == platform.value:
            return platform
    if folded in _ALIASES:
        return _ALIASES[folded]
    choices = ", ".join(f"`{p.value}`" for p in Platform)
    shown = text.strip().replace("`", "'")[:40]
    if not shown:
        raise InvalidInput(f"Please pick a platform: {choices}.")
    raise InvalidInput(f"`{shown}` is not a platform I know. Pick one of {choices}.")


def validate_review_days(days: int) -> int:
    """A review window a user set for a contract: 0 to 90 days."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_REVIEW_DAYS:
        raise InvalidInput(
            f"Review days must be a whole number from 0 to {MAX_REVIEW_DAYS}, such as `14`. "
            "Leave it out to use the platform's usual window."
        )
    return days


def review_days_for(platform: Platform, override: int | None) -> int | None:
    """The contract's review window: the user's own number if given, else the platform's."""
    if override is not None:
        return validate_review_days(override)
    return PLATFORMS[platform].review_days
