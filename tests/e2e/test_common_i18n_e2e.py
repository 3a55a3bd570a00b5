"""The shared parts in the user's language, end to end through the real client: the /calendar file a
Brazilian freelancer imports has its events, descriptions and alarms in Portuguese (read back with
icalendar), and /help and the Track as milestone form, its prompt and its buttons answer a Spanish-speaking
user in Spanish, with commands by their Spanish names and amounts as Spain writes them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from icalendar import Calendar

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord

NBSP = "\xa0"  # babel keeps a symbol and its number together: `R$ 50,00`, `50,00 €`
MENU = "Track as milestone"  # the English name Discord sends back, whatever the user's language
STORY = {"contract": "Legal research"}


def _speaking(server: LocalDiscord, name: str, locale: str) -> FakeUser:
    user = server.add_user(name)
    user.locale = locale
    return user


async def test_a_brazilian_freelancers_calendar_speaks_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    await discord_server.command(
        ana, "contract add", {"title": "Legal research", "client": "Dana", "price": "150", "currency": "BRL"}
    )
    for title, due in (("Case law summary", "in 3 days"), ("Draft memo", "in 10 days")):
        await discord_server.command(
            ana, "milestone add", {**STORY, "title": title, "amount": "50", "due": due}
        )
    await discord_server.command(ana, "milestone fund", {**STORY, "milestone": "Case law summary"})
    await discord_server.command(ana, "milestone submit", {**STORY, "milestone": "Case law summary"})

    reply = await discord_server.command(ana, "calendar")
    assert reply.message is not None
    assert "Seu calendário: 3 prazos pela frente" in reply.text and "`/agenda`" in reply.text
    data = reply.message.files["milestone-deadlines.ics"]
    calendar = Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "Prazos do Milestone Bot"
    assert "/agenda" in str(calendar["x-wr-caldesc"])

    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"Revisão termina: Case law summary · a Upwork libera R${NBSP}50,00",
        "Prazo: Case law summary (entregue)",
        f"Depósito antes do prazo: Draft memo (R${NBSP}50,00)",
    }
    unfunded = events[f"Depósito antes do prazo: Draft memo (R${NBSP}50,00)"]
    description = str(unfunded["description"])
    # The moment in Portuguese words, then what to do, the contract and the milestone.
    assert re.search(
        r"((segunda|terça|quarta|quinta|sexta)-feira|sábado|domingo), \d{1,2} de [a-zç]+ de 20\d\d",
        description,
    )
    assert "Dana não depositou este milestone" in description
    assert "Contrato: Legal research · Dana · Upwork" in description
    assert f"Milestone: Draft memo · R${NBSP}50,00" in description
    assert "Ajuda da Upwork: https://" in description and "Use /agenda de novo" in description
    alarms = {alarm.decoded("trigger"): str(alarm["description"]) for alarm in unfunded.walk("VALARM")}
    assert alarms[-timedelta(hours=72)] == f"Depósito antes do prazo: Draft memo (R${NBSP}50,00) (em 3 dias)"
    assert alarms[timedelta()] == f"Depósito antes do prazo: Draft memo (R${NBSP}50,00) (agora)"
    review = events[f"Revisão termina: Case law summary · a Upwork libera R${NBSP}50,00"]
    assert "a Upwork libera o pagamento sozinha" in str(review["description"])

    # Someone reading in English gets the same file in English: the language is the reader's, not the bot's.
    ben = discord_server.add_user("ben")
    await discord_server.command(ben, "contract add", {"title": "Logo", "client": "Eve", "price": "80"})
    await discord_server.command(
        ben, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "80", "due": "in 3 days"}
    )
    english = await discord_server.command(ben, "calendar")
    assert english.message is not None
    (summary,) = [
        str(e["summary"])
        for e in Calendar.from_ical(english.message.files["milestone-deadlines.ics"]).walk("VEVENT")
    ]
    assert summary == "Fund before due: Sketches ($80.00)"


async def test_help_answers_in_spanish_with_the_spanish_command_names(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    shown = await discord_server.command(lucia, "help")
    (embed,) = shown.embeds
    assert embed["title"] == "Milestone Bot"
    assert embed["description"].startswith("Llevo el control de tus contratos de precio fijo")
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert list(fields) == ["Empieza en un minuto", "Más"]
    assert fields["Empieza en un minuto"].startswith("1. `/contrato añadir` un contrato")
    assert "`/hito financiar`, `/hito entregar`, `/hito liberar`" in fields["Empieza en un minuto"]
    assert "> Aplicaciones > **Seguir como hito**" in fields["Más"] and "`/calendario`" in fields["Más"]
    assert embed["footer"]["text"].startswith("Tus contratos son privados")


def _fields(modal: dict[str, Any]) -> dict[str, str]:
    """The form's text inputs as label -> prefilled value."""
    found = {}
    for top in modal["components"]:
        for item in top.get("components") or [top.get("component") or {}]:
            if item.get("type") == 4:
                found[item["label"]] = item.get("value") or ""
    return found


