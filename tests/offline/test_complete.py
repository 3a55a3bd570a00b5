"""What Tab offers on a half-typed line: commands, option names, choices, and the bot's own suggestions."""

from __future__ import annotations

import io
from typing import Any

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from rich.console import Console

from bot.offline.catalog import Catalog, SlashCommand
from bot.offline.complete import suggestions
from bot.offline.prompt import SlashCompleter
from bot.offline.session import OfflineSession


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


async def test_colon_complete_prints_exactly_what_tab_offers_even_after_a_trailing_space() -> None:
    """Both paths through the real session: the prompt's completer as Tab asks it, and `:complete LINE`."""
    out = io.StringIO()
    async with OfflineSession(Console(file=out, width=200, color_system=None)) as session:
        assert await session.handle("/contract add title:Logo client:Ann price:90")
        tab = SlashCompleter(session.complete)

        async def tab_offers(line: str) -> list[str]:
            event = CompleteEvent(completion_requested=True)
            taken = [c async for c in tab.get_completions_async(Document(line), event)]
            return [(line[: len(line) + c.start_position] + c.text).rstrip() for c in taken]

        async def printed(line: str) -> list[str]:
            before = len(out.getvalue())
            assert await session.handle(f":complete {line}")
            shown = out.getvalue()[before:].splitlines()
            # Each offer is printed as the line it makes, then what the menu says, three spaces apart.
            return [row[2:].split("   ")[0] for row in shown if row.startswith("  ")]

        lines = {
            "/con": ["/contract"],
            "/contract ": ["/contract add", "/contract delete", "/contract end", "/contract list"],
            "/contract add ": ["/contract add title:", "/contract add client:", "/contract add price:"],
            "/contract view contract:": ["/contract view contract:#"],
            "/milestone add contract:Logo ": ["/milestone add contract:Logo title:"],
            ":adv": [":advance"],
        }
        for line, expected in lines.items():
            offered = await tab_offers(line)
            assert offered == await printed(line), line
            for start in expected:  # and what they offer is what a person expects there
                assert any(o.startswith(start) for o in offered), (line, start, offered)
        assert session.failures == 0
