"""The stories of PRODUCT.md told through the service layer, on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.lifecycle import MilestoneStatus
from bot.domain.money import Money
from bot.services.milestones import ConfirmationNeeded
from tests.services.conftest import Services

ALICE, BOB = 1001, 2002


def usd(major: int) -> Money:
    return Money(major * 100, "USD")


async def _three_milestones(services: Services) -> None:
    await services.contracts.add(ALICE, title="Legal research", client="Dana", price="150")
    for name in ("Part 1", "Part 2", "Part 3"):
        await services.milestones.add(ALICE, contract="legal research", title=name, amount="$50")


async def test_client_ends_early_leaves_fifty_outstanding_and_suggests_a_bonus(services: Services) -> None:
    await _three_milestones(services)
    for name in ("Part 1", "Part 2"):
        await services.milestones.act(ALICE, "fund", contract="Legal research", milestone=name)
        services.clock.advance(timedelta(days=2))
        await services.milestones.act(ALICE, "submit", contract="Legal research", milestone=name)
        services.clock.advance(timedelta(days=1))
        await services.milestones.act(ALICE, "release", contract="Legal research", milestone=name)

    ended = await services.contracts.end(ALICE, "Legal research")

    rec = ended.reconciliation
    assert (rec.released, rec.outstanding, rec.voided) == (usd(100), usd(50), usd(50))
    assert [m.status for m in ended.milestones] == [
        MilestoneStatus.RELEASED,
        MilestoneStatus.RELEASED,
        MilestoneStatus.VOIDED,
    ]
    assert any("bonus" in w and "365 days" in w for w in ended.warnings), ended.warnings
    viewed = await services.contracts.view(ALICE, "Legal research")
    assert viewed.reconciliation.outstanding == usd(50)


async def test_submitting_unfunded_work_needs_confirmation_and_counts_as_unprotected(
    services: Services,
) -> None:
    await _three_milestones(services)
    with pytest.raises(ConfirmationNeeded, match="not funded"):
        await services.milestones.act(ALICE, "submit", contract="Legal research", milestone="Part 1")
    untouched = await services.contracts.view(ALICE, "Legal research")
    assert untouched.milestones[0].status is MilestoneStatus.UNFUNDED

    await services.milestones.act(
        ALICE, "submit", contract="Legal research", milestone="Part 1", confirmed=True
    )
    after = await services.contracts.view(ALICE, "Legal research")
    assert after.reconciliation.unprotected == usd(50)


async def test_fiverr_review_is_three_days_and_changes_restart_it(services: Services) -> None:
    await services.contracts.add(ALICE, title="Voice over", client="Eli", price="€90", platform="fiverr")
    await services.milestones.add(ALICE, contract="Voice over", title="Recording", amount="90")
    await services.milestones.act(ALICE, "fund", contract="Voice over", milestone="Recording")
    first = await services.milestones.act(ALICE, "submit", contract="Voice over", milestone="Recording")
    assert first.milestone.state.review_ends_at == services.clock.now() + timedelta(days=3)

    services.clock.advance(timedelta(days=1))
    changed = await services.milestones.act(ALICE, "changes", contract="Voice over", milestone="Recording")
    assert changed.milestone.status is MilestoneStatus.FUNDED
    assert changed.milestone.state.review_ends_at is None

    services.clock.advance(timedelta(days=1))
    again = await services.milestones.act(ALICE, "submit", contract="Voice over", milestone="Recording")
    assert again.milestone.state.review_ends_at == services.clock.now() + timedelta(days=3)

    partial = await services.milestones.act(
        ALICE, "release", contract="Voice over", milestone="Recording", amount="60"
    )
    assert partial.detail.reconciliation.released == Money(6000, "EUR")
    assert partial.detail.reconciliation.outstanding == Money(3000, "EUR")


async def test_currencies_are_never_summed_together(services: Services) -> None:
    await services.contracts.add(ALICE, title="Berlin site", client="Ute", price="1,250.50 EUR")
    await services.contracts.add(ALICE, title="Tokyo app", client="Ken", price="¥150000")
    summary = await services.contracts.summary(ALICE)
    assert set(summary.totals) == {"EUR", "JPY"}
    assert summary.totals["EUR"].agreed == Money(125050, "EUR")
    assert summary.totals["JPY"].agreed == Money(150000, "JPY")


async def test_releasing_an_unfunded_milestone_is_refused_and_changes_nothing(services: Services) -> None:
    await _three_milestones(services)
    with pytest.raises(NotAllowed, match="fund"):
        await services.milestones.act(ALICE, "release", contract="Legal research", milestone="Part 1")
    view = await services.contracts.view(ALICE, "Legal research")
    assert view.reconciliation.released == usd(0)


async def test_another_user_finds_nothing_even_by_id(services: Services) -> None:
    await _three_milestones(services)
    mine = await services.contracts.view(ALICE, "Legal research")
    contract_id = mine.contract.id
    milestone_id = mine.milestones[0].id
    with pytest.raises(NotFound):
        await services.contracts.view(BOB, f"#{contract_id}")
    with pytest.raises(NotFound):
        await services.contracts.view(BOB, "Legal research")
    with pytest.raises(NotFound):
        await services.milestones.act(BOB, "fund", contract=f"#{contract_id}", milestone=f"#{milestone_id}")
    assert await services.contracts.choices(BOB, "") == []
    assert await services.milestones.choices(BOB, f"#{contract_id}", "") == []
    assert not await services.milestones.remove(BOB, milestone_id)
    assert not await services.contracts.delete(BOB, contract_id)
    assert (await services.contracts.view(ALICE, "Legal research")).milestones[
        0
    ].status is MilestoneStatus.UNFUNDED


async def test_summary_lists_the_next_deadlines_in_order(services: Services) -> None:
    await services.contracts.add(ALICE, title="Site", client="Ann", price="300")
    for index, due in enumerate(("in 5 days", "in 2 days", "in 9 days"), start=1):
        await services.milestones.add(ALICE, contract="Site", title=f"Step {index}", amount="100", due=due)
    summary = await services.contracts.summary(ALICE)
    assert [d.milestone_title for d in summary.deadlines] == ["Step 2", "Step 1", "Step 3"]


async def test_a_refund_request_says_by_when_to_answer(services: Services) -> None:
    await _three_milestones(services)
    await services.milestones.act(ALICE, "fund", contract="Legal research", milestone="Part 1")
    requested = await services.milestones.act(
        ALICE, "refund-request", contract="Legal research", milestone="Part 1"
    )
    deadline = services.clock.now() + timedelta(days=7)
    assert requested.milestone.state.refund_deadline_at == deadline
    assert f"<t:{int(deadline.timestamp())}:f>" in requested.warnings[0]
    assert "money goes back to the client" in requested.warnings[0]
