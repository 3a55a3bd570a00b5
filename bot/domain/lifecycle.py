"""The milestone lifecycle: one transition table and one function that applies an event to a state.

A milestone's state is the fold of its events (`replay`), so history is the source of truth and the
derived dates (review end, funds available, refund deadline) follow from the platform's `Timing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from bot.domain.dates import add_days_utc, as_utc, discord_timestamp
from bot.domain.errors import NotAllowed


class MilestoneStatus(StrEnum):
    UNFUNDED = "unfunded"
    FUNDED = "funded"
    SUBMITTED = "submitted"
    RELEASED = "released"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"
    DISPUTED = "disputed"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        """How the status reads in a sentence: `refund requested`."""
        return STATUS_LABELS[self]


STATUS_LABELS: Mapping[MilestoneStatus, str] = MappingProxyType(
    {status: status.value.replace("_", " ") for status in MilestoneStatus}
)

# Nothing more can happen to a milestone in these states.
FINAL_STATUSES: frozenset[MilestoneStatus] = frozenset(
    {MilestoneStatus.RELEASED, MilestoneStatus.REFUNDED, MilestoneStatus.VOIDED}
)


class EventKind(StrEnum):
    CREATED = "created"
    FUND = "fund"
    SUBMIT = "submit"
    RELEASE = "release"
    REQUEST_CHANGES = "request_changes"
    REQUEST_REFUND = "request_refund"
    REFUND = "refund"
    DISPUTE = "dispute"
    VOID = "void"
    EDIT = "edit"  # title, amount or due date changed; the status stays


# The slash command a user runs to record each event (voiding happens when a contract ends).
EVENT_COMMANDS: Mapping[EventKind, str] = MappingProxyType(
    {
        EventKind.FUND: "/milestone fund",
        EventKind.SUBMIT: "/milestone submit",
        EventKind.RELEASE: "/milestone release",
        EventKind.REQUEST_CHANGES: "/milestone changes",
        EventKind.REQUEST_REFUND: "/milestone refund-request",
        EventKind.REFUND: "/milestone refund",
        EventKind.DISPUTE: "/milestone dispute",
        EventKind.VOID: "/contract end",
        EventKind.EDIT: "/milestone edit",
    }
)

_S = MilestoneStatus
_E = EventKind

TRANSITIONS: Mapping[tuple[MilestoneStatus, EventKind], MilestoneStatus] = MappingProxyType(
    {
        (_S.UNFUNDED, _E.FUND): _S.FUNDED,
        # Allowed, with a warning first: the work is then delivered without protection.
        (_S.UNFUNDED, _E.SUBMIT): _S.SUBMITTED,
        (_S.UNFUNDED, _E.VOID): _S.VOIDED,
        (_S.FUNDED, _E.SUBMIT): _S.SUBMITTED,
        (_S.FUNDED, _E.RELEASE): _S.RELEASED,
        (_S.FUNDED, _E.REQUEST_REFUND): _S.REFUND_REQUESTED,
        (_S.FUNDED, _E.REFUND): _S.REFUNDED,
        (_S.SUBMITTED, _E.RELEASE): _S.RELEASED,
        # Back to funded, or to unfunded when it never was: see target_status.
        (_S.SUBMITTED, _E.REQUEST_CHANGES): _S.FUNDED,
        # Funding after the work went in: the review goes on, now protected.
        (_S.SUBMITTED, _E.FUND): _S.SUBMITTED,
        (_S.SUBMITTED, _E.REQUEST_REFUND): _S.REFUND_REQUESTED,
        (_S.SUBMITTED, _E.DISPUTE): _S.DISPUTED,
        (_S.REFUND_REQUESTED, _E.REFUND): _S.REFUNDED,
        (_S.REFUND_REQUESTED, _E.DISPUTE): _S.DISPUTED,
        (_S.REFUND_REQUESTED, _E.RELEASE): _S.RELEASED,
        (_S.DISPUTED, _E.RELEASE): _S.RELEASED,
        (_S.DISPUTED, _E.REFUND): _S.REFUNDED,
    }
)

# Refunds and disputes are about money in escrow: without funding there is nothing to fight over.
_NEED_FUNDING: frozenset[EventKind] = frozenset({_E.REQUEST_REFUND, _E.REFUND, _E.DISPUTE})


@dataclass(frozen=True)
class Timing:
    """The platform's clocks, in whole days counted in UTC; None means the platform has no such clock."""

    review_days: int | None = None
    hold_days: int | None = None
    refund_response_days: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class MilestoneState:
    """Where a milestone stands. `funded` stays true once money went into escrow for it."""

    status: MilestoneStatus
    funded: bool
    amount_minor: int
    status_changed_at: datetime
    released_minor: int = 0
    refunded_minor: int = 0
    funded_at: datetime | None = None
    submitted_at: datetime | None = None
    review_ends_at: datetime | None = None
    released_at: datetime | None = None
    funds_available_at: datetime | None = None
    refund_requested_at: datetime | None = None
    refund_deadline_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_unprotected_work(self) -> bool:
        """Work went in (or is going in) on money that was never put in escrow."""
        return not self.funded and self.status is MilestoneStatus.SUBMITTED


