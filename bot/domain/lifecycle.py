"""A milestone and its lifecycle: one transition table and one function that applies a step to a milestone.

A milestone is its plan (title, amount, due date), its money (a `Ledger`) and its stage: what is going on
with the work apart from the money (nothing yet, delivered by message, in review, changes requested, a
refund request, a dispute). Its status is derived from the ledger and the stage, never stored, so a
figure and a status can't disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from bot.domain.dates import as_utc
from bot.domain.errors import Command, NotAllowed
from bot.domain.ledger import EMPTY_LEDGER, Entry, Ledger, Movement
from bot.domain.money import Money
from bot.domain.wording import Alternatives, Phrase
from bot.i18n.speaking import N_


class Stage(StrEnum):
    """What is happening with the work, apart from the money. Stored; the values are part of the schema."""

    OPEN = "open"  # nothing under way: not delivered yet, or a remainder waiting after money moved
    DELIVERED = "delivered"  # work sent by message on an unfunded milestone: no review clock, no protection
    IN_REVIEW = "in_review"  # submitted with the platform's Submit button: the review clock runs
    CHANGES_REQUESTED = "changes_requested"
    REFUND_REQUESTED = "refund_requested"
    DISPUTED = "disputed"


class MilestoneStatus(StrEnum):
    UNFUNDED = "unfunded"
    DELIVERED_UNFUNDED = "delivered_unfunded"
    FUNDED = "funded"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    PARTLY_RELEASED = "partly_released"  # a remainder still in escrow after a partial release
    PARTLY_REFUNDED = "partly_refunded"  # a remainder still in escrow after a partial refund
    RELEASED = "released"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"  # nothing left in escrow and some of it went back to the client
    DISPUTED = "disputed"
    VOIDED = "voided"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


# Nothing more can happen to a milestone in these states: its escrow is empty, or it was never funded.
FINAL_STATUSES: frozenset[MilestoneStatus] = frozenset(
    {MilestoneStatus.RELEASED, MilestoneStatus.REFUNDED, MilestoneStatus.VOIDED}
)

_S = MilestoneStatus
_STAGE_STATUS: Mapping[Stage, MilestoneStatus] = MappingProxyType(
    {
        Stage.IN_REVIEW: _S.SUBMITTED,
        Stage.CHANGES_REQUESTED: _S.CHANGES_REQUESTED,
        Stage.REFUND_REQUESTED: _S.REFUND_REQUESTED,
        Stage.DISPUTED: _S.DISPUTED,
    }
)


class EventKind(StrEnum):
    """Everything that can happen to a milestone, as its history records it. Values are stored."""

    CREATED = "created"
    EDIT = "edit"  # title, amount or due date changed
    FUND = "fund"
    DELIVER = "deliver"  # work sent on an unfunded milestone (submitting it, after a warning)
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    RELEASE = "release"
    REQUEST_REFUND = "request_refund"
    REFUND = "refund"
    DISPUTE = "dispute"
    VOID = "void"  # the contract ended with the milestone unfunded


_E = EventKind

# The steps a user records, by the status they start from, and the stage each one leads to.
TRANSITIONS: Mapping[tuple[MilestoneStatus, EventKind], Stage] = MappingProxyType(
    {
        (_S.UNFUNDED, _E.FUND): Stage.OPEN,
        (_S.UNFUNDED, _E.DELIVER): Stage.DELIVERED,
        (_S.UNFUNDED, _E.VOID): Stage.OPEN,
        # Funding after the work went in by message: now it is protected and can be submitted for review.
        (_S.DELIVERED_UNFUNDED, _E.FUND): Stage.OPEN,
        (_S.DELIVERED_UNFUNDED, _E.VOID): Stage.OPEN,
        (_S.FUNDED, _E.SUBMIT): Stage.IN_REVIEW,
        (_S.FUNDED, _E.RELEASE): Stage.OPEN,
        (_S.FUNDED, _E.REQUEST_REFUND): Stage.REFUND_REQUESTED,
        (_S.FUNDED, _E.REFUND): Stage.OPEN,
        (_S.SUBMITTED, _E.REQUEST_CHANGES): Stage.CHANGES_REQUESTED,
        (_S.SUBMITTED, _E.RELEASE): Stage.OPEN,
        (_S.SUBMITTED, _E.REQUEST_REFUND): Stage.REFUND_REQUESTED,
        (_S.SUBMITTED, _E.REFUND): Stage.OPEN,
        (_S.SUBMITTED, _E.DISPUTE): Stage.DISPUTED,
        (_S.CHANGES_REQUESTED, _E.SUBMIT): Stage.IN_REVIEW,
        (_S.CHANGES_REQUESTED, _E.RELEASE): Stage.OPEN,
        (_S.CHANGES_REQUESTED, _E.REQUEST_REFUND): Stage.REFUND_REQUESTED,
        (_S.CHANGES_REQUESTED, _E.REFUND): Stage.OPEN,
        (_S.CHANGES_REQUESTED, _E.DISPUTE): Stage.DISPUTED,
        # A remainder in escrow waits for a release, a refund or a dispute.
        (_S.PARTLY_RELEASED, _E.RELEASE): Stage.OPEN,
        (_S.PARTLY_RELEASED, _E.REQUEST_REFUND): Stage.REFUND_REQUESTED,
        (_S.PARTLY_RELEASED, _E.REFUND): Stage.OPEN,
        (_S.PARTLY_RELEASED, _E.DISPUTE): Stage.DISPUTED,
        (_S.PARTLY_REFUNDED, _E.RELEASE): Stage.OPEN,
        (_S.PARTLY_REFUNDED, _E.REQUEST_REFUND): Stage.REFUND_REQUESTED,
        (_S.PARTLY_REFUNDED, _E.REFUND): Stage.OPEN,
        (_S.PARTLY_REFUNDED, _E.DISPUTE): Stage.DISPUTED,
        (_S.REFUND_REQUESTED, _E.RELEASE): Stage.OPEN,
        (_S.REFUND_REQUESTED, _E.REFUND): Stage.OPEN,
        (_S.REFUND_REQUESTED, _E.DISPUTE): Stage.DISPUTED,
        (_S.DISPUTED, _E.RELEASE): Stage.OPEN,
        (_S.DISPUTED, _E.REFUND): Stage.OPEN,
    }
)

# The money each step moves; the others change only the stage.
MOVEMENTS: Mapping[EventKind, Movement] = MappingProxyType(
    {
        _E.FUND: Movement.DEPOSIT,
        _E.RELEASE: Movement.RELEASE,
        _E.REFUND: Movement.REFUND,
        _E.VOID: Movement.VOID,
    }
)
# Steps that take an amount from the user (the others move a fixed amount or none).
TAKES_AMOUNT: frozenset[EventKind] = frozenset({_E.RELEASE, _E.REFUND})

# The command a user runs to record each step; messages name it, the reply shows it as a mention.
COMMANDS: Mapping[EventKind, Command] = MappingProxyType(
    {
        _E.FUND: Command("milestone fund"),
        _E.SUBMIT: Command("milestone submit"),
        _E.DELIVER: Command("milestone submit"),
        _E.RELEASE: Command("milestone release"),
        _E.REQUEST_CHANGES: Command("milestone changes"),
        _E.REQUEST_REFUND: Command("milestone refund-request"),
        _E.REFUND: Command("milestone refund"),
        _E.DISPUTE: Command("milestone dispute"),
        _E.VOID: Command("contract end"),
        _E.EDIT: Command("milestone edit"),
    }
)


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone of a contract: the one declaration every layer passes around."""

    id: int
    contract_id: int
    position: int
    title: str
    amount: Money
    due_at: datetime | None
    changed_at: datetime  # the latest lifecycle step (or creation): later steps can't be dated before it
    stage: Stage = Stage.OPEN
    stage_at: datetime | None = None  # when the current stage began (submitted, refund requested...)
    muted: bool = False
    ledger: Ledger = EMPTY_LEDGER
    # Derived once per milestone (it is immutable): /summary reads it several times for each of hundreds.
    _status: MilestoneStatus = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_status", self._derived_status())

    @property
    def status(self) -> MilestoneStatus:
        return self._status

    def _derived_status(self) -> MilestoneStatus:
        ledger = self.ledger
        if ledger.never_funded:
            return _S.VOIDED
        if not ledger.deposited:
            return _S.DELIVERED_UNFUNDED if self.stage is Stage.DELIVERED else _S.UNFUNDED
        if ledger.held <= 0:
            return _S.REFUNDED if ledger.refunded else _S.RELEASED
        by_stage = _STAGE_STATUS.get(self.stage)
        if by_stage is not None:
            return by_stage
        if ledger.released or ledger.extra:
            return _S.PARTLY_RELEASED
        if ledger.refunded:
            return _S.PARTLY_REFUNDED
        return _S.FUNDED

    # Figures in minor units, straight from the ledger.

    @property
    def held(self) -> int:
        return self.ledger.held

    @property
    def not_funded(self) -> int:
        """Not in escrow and not yet written off: the client has yet to fund it."""
        return self.amount.minor - self.ledger.deposited - self.ledger.never_funded

    @property
    def in_review(self) -> bool:
        """Held money whose review clock runs (only a funded milestone can be in review)."""
        return self.stage is Stage.IN_REVIEW and self.ledger.held > 0

    def money(self, minor: int) -> Money:
        return Money(minor, self.amount.currency)


