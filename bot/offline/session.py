"""One offline session: the local Discord server, the real bot on a virtual clock, and you as its user.

Everything runs in this process. Lines are handled one at a time: a slash command, a button's number,
or a `:meta` command; after each, the session waits until reminders that became due have gone out, so
their DMs appear right after the line that caused them. DMs that arrive while you are idle (the clock
also follows real time) are drawn as they come.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from bot.clock import ManualClock
from bot.i18n.speaking import _, speaking
from bot.localdiscord import InteractionResult, LocalDiscord, Message, running_bot
from bot.offline import help_text
from bot.offline.catalog import Catalog, SlashCommand
from bot.offline.complete import Suggestion, suggestions
from bot.offline.durations import describe, parse_duration
from bot.offline.files import FOLDER_NAME, AttachmentFolder
from bot.offline.markdown import Reader
from bot.offline.parse import LineError, parse_command
from bot.offline.screen import Screen
from bot.offline.zone import computer_zone_name, stored_zone
from bot.settings import Settings

log = logging.getLogger(__name__)

USER_NAME = "you"
# The same Discord id in every session, so a database kept with --database still holds your contracts.
# It is a snowflake from 2020: ids the local Discord makes now are from the present and never collide.
USER_ID = 754_679_440_998_400_001
# How long to wait for reminders that became due to go out before showing the prompt again.
SETTLE_TIMEOUT = 5.0
BOT_TIMEOUT = 10.0
# Reminders stopped at in one :advance; more than this many go out together at its end.
MAX_STOPS = 200
_QUIT = frozenset({":quit", ":q", ":exit"})


class OfflineSession:
    def __init__(
        self,
        console: Console,
        *,
        database: str | None = None,
        files: Path | None = None,
        locale: str = "en-US",
    ) -> None:
        """`files`: the folder attachments are saved to (`milestone-bot-files/` here unless given);
        `locale`: your Discord language, which the bot answers in and the dates are shown in."""
        self.clock = ManualClock(follow_real_time=True)
        self.zone_name = "UTC"  # until the bot says which zone you have (see _align_zone)
        self.zone = ZoneInfo(self.zone_name)
        self.server = LocalDiscord()
        self.user = self.server.add_user(USER_NAME, user_id=USER_ID)
        self.user.locale = locale
        self.locale = locale
        reader = Reader(self.zone, self.clock.now, self._name_of, locale=locale)
        self.screen = Screen(console, reader, AttachmentFolder(files or Path.cwd() / FOLDER_NAME))
        self.catalog = Catalog([])
        self._database = database
        self._stack = contextlib.AsyncExitStack()
        self._busy = False
        self._pending: list[Message] = []
        self.last_result: InteractionResult | None = None
        self.failures = 0  # lines the bot or the local Discord refused: the demo's smoke test counts them

    # -- life --------------------------------------------------------------------------------

    async def __aenter__(self) -> OfflineSession:
        try:
            await self._start()
        except BaseException:
            await self._stack.aclose()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._stack.aclose()

    async def _start(self) -> None:
        from bot.app import MilestoneBot  # the bot's import pulls in discord.py and every cog

        path = self._database
        if path is None:
            folder = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="milestone-bot-"))
            path = str(Path(folder) / "milestone-bot.db")
        self.database_path = path
        settings = Settings(discord_token=None, database_path=path, log_level="WARNING", dev_guild_id=None)
        # The command-sync bookkeeping in the database is for real Discord: leave it alone here.
        bot = MilestoneBot(settings, clock=self.clock, sync_commands=False)
        self.bot = bot
        await self._stack.enter_async_context(self.server)
        await self._stack.enter_async_context(running_bot(self.server, bot, timeout=BOT_TIMEOUT))
        await bot.tree.sync()
        # Typed by their English names or by the names your Discord language shows, as replies name them.
        self.catalog = Catalog.from_synced(self.server.commands, self.locale)
        await self._align_zone()
        self.server.world.message_listeners.append(self._on_message)

    async def _align_zone(self) -> None:
        """A newcomer gets this computer's zone in the bot too, so typed and shown times agree."""
        name, fresh = await stored_zone(self.bot.db, self.user.id)
        local = computer_zone_name()
        if fresh and local and local != name and self.catalog.get("settings timezone"):
            await self.server.command(self.user, "settings timezone", {"zone": local}, timeout=BOT_TIMEOUT)
            name = local
        self._use_zone(name)

    async def _follow_zone(self) -> None:
        """After each line: `/settings timezone` may have changed the zone dates are shown in."""
        name, _ = await stored_zone(self.bot.db, self.user.id)
        if name != self.zone_name:
            self._use_zone(name)

    def _use_zone(self, name: str) -> None:
        self.zone_name, self.zone = name, ZoneInfo(name)
        self.screen.reader = replace(self.screen.reader, zone=self.zone)

    # -- lines -------------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Runs one line; False when the user asked to leave."""
        self._busy = True
        try:
            if line.strip() in _QUIT:
                return False
            await self._dispatch(line)
            await self.settle()
            await self._follow_zone()
        except LineError as problem:
            self.failures += 1
            self.screen.error(str(problem))
        except AssertionError as refused:
            # The local Discord refuses what a Discord client would not send, or the bot failed to answer.
            self.failures += 1
            self.screen.error(str(refused))
        finally:
            self._busy = False
            self._flush()
        return True

    async def _dispatch(self, typed: str) -> None:
        line = typed.strip()
        if not line:
            return
        if line.isdigit():
            await self._press(int(line))
        elif line.startswith(":"):
            # Not stripped at the end: `:complete /contract add ` lists options, as Tab after a space does.
            await self._meta(typed.lstrip())
        elif line.startswith("/"):
            invocation = parse_command(line, self.catalog)
            result = await self.server.command(
                self.user, invocation.path, invocation.sent_values, timeout=BOT_TIMEOUT
            )
            self._show_result(result)
        else:
            raise LineError("type a slash command such as `/help`, a button's number, or `:help`.")

    async def _press(self, number: int) -> None:
        pressable = self.screen.buttons.get(number)
        if pressable is None:
            raise LineError(f"there is no button [{number}] on screen.")
        if pressable.gone:
            raise LineError(f"button [{number}] ({pressable.label}) is no longer there: its message changed.")
        result = await self.server.press(
            self.user, pressable.message, custom_id=pressable.custom_id, timeout=BOT_TIMEOUT
        )
        self._show_result(result)

    def label_of(self, number: int) -> str | None:
        pressable = self.screen.buttons.get(number)
        return pressable.label if pressable else None

    def number_of(self, label: str) -> int | None:
        """The number of the newest button on screen with this label (for the demo)."""
        return self.screen.buttons.newest(label)

    def number_of_id(self, pattern: str) -> int | None:
        """The number of the newest button on screen whose custom_id matches `pattern` (for the demo, in
        any language)."""
        return self.screen.buttons.newest_id(pattern)

    def _show_result(self, result: InteractionResult) -> None:
        self.last_result = result
        if result.message is not None:
            self._show(result.message)
        for followup in result.followups:
            self._show(followup)
        if result.modal is not None:
            # Forms (/faq-admin set without a body) can't be filled here; say so rather than show nothing.
            with speaking(self.locale):
                note = _("The bot opened a form ({title}): forms work only in Discord.")
            self.screen.note(note.format(title=result.modal.get("title", "")))

    # -- meta commands -------------------------------------------------------------------------

    async def _meta(self, line: str) -> None:
        name, _, rest = line.rstrip().partition(" ")
        if name == ":help":
            self.screen.say(help_text.render(self.catalog))
        elif name == ":now":
            self.screen.say(Text(f"The bot's clock: {self._clock_text(self.clock.now())}"))
        elif name == ":advance":
            await self._advance(parse_duration(rest))
        elif name == ":complete":
            await self._print_completions(line.partition(" ")[2])  # all of it, up to a trailing space
        else:
            raise LineError(f"there is no {name}. Try :help, :advance 3d, :now, :complete, :quit.")

    async def _advance(self, span: timedelta) -> None:
        """Moves the clock forward, stopping at each reminder due on the way so that it goes out at its
        own moment (as it would had the time really passed) rather than all at the end, late."""
        target = self.clock.now() + span
        self.screen.say(Text(f"⏩ {describe(span)} later: {self._clock_text(target)}", style="bold"))
        for _stop in range(MAX_STOPS):
            due = await self._next_reminder_at()
            if due is None or due > target:
                break
            if due > self.clock.now():
                self.clock.advance(due - self.clock.now())
            await self.settle()
            self._flush()  # now, so each DM is shown with the time it went out
            if await self._next_reminder_at() == due:
                break  # held back (quiet hours, a retry): the rest go out as the clock reaches them
        if target > self.clock.now():
            self.clock.advance(target - self.clock.now())

    async def _next_reminder_at(self) -> datetime | None:
        if self.bot.scheduler is None:
            return None
        return await self.bot.services.queue.next_due_at()

    def _clock_text(self, moment: datetime) -> str:
        # Whole minutes: the clock also follows real time, so the exact difference is a few ms short.
        ahead = timedelta(minutes=round((moment - datetime.now(UTC)).total_seconds() / 60))
        shown = self.screen.reader.moment(int(moment.timestamp()), "F")
        zone = moment.astimezone(self.zone).tzname() or ""
        return f"{shown} {zone}" + (f" ({describe(ahead)} ahead of real time)" if ahead else "")

    async def _print_completions(self, partial: str) -> None:
        """Each thing Tab would offer, as the line it makes, then what the menu says about it."""
        found = await self.complete(partial)
        if not found:
            self.screen.note("(nothing to offer here)")
        for suggestion in found:
            shown = Text(f"  {suggestion.applied_to(partial)}".rstrip())
            if suggestion.display.strip() != suggestion.text.strip():
                shown.append(f"   {suggestion.display}", style="dim")
            if suggestion.meta:
                shown.append(f"   {suggestion.meta}", style="dim")
            self.screen.say(shown)

    # -- completion ----------------------------------------------------------------------------

    async def complete(self, line: str) -> list[Suggestion]:
        return await suggestions(line, self.catalog, self._ask_bot)

    async def _ask_bot(
        self, command: SlashCommand, values: dict[str, Any], focused: str, typed: str
    ) -> list[dict[str, Any]]:
        try:
            sent = command.sent_values({**values, focused: typed})
            focused_sent = command.option(focused)
            return await self.server.autocomplete(
                self.user, command.sent_as, sent, focused_sent.sent_as if focused_sent else focused
            )
        except AssertionError:
            log.debug("autocomplete of %s in /%s failed", focused, command.path, exc_info=True)
            return []

    # -- what the bot sends --------------------------------------------------------------------

    async def settle(self) -> None:
        """Waits until reminders due by the bot's clock have been handled, so their DMs show now."""
        scheduler = self.bot.scheduler
        if scheduler is not None:
            try:
                await asyncio.wait_for(scheduler.settled(), SETTLE_TIMEOUT)
            except TimeoutError:
                log.warning("reminders were still going out after %.0f s", SETTLE_TIMEOUT)
        await asyncio.sleep(0)

    def _on_message(self, event: str, message: Message) -> None:
        """Every message the local Discord stores or edits; the ones you can see are drawn."""
        if event == "delete" or message.author is not self.server.bot_user or not self._visible(message):
            return
        self._pending.append(message)
        if not self._busy:
            # Drawn after the server has finished handling the request that made it.
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for message in pending:
            self._show(message)

    def _show(self, message: Message) -> None:
        self.screen.message(message, dm=message.channel_id == self._dm_channel_id())

    def _visible(self, message: Message) -> bool:
        if message.channel_id == self._dm_channel_id():
            return True
        if message.channel_id != self.server.channel_id:
            return False
        owner = (message.interaction_metadata or {}).get("user", {}).get("id")
        return not message.ephemeral or owner == str(self.user.id)

    def _dm_channel_id(self) -> int:
        return self.server.dm_channel_id(self.user)

    def _name_of(self, user_id: int) -> str | None:
        user = self.server.world.users.get(user_id)
        return user.name if user else None
