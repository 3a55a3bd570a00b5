"""Typing a command as in Discord: `name:value` options, quotes when needed, values checked before sending."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.offline.catalog import Catalog
from bot.offline.durations import describe, parse_duration
from bot.offline.parse import LineError, parse_command, quote
from tests.offline.conftest import SYNCED


def test_catalog_lists_slash_commands_by_their_typed_path(catalog: Catalog) -> None:
    assert [c.path for c in catalog.commands] == [
        "contract add",
        "contract view",
        "help",
        "milestone fund",
        "settings reminders",
    ]
    assert catalog.next_words(()) == ["contract", "help", "milestone", "settings"]
    assert catalog.next_words(("contract",)) == ["add", "view"]


def test_the_readme_example_reads_as_discord_would_send_it(catalog: Catalog) -> None:
    parsed = parse_command('/contract add title:"Legal research" client:Dana price:150', catalog)
    assert parsed.path == "contract add"
    assert parsed.values == {"title": "Legal research", "client": "Dana", "price": "150"}


def test_values_run_to_the_next_option_name_so_spaces_need_no_quotes(catalog: Catalog) -> None:
    parsed = parse_command(
        "/contract add  title:Legal research  client:Dana Smith's firm price:1,250.50 USD", catalog
    )
    assert parsed.values == {
        "title": "Legal research",
        "client": "Dana Smith's firm",
        "price": "1,250.50 USD",
    }


def test_quotes_keep_a_value_that_contains_an_option_name(catalog: Catalog) -> None:
    parsed = parse_command(r'/contract add title:"Notes client:Dana \"v2\"" client:Dana price:5', catalog)
    assert parsed.values["title"] == 'Notes client:Dana "v2"'


def test_choices_accept_the_name_or_the_value_and_send_the_value(catalog: Catalog) -> None:
    line = "/contract add title:T client:C price:1 platform:{} review_days:14"
    assert parse_command(line.format("freelancer.COM"), catalog).values["platform"] == "freelancer"
    assert parse_command(line.format("upwork"), catalog).values["review_days"] == 14
    with pytest.raises(LineError, match="one of: upwork, freelancer"):
        parse_command(line.format("etsy"), catalog)


def test_whole_numbers_and_yes_no_are_typed_and_range_checked(catalog: Catalog) -> None:
    assert parse_command("/settings reminders enabled:no", catalog).values == {"enabled": False}
    base = "/contract add title:T client:C price:1 review_days:"
    with pytest.raises(LineError, match="whole number"):
        parse_command(base + "two weeks", catalog)
    with pytest.raises(LineError, match="between 0 and 90"):
        parse_command(base + "91", catalog)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("contract add", "starts with `/`"),
        ("/contrac", "no command /contrac"),
        ("/contract", "needs one of: add, view"),
        ("/contract remove", "has no `remove`; it has: add, view"),
        ("/contract add title:T", "needs `client:` (the client), `price:` (the price)"),
        ("/contract add title:T client:C price:1 colour:red", "no option `colour`"),
        ("/contract add title:T client:C price:1 title:U", "given twice"),
        ('/contract add title:"T client:C price:1', "no closing quote"),
        ("/contract add title:T client:C price:", "`price:` needs a value"),
        ("/help me", "`me` is not an option"),
    ],
)
def test_mistakes_say_what_to_type_instead(catalog: Catalog, line: str, says: str) -> None:
    with pytest.raises(LineError) as raised:
        parse_command(line, catalog)
    assert says in str(raised.value)


def test_a_command_without_options_can_end_the_line(catalog: Catalog) -> None:
    assert parse_command("  /help ", catalog).values == {}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_quoted_value_reads_back_unchanged(value: str) -> None:
    catalog = Catalog.from_synced(SYNCED)
    parsed = parse_command(f"/contract add title:{quote(value)} client:C price:1", catalog)
    assert parsed.values["title"] == value


@pytest.mark.parametrize(
    ("typed", "hours"), [("3d", 72), ("12h", 12), ("1w 2d", 216), ("90m", 1.5), ("2 days", 48)]
)
def test_the_clock_moves_by_days_hours_weeks_and_minutes(typed: str, hours: float) -> None:
    assert parse_duration(typed).total_seconds() == hours * 3600


@pytest.mark.parametrize("typed", ["", "soon", "0d", "-3d", "3 fortnights"])
def test_the_clock_refuses_what_is_not_a_step_forward(typed: str) -> None:
    with pytest.raises(LineError, match="advance"):
        parse_duration(typed)


def test_spans_are_described_in_whole_units() -> None:
    assert describe(parse_duration("3d")) == "3 days"
    assert describe(parse_duration("1d 1h 1m")) == "1 day 1 hour 1 minute"
