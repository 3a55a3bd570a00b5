"""SQL statements per command, counted through the real bot: `python -m bench.statements`.

The real discord.py client runs against the local Discord server on a temporary database; sqlite3's trace
callback records every statement any connection runs while one `/milestone submit` is answered (the
command, its reply and whatever the bot does after it), so a change to the data path shows as a number.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings


async def count_submit_statements(folder: Path, *, picked: bool) -> list[str]:
    """The statements of one `/milestone submit`: with the contract and milestone typed as titles, or
    `picked` from autocomplete (their `#id` values), as people mostly send them."""
    settings = Settings(
        discord_token="local-bot-token",
        database_path=str(folder / "statements.db"),
        log_level="WARNING",
        dev_guild_id=None,
    )
    async with LocalDiscord() as server:
        bot = MilestoneBot(settings, clock=ManualClock(follow_real_time=True))
        async with running_bot(server, bot):
            alice = server.add_user("alice")
            await server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
            for part in ("Sketches", "Draft", "Final"):
                await server.command(
                    alice,
                    "milestone add",
                    {"contract": "Logo", "title": part, "amount": "50", "due": "in 5 days"},
                )
            await server.command(alice, "milestone fund", {"contract": "Logo", "milestone": "Sketches"})
            target = {"contract": "Logo", "milestone": "Sketches"}
            if picked:
                (contract,) = await server.autocomplete(
                    alice, "milestone submit", {"contract": ""}, "contract"
                )
                milestone = await server.autocomplete(
                    alice,
                    "milestone submit",
                    {"contract": contract["value"], "milestone": "Sketches"},
                    "milestone",
                )
                target = {"contract": contract["value"], "milestone": milestone[0]["value"]}
            await asyncio.sleep(0.3)  # let the bot finish what the last command started
            statements: list[str] = []
            connections = bot.db.connections()
            for connection in connections:
                await connection.set_trace_callback(statements.append)
            reply = await server.command(alice, "milestone submit", target)
            await asyncio.sleep(0.2)  # what the bot does after answering (listeners) counts too
            for connection in connections:
                await connection.set_trace_callback(None)
            assert "Submitted" in reply.text, reply.text
    return statements


def main() -> None:
    for picked, how in ((False, "typed as titles"), (True, "picked from autocomplete")):
        with tempfile.TemporaryDirectory() as folder:
            statements = asyncio.run(count_submit_statements(Path(folder), picked=picked))
        for statement in statements:
            print(f"  {statement[:140]}")
        print(f"/milestone submit, contract and milestone {how}: {len(statements)} SQL statements\n")


if __name__ == "__main__":
    main()
