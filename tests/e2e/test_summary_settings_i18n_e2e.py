"""/summary, /settings, /reminders list and the snooze menu of a reminder DM in the user's language, end to
end through the real client: a Brazilian and a Spanish freelancer read every heading, line and button in
their own language, amounts as their locale writes them, and commands by the names their Discord shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord, selects_of
from tests.e2e.scheduling import GUARD, settled

NBSP = "\xa0"  # babel keeps a symbol and its number together: `R$ 1.250,50`, `1.250,50 €`


@dataclass(frozen=True)
class Speaker:
    """A freelancer whose Discord speaks `locale`, and what the bot's replies say to them."""

    locale: str
    currency: str
    zone: str
    sketches: str  # the milestone's title, as they would type it
    money: dict[str, str]  # an amount as typed -> as shown
    summary: tuple[str, ...]
    attention: tuple[str, ...]
    settings: tuple[str, ...]
    quiet_set: str
    listed: tuple[str, ...]
    snooze_button: str
    snooze_options: list[str]
    snooze_note: str
    snoozed: tuple[str, str]  # the note after choosing, the disabled button left in the row
    refused: tuple[str, ...]


BRAZIL = Speaker(
    locale="pt-BR",
    currency="BRL",
    zone="America/Sao_Paulo",
    sketches="Esboços",
    money={"500,25": f"R${NBSP}500,25", "250": f"R${NBSP}250,00", "1.250,50": f"R${NBSP}1.250,50"},
    summary=(
        "Seu resumo",
        "Totais em BRL",
        f"Ainda sem depósito: **R${NBSP}750,25**",
        f"Milestones: **R${NBSP}750,25** dos **R${NBSP}1.250,50** combinados",
        f"**Logo** · liberado R${NBSP}0,00 · em escrow R${NBSP}0,00 · ainda sem depósito R${NBSP}750,25",
        "Próximos prazos",
        " · prazo · Esboços (Logo)",
    ),
    attention=("⚠️ Precisa de atenção", "**Paleta** (Logo) venceu <t:", "e ainda está sem depósito"),
    settings=(
        "Suas configurações",
        "Fuso horário\nAmerica/Sao_Paulo (lá agora são ",
        "Moeda padrão\nBRL",
        "Lembretes por DM\nativado",
        "Horário de silêncio\ndas 22:00 às 07:00",
        "Antecedência dos lembretes",
        "/configurações lembretes tipo:… antecedência:…",
    ),
    quiet_set="Horário de silêncio definido: das 22:00 às 07:00 no seu fuso horário.",
    listed=(
        "Seus próximos lembretes",
        "**Esboços** em Logo: sem depósito, vence em",
        "Horário de silêncio das 22:00 às 07:00 (America/Sao_Paulo)",
        "Mude com `/configurações lembretes tipo:… antecedência:…`",
    ),
    snooze_button="Adiar…",
    snooze_options=["Daqui a 1 hora", "Daqui a 3 horas", "Amanhã de manhã", "Outro horário…"],
    snooze_note="Escolha quando devo te lembrar de novo. O menu para antes de <t:",
    snoozed=("💤 Vou te lembrar de novo <t:", "Adiado"),
    refused=(
        "⚠️ Não consegui te entregar 1 lembrete: o Discord me disse que suas mensagens diretas estão fechadas",
        "Configurações de privacidade",
        "`/lembretes listar` mostra o que vem pela frente",
    ),
)
SPAIN = Speaker(
    locale="es-ES",
    currency="EUR",
    zone="Europe/Madrid",
    sketches="Bocetos",
    money={"500,25": f"500,25{NBSP}€", "250": f"250,00{NBSP}€", "1.250,50": f"1.250,50{NBSP}€"},
    summary=(
        "Tu resumen",
        "Totales en EUR",
        f"Aún sin financiar: **750,25{NBSP}€**",
        f"Hitos: **750,25{NBSP}€** de los **1.250,50{NBSP}€** acordados",
        f"**Logo** · liberado 0,00{NBSP}€ · en escrow 0,00{NBSP}€ · aún sin financiar 750,25{NBSP}€",
        "Próximos plazos",
        " · vence · Bocetos (Logo)",
    ),
    attention=("⚠️ Requiere atención", "**Paleta** (Logo) vencía <t:", "y sigue sin financiar"),
    settings=(
        "Tus ajustes",
        "Zona horaria\nEurope/Madrid (allí son ahora las ",
        "Moneda predeterminada\nEUR",
        "Recordatorios por MD\nactivado",
        "Horas de silencio\nde 22:00 a 07:00",
        "Antelación de los recordatorios",
        "/ajustes recordatorios tipo:… antelación:…",
    ),
    quiet_set="Horas de silencio configuradas: de 22:00 a 07:00 en tu zona horaria.",
    listed=(
        "Tus próximos recordatorios",
        "**Bocetos** en Logo: sin financiar, vence en",
        "Horas de silencio de 22:00 a 07:00 (Europe/Madrid)",
        "Cámbiala con `/ajustes recordatorios tipo:… antelación:…`",
    ),
    snooze_button="Posponer…",
    snooze_options=["Dentro de 1 hora", "Dentro de 3 horas", "Mañana por la mañana", "Otro momento…"],
    snooze_note="Elige cuándo te lo vuelvo a recordar. El menú termina antes de <t:",
    snoozed=("💤 Te lo recordaré de nuevo <t:", "Pospuesto"),
    refused=(
        "⚠️ No he podido entregarte 1 recordatorio: Discord me ha dicho que tus mensajes directos están cerrados",
        "Ajustes de privacidad",
        "`/recordatorios listar` te muestra lo que viene",
    ),
)
SPEAKERS = [pytest.param(BRAZIL, id="pt-BR"), pytest.param(SPAIN, id="es-ES")]


