"""The bot in the user's language, end to end through the real client: the synced command tree carries
pt-BR and es-ES names, `/contract view` and reminder DMs are written in the user's Discord language (or
the one `/settings language` chose), with amounts as that language writes them, and amounts typed with
its separators are read exactly."""

from __future__ import annotations

import discord
import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from tests.e2e.paging import read_pages
from tests.e2e.scheduling import GUARD

NBSP = "\xa0"  # babel keeps a symbol and its number together: `R$ 1.250,50`


def _speaking(server: LocalDiscord, name: str, locale: str) -> FakeUser:
    user = server.add_user(name)
    user.locale = locale
    return user


async def test_the_synced_tree_names_the_commands_in_portuguese_and_spanish(
    milestone_bot: MilestoneBot,
) -> None:
    synced = {command.name: command for command in await milestone_bot.tree.sync()}
    brazil, spain = discord.Locale.brazil_portuguese, discord.Locale.spain_spanish

    milestone = synced["milestone"]
    assert milestone.name_localizations[spain] == "hito"
    assert milestone.description_localizations[brazil] == "Milestones dos seus contratos"
    fund = next(option for option in milestone.options if option.name == "fund")
    assert (fund.name_localizations[brazil], fund.name_localizations[spain]) == ("depositar", "financiar")
    settings = synced["settings"]
    language = next(option for option in settings.options if option.name == "language")
    (chosen,) = language.options  # type: ignore[union-attr]
    automatic = next(choice for choice in chosen.choices if choice.value == "auto")
    assert automatic.name_localizations[spain] == "automático (idioma de Discord)"


async def test_a_brazilian_freelancer_reads_the_contract_and_the_dm_in_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    added = await discord_server.command(
        ana, "contract add", {"title": "Logo", "client": "Dana", "price": "1.250,50", "currency": "BRL"}
    )
    assert f"R${NBSP}1.250,50" in added.text
    await discord_server.command(
        ana, "milestone add", {"contract": "Logo", "title": "Esboços", "amount": "500,25", "due": "in 3 days"}
    )

    view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    for words in ("Dana · Upwork · combinado", "ativo", f"R${NBSP}500,25 · sem depósito", "prazo <t:"):
        assert words in view.text, words
    fields = [field["name"] for field in view.embeds[0]["fields"]]
    assert fields[:3] == ["Milestones", "Dinheiro (BRL)", "Revisão"]
    assert f"Ainda sem depósito: **R${NBSP}500,25**" in view.text

    (dm,) = await discord_server.wait_for_dm(ana, timeout=GUARD)
    assert dm.embeds[0]["title"] == "Prazo chegando e sem depósito"
    assert "Dana ainda não depositou" in dm.text and f"R${NBSP}500,25" in dm.text
    assert [b.label for b in dm.buttons] == ["Marcar depósito", "Adiar…", "Silenciar este milestone"]


async def test_a_long_contract_pages_in_portuguese_within_discords_limits_and_refuses_others_in_theirs(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    lucia = _speaking(discord_server, "lucia", "es-ES")
    title = "Reconstrução " + "*_~|>" * 17  # 100 characters, each of these escaped in what is shown
    await discord_server.command(
        ana, "contract add", {"title": title, "client": "Dana", "price": "1.000.000"}
    )
    for number in range(35):
        await discord_server.command(
            ana,
            "milestone add",
            {"contract": title, "title": f"M{number:02d} " + "*_~|>" * 19, "amount": f"{10_000 + number}"},
        )

    viewed = await discord_server.command(ana, "contract view", {"contract": title})
    pages = await read_pages(discord_server, ana, viewed)  # each page checked against Discord's limits

    assert len(pages) >= 2
    assert f"Página 1 de {len(pages)}" in pages[0] and f"Página {len(pages)} de {len(pages)}" in pages[-1]
    text = "\n".join(pages)
    for number in range(35):
        assert (
            text.count(f"M{number:02d} ") == 1 and f"US${NBSP}{10_000 + number:,}".replace(",", ".") in text
        )
    assert "Milestones (continuação)" in text
    refused = await discord_server.press(lucia, viewed, label="◀", forged=True)
    assert refused.ephemeral and "Estas páginas no son tuyas" in refused.text


async def test_a_press_on_a_portuguese_reminder_is_answered_in_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        ana, "milestone add", {"contract": "Logo", "title": "Esboços", "amount": "50", "due": "in 3 days"}
    )
    (dm,) = await discord_server.wait_for_dm(ana, timeout=GUARD)

    await discord_server.press(ana, dm, label="Marcar depósito")
    assert "**Esboços** está marcado com depósito." in dm.text
    assert "Cancelei os lembretes de depósito dele." in dm.text


