"""Each platform's rules for milestone money in one table: every value beside its source and how sure it is.

Platforms change their rules: correct a fact here and every reply, reminder and FAQ answer follows. A fact
marked `usually`, `uncertain` or `conflict` must be said with that hedge, or left out. The plain attributes
other code reads (`review_days`, `hold_days`, ...) are derived from the facts, never typed twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from bot.domain.errors import InvalidInput
from bot.i18n.speaking import N_

MAX_REVIEW_DAYS = 90

T = TypeVar("T")


class Platform(StrEnum):
    UPWORK = "upwork"
    FIVERR = "fiverr"
    FREELANCER = "freelancer"
    PEOPLEPERHOUR = "peopleperhour"
    GURU = "guru"
    CONTRA = "contra"
    DIRECT = "direct"
    OTHER = "other"


class Certainty(StrEnum):
    CERTAIN = "certain"
    USUALLY = "usually"  # the platform's rule, but it can set it aside case by case
    UNCERTAIN = "uncertain"  # the source could not be confirmed
    CONFLICT = "conflict"  # sources give different values


class Unit(StrEnum):
    DAYS = "days"
    BUSINESS_DAYS = "business_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"


class ClockStart(StrEnum):
    """What starts a platform's auto-release clock."""

    SUBMIT_WORK = "submit_work"  # the Submit work button, not a message
    DELIVERY = "delivery"
    INVOICE = "invoice"
    SUBMISSION = "submission"


