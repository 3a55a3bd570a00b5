"""What each reminder DM says and which buttons it offers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bot.reminders.batches import DueReminder
from bot.reminders.notices import ReminderAction, notice_for

from bot.domain.lifecycle import MilestoneState, MilestoneStatus
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reconciliation import MilestoneFigures, reconcile
from bot.domain.reminders import ReminderKind
from tests.reminders.conftest import ALICE, START, World

A = ReminderAction
EVENT = START + timedelta(days=2)


def reminder(kind: ReminderKind, *, platform: Platform = Platform.UPWORK, late: bool = False) -> DueReminder:
    state = MilestoneState(
        status=MilestoneStatus.RELEASED,
        funded=True,
        amount_minor=5000,
        released_minor=5000,
        status_changed_at=START,
    )
    rec = reconcile(Money(15000, "USD"), [MilestoneFigures(Money(5000, "USD"), state, None)], START)
    return DueReminder(
        id=1, kind=kind, event_at=EVENT, intended_at=START - timedelta(hours=3), contract_id=1, contract_title="Logo",
        client="Dana", platform=platform, milestone_id=None if kind is ReminderKind.CONTRACT_OWED else 2,
        milestone_title="Sketches", amount=Money(5000, "USD"), reconciliation=rec, late=late,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "actions", "says"),
    [
        (ReminderKind.UNFUNDED_72H, (A.FUND, A.SNOOZE, A.MUTE), "hasn't funded it"),
        (ReminderKind.SUBMIT_OVERDUE, (A.SUBMIT, A.SNOOZE, A.MUTE), "submit it through Upwork"),
        (ReminderKind.REVIEW_ENDS_1D, (A.RELEASE, A.SNOOZE, A.MUTE), "Upwork should release the payment"),
        (ReminderKind.REVIEW_ENDED, (A.RELEASE, A.SNOOZE, A.MUTE), "should have released the payment"),
        (ReminderKind.REFUND_12H, (A.SNOOZE, A.MUTE), "Approve it or dispute it"),
        (ReminderKind.CONTRACT_OWED, (A.SNOOZE,), "still owed $100.00 of the agreed $150.00"),
    ],
)
def test_each_kind_says_what_to_do_and_offers_the_next_step(
    kind: ReminderKind, actions: tuple[ReminderAction, ...], says: str
) -> None:
    notice = notice_for(reminder(kind))
    assert notice.actions == actions
    assert says in notice.body
    deadline = notice.fields[-1][1]
    stamp = int(EVENT.timestamp())
    assert deadline == f"<t:{stamp}:f> (<t:{stamp}:R>)"
    assert notice.late_note is None


def test_the_milestone_amount_and_contract_are_shown() -> None:
    fields = dict(notice_for(reminder(ReminderKind.UNFUNDED_24H)).fields)
    assert fields["Contract"] == "Logo · Dana · Upwork" and fields["Amount"] == "$50.00"


def test_a_late_reminder_says_when_it_was_meant_for() -> None:
    notice = notice_for(reminder(ReminderKind.UNFUNDED_24H, late=True))
    assert notice.late_note is not None and "late" in notice.late_note
    assert f"<t:{int((START - timedelta(hours=3)).timestamp())}:f>" in notice.late_note


def test_a_platform_without_automatic_release_asks_the_client_instead() -> None:
    body = notice_for(reminder(ReminderKind.SUBMIT_OVERDUE, platform=Platform.DIRECT)).body
    assert "release the payment by itself" not in body and "client knows it is done" in body


async def test_ending_a_contract_with_money_owed_sends_one_dm_about_the_contract(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches")
    await world.milestones.act(ALICE, "fund", contract="Logo", milestone="Sketches")
    await world.milestones.act(ALICE, "release", contract="Logo", milestone="Sketches")
    await world.contracts.end(ALICE, "Logo")
    await world.settle()
    ((owed,),) = [a.batch.reminders for a in world.inbox.attempts]
    assert owed.kind is ReminderKind.CONTRACT_OWED and owed.milestone_id is None
    assert notice_for(owed).title == "Logo ended with $950.00 still owed"
    await world.advance(timedelta(days=30))
    assert len(world.inbox.attempts) == 1
