"""Command localizations as Discord takes them: kept on a bulk overwrite, checked like the names and
descriptions they stand for, and left out of GET unless asked for with `with_localizations`."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord.http import Route

from bot.localdiscord import LocalDiscord
from tests.localdiscord.sample_bot import SampleBot


def _command(**extra: Any) -> dict[str, Any]:
    return {
        "name": "contract",
        "description": "Your contracts",
        "name_localizations": {"pt-BR": "contrato", "es-ES": "contrato"},
        "description_localizations": {"pt-BR": "Seus contratos"},
        "options": [
            {"type": 3, "name": "title", "description": "Title", "name_localizations": {"pt-BR": "título"}},
            {
                "type": 3,
                "name": "status",
                "description": "Which",
                "choices": [
                    {"name": "active", "value": "active", "name_localizations": {"es-ES": "activos"}}
                ],
            },
        ],
        **extra,
    }


async def _put(bot: SampleBot, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert bot.application_id is not None
    return await bot.http.bulk_upsert_global_commands(bot.application_id, payload=commands)  # type: ignore[return-value]


async def test_localizations_are_kept_and_listed_only_when_asked_for(
    server: LocalDiscord, bot: SampleBot
) -> None:
    (stored,) = await _put(bot, [_command()])
    assert stored["name_localizations"] == {"pt-BR": "contrato", "es-ES": "contrato"}
    assert stored["options"][0]["name_localizations"] == {"pt-BR": "título"}

    route = Route("GET", "/applications/{application_id}/commands", application_id=bot.application_id)
    (plain,) = await bot.http.request(route)
    assert "name_localizations" not in plain and "name_localizations" not in plain["options"][0]
    assert "name_localizations" not in plain["options"][1]["choices"][0]
    (full,) = await bot.http.request(route, params={"with_localizations": "true"})
    assert full["options"][1]["choices"][0]["name_localizations"] == {"es-ES": "activos"}


@pytest.mark.parametrize(
    "broken",
    [
        _command(name_localizations={"pt-PT": "contrato"}),  # not a Discord locale
        _command(name_localizations={"pt-BR": "Contrato"}),  # a letter with a lowercase variant
        _command(name_localizations={"pt-BR": "meus contratos"}),  # a space
        _command(description_localizations={"es-ES": "x" * 101}),
        # A localized option name may not be another option's English name, nor repeat one in its locale.
        _command(
            options=[
                {"type": 3, "name": "title", "description": "T", "name_localizations": {"pt-BR": "status"}},
                {"type": 3, "name": "status", "description": "S"},
            ]
        ),
        _command(
            options=[
                {"type": 3, "name": "title", "description": "T", "name_localizations": {"es-ES": "estado"}},
                {"type": 3, "name": "status", "description": "S", "name_localizations": {"es-ES": "estado"}},
            ]
        ),
    ],
)
async def test_a_localization_that_breaks_discords_rules_is_refused(
    server: LocalDiscord, bot: SampleBot, broken: dict[str, Any]
) -> None:
    with pytest.raises(discord.HTTPException) as refused:
        await _put(bot, [broken])
    assert refused.value.status == 400 and refused.value.code == 50035