def _speaking(server: LocalDiscord, speaker: Speaker) -> FakeUser:
    user = server.add_user(f"freelancer-{speaker.locale}")
    user.locale = speaker.locale
    return user


def _all_in(words: tuple[str, ...], text: str) -> None:
    for expected in words:
        assert expected in text, (expected, text)


@pytest.mark.parametrize("speaker", SPEAKERS)
async def test_summary_settings_and_reminders_list_speak_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, speaker: Speaker
) -> None:
    user = _speaking(discord_server, speaker)
    await discord_server.command(user, "settings currency", {"code": speaker.currency})
    await discord_server.command(user, "settings timezone", {"zone": speaker.zone})
    await discord_server.command(
        user, "contract add", {"title": "Logo", "client": "Dana", "price": "1.250,50"}
    )
    await discord_server.command(
        user,
        "milestone add",
        {"contract": "Logo", "title": speaker.sketches, "amount": "500,25", "due": "in 3 days"},
    )
    await discord_server.command(
        user, "milestone add", {"contract": "Logo", "title": "Paleta", "amount": "250", "due": "2 days ago"}
    )

    summary = await discord_server.command(user, "summary")
    _all_in(speaker.summary + speaker.attention, summary.text)
    assert "Totals" not in summary.text and "released" not in summary.text

    quiet = await discord_server.command(user, "settings quiet-hours", {"start": "22:00", "end": "7:00"})
    assert speaker.quiet_set in quiet.text
    shown = await discord_server.command(user, "settings view")
    _all_in(speaker.settings, shown.text)
    assert "Your settings" not in shown.text

    listed = await discord_server.command(user, "reminders list")
    _all_in(speaker.listed, listed.text)
    assert "upcoming reminders" not in listed.text


@pytest.mark.parametrize("speaker", SPEAKERS)
async def test_a_snooze_on_a_reminder_dm_answers_in_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, speaker: Speaker
) -> None:
    user = _speaking(discord_server, speaker)
    await discord_server.command(
        user,
        "contract add",
        {"title": "Logo", "client": "Dana", "price": "1.250,50", "currency": speaker.currency},
    )
    await discord_server.command(
        user,
        "milestone add",
        {"contract": "Logo", "title": speaker.sketches, "amount": "500,25", "due": "in 3 days"},
    )
    (dm,) = await discord_server.wait_for_dm(user, timeout=GUARD)
    assert speaker.money["500,25"] in dm.text

    menu = await discord_server.press(user, dm, label=speaker.snooze_button)
    (select,) = selects_of(menu.components)
    assert select.options == speaker.snooze_options
    assert speaker.snooze_note in menu.text

    snoozed = await discord_server.choose(user, dm, speaker.snooze_options[0])
    note, done = speaker.snoozed
    assert note in snoozed.text
    assert [(b.label, b.disabled) for b in snoozed.buttons] == [(done, True)]

    clock.advance(timedelta(hours=1, seconds=1))  # it comes back, still in their language
    again = (await discord_server.wait_for_dm(user, count=2, timeout=GUARD))[-1]
    assert speaker.sketches in again.text and speaker.money["500,25"] in again.text
    assert again.buttons[1].label == speaker.snooze_button


@pytest.mark.parametrize("speaker", SPEAKERS)
async def test_closed_dms_are_told_in_the_users_language(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, speaker: Speaker
) -> None:
    user = _speaking(discord_server, speaker)
    discord_server.faults.refuse_dms(user)
    await discord_server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        user,
        "milestone add",
        {"contract": "Logo", "title": speaker.sketches, "amount": "50", "due": "in 3 days"},
    )
    await settled(milestone_bot)

    summary = await discord_server.command(user, "summary")
    (notice,) = await summary.wait_followups(1, timeout=GUARD)
    assert notice.ephemeral
    _all_in(speaker.refused, notice.text)