@dataclass(frozen=True)
class MilestoneEvent:
    """Something that happened to a milestone, at an aware moment.

    `amount_minor`: for `release` the amount released (default: the milestone amount; partial or larger
    releases are allowed); for `refund` the amount refunded (default: what was not released); for
    `created`/`edit` the milestone's (new) amount. Other events carry none.
    """

    kind: EventKind
    at: datetime
    amount_minor: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", as_utc(self.at))


def initial_state(amount_minor: int, at: datetime) -> MilestoneState:
    """A new milestone: unfunded, nothing submitted."""
    _check_amount(amount_minor)
    return MilestoneState(
        status=MilestoneStatus.UNFUNDED, funded=False, amount_minor=amount_minor, status_changed_at=as_utc(at)
    )


def target_status(status: MilestoneStatus, kind: EventKind, funded: bool) -> MilestoneStatus | None:
    """The status `kind` leads to from `status`, or None when it is not allowed.

    The table says everything except what depends on funding: funding twice, refunds and disputes
    without escrow, and where "changes requested" returns to.
    """
    target = TRANSITIONS.get((status, kind))
    if target is None:
        return None
    if kind is _E.FUND and funded:
        return None
    if kind in _NEED_FUNDING and not funded:
        return None
    if kind is _E.REQUEST_CHANGES and not funded:
        return _S.UNFUNDED
    return target


def allowed_events(status: MilestoneStatus, funded: bool) -> frozenset[EventKind]:
    """What a user can record next (the buttons to show). Editing a title or due date is always possible."""
    kinds = {kind for (source, kind) in TRANSITIONS if source is status}
    return frozenset({k for k in kinds if target_status(status, k, funded) is not None} | {_E.EDIT})


def needs_unfunded_warning(state: MilestoneState, event: MilestoneEvent) -> bool:
    """True when the user is about to submit work on money that is not in escrow."""
    return (
        event.kind is _E.SUBMIT
        and not state.funded
        and target_status(state.status, _E.SUBMIT, False) is not None
    )


def apply_event(state: MilestoneState, event: MilestoneEvent, rules: Timing) -> MilestoneState:
    """The state after `event`, or NotAllowed with a sentence that says what would work instead."""
    kind, at = event.kind, event.at
    if kind is _E.CREATED:
        raise NotAllowed("This milestone already exists.")
    if kind is _E.EDIT:
        if event.amount_minor is None:
            return state
        if state.is_final:
            # Released and refunded amounts are measured against it; a voided one is history.
            raise NotAllowed(
                f"This milestone is already {state.status.label}, so its amount can't change any more. "
                "You can still edit its title or due date."
            )
        _check_amount(event.amount_minor)
        return replace(state, amount_minor=event.amount_minor)

    target = target_status(state.status, kind, state.funded)
    if target is None:
        raise NotAllowed(_refusal(state, kind))
    if event.amount_minor is not None and kind not in (_E.RELEASE, _E.REFUND):
        raise ValueError(f"a {kind} event carries no amount")
    _check_order(state, event)

    moved = replace(state, status=target, status_changed_at=at)
    if kind is _E.FUND:
        return replace(moved, funded=True, funded_at=at)
    if kind is _E.SUBMIT:
        return replace(moved, submitted_at=at, review_ends_at=_days_after(at, rules.review_days))
    if kind is _E.REQUEST_CHANGES:
        return replace(moved, review_ends_at=None)  # resubmitting starts a new review
    if kind is _E.RELEASE:
        released = state.amount_minor if event.amount_minor is None else event.amount_minor
        if released <= 0:
            raise NotAllowed("A release must be more than zero. Give the amount the client released.")
        return replace(
            moved,
            released_minor=released,
            released_at=at,
            funds_available_at=_days_after(at, rules.hold_days),
        )
    if kind is _E.REQUEST_REFUND:
        return replace(
            moved,
            refund_requested_at=at,
            refund_deadline_at=_days_after(at, rules.refund_response_days),
        )
    if kind is _E.REFUND:
        refundable = state.amount_minor - state.released_minor
        refunded = refundable if event.amount_minor is None else event.amount_minor
        if not 0 < refunded <= refundable:
            raise NotAllowed(
                "A refund must be more than zero and no more than the milestone's amount. "
                "Leave the amount out to record a full refund."
            )
        return replace(moved, refunded_minor=refunded)
    return moved


