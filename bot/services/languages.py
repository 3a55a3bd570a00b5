"""The languages users chose with `/settings language`, kept in memory, and the Discord locales heard.

Every interaction needs its user's before the command runs; reading it from the database each time would
queue behind the readers the commands themselves use. Only users who chose one are kept (a few), loaded
at start and changed here by the services that change them.

Reminder DMs are written in the Discord locale of the user's last command (`users.last_locale`). An action
that saves something records it with what it saves; a command that only reads (`/contract view`,
`/summary`) records it here, once: this process remembers the locale it last saved for each user, so a
read writes nothing while the user's Discord language stays the same (and, after a restart, reads it once).
"""

from __future__ import annotations

import logging

from bot.services.work import Store
from storage.users import Users

log = logging.getLogger(__name__)

# Users whose saved locale this process remembers; past this the memory starts again (each user then costs
# one write that changes nothing, on their next command).
HEARD_KEPT = 100_000


class ChosenLanguages:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._chosen: dict[int, str] = {}
        self._heard: dict[int, str] = {}  # the Discord locale known to be saved as each user's last

    async def load(self) -> None:
        async with self._store.db.read() as conn:
            self._chosen = await Users(conn).chosen_languages()

    def of(self, user_id: int) -> str | None:
        """The language the user chose; None when they follow Discord's."""
        return self._chosen.get(user_id)

    def chose(self, user_id: int, language: str | None) -> None:
        """After it is saved: a language, or None for automatic (and for a user whose data is deleted)."""
        self._heard.pop(user_id, None)  # a deletion took the saved locale with it
        if language is None:
            self._chosen.pop(user_id, None)
        else:
            self._chosen[user_id] = language

    def seen(self, user_id: int, locale: str) -> None:
        """Any interaction of the user (a press too): an action it runs may save this locale, so what was
        remembered as saved holds only while it is the same."""
        if self._heard.get(user_id) != locale:
            self._heard.pop(user_id, None)

    async def heard(self, user_id: int, locale: str) -> None:
        """A command's Discord locale, saved for the user's DMs unless it is known to be saved already (a
        user the bot stores nothing of gets nothing saved). A failure is logged: the command goes on."""
        if self._heard.get(user_id) == locale:
            return
        try:
            async with self._store.db.glance() as conn:
                saved = (await Users(conn).get(user_id)).last_locale
            if saved != locale:  # after a restart, most users' is saved already: one read, no write
                async with self._store.db.write(user_id) as conn:
                    await Users(conn).remember_locale(user_id, locale)
        except Exception:
            log.warning("could not save the Discord locale of user %s", user_id, exc_info=True)
            return
        if len(self._heard) >= HEARD_KEPT:
            self._heard.clear()
        self._heard[user_id] = locale
