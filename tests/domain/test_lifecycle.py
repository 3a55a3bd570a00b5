"""The milestone lifecycle: the transition table, its money, derived statuses, and the refusals users read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import NotAllowed
from bot.domain.ledger import Movement
from bot.domain.lifecycle import (
    TAKES_AMOUNT,
    TRANSITIONS,
    EventKind,
    Milestone,
    MilestoneStatus,
    Stage,
    allowed_steps,
    apply_step,
    check_amount_edit,
    step_for_submit,
)
from bot.domain.money import Money

S = MilestoneStatus
E = EventKind
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def new(amount: int = 10_000) -> Milestone:
    return Milestone(1, 1, 1, "Sketches", Money(amount, "USD"), None, changed_at=T0)


def run(*steps: EventKind | tuple[EventKind, int], milestone: Milestone | None = None) -> Milestone:
    """Apply steps one day apart, after the milestone's last change; a (kind, amount) pair gives an amount."""
    current = milestone or new()
    start = current.changed_at
    for day, step in enumerate(steps, start=1):
        kind, amount = step if isinstance(step, tuple) else (step, None)
        current, _ = apply_step(current, kind, start + timedelta(days=day), amount)
    return current


def test_values_stored_in_the_database_stay_as_they_are() -> None:
    assert [s.value for s in Stage] == [
        "open",
        "delivered",
        "in_review",
        "changes_requested",
        "refund_requested",
        "disputed",
    ]
    assert {k.value for k in E} == {
        "created",
        "edit",
        "fund",
        "deliver",
        "submit",
        "request_changes",
        "release",
        "request_refund",
        "refund",
        "dispute",
        "void",
    }
    assert [m.value for m in Movement] == ["fund", "release", "refund", "void"]


def test_the_usual_path() -> None:
    funded = run(E.FUND)
    assert (funded.status, funded.held, funded.not_funded) == (S.FUNDED, 10_000, 0)
    submitted = run(E.FUND, E.SUBMIT)
    assert submitted.status is S.SUBMITTED
    assert submitted.stage_at == at(2)
    assert submitted.in_review
    released = run(E.FUND, E.SUBMIT, E.RELEASE)
    assert (released.status, released.held, released.ledger.released) == (S.RELEASED, 0, 10_000)
    assert released.status.is_final


def test_a_partial_release_leaves_the_rest_in_escrow_with_its_next_steps() -> None:
    partly = run(E.FUND, E.SUBMIT, (E.RELEASE, 6_000))
    assert partly.status is S.PARTLY_RELEASED
    assert (partly.ledger.released, partly.held) == (6_000, 4_000)
    assert not partly.status.is_final
    assert allowed_steps(partly) == {E.RELEASE, E.REQUEST_REFUND, E.REFUND, E.DISPUTE}
    rest = run(E.RELEASE, milestone=partly)
    assert (rest.status, rest.ledger.released, rest.held) == (S.RELEASED, 10_000, 0)
    refunded = run(E.REFUND, milestone=partly)
    assert (refunded.status, refunded.ledger.refunded, refunded.held) == (S.REFUNDED, 4_000, 0)
    disputed = run(E.DISPUTE, milestone=partly)
    assert (disputed.status, disputed.held) == (S.DISPUTED, 4_000)


def test_releasing_more_than_is_held_is_extra_pay_never_a_negative_remainder() -> None:
    over = run(E.FUND, E.SUBMIT, (E.RELEASE, 12_500))
    assert (over.status, over.ledger.released, over.ledger.extra, over.held) == (S.RELEASED, 10_000, 2_500, 0)


def test_a_refund_is_never_more_than_is_held() -> None:
    partly = run(E.FUND, (E.RELEASE, 6_000))
    with pytest.raises(NotAllowed, match=r"no more than the \$40.00 still in escrow"):
        run((E.REFUND, 4_001), milestone=partly)
    part = run((E.REFUND, 1_000), milestone=partly)
    assert (part.status, part.held) == (S.PARTLY_RELEASED, 3_000)  # something was released: it reads so
    only_refunded = run(E.FUND, (E.REFUND, 1_000))
    assert (only_refunded.status, only_refunded.held) == (S.PARTLY_REFUNDED, 9_000)


def test_submitting_an_unfunded_milestone_is_a_delivery_with_no_review_clock() -> None:
    milestone = new()
    assert step_for_submit(milestone) is E.DELIVER
    delivered = run(E.DELIVER)
    assert delivered.status is S.DELIVERED_UNFUNDED
    assert not delivered.in_review
    assert delivered.held == 0 and delivered.not_funded == 10_000
    with pytest.raises(NotAllowed, match="still not funded"):
        run(E.SUBMIT, milestone=delivered)


def test_funding_after_delivering_makes_it_funded_and_a_real_submit_starts_the_review() -> None:
    funded = run(E.DELIVER, E.FUND)
    assert funded.status is S.FUNDED
    assert step_for_submit(funded) is E.SUBMIT
    submitted = run(E.SUBMIT, milestone=funded)
    assert submitted.in_review and submitted.stage_at == at(3)


def test_changes_close_the_review_and_resubmitting_opens_a_new_one() -> None:
    changes = run(E.FUND, E.SUBMIT, E.REQUEST_CHANGES)
    assert changes.status is S.CHANGES_REQUESTED and not changes.in_review
    again = run(E.SUBMIT, milestone=changes)
    assert again.in_review and again.stage_at == at(4)


