"""Name suggestions: the caller's own names they plausibly meant, and none rather than a wrong one."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.names import suggest

CONTRACTS = ["Legal research", "Logo redesign", "Website for Dana", "Translation EN-DE", "SEO audit"]
MILESTONES = ["Case law summary", "Part 1", "Part 2", "Part 3", "Final delivery", "Landing page"]


@pytest.mark.parametrize(
    ("typed", "names", "expected"),
    [
        ("Legal reserch", CONTRACTS, ["Legal research"]),  # the typo
        ("logo redesing", CONTRACTS, ["Logo redesign"]),
        ("  LEGAL   research ", CONTRACTS, ["Legal research"]),  # case and spaces don't matter
        ("Dana website", CONTRACTS, ["Website for Dana"]),  # word order aside
        ("website for dan", CONTRACTS, ["Website for Dana"]),
        ("translation", CONTRACTS, ["Translation EN-DE"]),  # how the name begins
        ("seo", CONTRACTS, ["SEO audit"]),
        ("landng page", MILESTONES, ["Landing page"]),
        ("finall delivery", MILESTONES, ["Final delivery"]),
        ("caselaw summary", MILESTONES, ["Case law summary"]),
        ("summary", MILESTONES, ["Case law summary"]),  # how one of its words begins
        ("part1", MILESTONES, ["Part 1"]),
        ("Part 01", MILESTONES, ["Part 1"]),
        ("part", MILESTONES, ["Part 1", "Part 2", "Part 3"]),
    ],
)
def test_suggests_the_name_that_was_meant(typed: str, names: list[str], expected: list[str]) -> None:
    assert suggest(typed, names) == expected


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Design", MILESTONES),  # the case: not "Case law summary"
        ("Design", ["Case law summary", "Part 1"]),
        ("Part 4", MILESTONES),  # a number is not a typo
        ("milestone3", ["Milestone 1", "Milestone 2"]),
        ("draft 2", ["Draft"]),
        ("logo", ["Blog posts", "Blog"]),  # shares letters, a different word
        ("fund", ["Find a designer"]),
        ("art", MILESTONES),  # inside a word, not its beginning
        ("Invoice", CONTRACTS),
        ("", CONTRACTS),
        ("   ", CONTRACTS),
    ],
)
def test_no_suggestion_rather_than_a_wrong_one(typed: str, names: list[str]) -> None:
    assert suggest(typed, names) == []


def test_one_or_two_letters_suggest_only_names_they_begin() -> None:
    names = ["Logo redesign", "Case law summary", "Legal research", "Blog"]
    assert suggest("l", names) == ["Logo redesign", "Legal research"]  # in the order given
    assert suggest("LE", names) == ["Legal research"]
    assert suggest("la", names) == []  # `law` is a word of `Case law summary`, but two letters aren't enough
    assert suggest("og", names) == []


def test_best_first_and_at_most_the_limit() -> None:
    names = ["Logo design", "Logo redesign", "Legal research"]
    assert suggest("logo redesing", names) == ["Logo redesign", "Logo design"]
    assert suggest("logo redesing", names, limit=1) == ["Logo redesign"]
    assert suggest("logo", names, limit=0) == []
    assert suggest("part", MILESTONES, limit=2) == ["Part 1", "Part 2"]


def test_each_name_is_suggested_once() -> None:
    assert suggest("Part 1", ["Part 1", "Part 1", "part 1"]) == ["Part 1", "part 1"]


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


NAMES = st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12)


@settings(max_examples=100)
@given(st.text(max_size=30), NAMES, st.integers(min_value=0, max_value=5))
def test_suggestions_are_only_the_names_given(typed: str, names: list[str], limit: int) -> None:
    found = suggest(typed, names, limit=limit)
    assert set(found) <= set(names)
    assert len(found) == len(set(found)) <= limit


@settings(max_examples=100)
@given(NAMES, st.data())
def test_a_name_typed_exactly_but_for_case_and_spaces_comes_first(
    names: list[str], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    typed = data.draw(
        st.sampled_from([name, name.upper(), name.lower(), f"  {name} ", name.replace(" ", "   ")])
    )
    # Not a name of spaces alone, nor one whose capitals fold to other letters (`ǰ` upper-cased).
    assume(fold(typed) and fold(typed) == fold(name))
    found = suggest(typed, names)
    assert found
    assert fold(found[0]) == fold(typed)
