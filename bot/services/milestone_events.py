"""Apply one lifecycle event to a stored milestone: the domain rule, the new state, the event row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.lifecycle import EventKind, MilestoneEvent, MilestoneState, Timing, apply_event
from bot.services.context import Change
from bot.services.models import Contract, Milestone
from storage.milestones import Milestones, MilestoneStateColumns


def timing_of(contract: Contract) -> Timing:
    rules = contract.rules
    return Timing(
        review_days=contract.review_days,
        hold_days=rules.hold_days,
        refund_response_days=rules.refund_response_days,
    )


async def record_event(
    change: Change,
    contract: Contract,
    milestone: Milestone,
    kind: EventKind,
    at: datetime,
    *,
    amount_minor: int | None = None,
    detail: dict[str, Any] | None = None,
) -> MilestoneState:
    """Check the transition, save the milestone's new state and its event; raise NotAllowed if illegal."""
    state = apply_event(milestone.state, MilestoneEvent(kind, at, amount_minor), timing_of(contract))
    repo = Milestones(change.conn)
    await repo.save_state(change.owner_id, milestone.id, _columns(state))
    await repo.add_event(
        change.owner_id, milestone.id, kind.value, at, change.now, amount_minor=amount_minor, detail=detail
    )
    return state


def _columns(state: MilestoneState) -> MilestoneStateColumns:
    return MilestoneStateColumns(
        status=state.status.value,
        funded=state.funded,
        amount_minor=state.amount_minor,
        released_minor=state.released_minor,
        refunded_minor=state.refunded_minor,
        funded_at=state.funded_at,
        submitted_at=state.submitted_at,
        review_ends_at=state.review_ends_at,
        released_at=state.released_at,
        funds_available_at=state.funds_available_at,
        refund_requested_at=state.refund_requested_at,
        refund_deadline_at=state.refund_deadline_at,
        status_changed_at=state.status_changed_at,
    )
