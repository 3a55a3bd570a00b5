"""What Tab offers on a half-typed line: commands, option names, choices, and the bot's own suggestions."""

from __future__ import annotations

from typing import Any

from bot.offline.catalog import Catalog, SlashCommand
from bot.offline.complete import suggestions


class Bot:
    """Answers autocomplete as the bot would for one user with one contract and two milestones."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, Any], str, str]] = []

    async def __call__(
        self, command: SlashCommand, values: dict[str, Any], focused: str, typed: str
    ) -> list[dict[str, Any]]:
        self.asked.append((command.path, values, focused, typed))
        if focused == "contract":
            return [{"name": "Legal research · $150.00 · active", "value": "#1"}]
        return [
            {"name": f"{title} · $50.00 · unfunded", "value": f"#{n}"}
            for n, title in ((1, "Case law summary"), (2, "Draft memo"))
            if typed.casefold() in title.casefold()
        ]


async def _offered(line: str, catalog: Catalog, bot: Bot | None = None) -> list[str]:
    """Each suggestion applied to the line, as the prompt would show it after pressing Tab."""
    found = await suggestions(line, catalog, bot or Bot())
    return [line[: s.start] + s.text for s in found]


async def test_commands_and_subcommands_complete_from_what_the_bot_synced(catalog: Catalog) -> None:
    assert await _offered("", catalog) == ["/"]
    assert await _offered("/", catalog) == ["/contract ", "/help ", "/milestone ", "/settings "]
    assert await _offered("/con", catalog) == ["/contract "]
    assert await _offered("/contract ", catalog) == ["/contract add ", "/contract view "]
    assert await _offered("/contract v", catalog) == ["/contract view "]
    assert await _offered("/nope x", catalog) == []


async def test_option_names_come_required_first_and_skip_those_given(catalog: Catalog) -> None:
    assert await _offered("/contract add ", catalog) == [
        "/contract add title:",
        "/contract add client:",
        "/contract add price:",
        "/contract add platform:",
        "/contract add review_days:",
    ]
    assert await _offered('/contract add title:"Legal research" p', catalog) == [
        '/contract add title:"Legal research" price:',
        '/contract add title:"Legal research" platform:',
    ]


async def test_choices_are_offered_by_name_and_insert_their_value(catalog: Catalog) -> None:
    found = await suggestions("/contract add platform:free", catalog, Bot())
    assert [(s.display, s.text) for s in found] == [("Freelancer.com", "freelancer ")]
    assert await _offered("/settings reminders enabled:", catalog) == [
        "/settings reminders enabled:true ",
        "/settings reminders enabled:false ",
    ]


async def test_autocomplete_asks_the_bot_with_the_other_options_typed_so_far(catalog: Catalog) -> None:
    bot = Bot()
    found = await suggestions("/milestone fund contract:#1 milestone:dra", catalog, bot)
    assert bot.asked == [("milestone fund", {"contract": "#1"}, "milestone", "dra")]
    assert [(s.display, s.text) for s in found] == [("Draft memo · $50.00 · unfunded", "#2 ")]
    assert await _offered("/milestone fund contract:#1 milestone:dra", catalog) == [
        "/milestone fund contract:#1 milestone:#2 "
    ]


async def test_a_value_with_spaces_is_completed_whole_and_a_last_word_may_start_an_option(
    catalog: Catalog,
) -> None:
    assert await _offered("/contract view contract:Legal re", catalog) == ["/contract view contract:#1 "]
    offered = await _offered("/milestone fund contract:#1 mile", catalog)
    assert "/milestone fund contract:#1 milestone:" in offered


async def test_meta_commands_complete_too(catalog: Catalog) -> None:
    assert await _offered(":a", catalog) == [":advance "]
    assert await _offered(":advance 3", catalog) == []
