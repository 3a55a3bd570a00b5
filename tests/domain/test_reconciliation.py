"""Reconciliation: what a contract's money looks like, and what the freelancer is still owed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.lifecycle import EventKind, MilestoneEvent, MilestoneState, Timing, apply_event, initial_state
from bot.domain.money import Money
from bot.domain.reconciliation import MilestoneFigures, Reconciliation, reconcile, totals_by_currency

E = EventKind
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)
UPWORK = Timing(review_days=14, hold_days=5, refund_response_days=7)


def usd(major: int) -> Money:
    return Money(major * 100, "USD")


def milestone(
    amount: Money, *steps: EventKind | tuple[EventKind, int], due_at: datetime | None = None
) -> MilestoneFigures:
    """A milestone taken through `steps`, one day apart; `(kind, minor)` carries an amount."""
    state: MilestoneState = initial_state(amount.minor, T0)
    for day, step in enumerate(steps, start=1):
        kind, minor = step if isinstance(step, tuple) else (step, None)
        state = apply_event(state, MilestoneEvent(kind, T0 + timedelta(days=day), minor), UPWORK)
    return MilestoneFigures(amount, state, due_at)


def test_the_150_dollar_story() -> None:
    """$150 in three $50 milestones: two funded, submitted and released; the contract ended, the third voided."""
    paid = (E.FUND, E.SUBMIT, E.RELEASE)
    result = reconcile(
        usd(150),
        [milestone(usd(50), *paid), milestone(usd(50), *paid), milestone(usd(50), E.VOID)],
        NOW,
    )
    assert result.agreed == usd(150)
    assert result.in_milestones == usd(150)
    assert result.released == usd(100)
    assert result.outstanding == usd(50)
    assert result.voided == usd(50)
    assert result.in_escrow == usd(0)
    assert result.in_review == usd(0)
    assert result.unfunded == usd(0)
    assert result.unprotected == usd(0)
    assert result.mismatch is None
    assert result.currency == "USD"


def test_a_contract_in_progress() -> None:
    past_due = NOW - timedelta(days=1)
    future_due = NOW + timedelta(days=10)
    result = reconcile(
        usd(1000),
        [
            milestone(usd(100), E.FUND, E.SUBMIT, E.RELEASE),  # paid
            milestone(usd(200), E.FUND, E.SUBMIT),  # in review, protected
            milestone(usd(150), E.FUND),  # in escrow, work ongoing
            milestone(usd(50), E.SUBMIT),  # delivered without funding
            milestone(usd(300), due_at=past_due),  # due, still unfunded
            milestone(usd(120), due_at=future_due),  # unfunded but not due yet
            milestone(usd(80), E.FUND, E.REQUEST_REFUND),  # escrow under a refund request
        ],
        NOW,
    )
    assert result.in_milestones == usd(1000)
    assert result.released == usd(100)
    assert result.in_escrow == usd(200 + 150 + 80)
    assert result.in_review == usd(200 + 50)
    assert result.unfunded == usd(50 + 300 + 120)
    assert result.unprotected == usd(50 + 300)
    assert result.outstanding == usd(900)
    assert result.mismatch is None


def test_unprotected_counts_unfunded_work_sent_back_for_changes() -> None:
    result = reconcile(usd(50), [milestone(usd(50), E.SUBMIT, E.REQUEST_CHANGES)], NOW)
    assert result.unprotected == usd(50)
    assert result.in_review == usd(0)


def test_due_exactly_now_is_unprotected() -> None:
    assert reconcile(usd(50), [milestone(usd(50), due_at=NOW)], NOW).unprotected == usd(50)


def test_funding_late_makes_the_work_protected() -> None:
    result = reconcile(usd(50), [milestone(usd(50), E.SUBMIT, E.FUND)], NOW)
    assert result.unprotected == usd(0)
    assert result.in_escrow == usd(50)
    assert result.in_review == usd(50)


def test_partial_release_and_refund() -> None:
    result = reconcile(
        usd(200),
        [
            milestone(usd(100), E.FUND, E.SUBMIT, (E.RELEASE, 6000)),
            milestone(usd(100), E.FUND, E.REQUEST_REFUND, (E.REFUND, 4000)),
        ],
        NOW,
    )
    assert result.released == usd(60)
    assert result.refunded == usd(40)
    assert result.outstanding == usd(140)
    assert result.in_escrow == usd(0)


def test_overpayment_makes_outstanding_negative() -> None:
    result = reconcile(usd(100), [milestone(usd(100), E.FUND, E.SUBMIT, (E.RELEASE, 12000))], NOW)
    assert result.outstanding == usd(-20)


@pytest.mark.parametrize(("milestone_total", "mismatch"), [(140, -10), (160, 10), (150, None)])
def test_mismatch_between_milestones_and_price(milestone_total: int, mismatch: int | None) -> None:
    result = reconcile(usd(150), [milestone(usd(100)), milestone(usd(milestone_total - 100))], NOW)
    assert result.mismatch == (None if mismatch is None else usd(mismatch))


def test_no_milestones_yet() -> None:
    result = reconcile(usd(150), [], NOW)
    assert result.in_milestones == usd(0)
    assert result.outstanding == usd(150)
    assert result.mismatch == usd(-150)


def test_milestones_share_the_contracts_currency() -> None:
    with pytest.raises(ValueError, match="EUR milestone on a USD contract"):
        reconcile(usd(100), [milestone(Money(10000, "EUR"))], NOW)


def test_figures_must_agree_with_the_state() -> None:
    with pytest.raises(ValueError, match="disagree"):
        MilestoneFigures(usd(10), initial_state(500, T0), None)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        reconcile(usd(100), [], datetime(2026, 1, 1))


def test_totals_by_currency_never_mix_currencies() -> None:
    a = reconcile(usd(150), [milestone(usd(50), E.FUND, E.SUBMIT, E.RELEASE)], NOW)
    b = reconcile(usd(100), [milestone(usd(100), E.FUND)], NOW)
    c = reconcile(Money(9000, "EUR"), [milestone(Money(9000, "EUR"), E.FUND, E.SUBMIT)], NOW)
    totals = totals_by_currency([a, b, c])
    assert set(totals) == {"USD", "EUR"}
    assert totals["USD"].agreed == usd(250)
    assert totals["USD"].released == usd(50)
    assert totals["USD"].outstanding == usd(200)
    assert totals["USD"].in_escrow == usd(100)
    assert totals["USD"].mismatch == usd(-100)
    assert totals["EUR"] == c
    assert totals_by_currency([]) == {}
    with pytest.raises(ValueError, match="USD and EUR"):
        _ = a + c


def test_mismatches_that_cancel_out_add_to_none() -> None:
    over = reconcile(usd(100), [milestone(usd(110))], NOW)
    under = reconcile(usd(100), [milestone(usd(90))], NOW)
    assert (over + under).mismatch is None


# --- properties -------------------------------------------------------------------------------------

histories = st.sampled_from(
    [
        (),
        (E.FUND,),
        (E.SUBMIT,),
        (E.VOID,),
        (E.FUND, E.SUBMIT),
        (E.SUBMIT, E.FUND),
        (E.FUND, E.SUBMIT, E.RELEASE),
        (E.FUND, E.REQUEST_REFUND),
        (E.FUND, E.REQUEST_REFUND, E.REFUND),
        (E.FUND, E.SUBMIT, E.DISPUTE),
        (E.FUND, E.SUBMIT, E.DISPUTE, E.RELEASE),
    ]
)


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=10**7), histories), max_size=8))
def test_every_milestone_amount_is_accounted_for(plan: list[tuple[int, tuple[EventKind, ...]]]) -> None:
    figures = [milestone(Money(minor, "USD"), *steps) for minor, steps in plan]
    price = Money(sum(minor for minor, _ in plan) or 1, "USD")
    result = reconcile(price, figures, NOW)
    # With full releases and refunds, each milestone's amount sits in exactly one place.
    placed = result.released + result.refunded + result.voided + result.in_escrow + result.unfunded
    assert placed == result.in_milestones
    assert result.outstanding == result.agreed - result.released
    assert Money.zero("USD") <= result.unprotected <= result.unfunded
    assert result.in_review <= result.in_milestones
    assert isinstance(result, Reconciliation)


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6))
def test_totals_equal_the_sum_of_contracts(prices: list[int]) -> None:
    items = [reconcile(Money(p, "USD"), [milestone(Money(p, "USD"), E.FUND)], NOW) for p in prices]
    total = totals_by_currency(items)["USD"]
    assert total.agreed == Money(sum(prices), "USD")
    assert total.in_escrow == Money(sum(prices), "USD")
