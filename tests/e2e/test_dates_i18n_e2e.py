"""Dates typed in the user's language, end to end through the real client: a Brazilian adds a milestone
due `1 de dezembro 17:00`, a Spaniard records a step `ayer`, and each sees the moment they meant as a
Discord timestamp; what can't be read is refused with examples in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from tests.e2e.scheduling import GUARD

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday: 12:00 in São Paulo, 16:00 in Madrid


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


def stamp(moment: datetime) -> str:
    """A moment as replies show it: a Discord timestamp of its instant, in any style."""
    return f"<t:{int(moment.timestamp())}:"


def _speaking(server: LocalDiscord, name: str, locale: str) -> FakeUser:
    user = server.add_user(name)
    user.locale = locale
    return user


async def test_a_brazilian_adds_a_milestone_due_on_a_date_written_in_portuguese(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    ana = _speaking(discord_server, "ana", "pt-BR")
    await discord_server.command(ana, "settings timezone", {"zone": "America/Sao_Paulo"})
    await discord_server.command(
        ana, "contract add", {"title": "Logo", "client": "Dana", "price": "1.250,50"}
    )
    added = await discord_server.command(
        ana,
        "milestone add",
        {"contract": "Logo", "title": "Esboços", "amount": "500,25", "due": "1 de dezembro 17:00"},
    )
    assert stamp(datetime(2026, 12, 1, 17, 0, tzinfo=SAO_PAULO)) in added.text, added.text

    edited = await discord_server.command(
        ana, "milestone edit", {"contract": "Logo", "milestone": "Esboços", "due": "próxima segunda às 9h"}
    )
    # A Thursday: the coming Monday is next week's, so there is one reading.
    assert stamp(datetime(2026, 11, 30, 9, 0, tzinfo=SAO_PAULO)) in edited.text, edited.text

    # The coming Friday is tomorrow, next week's is a week later: asked, not guessed, and nothing changes.
    asked = await discord_server.command(
        ana, "milestone edit", {"contract": "Logo", "milestone": "Esboços", "due": "próxima sexta às 9h"}
    )
    assert asked.ephemeral
    assert "pode ser o dia desta semana ou o da semana que vem" in asked.text, asked.text
    shown = await discord_server.command(ana, "contract view", {"contract": "Logo"})
    assert f"<t:{int(datetime(2026, 11, 30, 9, 0, tzinfo=SAO_PAULO).timestamp())}:" in shown.text, shown.text

    refused = await discord_server.command(
        ana, "milestone edit", {"contract": "Logo", "milestone": "Esboços", "due": "segunda semana"}
    )
    assert refused.ephemeral
    assert "Não consegui ler `segunda semana` como uma data" in refused.text, refused.text
    assert "`1 de dezembro 17:00`, `amanhã` ou `em 3 dias`" in refused.text


async def test_a_spaniard_records_a_step_yesterday_in_spanish(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    await discord_server.command(lucia, "settings timezone", {"zone": "Europe/Madrid"})
    await discord_server.command(lucia, "contract add", {"title": "Web", "client": "Dana", "price": "300"})
    added = await discord_server.command(
        lucia,
        "milestone add",
        {"contract": "Web", "title": "Bocetos", "amount": "100", "due": "el próximo lunes"},
    )
    # `el próximo lunes` from a Thursday: the coming Monday, next week's, at the end of that day.
    assert stamp(datetime(2026, 11, 30, 23, 59, tzinfo=MADRID)) in added.text, added.text
    target = {"contract": "Web", "milestone": "Bocetos"}
    funded = await discord_server.command(lucia, "milestone fund", {**target, "date": "ayer"})
    assert stamp(datetime(2026, 11, 25, 0, 0, tzinfo=MADRID)) in funded.text, funded.text

    submitted = await discord_server.command(lucia, "milestone submit", {**target, "date": "hoy a las 9"})
    # Upwork's 14-day review counts from the moment she typed: today at 09:00 in Madrid.
    review_ends = datetime(2026, 11, 26, 9, 0, tzinfo=MADRID) + timedelta(days=14)
    assert f"la revisión termina {stamp(review_ends)}" in submitted.text, submitted.text

    # `la mañana` is the morning, not tomorrow: refused, with examples she can type.
    refused = await discord_server.command(lucia, "milestone release", {**target, "date": "la mañana"})
    assert refused.ephemeral
    assert "No he podido leer `la mañana` como fecha" in refused.text, refused.text
    assert "`mañana` o `en 3 días`" in refused.text


async def test_a_spaniard_snoozes_a_reminder_until_a_time_written_in_spanish(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    lucia = _speaking(discord_server, "lucia", "es-ES")
    await discord_server.command(lucia, "settings timezone", {"zone": "Europe/Madrid"})
    await discord_server.command(lucia, "contract add", {"title": "Web", "client": "Dana", "price": "300"})
    await discord_server.command(
        lucia, "milestone add", {"contract": "Web", "title": "Bocetos", "amount": "100", "due": "en 3 días"}
    )
    (dm,) = await discord_server.wait_for_dm(lucia, timeout=GUARD)  # due in 3 days and not funded

    await discord_server.press(lucia, dm, label="Posponer…")
    asked = await discord_server.choose(lucia, dm, "Otro momento…")
    assert asked.modal is not None
    await discord_server.submit_modal(lucia, asked, {"Cuándo": "mañana a las 9"})
    assert stamp(datetime(2026, 11, 27, 9, 0, tzinfo=MADRID)) in dm.text, dm.text
