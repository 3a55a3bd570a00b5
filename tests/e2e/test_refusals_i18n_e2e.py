"""Refusals in the user's language, end to end through the real client: what the domain refuses reads in
pt-BR and es-ES, with amounts as that language writes them and commands by their localized names, and
nothing is saved; Track as milestone reads a client's `R$ 1.250,50` as the reader's locale writes it."""

from __future__ import annotations

from typing import Any

from bot.app import MilestoneBot
from bot.domain.money import Money, parse_money
from bot.localdiscord import FakeUser, LocalDiscord

NBSP = "\xa0"  # babel keeps a symbol and its number together: `R$ 1.250,50`
MENU = "Track as milestone"


def _speaking(server: LocalDiscord, name: str, locale: str) -> FakeUser:
    user = server.add_user(name)
    user.locale = locale
    return user


async def test_a_brazilian_freelancer_is_refused_in_portuguese_with_the_amount_in_reais(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    refused = await discord_server.command(
        ana, "contract add", {"title": "Logo", "client": "Dana", "price": "9.999.999.999", "currency": "BRL"}
    )
    assert refused.ephemeral
    assert refused.text == (
        f"`9.999.999.999` é mais do que consigo acompanhar: no máximo R${NBSP}1.000.000.000,00."
    )
    listed = await discord_server.command(ana, "contract list")
    assert "Logo" not in listed.text


async def test_a_spanish_freelancer_is_refused_in_spanish_naming_the_commands_that_work(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    await discord_server.command(
        lucia, "contract add", {"title": "Web", "client": "Dana", "price": "2.500", "currency": "EUR"}
    )
    target = {"contract": "Web", "milestone": "Diseño"}
    await discord_server.command(
        lucia, "milestone add", {"contract": "Web", "title": "Diseño", "amount": "1.250,50"}
    )
    await discord_server.command(lucia, "milestone fund", target)

    again = await discord_server.command(lucia, "milestone fund", target)
    assert again.ephemeral and again.text == "Este hito ya está financiado."
    edited = await discord_server.command(lucia, "milestone edit", {**target, "amount": "1.300"})
    assert edited.ephemeral
    assert edited.text.startswith(f"El cliente financió 1.250,50{NBSP}€ para este hito")
    assert "`/hito liberar`" in edited.text and "`/hito añadir`" in edited.text

    view = await discord_server.command(lucia, "contract view", {"contract": "Web"})
    assert f"1.250,50{NBSP}€" in view.text and "1.300" not in view.text  # nothing changed


def _amount_field(modal: dict[str, Any]) -> str:
    """The prefilled text input that holds an amount (whatever its label says in the reader's language)."""
    values = [
        item.get("value") or ""
        for top in modal["components"]
        for item in top.get("components") or [top.get("component") or {}]
        if item.get("type") == 4
    ]
    (amount,) = [value for value in values if "R$" in value or "BRL" in value]
    return amount


async def test_track_as_milestone_reads_a_clients_reais_as_the_brazilian_reader_writes_them(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    dana = discord_server.add_user("Dana")
    await discord_server.command(
        ana, "contract add", {"title": "Logo", "client": "Dana", "price": "2.000", "currency": "BRL"}
    )
    message = discord_server.post(dana, "Oi Ana! Fechado: o logo sai por R$ 1.250,50.")

    opened = await discord_server.message_command(ana, MENU, message)
    assert opened.modal is not None
    assert parse_money(_amount_field(opened.modal), "BRL", "pt-BR") == Money(125_050, "BRL")

    prompt = await discord_server.submit_modal(ana, opened, {})
    await discord_server.choose(ana, prompt, "Logo")
    add = prompt.buttons[0]
    await discord_server.press(ana, prompt, custom_id=add.custom_id)
    view = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    assert f"R${NBSP}1.250,50 · sem depósito" in view.text
