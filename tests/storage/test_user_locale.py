"""The user's language is stored with their settings: Discord's locale of their last interaction, and the
one they chose with `/settings language`, which wins."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.users import UserSettings
from storage.database import Database
from storage.users import Users

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


async def test_the_last_locale_and_the_chosen_language_are_saved_and_read_back(db: Database) -> None:
    async with db.write() as conn:
        await Users(conn).remember_locale(7, "pt-BR")  # nobody stored yet: nothing is created for it
        assert (await Users(conn).get(7)).last_locale is None
        await Users(conn).ensure(7, NOW)
        await Users(conn).remember_locale(7, "pt-BR")
    async with db.read() as conn:
        settings = await Users(conn).get(7)
        assert (settings.last_locale, settings.language, settings.locale) == ("pt-BR", None, "pt-BR")
    async with db.write() as conn:
        await Users(conn).update(7, NOW, language="es-ES")
    async with db.read() as conn:
        assert (await Users(conn).get(7)).locale == "es-ES"
        assert (await Users(conn).of_users([7, 8]))[8].locale == "en-US"  # never seen: English


def test_a_chosen_language_wins_over_discords_and_english_is_the_default() -> None:
    assert UserSettings(1).locale == "en-US"
    assert UserSettings(1, last_locale="de").locale == "de"
    assert UserSettings(1, last_locale="de", language="pt-BR").locale == "pt-BR"
