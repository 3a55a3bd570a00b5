"""The languages users chose with `/settings language`, kept in memory.

Every interaction needs its user's before the command runs; reading it from the database each time would
queue behind the readers the commands themselves use. Only users who chose one are kept (a few), loaded
at start and changed here by the services that change them.
"""

from __future__ import annotations

from bot.services.work import Store
from storage.users import Users


class ChosenLanguages:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._chosen: dict[int, str] = {}

    async def load(self) -> None:
        async with self._store.db.read() as conn:
            self._chosen = await Users(conn).chosen_languages()

    def of(self, user_id: int) -> str | None:
        """The language the user chose; None when they follow Discord's."""
        return self._chosen.get(user_id)

    def chose(self, user_id: int, language: str | None) -> None:
        """After it is saved: a language, or None for automatic (and for a user whose data is deleted)."""
        if language is None:
            self._chosen.pop(user_id, None)
        else:
            self._chosen[user_id] = language