def _days_after(at: datetime, days: int | None) -> datetime | None:
    return None if days is None else add_days_utc(at, days)


def replay(events: Iterable[MilestoneEvent], amount_minor: int, timing: Timing) -> MilestoneState:
    """A milestone's state from its whole history, oldest event first.

    A leading `created` event starts the milestone (its amount, if any, beats `amount_minor`); without
    one the milestone starts at the first event's time with `amount_minor`.
    """
    state: MilestoneState | None = None
    for event in events:
        if state is None:
            if event.kind is _E.CREATED:
                start_amount = amount_minor if event.amount_minor is None else event.amount_minor
                state = initial_state(start_amount, event.at)
                continue
            state = initial_state(amount_minor, event.at)
        state = apply_event(state, event, timing)
    if state is None:
        raise ValueError("a milestone's history needs at least one event")
    return state


def _check_amount(amount_minor: int) -> None:
    if type(amount_minor) is not int:
        raise TypeError("amounts are int minor units")
    if amount_minor <= 0:
        raise NotAllowed("A milestone's amount must be more than zero.")


def _check_order(state: MilestoneState, event: MilestoneEvent) -> None:
    """A change may not be dated before the previous one, or derived dates would run backwards.

    The first change after creation is exempt: people record milestones funded before they started
    using the bot.
    """
    untouched = state.status is _S.UNFUNDED and not state.funded and state.submitted_at is None
    if untouched or event.at >= state.status_changed_at:
        return
    raise NotAllowed(
        f"This milestone became {state.status.label} at {discord_timestamp(state.status_changed_at)}, "
        f"so this can't be dated earlier. Give a date after that, or leave the date out for now."
    )


# The verb of each event, for sentences like "can't be released".
_PAST: Mapping[EventKind, str] = MappingProxyType(
    {
        _E.FUND: "funded",
        _E.SUBMIT: "submitted",
        _E.RELEASE: "released",
        _E.REQUEST_CHANGES: "sent back for changes",
        _E.REQUEST_REFUND: "put under a refund request",
        _E.REFUND: "refunded",
        _E.DISPUTE: "disputed",
        _E.VOID: "voided",
    }
)


_ESCROW_ACTION: Mapping[EventKind, str] = MappingProxyType(
    {_E.REQUEST_REFUND: "ask back", _E.REFUND: "refund", _E.DISPUTE: "dispute"}
)


def _refusal(state: MilestoneState, kind: EventKind) -> str:
    """A user-readable reason why `kind` can't happen now, naming what would work."""
    status, label = state.status, state.status.label
    if status in FINAL_STATUSES:
        return f"This milestone is already {label}, which is final, so it can't be {_PAST[kind]} now."
    if kind is _E.FUND and state.funded:
        return "This milestone is already funded."
    if kind in _NEED_FUNDING and not state.funded:
        return (
            f"This milestone was never funded, so there is no money in escrow to {_ESCROW_ACTION[kind]}. "
            f"If the client did fund it, record that first with `{EVENT_COMMANDS[_E.FUND]}`."
        )
    if kind is _E.RELEASE and status is _S.UNFUNDED:
        return (
            "This milestone is unfunded, so it can't be released yet. "
            f"Mark it funded first with `{EVENT_COMMANDS[_E.FUND]}`."
        )
    if kind is _E.SUBMIT and status in (_S.SUBMITTED, _S.REFUND_REQUESTED, _S.DISPUTED):
        return (
            f"This milestone is {label}, so it can't be submitted again now. If the client asked for "
            f"changes, record that with `{EVENT_COMMANDS[_E.REQUEST_CHANGES]}`, then submit again."
        )
    if kind is _E.REQUEST_CHANGES:
        return (
            f"Changes can only be requested on submitted work, and this milestone is {label}. "
            f"Record the submission first with `{EVENT_COMMANDS[_E.SUBMIT]}`."
        )
    if kind is _E.DISPUTE:
        return (
            f"This milestone is {label}. You can dispute submitted work the client hasn't paid, or a "
            "refund request."
        )
    if kind is _E.VOID:
        return (
            f"This milestone is {label}, so it can't be voided: only unfunded milestones are voided "
            "when a contract ends. Record what happened to the money instead."
        )
    return _generic_refusal(state, kind)


def _generic_refusal(state: MilestoneState, kind: EventKind) -> str:
    options = sorted(
        f"`{EVENT_COMMANDS[k]}`"
        for k in allowed_events(state.status, state.funded)
        if k not in (_E.EDIT, _E.VOID)
    )
    sentence = f"A milestone that is {state.status.label} can't be {_PAST[kind]}."
    if options:
        sentence += f" From here you can use {', '.join(options)}."
    return sentence
