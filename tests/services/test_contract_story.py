"""The stories of PRODUCT.md and issue 12 told through the service layer, on a real database.

Amounts are worked out by hand in each test; every figure shown must come out exactly.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.lifecycle import EventKind, MilestoneStatus
from bot.domain.money import Money
from bot.services.results import ConfirmDelivery, MilestoneChange
from tests.services.conftest import World

E = EventKind
S = MilestoneStatus
ALICE, BOB = 1001, 2002


def usd(major: float) -> Money:
    return Money(round(major * 100), "USD")


async def _legal_research(services: World) -> tuple[int, list[int]]:
    view = await services.contracts.add(ALICE, title="Legal research", client="Dana", price="150")
    ids = []
    for name in ("Part 1", "Part 2", "Part 3"):
        change = await services.milestones.add(ALICE, view.contract.id, title=name, amount="$50")
        ids.append(change.milestone.id)
    return view.contract.id, ids


async def _act(
    services: World, contract: int, milestone: int, kind: EventKind, **options: str
) -> MilestoneChange:
    outcome = await services.milestones.act(ALICE, contract, milestone, kind, **options)
    assert isinstance(outcome, MilestoneChange)
    return outcome


async def test_the_forum_story_released_100_never_funded_50_bonus_suggested_figures_add_to_150(
    services: World,
) -> None:
    contract, ids = await _legal_research(services)
    for part in ids[:2]:
        await _act(services, contract, part, E.FUND)
        services.clock.advance(timedelta(days=2))
        await _act(services, contract, part, E.SUBMIT)
        services.clock.advance(timedelta(days=1))
        await _act(services, contract, part, E.RELEASE)

    ended = await services.contracts.end(ALICE, contract)
    figures = ended.figures
    assert (figures.released, figures.never_funded, figures.in_escrow, figures.not_yet_funded) == (
        usd(100),
        usd(50),
        usd(0),
        usd(0),
    )
    assert sum(m.minor for m in figures.categories()) == usd(150).minor == figures.agreed.minor
    assert [m.status for m in ended.contract.milestones] == [S.RELEASED, S.RELEASED, S.VOIDED]
    assert [m.title for m in ended.voided] == ["Part 3"]
    assert (await services.contracts.view(ALICE, contract)).figures == figures

    bonus = await services.contracts.bonus(ALICE, contract, "50")
    assert (bonus.figures.bonuses, bonus.figures.paid, bonus.figures.never_funded) == (
        usd(50),
        usd(150),
        usd(50),
    )


async def test_fund_100_submit_release_60_then_the_remaining_40(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Logo", client="Eve", price="100")
    milestone = (
        await services.milestones.add(ALICE, view.contract.id, title="Logo", amount="100")
    ).milestone.id
    await _act(services, view.contract.id, milestone, E.FUND)
    await _act(services, view.contract.id, milestone, E.SUBMIT)
    partly = await _act(services, view.contract.id, milestone, E.RELEASE, amount="60")
    assert partly.milestone.status is S.PARTLY_RELEASED
    figures = partly.view.figures
    assert (figures.released, figures.in_escrow, figures.in_review) == (usd(60), usd(40), usd(0))
    rest = await _act(services, view.contract.id, milestone, E.RELEASE)
    assert rest.step is not None and rest.step.amount_minor == 4000
    assert (rest.milestone.status, rest.view.figures.released, rest.view.figures.in_escrow) == (
        S.RELEASED,
        usd(100),
        usd(0),
    )


async def test_release_60_then_refund_the_rest(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Logo", client="Eve", price="100")
    milestone = (
        await services.milestones.add(ALICE, view.contract.id, title="Logo", amount="100")
    ).milestone.id
    await _act(services, view.contract.id, milestone, E.FUND)
    await _act(services, view.contract.id, milestone, E.RELEASE, amount="60")
    requested = await _act(services, view.contract.id, milestone, E.REQUEST_REFUND)
    assert requested.milestone.status is S.REFUND_REQUESTED
    refunded = await _act(services, view.contract.id, milestone, E.REFUND)
    figures = refunded.view.figures
    assert (figures.released, figures.refunded, figures.in_escrow) == (usd(60), usd(40), usd(0))
    assert refunded.milestone.status is S.REFUNDED


async def test_two_partly_released_milestones_show_everything_still_held(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Site", client="Ann", price="200")
    for name in ("Home", "Blog"):
        milestone = (
            await services.milestones.add(ALICE, view.contract.id, title=name, amount="100")
        ).milestone.id
        await _act(services, view.contract.id, milestone, E.FUND)
        await _act(services, view.contract.id, milestone, E.SUBMIT)
        last = await _act(services, view.contract.id, milestone, E.RELEASE, amount="60")
    assert (last.view.figures.released, last.view.figures.in_escrow) == (usd(120), usd(80))


async def test_a_funded_milestones_amount_cannot_be_edited_and_nothing_changes(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Logo", client="Eve", price="100")
    milestone = (
        await services.milestones.add(ALICE, view.contract.id, title="Logo", amount="100")
    ).milestone.id
    await _act(services, view.contract.id, milestone, E.FUND)
    with pytest.raises(NotAllowed, match="/milestone release"):
        await services.milestones.edit(ALICE, view.contract.id, milestone, amount="180")
    after = await services.contracts.view(ALICE, view.contract.id)
    assert (after.figures.in_escrow, after.contract.milestones[0].amount) == (usd(100), usd(100))


async def test_submitting_unfunded_work_asks_first_then_records_a_delivery_with_no_review_clock(
    services: World,
) -> None:
    contract, ids = await _legal_research(services)
    asked = await services.milestones.act(ALICE, contract, ids[0], E.SUBMIT)
    assert isinstance(asked, ConfirmDelivery)
    untouched = await services.contracts.view(ALICE, contract)
    assert untouched.contract.milestones[0].status is S.UNFUNDED
    delivered = await services.milestones.act(ALICE, contract, ids[0], E.SUBMIT, confirmed=True)
    assert isinstance(delivered, MilestoneChange)
    assert delivered.kind is E.DELIVER
    assert delivered.milestone.status is S.DELIVERED_UNFUNDED
    assert delivered.contract.review_ends_at(delivered.milestone) is None
    assert (delivered.view.figures.in_review, delivered.view.figures.unprotected) == (usd(0), usd(50))
    funded = await _act(services, contract, ids[0], E.FUND)
    assert funded.milestone.status is S.FUNDED
    submitted = await _act(services, contract, ids[0], E.SUBMIT)
    assert submitted.contract.review_ends_at(submitted.milestone) == services.clock.now() + timedelta(days=14)


async def test_fiverr_review_is_three_days_and_changes_restart_it(services: World) -> None:
    view = await services.contracts.add(
        ALICE, title="Voice over", client="Eli", price="€90", platform="fiverr"
    )
    contract = view.contract.id
    milestone = (await services.milestones.add(ALICE, contract, title="Recording", amount="90")).milestone.id
    await _act(services, contract, milestone, E.FUND)
    first = await _act(services, contract, milestone, E.SUBMIT)
    assert first.contract.review_ends_at(first.milestone) == services.clock.now() + timedelta(days=3)
    services.clock.advance(timedelta(days=1))
    changed = await _act(services, contract, milestone, E.REQUEST_CHANGES)
    assert changed.milestone.status is S.CHANGES_REQUESTED
    assert changed.contract.review_ends_at(changed.milestone) is None
    services.clock.advance(timedelta(days=1))
    again = await _act(services, contract, milestone, E.SUBMIT)
    assert again.contract.review_ends_at(again.milestone) == services.clock.now() + timedelta(days=3)
    partial = await _act(services, contract, milestone, E.RELEASE, amount="60")
    assert (partial.view.figures.released, partial.view.figures.in_escrow) == (
        Money(6000, "EUR"),
        Money(3000, "EUR"),
    )


async def test_a_step_dated_before_the_start_moves_the_start_back_and_says_so(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Legal research", client="Dana", price="150")
    milestone = (
        await services.milestones.add(ALICE, view.contract.id, title="Part 1", amount="150")
    ).milestone.id
    await _act(services, view.contract.id, milestone, E.FUND, date="20 days ago")
    submitted = await _act(services, view.contract.id, milestone, E.SUBMIT, date="12 days ago")
    assert submitted.view.start_moved_from is None
    assert submitted.contract.started_at == services.clock.now() - timedelta(days=20)
    ends = submitted.contract.review_ends_at(submitted.milestone)
    assert ends == services.clock.now() + timedelta(days=2)


async def test_contract_edit_changes_terms_and_refuses_a_new_currency_once_money_is_recorded(
    services: World,
) -> None:
    view = await services.contracts.add(ALICE, title="Site", client="Ann", price="300")
    edited = await services.contracts.edit(
        ALICE, view.contract.id, price="300 EUR", platform="fiverr", started="3 weeks ago"
    )
    assert (edited.contract.price, edited.contract.review_days) == (Money(30000, "EUR"), 3)
    assert edited.contract.started_at == services.clock.now() - timedelta(weeks=3)
    milestone = (
        await services.milestones.add(ALICE, view.contract.id, title="Home", amount="300")
    ).milestone.id
    await _act(services, view.contract.id, milestone, E.FUND, date="2 days ago")
    with pytest.raises(NotAllowed, match="currency can't change"):
        await services.contracts.edit(ALICE, view.contract.id, price="300 USD")
    with pytest.raises(NotAllowed, match="can't have started after"):
        await services.contracts.edit(ALICE, view.contract.id, started="yesterday")


async def test_a_contract_end_in_the_future_is_refused(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Site", client="Ann", price="300")
    with pytest.raises(Exception, match="still ahead"):
        await services.contracts.end(ALICE, view.contract.id, "in 30 days")
    assert (await services.contracts.view(ALICE, view.contract.id)).contract.active


async def test_currencies_are_never_summed_together(services: World) -> None:
    await services.contracts.add(ALICE, title="Berlin site", client="Ute", price="1,250.50 EUR")
    await services.contracts.add(ALICE, title="Tokyo app", client="Ken", price="¥150000")
    summary = await services.contracts.summary(ALICE)
    assert set(summary.totals) == {"EUR", "JPY"}
    assert summary.totals["EUR"].agreed == Money(125050, "EUR")
    assert summary.totals["JPY"].agreed == Money(150000, "JPY")


async def test_an_ended_contract_with_money_in_escrow_stays_in_the_summary(services: World) -> None:
    contract, ids = await _legal_research(services)
    await _act(services, contract, ids[0], E.FUND)
    settled = (await services.contracts.add(ALICE, title="Done", client="Bo", price="10")).contract.id
    await services.contracts.end(ALICE, settled)
    await services.contracts.end(ALICE, contract)
    summary = await services.contracts.summary(ALICE)
    assert [v.contract.title for v in summary.views] == ["Legal research"]
    assert summary.totals["USD"].in_escrow == usd(50)


async def test_the_summary_lists_what_needs_attention_and_the_next_deadlines(services: World) -> None:
    view = await services.contracts.add(ALICE, title="Site", client="Ann", price="300")
    for index, due in enumerate(("in 5 days", "2 days ago", "in 9 days"), start=1):
        await services.milestones.add(ALICE, view.contract.id, title=f"Step {index}", amount="100", due=due)
    summary = await services.contracts.summary(ALICE)
    assert [d.milestone.title for d in summary.upcoming] == ["Step 1", "Step 3"]
    assert [(a.kind.value, a.milestone.title) for a in summary.attention] == [("overdue_unfunded", "Step 2")]


async def test_another_user_finds_nothing_even_by_id(services: World) -> None:
    contract, ids = await _legal_research(services)
    with pytest.raises(NotFound):
        await services.contracts.view(BOB, contract)
    with pytest.raises(NotFound):
        await services.contracts.resolve(BOB, "Legal research")
    with pytest.raises(NotFound):
        await services.milestones.act(BOB, contract, ids[0], E.FUND)
    assert await services.contracts.choices(BOB, "") == []
    assert await services.milestones.choices(BOB, contract, "") == []
    assert not await services.contracts.delete(BOB, contract)
    with pytest.raises(NotFound):
        await services.milestones.remove(BOB, contract, ids[0])
    assert (await services.contracts.view(ALICE, contract)).contract.milestones[0].status is S.UNFUNDED


async def test_a_mistyped_contract_gets_a_suggestion_from_the_callers_own_titles_only(
    services: World,
) -> None:
    await _legal_research(services)
    await services.contracts.add(BOB, title="Legal reserve", client="Zed", price="10")
    with pytest.raises(NotFound) as missing:
        await services.contracts.resolve(ALICE, "Legal reserch")
    assert "Did you mean `Legal research`?" in missing.value.message
    contract = await services.contracts.resolve(ALICE, "legal RESEARCH")
    with pytest.raises(NotFound) as none:
        await services.milestones.resolve(ALICE, contract, "Design")
    assert "Did you mean" not in none.value.message
