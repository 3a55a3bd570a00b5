"""Which gateway shards this process serves: `--shards 0-3 --shard-count 8`.

Discord routes a server's events to shard `(guild_id >> 22) % shard_count` and DMs to shard 0
(discord-api-docs, developers/events/gateway.mdx, "Sharding Formula"); several processes each serving a
range split the bot's servers between them. Without options one process serves every shard of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.settings import SettingsError

_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


@dataclass(frozen=True)
class ShardPlan:
    ids: tuple[int, ...]
    count: int

    @property
    def all_shards(self) -> bool:
        return len(self.ids) == self.count

    @property
    def serves_dms(self) -> bool:
        """DMs (and their interactions) arrive on shard 0 only."""
        return 0 in self.ids

    def describe(self) -> str:
        first, last = self.ids[0], self.ids[-1]
        span = str(first) if first == last else f"{first}-{last}"
        return f"shards {span} of {self.count}"


EVERY_SHARD_OF_ONE = ShardPlan(ids=(0,), count=1)


def shard_plan(shards: str | None, shard_count: int | None) -> ShardPlan:
    """The plan the options ask for; a SettingsError with one line when they don't make sense."""
    if shards is None and shard_count is None:
        return EVERY_SHARD_OF_ONE
    if shard_count is None:
        raise SettingsError("--shards needs --shard-count (the total number of shards, e.g. --shard-count 8)")
    if shard_count < 1:
        raise SettingsError(f"--shard-count {shard_count} should be 1 or more")
    if shards is None:
        return ShardPlan(ids=tuple(range(shard_count)), count=shard_count)
    match = _RANGE.fullmatch(shards.strip())
    if match is None:
        raise SettingsError(f"--shards {shards!r} should be a shard or a range such as 0-3")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    if first > last:
        raise SettingsError(
            f"--shards {shards!r} runs backwards: write the lower shard first ({last}-{first})"
        )
    if last >= shard_count:
        raise SettingsError(
            f"--shards {shards!r} goes past the last shard: with --shard-count {shard_count} shards are 0-{shard_count - 1}"
        )
    return ShardPlan(ids=tuple(range(first, last + 1)), count=shard_count)
