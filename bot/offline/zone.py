"""Which time zone the offline session reads and shows dates in.

The bot reads dates you type in your `/settings timezone`; the terminal shows Discord timestamps in a zone
too. Both are the same zone here, so `due:today 17:00` shows as 17:00: a newcomer starts in this
computer's zone, and the display follows whatever `/settings timezone` is later set to.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.users import UserSettings
from storage.backend import Backend
from storage.users import Users

LOCALTIME = Path("/etc/localtime")


def computer_zone_name(environ: dict[str, str] | None = None, localtime: Path = LOCALTIME) -> str | None:
    """This computer's IANA zone name (`TZ`, else where /etc/localtime points), or None if it has none."""
    env = os.environ if environ is None else environ
    candidates = [env.get("TZ", "").removeprefix(":")]
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and _known(name):
            return name
    return None


async def stored_zone(db: Backend, user_id: int) -> tuple[str, bool]:
    """The user's zone as the bot has it, and whether they have never changed any setting."""
    async with db.read() as conn:
        settings = await Users(conn).get(user_id)
    return settings.timezone, settings == UserSettings(user_id=user_id)


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