@dataclass(frozen=True, slots=True)
class Step:
    """A lifecycle step as the history records it: what happened, when, and the money it moved."""

    kind: EventKind
    at: datetime
    amount_minor: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", as_utc(self.at))


def allowed_steps(milestone: Milestone) -> frozenset[EventKind]:
    """What a user can record next from where the milestone stands."""
    status = milestone.status
    return frozenset(kind for (source, kind) in TRANSITIONS if source is status)


def step_for_submit(milestone: Milestone) -> EventKind:
    """`/milestone submit` on an unfunded milestone delivers it unprotected (after the user confirms)."""
    return _E.DELIVER if milestone.status is _S.UNFUNDED else _E.SUBMIT


def apply_step(
    milestone: Milestone, kind: EventKind, at: datetime, amount_minor: int | None = None
) -> tuple[Milestone, Step]:
    """The milestone after `kind` happened at `at`, and the step to record; NotAllowed says what would work.

    `amount_minor` is for a release (default: everything held; more than held is extra pay) and a refund
    (default: everything held; never more).
    """
    at = as_utc(at)
    stage = TRANSITIONS.get((milestone.status, kind))
    if stage is None:
        raise _refusal(milestone, kind)
    if amount_minor is not None and kind not in TAKES_AMOUNT:
        raise ValueError(f"a {kind} step carries no amount")
    _check_order(milestone, at)
    moved = _moved_amount(milestone, kind, amount_minor)
    ledger = milestone.ledger
    if moved is not None:
        ledger = ledger.add(Entry(MOVEMENTS[kind], moved, at))
    # A stage that only names a situation (open) has no moment of its own.
    stage_at = at if stage is not Stage.OPEN else None
    changed = replace(milestone, stage=stage, stage_at=stage_at, changed_at=at, ledger=ledger)
    return changed, Step(kind, at, moved)