def _notes(modal: dict[str, Any]) -> str:
    return "\n".join(top["content"] for top in modal["components"] if top.get("type") == 10)


async def test_the_capture_form_its_prompt_and_its_buttons_speak_spanish(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    dana = discord_server.add_user("Dana")
    message = discord_server.post(dana, "Next up: Case law summary. Budget 50 EUR, due by 2030-01-15 please.")

    none = await discord_server.message_command(lucia, MENU, message)
    assert none.modal is None
    assert none.text == (
        "No tienes ningún contrato activo al que añadir este hito. Añade uno con `/contrato añadir` y luego "
        "vuelve a usar **Seguir como hito** en el mensaje."
    )

    await discord_server.command(
        lucia,
        "contract add",
        {"title": "Legal research", "client": "Dana", "price": "150", "currency": "EUR"},
    )
    await discord_server.command(lucia, "contract add", {"title": "Logo", "client": "Eve", "price": "300"})
    opened = await discord_server.message_command(lucia, MENU, message)
    assert opened.modal is not None and opened.modal["title"] == "Seguir como hito"
    assert _fields(opened.modal) == {
        "Título del hito": "Case law summary",
        "Importe": f"50,00{NBSP}€",  # as Spain writes it, and read back exactly
        "Fecha de entrega (opcional)": "2030-01-15 23:59",
    }

    prompt = await discord_server.submit_modal(lucia, opened, {})
    assert (
        "¿Añadir Case law summary?" in prompt.text and f"Importe **50,00{NBSP}€** · vence <t:" in prompt.text
    )
    assert "Elige el contrato y pulsa Añadir hito. No se guarda nada antes." in prompt.text
    assert [(b.label, b.disabled) for b in prompt.buttons] == [("Añadir hito", True), ("Cancelar", False)]

    bob = _speaking(discord_server, "bob", "pt-BR")
    forged = await discord_server.press(bob, prompt, label="Cancelar", forged=True)
    assert forged.text == "Esta confirmação não é sua."  # told in the language of whoever pressed

    picked = await discord_server.choose(lucia, prompt, "Legal research")
    assert [(b.label, b.disabled) for b in picked.buttons] == [("Añadir hito", False), ("Cancelar", False)]
    cancelled = await discord_server.press(lucia, prompt, label="Cancelar")
    assert cancelled.text == "Cancelado. No se ha cambiado nada."

    again = await discord_server.submit_modal(
        lucia, await discord_server.message_command(lucia, MENU, message), {}
    )
    await discord_server.choose(lucia, again, "Legal research")
    await discord_server.press(lucia, again, label="Añadir hito")
    viewed = await discord_server.command(lucia, "contract view", STORY)
    assert f"**Case law summary** · 50,00{NBSP}€" in viewed.text

    # What the message leaves unclear is said in Spanish, amounts in Spain's way.
    unclear = discord_server.post(dana, "Logo sketches: 100 EUR now or 150 EUR with two rounds of changes?")
    opened = await discord_server.message_command(lucia, MENU, unclear)
    assert opened.modal is not None
    assert f"El mensaje menciona varios importes (100,00{NBSP}€, 150,00{NBSP}€)" in _notes(opened.modal)