def test_refund_request_then_its_outcomes() -> None:
    requested = run(E.FUND, E.SUBMIT, E.REQUEST_REFUND)
    assert requested.status is S.REFUND_REQUESTED
    assert run(E.REFUND, milestone=requested).status is S.REFUNDED
    assert run(E.RELEASE, milestone=requested).status is S.RELEASED
    assert run(E.DISPUTE, milestone=requested).status is S.DISPUTED
    with pytest.raises(NotAllowed, match="already open"):
        run(E.REQUEST_REFUND, milestone=requested)


def test_void_is_only_for_money_never_funded() -> None:
    voided = run(E.VOID)
    assert (voided.status, voided.ledger.never_funded, voided.not_funded) == (S.VOIDED, 10_000, 0)
    assert run(E.DELIVER, E.VOID).status is S.VOIDED
    with pytest.raises(NotAllowed, match="only unfunded milestones are voided"):
        run(E.FUND, E.VOID)


def test_a_funded_milestones_amount_cannot_be_edited_and_the_refusal_says_what_to_record() -> None:
    funded = run(E.FUND)
    with pytest.raises(NotAllowed) as refused:
        check_amount_edit(funded, Money(18_000, "USD"))
    message = refused.value.message
    assert "funded $100.00" in message
    for command in ("/milestone release", "/milestone refund", "/milestone add"):
        assert command in message
    check_amount_edit(new(), Money(18_000, "USD"))  # unfunded: fine
    with pytest.raises(NotAllowed, match="voided"):
        check_amount_edit(run(E.VOID), Money(1, "USD"))


@pytest.mark.parametrize(
    ("steps", "refused", "message"),
    [
        ((), E.RELEASE, "never funded, so there is no money in escrow to release"),
        ((), E.DISPUTE, "never funded"),
        ((E.FUND,), E.FUND, "already funded"),
        ((E.FUND, E.SUBMIT), E.SUBMIT, "can't be submitted again"),
        ((E.FUND,), E.REQUEST_CHANGES, "only be requested on work in review"),
        ((E.FUND, E.RELEASE), E.RELEASE, "already released, which is final"),
        ((E.VOID,), E.FUND, "already voided, which is final"),
        ((E.FUND, (E.RELEASE, 100)), E.SUBMIT, "waits for a release"),
    ],
)
def test_refusals_say_what_would_work(
    steps: tuple[EventKind | tuple[EventKind, int], ...], refused: EventKind, message: str
) -> None:
    before = run(*steps)
    with pytest.raises(NotAllowed, match=message):
        apply_step(before, refused, at(30))


def test_refusals_name_commands_as_values_the_reply_shows_as_it_likes() -> None:
    with pytest.raises(NotAllowed) as refused:
        apply_step(new(), E.RELEASE, at(1))
    assert "{fund}" in refused.value.template
    assert refused.value.render(lambda value: f"<{value}>").endswith("with </milestone fund>.")


def test_a_step_cannot_be_dated_before_the_previous_one_but_the_first_may_predate_the_record() -> None:
    early = apply_step(new(), E.FUND, T0 - timedelta(days=30))[0]
    assert early.ledger.entries[0].at == T0 - timedelta(days=30)
    with pytest.raises(NotAllowed, match="can't be dated earlier"):
        apply_step(early, E.SUBMIT, T0 - timedelta(days=31))


def test_only_release_and_refund_take_an_amount() -> None:
    assert frozenset({E.RELEASE, E.REFUND}) == TAKES_AMOUNT
    with pytest.raises(ValueError, match="carries no amount"):
        apply_step(new(), E.FUND, at(1), 5)
    with pytest.raises(NotAllowed, match="more than zero"):
        apply_step(run(E.FUND), E.RELEASE, at(2), 0)


def test_every_status_and_step_is_either_in_the_table_or_refused_in_words() -> None:
    reachable = {
        S.UNFUNDED: (),
        S.DELIVERED_UNFUNDED: (E.DELIVER,),
        S.FUNDED: (E.FUND,),
        S.SUBMITTED: (E.FUND, E.SUBMIT),
        S.CHANGES_REQUESTED: (E.FUND, E.SUBMIT, E.REQUEST_CHANGES),
        S.PARTLY_RELEASED: (E.FUND, (E.RELEASE, 100)),
        S.PARTLY_REFUNDED: (E.FUND, (E.REFUND, 100)),
        S.RELEASED: (E.FUND, E.RELEASE),
        S.REFUND_REQUESTED: (E.FUND, E.REQUEST_REFUND),
        S.REFUNDED: (E.FUND, E.REFUND),
        S.DISPUTED: (E.FUND, E.SUBMIT, E.DISPUTE),
        S.VOIDED: (E.VOID,),
    }
    assert set(reachable) == set(S)
    for status, steps in reachable.items():
        milestone = run(*steps)  # type: ignore[arg-type]
        assert milestone.status is status
        for kind in E:
            if kind in (E.CREATED, E.EDIT):
                continue
            if (status, kind) in TRANSITIONS:
                apply_step(milestone, kind, at(30))
            else:
                with pytest.raises(NotAllowed) as refused:
                    apply_step(milestone, kind, at(30))
                assert refused.value.message.endswith("."), refused.value.message