def _moved_amount(milestone: Milestone, kind: EventKind, amount_minor: int | None) -> int | None:
    ledger = milestone.ledger
    if kind is _E.FUND:
        return milestone.not_funded
    if kind is _E.VOID:
        return milestone.not_funded
    if kind is _E.RELEASE:
        released = ledger.held if amount_minor is None else amount_minor
        if released <= 0:
            raise NotAllowed(N_("A release must be more than zero. Give the amount the client released."))
        return released
    if kind is _E.REFUND:
        refunded = ledger.held if amount_minor is None else amount_minor
        if not 0 < refunded <= ledger.held:
            raise NotAllowed(
                N_(
                    "A refund must be more than zero and no more than the {held} still in escrow. "
                    "Leave the amount out to record that all of it went back."
                ),
                held=milestone.money(ledger.held),
            )
        return refunded
    return None


def _check_order(milestone: Milestone, at: datetime) -> None:
    """A step may not be dated before the previous one, or derived dates would run backwards.

    The first step of a milestone nothing has happened to yet is exempt: people record milestones that
    were funded before they started using the bot.
    """
    untouched = not milestone.ledger.entries and milestone.stage is Stage.OPEN
    if untouched or at >= milestone.changed_at:
        return
    raise NotAllowed(
        N_(
            "This milestone's last change was at {changed}, so this can't be dated earlier. "
            "Give a date after that, or leave the date out for now."
        ),
        changed=milestone.changed_at,
    )


