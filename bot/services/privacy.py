"""A user's own data: everything exported as JSON, or everything deleted."""

from __future__ import annotations

import json
from typing import Any

from bot.services.languages import ChosenLanguages
from bot.services.work import Store
from storage.owners import delete_owner, owner_rows


class PrivacyService:
    def __init__(self, store: Store, languages: ChosenLanguages) -> None:
        self._store = store
        self._languages = languages

    async def export(self, owner_id: int) -> bytes:
        return json.dumps(await self.export_document(owner_id), indent=2, sort_keys=True).encode()

    async def export_document(self, owner_id: int) -> dict[str, Any]:
        """Everything stored about the owner: their id, the moment, and each table's rows."""
        async with self._store.read(owner_id) as reading:
            rows = await owner_rows(reading.conn, owner_id)
        return {"user_id": str(owner_id), "exported_at": reading.now.isoformat(), **rows}

    async def delete_everything(self, owner_id: int) -> int:
        """Contracts, milestones, history, bonuses, reminders, settings and the remembered DM channel."""
        async with self._store.work(owner_id) as work:
            deleted = await delete_owner(work.conn, owner_id)
        self._languages.chose(owner_id, None)  # their chosen language went with their settings
        # With secure_delete the freed pages are zeroed; emptying the log removes the copies it still held.
        await self._store.db.checkpoint()
        return deleted
