"""Where a contract's money stands: every milestone's amount in exactly one category, bonuses apart.

The identities are property-tested over any sequence of steps the rules accept:
per milestone, held = deposited - released - refunded >= 0 and
amount = released + refunded + held + not yet funded + never funded;
per contract, the categories add up to the milestones' total, to the minor unit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.contracts import Bonus, Contract, end_contract, record_step
from bot.domain.errors import NotAllowed
from bot.domain.lifecycle import EventKind, Milestone, MilestoneStatus
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reconciliation import Figures, figures_of, totals_by_currency

E = EventKind
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def usd(major: float) -> Money:
    return Money(round(major * 100), "USD")


def contract(*amounts: int, price: int | None = None, currency: str = "USD") -> Contract:
    milestones = tuple(
        Milestone(n, 1, n, f"Part {n}", Money(amount, currency), None, changed_at=T0)
        for n, amount in enumerate(amounts, start=1)
    )
    total = sum(amounts) if price is None else price
    return Contract(
        1, 7, "Legal research", "Dana", Platform.UPWORK, Money(total, currency), 14, T0, None, milestones
    )


def step(c: Contract, milestone_id: int, kind: EventKind, days: float, amount: int | None = None) -> Contract:
    return record_step(c, milestone_id, kind, T0 + timedelta(days=days), amount)[0]


def test_the_forum_story_adds_up_to_the_agreed_150_with_50_never_funded() -> None:
    c = contract(5000, 5000, 5000)
    for n in (1, 2):
        c = step(step(step(c, n, E.FUND, n), n, E.SUBMIT, n + 0.5), n, E.RELEASE, n + 0.6)
    ended, voided = end_contract(c, T0 + timedelta(days=4))
    figures = figures_of(ended, T0 + timedelta(days=4))
    assert (figures.released, figures.never_funded, figures.in_milestones, figures.agreed) == (
        usd(100),
        usd(50),
        usd(150),
        usd(150),
    )
    assert sum(m.minor for m in figures.categories()) == figures.in_milestones.minor
    assert [m.status for m in ended.milestones] == [MilestoneStatus.RELEASED] * 2 + [MilestoneStatus.VOIDED]
    assert [m.id for m, _ in voided] == [3]
    assert figures.mismatch is None


def test_the_same_money_is_never_counted_twice_when_the_third_was_funded_at_the_end() -> None:
    c = contract(5000, 5000, 5000)
    c = step(step(c, 1, E.FUND, 1), 1, E.RELEASE, 2)
    c = step(step(c, 2, E.FUND, 1), 2, E.RELEASE, 2)
    c = step(c, 3, E.FUND, 3)
    ended, voided = end_contract(c, T0 + timedelta(days=4))
    figures = figures_of(ended, T0 + timedelta(days=4))
    assert voided == []
    assert (figures.released, figures.in_escrow, figures.never_funded) == (usd(100), usd(50), usd(0))
    refunded = step(ended, 3, E.REFUND, 5)
    after = figures_of(refunded, T0 + timedelta(days=5))
    assert (after.released, after.refunded, after.in_escrow, after.never_funded) == (
        usd(100),
        usd(50),
        usd(0),
        usd(0),
    )


def test_a_partial_release_keeps_the_rest_in_escrow_and_review_counts_apart() -> None:
    c = contract(10_000, 10_000)
    c = step(step(step(c, 1, E.FUND, 1), 1, E.SUBMIT, 2), 1, E.RELEASE, 3, 6_000)
    c = step(step(c, 2, E.FUND, 1), 2, E.SUBMIT, 2)
    figures = figures_of(c, T0 + timedelta(days=3))
    assert (figures.released, figures.in_escrow, figures.in_review) == (usd(60), usd(40), usd(100))
    assert figures.held == usd(140)


def test_extra_pay_and_bonuses_are_apart_from_the_milestones() -> None:
    c = contract(5000)
    c = step(step(c, 1, E.FUND, 1), 1, E.RELEASE, 2, 7000)
    c = replace(c, bonuses=(Bonus(1, usd(25), T0 + timedelta(days=3)),))
    figures = figures_of(c, T0 + timedelta(days=3))
    assert (figures.released, figures.extra, figures.bonuses, figures.paid) == (
        usd(50),
        usd(20),
        usd(25),
        usd(95),
    )
    assert sum(m.minor for m in figures.categories()) == figures.in_milestones.minor


def test_unprotected_is_delivered_or_overdue_work_with_nothing_in_escrow_while_the_contract_runs() -> None:
    c = replace(contract(5000, 5000, 5000), milestones=())
    due_past = Milestone(1, 1, 1, "Due", usd(50), T0 - timedelta(days=1), changed_at=T0)
    due_later = Milestone(2, 1, 2, "Later", usd(50), T0 + timedelta(days=9), changed_at=T0)
    sent = Milestone(3, 1, 3, "Sent", usd(50), None, changed_at=T0)
    c = replace(c, milestones=(due_past, due_later, sent))
    c = step(c, 3, E.DELIVER, 0.5)
    assert figures_of(c, T0).unprotected == usd(100)
    funded = step(c, 3, E.FUND, 1)
    assert figures_of(funded, T0 + timedelta(days=1)).unprotected == usd(50)


@pytest.mark.parametrize(
    ("prices", "difference"), [((5000, 5000), None), ((5000,), -5000), ((5000, 5000, 5000), 5000)]
)
def test_the_milestones_total_is_shown_beside_the_agreed_price(
    prices: tuple[int, ...], difference: int | None
) -> None:
    figures = figures_of(contract(*prices, price=10_000), T0)
    assert figures.agreed == usd(100)
    assert (figures.mismatch.minor if figures.mismatch else None) == difference


def test_totals_are_kept_per_currency_and_never_mixed() -> None:
    usd_figures = figures_of(contract(5000), T0)
    eur_figures = figures_of(contract(7000, currency="EUR"), T0)
    totals = totals_by_currency([usd_figures, eur_figures, usd_figures])
    assert totals["USD"].in_milestones == usd(100)
    assert totals["EUR"].in_milestones == Money(7000, "EUR")
    with pytest.raises(ValueError, match="cannot add USD and EUR"):
        _ = usd_figures + eur_figures


# Any sequence of steps, with random amounts, on a contract of a few milestones; the contract may end.
STEPS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=3),
        # Every step and the end of the contract, with money steps weighted up so most examples move money.
        st.sampled_from(
            [k for k in EventKind if k not in (E.CREATED, E.EDIT, E.VOID)] + ["end"] + [E.FUND, E.RELEASE] * 3
        ),
        st.one_of(st.none(), st.integers(min_value=1, max_value=20_000)),
    ),
    max_size=25,
)


def _identities_hold(c: Contract, now: datetime) -> Figures:
    for m in c.milestones:
        ledger = m.ledger
        assert ledger.held == ledger.deposited - ledger.released - ledger.refunded >= 0
        assert (
            m.amount.minor
            == ledger.released + ledger.refunded + ledger.held + m.not_funded + ledger.never_funded
        )
        assert m.not_funded >= 0
    figures = figures_of(c, now)
    assert sum(money.minor for money in figures.categories()) == figures.in_milestones.minor
    assert figures.in_milestones.minor == sum(m.amount.minor for m in c.milestones)
    return figures


@settings(max_examples=300, deadline=None)
@given(amounts=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=3), steps=STEPS)
def test_every_accepted_sequence_keeps_every_identity_and_a_refused_step_changes_nothing(
    amounts: list[int], steps: list[tuple[int, EventKind | str, int | None]]
) -> None:
    c = contract(*amounts, price=9_999)
    day = 0.0
    for milestone_id, kind, amount in steps:
        day += 1
        now = T0 + timedelta(days=day)
        before = c
        try:
            if kind == "end":
                c, _ = end_contract(c, now)
            elif c.milestone(milestone_id) is not None:
                assert isinstance(kind, EventKind)
                c = step(c, milestone_id, kind, day, amount if kind in (E.RELEASE, E.REFUND) else None)
        except NotAllowed:
            assert c == before  # a refusal leaves the contract exactly as it was
        _identities_hold(c, now)