def check_amount_edit(milestone: Milestone, new_amount: Money) -> None:
    """A milestone's amount can change only while no money was put in escrow for it.

    The platforms forbid editing a funded milestone: a different amount is a partial release, a refund
    or a new milestone, and the refusal says which command records each.
    """
    if new_amount.minor <= 0:
        raise NotAllowed(N_("A milestone's amount must be more than zero."))
    if milestone.status is _S.VOIDED:
        raise NotAllowed(N_("This milestone was voided when the contract ended, so its amount can't change."))
    if milestone.ledger.deposited:
        raise NotAllowed(
            N_(
                "The client funded {deposited} for this milestone, and a funded milestone's amount can't be "
                "edited (the platforms don't allow it either). If the client pays a different amount, record a "
                "partial release with {release}, money going back with {refund}, or add a new milestone for "
                "the difference with {add}."
            ),
            deposited=milestone.money(milestone.ledger.deposited),
            release=COMMANDS[_E.RELEASE],
            refund=COMMANDS[_E.REFUND],
            add=Command("milestone add"),
        )


# Each status as a sentence says it ("This milestone is already {status}"), translated where it is shown.
STATUS_WORDS: Mapping[MilestoneStatus, Phrase] = MappingProxyType(
    {
        _S.UNFUNDED: Phrase(N_("unfunded")),
        _S.DELIVERED_UNFUNDED: Phrase(N_("delivered unfunded")),
        _S.FUNDED: Phrase(N_("funded")),
        _S.SUBMITTED: Phrase(N_("submitted")),
        _S.CHANGES_REQUESTED: Phrase(N_("changes requested")),
        _S.PARTLY_RELEASED: Phrase(N_("partly released")),
        _S.PARTLY_REFUNDED: Phrase(N_("partly refunded")),
        _S.RELEASED: Phrase(N_("released")),
        _S.REFUND_REQUESTED: Phrase(N_("refund requested")),
        _S.REFUNDED: Phrase(N_("refunded")),
        _S.DISPUTED: Phrase(N_("disputed")),
        _S.VOIDED: Phrase(N_("voided")),
    }
)
_NEEDS_ESCROW = frozenset({_E.RELEASE, _E.REQUEST_REFUND, _E.REFUND, _E.DISPUTE})


# A final milestone refuses every step: a whole sentence per step, so each language words its verb.
_FINAL: Mapping[EventKind, str] = MappingProxyType(
    {
        _E.FUND: N_("This milestone is already {status}, which is final, so it can't be funded now."),
        _E.DELIVER: N_("This milestone is already {status}, which is final, so it can't be delivered now."),
        _E.SUBMIT: N_("This milestone is already {status}, which is final, so it can't be submitted now."),
        _E.RELEASE: N_("This milestone is already {status}, which is final, so it can't be released now."),
        _E.REQUEST_CHANGES: N_(
            "This milestone is already {status}, which is final, so it can't be sent back for changes now."
        ),
        _E.REQUEST_REFUND: N_(
            "This milestone is already {status}, which is final, so it can't be put under a refund request now."
        ),
        _E.REFUND: N_("This milestone is already {status}, which is final, so it can't be refunded now."),
        _E.DISPUTE: N_("This milestone is already {status}, which is final, so it can't be disputed now."),
        _E.VOID: N_("This milestone is already {status}, which is final, so it can't be voided now."),
    }
)
# A step that needs money in escrow, on a milestone never funded.
_NEVER_FUNDED: Mapping[EventKind, str] = MappingProxyType(
    {
        _E.RELEASE: N_(
            "This milestone was never funded, so there is no money in escrow to release. "
            "If the client did fund it, record that first with {fund}."
        ),
        _E.REQUEST_REFUND: N_(
            "This milestone was never funded, so there is no money in escrow to ask back. "
            "If the client did fund it, record that first with {fund}."
        ),
        _E.REFUND: N_(
            "This milestone was never funded, so there is no money in escrow to refund. "
            "If the client did fund it, record that first with {fund}."
        ),
        _E.DISPUTE: N_(
            "This milestone was never funded, so there is no money in escrow to dispute. "
            "If the client did fund it, record that first with {fund}."
        ),
    }
)


