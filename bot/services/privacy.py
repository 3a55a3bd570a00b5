"""A user's own data: everything exported as JSON, or everything deleted."""

from __future__ import annotations

import json

from bot.services.context import ServiceContext
from storage.owners import delete_owner, owner_rows


class PrivacyService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    async def export(self, owner_id: int) -> bytes:
        async with self._context.db.read() as conn:
            rows = await owner_rows(conn, owner_id)
        document = {"user_id": str(owner_id), "exported_at": self._context.clock.now().isoformat(), **rows}
        return json.dumps(document, indent=2, sort_keys=True).encode()

    async def delete_everything(self, owner_id: int) -> int:
        """Contracts, milestones, history, reminders, settings and the remembered DM channel."""
        async with self._context.db.write() as conn:
            return await delete_owner(conn, owner_id)
