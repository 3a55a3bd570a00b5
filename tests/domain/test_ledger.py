"""A milestone's ledger: each total is derived from the dated entries alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ledger import Entry, Ledger, Movement

M = Movement
T0 = datetime(2026, 11, 2, tzinfo=UTC)


def ledger(*moves: tuple[Movement, int]) -> Ledger:
    return Ledger(tuple(Entry(movement, amount, T0) for movement, amount in moves))


def test_two_partial_releases_empty_the_escrow() -> None:
    book = ledger((M.DEPOSIT, 100), (M.RELEASE, 60))
    assert (book.deposited, book.released, book.held) == (100, 60, 40)
    book = book.add(Entry(M.RELEASE, 40, T0))
    assert (book.released, book.held, book.extra) == (100, 0, 0)
    assert [e.movement for e in book.releases()] == [M.RELEASE, M.RELEASE]


def test_a_release_beyond_what_is_held_is_extra_and_leaves_nothing_negative() -> None:
    book = ledger((M.DEPOSIT, 100), (M.RELEASE, 60), (M.RELEASE, 70))
    assert (book.released, book.extra, book.held) == (100, 30, 0)


def test_a_refund_beyond_what_is_held_is_not_a_ledger() -> None:
    with pytest.raises(ValueError, match="refund"):
        ledger((M.DEPOSIT, 100), (M.RELEASE, 60), (M.REFUND, 41))


def test_entries_move_positive_whole_minor_units() -> None:
    for bad in (0, -5):
        with pytest.raises(ValueError, match="positive"):
            Entry(M.DEPOSIT, bad, T0)
    with pytest.raises(ValueError, match="positive"):
        Entry(M.DEPOSIT, 1.5, T0)  # type: ignore[arg-type]


@given(
    st.lists(
        st.tuples(st.sampled_from([M.DEPOSIT, M.RELEASE, M.REFUND]), st.integers(1, 10_000)), max_size=30
    )
)
def test_held_is_never_negative_and_every_unit_deposited_is_accounted_for(
    moves: list[tuple[Movement, int]],
) -> None:
    book = Ledger()
    for movement, amount in moves:
        try:
            book = book.add(Entry(movement, amount, T0))
        except ValueError:
            continue  # a refund of more than is held: the rules never record one
        assert book.held >= 0
        assert book.deposited == book.released + book.refunded + book.held