async def test_a_spanish_freelancer_reads_euros_and_hitos(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    await discord_server.command(
        lucia, "contract add", {"title": "Web", "client": "Pablo", "price": "2.000", "currency": "EUR"}
    )
    await discord_server.command(
        lucia,
        "milestone add",
        {"contract": "Web", "title": "Maqueta", "amount": "1.250,50", "due": "in 3 days"},
    )
    view = await discord_server.command(lucia, "contract view", {"contract": "Web"})
    assert f"Pablo · Upwork · acordado 2.000,00{NBSP}€ · activo" in view.text
    assert f"1.250,50{NBSP}€ · sin financiar" in view.text
    assert "Los hitos suman" in view.text  # 1.250,50 of 2.000,00: the rest is in no hito

    (dm,) = await discord_server.wait_for_dm(lucia, timeout=GUARD)
    assert dm.embeds[0]["title"] == "Vence pronto y sin financiar"
    assert [b.label for b in dm.buttons] == ["Marcar financiado", "Posponer…", "Silenciar este hito"]


async def test_settings_language_overrides_discords_and_reminders_follow_it(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    chosen = await discord_server.command(ana, "settings language", {"language": "en-US"})
    assert "in English" in chosen.text
    await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    assert "Dana · Upwork · agreed $150.00 · active" in view.text

    await discord_server.command(
        ana, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"}
    )
    (dm,) = await discord_server.wait_for_dm(ana, timeout=GUARD)
    assert dm.embeds[0]["title"] == "Due soon and not funded"

    back = await discord_server.command(ana, "settings language", {"language": "auto"})
    assert "no idioma do seu Discord" in back.text
    view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    assert "combinado" in view.text


@pytest.mark.parametrize(
    ("locale", "typed", "question"),
    [("pt-BR", "1,250", "`1,250` pode ser 1250"), ("en-US", "1.250", "`1.250` could mean 1,250")],
)
async def test_an_amount_that_reads_two_ways_in_the_users_locale_is_asked_about_and_nothing_is_saved(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, locale: str, typed: str, question: str
) -> None:
    user = _speaking(discord_server, "user", locale)
    asked = await discord_server.command(
        user, "contract add", {"title": "Logo", "client": "Dana", "price": typed}
    )
    assert asked.ephemeral and question in asked.text  # asked in the user's language
    listed = await discord_server.command(user, "contract list")
    assert "Logo" not in listed.text


async def test_reminder_dms_follow_the_language_of_the_last_interaction(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    user = _speaking(discord_server, "sam", "pt-BR")
    await discord_server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    user.locale = "es-ES"  # they switched Discord to Spanish
    await discord_server.command(
        user, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"}
    )
    (dm,) = await discord_server.wait_for_dm(user, timeout=GUARD)
    assert dm.embeds[0]["title"] == "Vence pronto y sin financiar"
    assert "US$" in dm.text  # a dollar amount, as Spanish writes it: `50,00 US$`


async def test_settings_view_shows_the_language_chosen_or_followed(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    user = _speaking(discord_server, "sam", "de")
    await discord_server.command(user, "settings currency", {"code": "EUR"})  # something saved: a locale seen
    shown = await discord_server.command(user, "settings view")
    assert "Language\nautomatic (de)" in shown.text
    await discord_server.command(user, "settings language", {"language": "es-ES"})
    shown = await discord_server.command(user, "settings view")
    assert "Idioma\nEspañol (España)" in shown.text  # chosen: the view itself is in Spanish


async def test_a_chosen_language_outlives_a_restart_and_goes_with_privacy_delete(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await discord_server.command(ana, "settings language", {"language": "es-ES"})
        await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})

    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
        assert "acordado" in view.text  # Spanish, as chosen, though Discord says Portuguese
        prompt = await discord_server.command(ana, "privacy delete")
        await discord_server.press(ana, prompt, label="Borrar todo")
        await discord_server.command(ana, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
        view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
        assert "combinado" in view.text  # the choice went with the rest: Discord's language again
