"""The slash commands are an interface: names and options as PRODUCT.md lists them, no clashes, all described."""

from __future__ import annotations

from discord import app_commands

# command -> its options, required ones first, exactly as the product defines them.
EXPECTED = {
    "help": [],
    "summary": [],
    "contract add": ["title", "client", "price", "currency", "platform", "review_days", "started"],
    "contract list": ["status"],
    "contract view": ["contract"],
    "contract edit": ["contract", "title", "client", "price", "platform", "review_days", "started"],
    "contract end": ["contract", "date"],
    "contract bonus": ["contract", "amount", "date"],
    "contract delete": ["contract"],
    "milestone add": ["contract", "title", "amount", "due"],
    "milestone edit": ["contract", "milestone", "title", "amount", "due"],
    "milestone fund": ["contract", "milestone", "date"],
    "milestone submit": ["contract", "milestone", "date"],
    "milestone release": ["contract", "milestone", "date", "amount"],
    "milestone changes": ["contract", "milestone", "date"],
    "milestone refund-request": ["contract", "milestone", "date"],
    "milestone refund": ["contract", "milestone", "date"],
    "milestone dispute": ["contract", "milestone", "date"],
    "milestone remove": ["contract", "milestone"],
    "reminders list": [],
    "settings view": [],
    "settings timezone": ["zone"],
    "settings currency": ["code"],
    "settings quiet-hours": ["start", "end"],
    "settings reminders": ["enabled", "kind", "lead"],
    "settings language": ["language"],
    "faq show": ["topic", "private"],
    "faq list": [],
    "faq search": ["query"],
    # title and body optional: without them, a form; language optional: all languages by default
    "faq-admin set": ["topic", "title", "body", "language"],
    "faq-admin remove": ["topic", "language"],
    "faq-admin reset": ["topic", "language"],
    "calendar": [],
    "export": ["format"],
    "privacy export": [],
    "privacy delete": [],
}


def _leaves(tree: app_commands.CommandTree) -> dict[str, app_commands.Command]:
    found: dict[str, app_commands.Command] = {}
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Command):
            assert command.qualified_name not in found, f"two commands named /{command.qualified_name}"
            found[command.qualified_name] = command
    return found


async def test_commands_and_options_match_the_product(tree: app_commands.CommandTree) -> None:
    leaves = _leaves(tree)
    for name, options in EXPECTED.items():
        assert name in leaves, f"/{name} is missing"
        assert [p.name for p in leaves[name].parameters] == options, f"/{name} options differ"


async def test_every_command_and_option_has_a_description(tree: app_commands.CommandTree) -> None:
    for name, command in _leaves(tree).items():
        assert command.description and command.description != "…", f"/{name} has no description"
        for param in command.parameters:
            assert param.description and param.description != "…", f"/{name} {param.name} has no description"


async def test_there_are_no_commands_beyond_the_product(tree: app_commands.CommandTree) -> None:
    assert set(_leaves(tree)) == set(EXPECTED)


async def test_no_two_top_level_commands_share_a_name(tree: app_commands.CommandTree) -> None:
    names = [command.name for command in tree.get_commands()]
    assert len(names) == len(set(names))
