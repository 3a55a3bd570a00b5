"""The milestone lifecycle: the transition table, derived dates, and the sentences users get when refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import NotAllowed
from bot.domain.lifecycle import (
    TRANSITIONS,
    EventKind,
    MilestoneEvent,
    MilestoneState,
    MilestoneStatus,
    Timing,
    allowed_events,
    apply_event,
    initial_state,
    needs_unfunded_warning,
    replay,
    target_status,
)

S = MilestoneStatus
E = EventKind
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
UPWORK = Timing(review_days=14, hold_days=5, refund_response_days=7)
NO_CLOCKS = Timing()


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def event(kind: EventKind, days: float = 0, amount: int | None = None) -> MilestoneEvent:
    return MilestoneEvent(kind, at(days), amount)


def run(*kinds: EventKind, amount: int = 5000, timing: Timing = UPWORK) -> MilestoneState:
    """Apply events one day apart to a new milestone."""
    state = initial_state(amount, T0)
    for day, kind in enumerate(kinds, start=1):
        state = apply_event(state, event(kind, day), timing)
    return state


def state_at(status: MilestoneStatus, funded: bool) -> MilestoneState:
    return MilestoneState(status=status, funded=funded, amount_minor=5000, status_changed_at=T0)


def test_values_stored_in_the_database() -> None:
    assert [s.value for s in S] == [
        "unfunded",
        "funded",
        "submitted",
        "released",
        "refund_requested",
        "refunded",
        "disputed",
        "voided",
    ]
    assert [k.value for k in E] == [
        "created",
        "fund",
        "submit",
        "release",
        "request_changes",
        "request_refund",
        "refund",
        "dispute",
        "void",
        "edit",
    ]
    assert S.REFUND_REQUESTED.label == "refund requested"
    assert S.FUNDED.label == "funded"


def test_the_usual_path_and_its_dates() -> None:
    state = initial_state(5000, T0)
    assert (state.status, state.funded) == (S.UNFUNDED, False)

    state = apply_event(state, event(E.FUND, 1), UPWORK)
    assert (state.status, state.funded, state.funded_at) == (S.FUNDED, True, at(1))

    state = apply_event(state, event(E.SUBMIT, 2), UPWORK)
    assert state.status is S.SUBMITTED
    assert state.submitted_at == at(2)
    assert state.review_ends_at == at(16)  # 14 days, counted in UTC

    state = apply_event(state, event(E.RELEASE, 10), UPWORK)
    assert state.status is S.RELEASED
    assert state.released_minor == 5000
    assert state.released_at == at(10)
    assert state.funds_available_at == at(15)  # the 5-day hold
    assert state.status_changed_at == at(10)
    assert state.is_final


def test_review_end_crosses_dst_in_utc() -> None:
    # 2026-03-01 12:00 UTC + 14 days is 2026-03-15 12:00 UTC, whatever the clocks did in between.
    assert run(E.FUND, E.SUBMIT).review_ends_at == datetime(2026, 3, 17, 12, 0, tzinfo=UTC)


def test_platform_without_clocks_has_no_derived_dates() -> None:
    state = run(E.FUND, E.SUBMIT, E.RELEASE, timing=NO_CLOCKS)
    assert state.review_ends_at is None
    assert state.funds_available_at is None
    requested = run(E.FUND, E.REQUEST_REFUND, timing=NO_CLOCKS)
    assert requested.refund_deadline_at is None


def test_request_changes_closes_the_review_and_resubmitting_starts_a_new_one() -> None:
    state = run(E.FUND, E.SUBMIT, E.REQUEST_CHANGES)
    assert state.status is S.FUNDED
    assert state.review_ends_at is None
    state = apply_event(state, event(E.SUBMIT, 10), UPWORK)
    assert state.review_ends_at == at(24)


def test_submitting_unfunded_work_is_allowed_with_a_warning() -> None:
    state = initial_state(5000, T0)
    submit = event(E.SUBMIT, 1)
    assert needs_unfunded_warning(state, submit)
    submitted = apply_event(state, submit, UPWORK)
    assert (submitted.status, submitted.funded) == (S.SUBMITTED, False)
    assert submitted.is_unprotected_work
    assert not needs_unfunded_warning(run(E.FUND), event(E.SUBMIT, 2))
    assert not needs_unfunded_warning(state, event(E.FUND, 1))


def test_changes_on_unfunded_work_go_back_to_unfunded() -> None:
    state = run(E.SUBMIT, E.REQUEST_CHANGES)
    assert (state.status, state.funded, state.review_ends_at) == (S.UNFUNDED, False, None)


def test_funding_after_submission_keeps_the_review_running() -> None:
    submitted = run(E.SUBMIT)
    funded = apply_event(submitted, event(E.FUND, 3), UPWORK)
    assert (funded.status, funded.funded) == (S.SUBMITTED, True)
    assert funded.review_ends_at == submitted.review_ends_at
    assert not funded.is_unprotected_work
    with pytest.raises(NotAllowed, match="already funded"):
        apply_event(funded, event(E.FUND, 4), UPWORK)


def test_partial_and_larger_releases() -> None:
    state = run(E.FUND, E.SUBMIT)
    assert apply_event(state, event(E.RELEASE, 5, 3000), UPWORK).released_minor == 3000
    assert apply_event(state, event(E.RELEASE, 5, 7000), UPWORK).released_minor == 7000
    with pytest.raises(NotAllowed, match="more than zero"):
        apply_event(state, event(E.RELEASE, 5, 0), UPWORK)


def test_refund_request_deadline_and_outcomes() -> None:
    requested = run(E.FUND, E.SUBMIT, E.REQUEST_REFUND)
    assert requested.status is S.REFUND_REQUESTED
    assert requested.refund_requested_at == at(3)
    assert requested.refund_deadline_at == at(10)  # 7 days to approve or dispute

    refunded = apply_event(requested, event(E.REFUND, 5), UPWORK)
    assert (refunded.status, refunded.refunded_minor, refunded.released_minor) == (S.REFUNDED, 5000, 0)
    partial = apply_event(requested, event(E.REFUND, 5, 2000), UPWORK)
    assert partial.refunded_minor == 2000
    with pytest.raises(NotAllowed, match="no more than the milestone's amount"):
        apply_event(requested, event(E.REFUND, 5, 5001), UPWORK)
    with pytest.raises(NotAllowed, match="more than zero"):
        apply_event(requested, event(E.REFUND, 5, -1), UPWORK)

    disputed = apply_event(requested, event(E.DISPUTE, 5), UPWORK)
    assert disputed.status is S.DISPUTED
    assert apply_event(disputed, event(E.RELEASE, 9), UPWORK).status is S.RELEASED
    assert apply_event(disputed, event(E.REFUND, 9), UPWORK).status is S.REFUNDED
    assert apply_event(requested, event(E.RELEASE, 5), UPWORK).status is S.RELEASED


def test_void_only_unfunded() -> None:
    assert run(E.VOID).status is S.VOIDED
    with pytest.raises(NotAllowed, match="only unfunded milestones are voided"):
        run(E.FUND, E.VOID)


def test_edit_changes_the_amount_and_keeps_the_status() -> None:
    state = run(E.FUND)
    edited = apply_event(state, event(E.EDIT, 5, 7500), UPWORK)
    assert (edited.status, edited.amount_minor, edited.status_changed_at) == (S.FUNDED, 7500, at(1))
    assert apply_event(state, event(E.EDIT, 5), UPWORK) == state
    with pytest.raises(NotAllowed, match="more than zero"):
        apply_event(state, event(E.EDIT, 5, 0), UPWORK)
    released = run(E.FUND, E.RELEASE)
    assert apply_event(released, event(E.EDIT, 9), UPWORK) == released  # title or due date only
    with pytest.raises(NotAllowed, match="already released, so its amount can't change"):
        apply_event(released, event(E.EDIT, 9, 100), UPWORK)


@pytest.mark.parametrize(
    ("kinds", "refused", "message"),
    [
        (
            (),
            E.RELEASE,
            "This milestone is unfunded, so it can't be released yet. "
            "Mark it funded first with `/milestone fund`.",
        ),
        ((E.FUND,), E.FUND, "This milestone is already funded."),
        ((E.FUND, E.SUBMIT), E.SUBMIT, "record that with `/milestone changes`, then submit again"),
        ((), E.REQUEST_CHANGES, "Changes can only be requested on submitted work"),
        ((), E.REQUEST_REFUND, "never funded, so there is no money in escrow to ask back"),
        ((E.SUBMIT,), E.REFUND, "never funded, so there is no money in escrow to refund"),
        ((E.SUBMIT,), E.DISPUTE, "never funded, so there is no money in escrow to dispute"),
        ((E.FUND,), E.DISPUTE, "You can dispute submitted work the client hasn't paid, or a refund request"),
        ((E.FUND, E.RELEASE), E.RELEASE, "already released, which is final, so it can't be released now"),
        ((E.FUND, E.REFUND), E.SUBMIT, "already refunded, which is final"),
        ((E.VOID,), E.FUND, "already voided, which is final, so it can't be funded now"),
        ((E.FUND, E.SUBMIT, E.DISPUTE), E.REQUEST_REFUND, "A milestone that is disputed can't be"),
        ((), E.CREATED, "already exists"),
    ],
)
def test_refusals_say_what_would_work(kinds: tuple[EventKind, ...], refused: EventKind, message: str) -> None:
    state = run(*kinds)
    with pytest.raises(NotAllowed) as caught:
        apply_event(state, event(refused, 30), UPWORK)
    assert message in caught.value.message


def test_generic_refusal_lists_the_commands_that_work() -> None:
    with pytest.raises(NotAllowed) as caught:
        apply_event(run(E.FUND, E.SUBMIT, E.DISPUTE), event(E.REQUEST_REFUND, 9), UPWORK)
    assert caught.value.message == (
        "A milestone that is disputed can't be put under a refund request. "
        "From here you can use `/milestone refund`, `/milestone release`."
    )


def test_a_change_cannot_be_dated_before_the_previous_one() -> None:
    state = run(E.FUND, E.SUBMIT)  # submitted on day 2
    with pytest.raises(NotAllowed, match="became submitted at <t:"):
        apply_event(state, event(E.RELEASE, 1), UPWORK)
    assert apply_event(state, event(E.RELEASE, 2), UPWORK).status is S.RELEASED  # same moment is fine


def test_the_first_change_may_predate_the_milestone_record() -> None:
    # People add milestones that were funded before they started using the bot.
    state = initial_state(5000, at(10))
    assert apply_event(state, event(E.FUND, 1), UPWORK).funded_at == at(1)


def test_events_are_kept_in_utc_and_must_be_aware() -> None:
    from zoneinfo import ZoneInfo

    local = datetime(2026, 3, 1, 7, 0, tzinfo=ZoneInfo("America/New_York"))
    assert MilestoneEvent(E.FUND, local).at == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert MilestoneEvent(E.FUND, local).at.tzinfo is UTC
    with pytest.raises(ValueError, match="naive"):
        MilestoneEvent(E.FUND, datetime(2026, 3, 1))


def test_events_that_carry_no_amount_refuse_one() -> None:
    with pytest.raises(ValueError, match="carries no amount"):
        apply_event(initial_state(5000, T0), event(E.FUND, 1, 100), UPWORK)


def test_initial_state_needs_a_positive_amount() -> None:
    with pytest.raises(NotAllowed):
        initial_state(0, T0)
    with pytest.raises(TypeError):
        initial_state(50.0, T0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "funded", "expected"),
    [
        (S.UNFUNDED, False, {E.FUND, E.SUBMIT, E.VOID, E.EDIT}),
        (S.FUNDED, True, {E.SUBMIT, E.RELEASE, E.REQUEST_REFUND, E.REFUND, E.EDIT}),
        (S.SUBMITTED, False, {E.RELEASE, E.REQUEST_CHANGES, E.FUND, E.EDIT}),
        (S.SUBMITTED, True, {E.RELEASE, E.REQUEST_CHANGES, E.REQUEST_REFUND, E.DISPUTE, E.EDIT}),
        (S.REFUND_REQUESTED, True, {E.REFUND, E.DISPUTE, E.RELEASE, E.EDIT}),
        (S.DISPUTED, True, {E.RELEASE, E.REFUND, E.EDIT}),
        (S.RELEASED, True, {E.EDIT}),
        (S.REFUNDED, True, {E.EDIT}),
        (S.VOIDED, False, {E.EDIT}),
    ],
)
def test_allowed_events(status: MilestoneStatus, funded: bool, expected: set[EventKind]) -> None:
    assert allowed_events(status, funded) == expected


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("kind", [k for k in E if k not in (E.CREATED, E.EDIT)])
@pytest.mark.parametrize("funded", [False, True])
def test_every_pair_is_either_in_the_table_or_refused_in_words(
    status: MilestoneStatus, kind: EventKind, funded: bool
) -> None:
    state = state_at(status, funded)
    target = target_status(status, kind, funded)
    if target is None:
        with pytest.raises(NotAllowed) as caught:
            apply_event(state, event(kind, 1), UPWORK)
        assert caught.value.message.endswith(".")
        assert kind not in allowed_events(status, funded)
    else:
        assert (status, kind) in TRANSITIONS
        assert apply_event(state, event(kind, 1), UPWORK).status is target
        assert kind in allowed_events(status, funded)


def test_replay_folds_the_history() -> None:
    events = [
        MilestoneEvent(E.CREATED, T0, 5000),
        event(E.FUND, 1),
        event(E.EDIT, 2, 6000),
        event(E.SUBMIT, 3),
        event(E.REQUEST_CHANGES, 4),
        event(E.SUBMIT, 5),
        event(E.RELEASE, 6),
    ]
    state = replay(events, 1, UPWORK)
    assert state.status is S.RELEASED
    assert state.amount_minor == 6000
    assert state.released_minor == 6000
    assert state.review_ends_at == at(19)
    assert state.funds_available_at == at(11)


def test_replay_without_a_created_event_or_its_amount() -> None:
    assert replay([MilestoneEvent(E.CREATED, T0)], 4200, UPWORK).amount_minor == 4200
    state = replay([event(E.FUND, 1)], 4200, UPWORK)
    assert (state.status, state.amount_minor) == (S.FUNDED, 4200)
    with pytest.raises(ValueError, match="at least one event"):
        replay([], 4200, UPWORK)
    with pytest.raises(NotAllowed, match="already exists"):
        replay([MilestoneEvent(E.CREATED, T0), MilestoneEvent(E.CREATED, T0)], 4200, UPWORK)


# --- properties -------------------------------------------------------------------------------------

event_kinds = st.sampled_from([k for k in E if k is not E.CREATED])


@given(
    st.lists(
        st.tuples(event_kinds, st.one_of(st.none(), st.integers(min_value=-10, max_value=20000))),
        max_size=25,
    )
)
def test_random_histories_follow_the_table(steps: list[tuple[EventKind, int | None]]) -> None:
    state = initial_state(5000, T0)
    ever_funded = False
    for day, (kind, amount) in enumerate(steps, start=1):
        if kind not in (E.RELEASE, E.REFUND, E.EDIT):
            amount = None
        before = state
        try:
            state = apply_event(state, event(kind, day, amount), UPWORK)
        except NotAllowed:
            assert state is before
            continue
        ever_funded = ever_funded or state.funded
        if kind is E.EDIT:
            assert state.status is before.status
        else:
            # The new status is the table's, adjusted only for funding.
            assert state.status is target_status(before.status, kind, before.funded)
            assert (before.status, kind) in TRANSITIONS
        assert state.funded == ever_funded  # once in escrow, always "was funded"
        # Money moves once: released xor refunded, and only in the matching status.
        assert (state.released_minor > 0) == (state.status is S.RELEASED)
        assert (state.refunded_minor > 0) == (state.status is S.REFUNDED)
        assert 0 <= state.refunded_minor <= state.amount_minor
        assert state.released_minor == 0 or state.refunded_minor == 0
        if state.status is S.SUBMITTED:
            assert state.review_ends_at == state.submitted_at + timedelta(days=14)  # type: ignore[operator]
        if state.status in (S.REFUND_REQUESTED, S.REFUNDED, S.DISPUTED) and state.refund_requested_at:
            assert state.funded
        assert state.status_changed_at >= before.status_changed_at or before.status is S.UNFUNDED