def _refusal(milestone: Milestone, kind: EventKind) -> NotAllowed:
    """Why `kind` can't happen now, naming what would work."""
    status = milestone.status
    label = STATUS_WORDS[status]
    fund = COMMANDS[_E.FUND]
    if status.is_final:
        return NotAllowed(_FINAL[kind], status=label)
    if kind is _E.FUND:
        return NotAllowed(N_("This milestone is already funded."))
    if kind in _NEEDS_ESCROW and not milestone.ledger.deposited:
        return NotAllowed(_NEVER_FUNDED[kind], fund=fund)
    if kind in (_E.SUBMIT, _E.DELIVER) and status is _S.DELIVERED_UNFUNDED:
        return NotAllowed(
            N_(
                "You already sent this work by message, and it is still not funded, so there is nothing to "
                "submit for review. Ask the client to fund it; once funded, submit it on the platform and "
                "record that with {submit}."
            ),
            submit=COMMANDS[_E.SUBMIT],
        )
    if kind is _E.SUBMIT and status in (_S.PARTLY_RELEASED, _S.PARTLY_REFUNDED):
        escrow = {
            "held": milestone.money(milestone.held),
            "release": COMMANDS[_E.RELEASE],
            "refund": COMMANDS[_E.REFUND],
            "dispute": COMMANDS[_E.DISPUTE],
        }
        if status is _S.PARTLY_RELEASED:
            return NotAllowed(
                N_(
                    "Part of this milestone was already released; the {held} still in escrow waits for a "
                    "release ({release}), a refund ({refund}) or a dispute ({dispute})."
                ),
                **escrow,
            )
        return NotAllowed(
            N_(
                "Part of this milestone was already refunded; the {held} still in escrow waits for a "
                "release ({release}), a refund ({refund}) or a dispute ({dispute})."
            ),
            **escrow,
        )
    if kind is _E.SUBMIT and status in (_S.SUBMITTED, _S.REFUND_REQUESTED, _S.DISPUTED):
        return NotAllowed(
            N_(
                "This milestone is {status}, so it can't be submitted again now. If the client asked for "
                "changes, record that with {changes}, then submit again."
            ),
            status=label,
            changes=COMMANDS[_E.REQUEST_CHANGES],
        )
    if kind is _E.REQUEST_CHANGES:
        return NotAllowed(
            N_(
                "Changes can only be requested on work in review, and this milestone is {status}. "
                "Record the submission first with {submit}."
            ),
            status=label,
            submit=COMMANDS[_E.SUBMIT],
        )
    if kind is _E.DISPUTE:
        return NotAllowed(
            N_(
                "This milestone is {status}. You can dispute work in review the client hasn't paid, a partial "
                "release, or a refund request."
            ),
            status=label,
        )
    if kind is _E.REQUEST_REFUND and status is _S.REFUND_REQUESTED:
        return NotAllowed(N_("A refund request is already open on this milestone."))
    if kind is _E.VOID:
        return NotAllowed(
            N_(
                "This milestone is {status}, so it can't be voided: only unfunded milestones are voided when a "
                "contract ends."
            ),
            status=label,
        )
    return _other_steps(milestone, label)


def _other_steps(milestone: Milestone, label: Phrase) -> NotAllowed:
    """The step doesn't fit the status: name the commands that do."""
    names = sorted({COMMANDS[k].name for k in allowed_steps(milestone) if k is not _E.VOID})
    return NotAllowed(
        N_("A milestone that is {status} can't take this step. From here you can use {commands}."),
        status=label,
        commands=Alternatives(tuple(Command(name) for name in names)),
    )
