"""FAQ admin commands change a server's FAQ only where the app is installed in that server.

Discord says which installations authorized an interaction in `authorizing_integration_owners`: a server
that added the bot appears under GUILD_INSTALL with its id; a member who installed the app on their own
account appears under USER_INSTALL. The local server fills it as Discord does.
"""

from __future__ import annotations

from typing import Any

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from cogs.faq.admin import NOT_INSTALLED_HERE

OURS = {"topic": "review-period", "title": "Our review rules", "body": "Ask a mentor first."}


def _registered(server: LocalDiscord, name: str) -> dict[str, Any]:
    return next(command for command in server.registry.stored[None] if command["name"] == name)


async def _shows_the_built_in_text(server: LocalDiscord, user: FakeUser) -> bool:
    shown = await server.command(user, "faq show", {"topic": "review-period"})
    return shown.embeds[0]["title"] == "Review period and auto-release"


async def test_a_users_own_install_cannot_change_the_faq_of_a_server_that_never_added_the_bot(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser
) -> None:
    discord_server.desk.installed_in_guild = False  # the server never added the bot...
    discord_server.desk.user_installs.add(admin.id)  # ...its admin installed the app on their account
    for registered_for in ([0], [0, 1]):  # as registered now, and as an older build registered it
        _registered(discord_server, "faq-admin")["integration_types"] = registered_for
        for name, options in (
            ("faq-admin set", OURS),
            ("faq-admin remove", {"topic": "review-period"}),
            ("faq-admin reset", {"topic": "review-period"}),
        ):
            refused = await discord_server.command(admin, name, options)
            assert refused.ephemeral
            assert refused.content == NOT_INSTALLED_HERE, (registered_for, name, refused.content)

    discord_server.desk.installed_in_guild = True
    assert await _shows_the_built_in_text(discord_server, admin)


async def test_where_the_server_added_the_bot_its_admin_may_change_the_faq_whatever_else_is_installed(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, admin: FakeUser
) -> None:
    discord_server.desk.user_installs.add(admin.id)  # both installs: the server's and the admin's own
    _registered(discord_server, "faq-admin")["integration_types"] = [0, 1]
    saved = await discord_server.command(admin, "faq-admin set", OURS)
    assert saved.content.startswith("Saved.")
    assert not await _shows_the_built_in_text(discord_server, admin)