class EscrowOutcome(StrEnum):
    """What becomes of money still in escrow."""

    CLIENT_CHOOSES = "client_chooses"  # pays all, part or none; part or none is a refund request
    BACK_TO_CLIENT = "back_to_client"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of time as the platform states it."""

    amount: int
    unit: Unit = Unit.DAYS

    @property
    def days(self) -> int | None:
        """Whole calendar days, or None where counting needs a business calendar or hours don't divide."""
        if self.unit is Unit.DAYS:
            return self.amount
        if self.unit is Unit.HOURS and self.amount % 24 == 0:
            return self.amount // 24
        return None


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One value a platform states, where it says so, and how sure we are."""

    value: T
    source: str
    certainty: Certainty = Certainty.CERTAIN
    note: str | None = None

    def __post_init__(self) -> None:
        if not self.source.startswith("https://"):
            raise ValueError(f"a fact's source must be an https link, not {self.source!r}")
        if self.certainty is not Certainty.CERTAIN and not self.note:
            raise ValueError(f"a {self.certainty} fact needs a note saying why ({self.source})")

    @property
    def certain(self) -> bool:
        return self.certainty is Certainty.CERTAIN


# The plain attributes other code reads, and the fact each one comes from.
_FACT_OF_PLAIN: Mapping[str, str] = MappingProxyType(
    {
        "auto_release": "automatic_release",
        "review_days": "review",
        "review_note": "review",
        "hold_days": "hold",
        "refund_response_days": "refund_response",
        "bonus_after_end_days": "bonus_after_end",
    }
)


@dataclass(frozen=True)
class PlatformRules:
    """What a platform does with milestone money. None: the platform has no such rule, or we don't know it."""

    platform: Platform
    name: str
    help_url: str | None = None  # where to check the platform's current rules
    automatic_release: Fact[bool] | None = None  # None: no platform rule (direct clients, other platforms)
    review: Fact[Span] | None = None  # no client action for this long after the clock starts: released
    review_clock: Fact[ClockStart] | None = None
    other_reviews: tuple[Fact[Span], ...] = ()  # windows for other kinds of work (notes say which)
    changes_restart_review: Fact[bool] | None = None
    release_delay: Fact[Span] | None = None  # how long at a time the client can put off an automatic release
    hold: Fact[Span] | None = None  # released money is pending this long before it can be withdrawn
    other_holds: tuple[Fact[Span], ...] = ()
    refund_response: Fact[Span] | None = None  # the freelancer's time to approve or dispute a refund request
    client_dispute_response: Fact[Span] | None = None  # the client's time to answer the freelancer's dispute
    mediation: tuple[Fact[Span], ...] = ()
    partial_release_disputable: Fact[bool] | None = None
    escrow_when_client_ends: Fact[EscrowOutcome] | None = None
    escrow_when_freelancer_ends: Fact[EscrowOutcome] | None = None
    bonuses: Fact[bool] | None = None
    bonus_after_end: Fact[Span] | None = None
    bonus_protected: Fact[bool] | None = None
    bonus_same_hold: Fact[bool] | None = None  # a bonus waits through the same hold as a release
    dormant_after: Fact[Span] | None = None  # no activity this long after the last due date: dormant
    dormant_escrow: Fact[EscrowOutcome] | None = None
    minimum_milestone_usd: Fact[int] | None = None

    def __post_init__(self) -> None:
        if self.help_url is not None and not self.help_url.startswith("https://"):
            raise ValueError(f"{self.name}: the help link must be https")
        # A window the bot counts must be whole days, and exists only where money releases by itself.
        if self.auto_release != (self.review_days is not None):
            raise ValueError(f"{self.name}: an automatic release needs a window in whole days, and only then")

    @property
    def auto_release(self) -> bool:
        return self.automatic_release is not None and self.automatic_release.value

    @property
    def review_days(self) -> int | None:
        return _days(self.review)

    @property
    def review_note(self) -> str | None:
        return self.review.note if self.review else None

    @property
    def hold_days(self) -> int | None:
        return _days(self.hold)

    @property
    def refund_response_days(self) -> int | None:
        return _days(self.refund_response)

    @property
    def bonus_after_end_days(self) -> int | None:
        return _days(self.bonus_after_end)

    def facts(self) -> Iterator[tuple[str, Fact[Any]]]:
        """Every fact with the name of the attribute holding it, in table order."""
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, Fact):
                yield field.name, value
            elif isinstance(value, tuple):
                yield from ((field.name, fact) for fact in value if isinstance(fact, Fact))

    def fact(self, name: str) -> Fact[Any] | None:
        """The fact behind an attribute, by its own name or a plain one (`review_days` is `review`)."""
        value = getattr(self, _FACT_OF_PLAIN.get(name, name), None)
        return value if isinstance(value, Fact) else None

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fact.source for _, fact in self.facts()))

    @cached_property
    def uncertain(self) -> tuple[str, ...]:
        """The notes of every fact that is not certain: the bot hedges these or leaves them out."""
        return tuple(dict.fromkeys(fact.note for _, fact in self.facts() if not fact.certain and fact.note))


def _days(fact: Fact[Span] | None) -> int | None:
    return fact.value.days if fact else None


_UPWORK = "https://support.upwork.com/hc/en-us/articles/"
_FIVERR_CLEARANCE = "https://support.fiverr.com/hc/en-us/articles/201695617"
_FIVERR_FORUM = "https://forum.fiverr.com/t/buyer-is-not-active-after-delivery-and-time-has-expired/275138"
_FREELANCER_RELEASE = "https://freelancer.com/support/Payments/how-to-release-a-milestone-payment"
_FREELANCER_DISPUTES = "https://freelancer.com/faq/topic.php?code=disputes"
_PPH = "https://support.peopleperhour.com/hc/en-us/articles/"
_GURU = "https://guru.com/blog/improvements-coming-invoice-auto-pay/"
_CONTRA = "https://help.contra.com/en/articles/9322853"

