"""From stored rows to domain values: the one place that knows both shapes."""

from __future__ import annotations

from bot.domain.lifecycle import MilestoneState, MilestoneStatus
from storage.milestones import MilestoneRecord


def milestone_state(row: MilestoneRecord) -> MilestoneState:
    return MilestoneState(
        status=MilestoneStatus(row.status),
        funded=row.funded,
        amount_minor=row.amount_minor,
        released_minor=row.released_minor,
        refunded_minor=row.refunded_minor,
        funded_at=row.funded_at,
        submitted_at=row.submitted_at,
        review_ends_at=row.review_ends_at,
        released_at=row.released_at,
        funds_available_at=row.funds_available_at,
        refund_requested_at=row.refund_requested_at,
        refund_deadline_at=row.refund_deadline_at,
        status_changed_at=row.status_changed_at,
    )