PLATFORMS: Mapping[Platform, PlatformRules] = MappingProxyType(
    {
        Platform.UPWORK: PlatformRules(
            platform=Platform.UPWORK,
            name="Upwork",
            help_url="https://support.upwork.com/hc/en-us",
            automatic_release=Fact(True, f"{_UPWORK}211063718", note="no client action counts as approval"),
            review=Fact(Span(14), f"{_UPWORK}211063718", note="from Submit work, counted in UTC"),
            review_clock=Fact(
                ClockStart.SUBMIT_WORK, f"{_UPWORK}211063718", note="work sent in Messages starts no clock"
            ),
            changes_restart_review=Fact(
                True, f"{_UPWORK}360000980507", note="a resubmission starts a new window"
            ),
            hold=Fact(Span(5), f"{_UPWORK}211063718", note="pending security period"),
            refund_response=Fact(Span(7), f"{_UPWORK}211062058", note="no answer means refunded"),
            client_dispute_response=Fact(
                Span(5, Unit.BUSINESS_DAYS),
                f"{_UPWORK}211062068",
                note="no answer: funds go to the freelancer",
            ),
            mediation=(
                Fact(Span(21), f"{_UPWORK}211062058", Certainty.CONFLICT, "sources give 21 or 30 days"),
                Fact(Span(30), f"{_UPWORK}211062068", Certainty.CONFLICT, "sources give 21 or 30 days"),
            ),
            partial_release_disputable=Fact(True, f"{_UPWORK}211068528", note="while the contract is active"),
            escrow_when_client_ends=Fact(
                EscrowOutcome.CLIENT_CHOOSES,
                f"{_UPWORK}360000990228",
                note="pays all, part or none; part or none sends the freelancer a refund request",
            ),
            escrow_when_freelancer_ends=Fact(
                EscrowOutcome.BACK_TO_CLIENT, f"{_UPWORK}211068428", note="submit the last milestone first"
            ),
            bonuses=Fact(True, f"{_UPWORK}40368699452179"),
            bonus_after_end=Fact(Span(365), f"{_UPWORK}40368699452179"),
            bonus_protected=Fact(False, f"{_UPWORK}40368699452179"),
            bonus_same_hold=Fact(True, f"{_UPWORK}40368699452179"),
            dormant_after=Fact(
                Span(90),
                f"{_UPWORK}360000990208",
                note="after the last milestone's due date, with no activity",
            ),
            dormant_escrow=Fact(
                EscrowOutcome.BACK_TO_CLIENT, f"{_UPWORK}360000990208", note="if nobody acts"
            ),
            minimum_milestone_usd=Fact(5, f"{_UPWORK}360000990268"),
        ),
        Platform.FIVERR: PlatformRules(
            platform=Platform.FIVERR,
            name="Fiverr",
            help_url="https://support.fiverr.com/hc/en-us",
            automatic_release=Fact(
                True, _FIVERR_FORUM, Certainty.USUALLY, "Fiverr can switch auto-complete off for an order"
            ),
            review=Fact(
                Span(3),
                _FIVERR_FORUM,
                Certainty.USUALLY,
                "after delivery; Fiverr can switch it off for an order",
            ),
            review_clock=Fact(ClockStart.DELIVERY, _FIVERR_FORUM),
            hold=Fact(Span(14), _FIVERR_CLEARANCE, note="clearance"),
            other_holds=(Fact(Span(7), _FIVERR_CLEARANCE, note="clearance for Top Rated sellers"),),
        ),
        Platform.FREELANCER: PlatformRules(
            platform=Platform.FREELANCER,
            name="Freelancer.com",
            help_url="https://freelancer.com/support",
            automatic_release=Fact(False, _FREELANCER_RELEASE, note="the employer releases each milestone"),
            # There is no separate refund request: the freelancer's time to answer a dispute stands in for it.
            refund_response=Fact(
                Span(4), _FREELANCER_DISPUTES, note="the freelancer's time to answer a dispute"
            ),
            client_dispute_response=Fact(
                Span(14), _FREELANCER_DISPUTES, note="the employer's time to answer a dispute"
            ),
        ),
        Platform.PEOPLEPERHOUR: PlatformRules(
            platform=Platform.PEOPLEPERHOUR,
            name="PeoplePerHour",
            help_url="https://support.peopleperhour.com/hc/en-us",
            automatic_release=Fact(
                True, f"{_PPH}205217357", note="an invoice left unanswered is paid from escrow"
            ),
            review=Fact(Span(7), f"{_PPH}205217357", note="after the invoice, for Offers"),
            review_clock=Fact(ClockStart.INVOICE, f"{_PPH}205217357", note="the invoice, not the delivery"),
            other_reviews=(
                # Projects and custom Jobs are the same kind of work: the pages disagree on its window.
                Fact(
                    Span(15),
                    f"{_PPH}205217357",
                    Certainty.CONFLICT,
                    "after the invoice, for Projects; another page gives 30 days for custom Jobs",
                ),
                Fact(
                    Span(30),
                    f"{_PPH}205217397",
                    Certainty.CONFLICT,
                    "after the invoice, for custom Jobs, on one page; another gives 15 days",
                ),
            ),
            hold=Fact(Span(3, Unit.WORKING_DAYS), f"{_PPH}205217797", note="checks of up to this long"),
        ),
        Platform.GURU: PlatformRules(
            platform=Platform.GURU,
            name="Guru",
            help_url=_GURU,
            automatic_release=Fact(True, _GURU, note="SafePay invoices are paid automatically"),
            review=Fact(Span(7), _GURU, note="after invoicing; the agreement sets 7, 14 or 28 days"),
            review_clock=Fact(ClockStart.INVOICE, _GURU),
            other_reviews=(
                Fact(Span(14), _GURU, note="after invoicing, if the agreement says so"),
                Fact(Span(28), _GURU, note="after invoicing, if the agreement says so"),
            ),
            release_delay=Fact(
                Span(7),
                _GURU,
                note="the employer can delay auto-pay this long at a time unless the date is locked",
            ),
        ),
        Platform.CONTRA: PlatformRules(
            platform=Platform.CONTRA,
            name="Contra",
            help_url="https://help.contra.com/en/",
            automatic_release=Fact(
                True, _CONTRA, Certainty.UNCERTAIN, "the official page could not be read again to confirm"
            ),
            review=Fact(
                Span(120, Unit.HOURS),
                _CONTRA,
                Certainty.UNCERTAIN,
                "the official page could not be read again; an unofficial copy says 72 hours",
            ),
            review_clock=Fact(ClockStart.SUBMISSION, _CONTRA),
        ),
        Platform.DIRECT: PlatformRules(platform=Platform.DIRECT, name="Direct client"),
        Platform.OTHER: PlatformRules(platform=Platform.OTHER, name="Other platform"),
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


def parse_platform(text: str) -> Platform:
    """The platform a user named (`Upwork`, `freelancer.com`, `People Per Hour`), or InvalidInput."""
    folded = re.sub(r"[^a-z0-9]", "", text.lower())
    for platform in Platform:
        if folded == platform.value:
            return platform
    if folded in _ALIASES:
        return _ALIASES[folded]
    shown = text.strip().replace("`", "'")[:40]
    # The choices are the values Platform has (a test keeps the sentences in step with it).
    if not shown:
        raise InvalidInput(
            N_(
                "Please pick a platform: `upwork`, `fiverr`, `freelancer`, `peopleperhour`, `guru`, `contra`, "
                "`direct`, `other`."
            )
        )
    raise InvalidInput(
        N_(
            "`{typed}` is not a platform I know. Pick one of `upwork`, `fiverr`, `freelancer`, `peopleperhour`, "
            "`guru`, `contra`, `direct`, `other`."
        ),
        typed=shown,
    )


def validate_review_days(days: int) -> int:
    """A review window a user set for a contract: 0 to 90 days."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_REVIEW_DAYS:
        raise InvalidInput(
            N_(
                "Review days must be a whole number from 0 to {most}, such as `14`. "
                "Leave it out to use the platform's usual window."
            ),
            most=MAX_REVIEW_DAYS,
        )
    return days


def review_days_for(platform: Platform, override: int | None) -> int | None:
    """The contract's review window: the user's own number if given, else the platform's."""
    if override is not None:
        return validate_review_days(override)
    return PLATFORMS[platform].review_days
