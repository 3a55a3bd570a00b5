"""Failures a test can ask the local Discord to produce, consulted before every REST request.

- ``refuse_dms(user)``: the user's DMs are closed, as Discord answers ``403 {"code": 50007}``.
- ``fail(route, status=500)``: the next matching request(s) get a 5xx (or any status) answer.
- ``rate_limit(route, retry_after=...)``: the next matching request(s) get a 429 with Discord's body and
  headers; ``global_rate_limit(limit, per=1.0)`` and ``channel_message_limit(count, per)`` emulate the real
  limits (about 50 requests/s per bot; 5 messages per 5 s per channel).
- ``stall(route, seconds)``: the next matching request(s) answer only after a delay.
- ``rate_limit(route, scope="shared", retry_after=1336.57)``: a per-resource 429 as Discord sends it
  (X-RateLimit-Scope: shared, a long retry_after, not counted against the bot).
- ``no_mutual_guild(user)``: the user installed the app to their account only; DMs answer 403 50278.
- ``dm_open_limit(count, per)``: opening more DM channels than that answers 403 40003.
- ``latency(seconds)``: every REST request and answer, and every gateway frame, travels this long.
Gateway drops are on the server (``LocalDiscord.drop_gateway``), since they concern the socket.

A route is written as ``"POST /channels/*/messages"``; ``*`` (or ``{name}``) matches one path segment
and the method may be ``*``. ``times=-1`` keeps a rule forever; ``hits`` records every fault answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .errors import OPENING_DMS_TOO_FAST
from .model import FakeUser
from .state import World

RATE_LIMITED = "You are being rate limited."
# topics/rate-limits.mdx:98 the shared (per-resource) example body says "The resource is being rate limited."
RESOURCE_RATE_LIMITED = "The resource is being rate limited."
# topics/rate-limits.mdx:45 X-RateLimit-Scope "Value can be `user` (per bot or user limit), `global` (per
# bot or user global limit), or `shared` (per resource limit)".
SCOPES = ("user", "global", "shared")
# What every answer's rate-limit headers report when no limit is emulated: a roomy per-route bucket
# (topics/rate-limits.mdx:30-43 show the five headers every answer carries).
DEFAULT_BUCKET = (50, 1.0)
OPEN_DM = "/users/@me/channels"


@dataclass
class FaultAnswer:
    """An answer that replaces the real one: status, JSON body and headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Rule:
    method: str
    pattern: re.Pattern[str]
    remaining: int  # -1: forever
    status: int = 500
    body: dict[str, Any] = field(default_factory=dict)
    retry_after: float | None = None
    scope: str = "user"
    delay: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return self.remaining != 0 and self.method in ("*", method) and bool(self.pattern.fullmatch(path))


@dataclass
class _Window:
    """A sliding-window request counter, like Discord's buckets from the outside."""

    limit: int
    per: float
    stamps: deque[float] = field(default_factory=deque)

    def retry_after(self, now: float) -> float:
        while self.stamps and now - self.stamps[0] >= self.per:
            self.stamps.popleft()
        if len(self.stamps) >= self.limit:
            return self.per - (now - self.stamps[0]) if self.stamps else self.per
        self.stamps.append(now)
        return 0.0

    def remaining(self) -> int:
        return max(0, self.limit - len(self.stamps))


def route_pattern(route: str) -> tuple[str, re.Pattern[str]]:
    method, _, path = route.strip().partition(" ")
    if not path:
        method, path = "*", method
    regex = re.escape(path).replace(r"\*", "[^/]+")
    regex = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", regex)
    return method.upper(), re.compile(regex)


@dataclass
class Hit:
    method: str
    path: str
    status: int


class Faults:
    def __init__(self, world: World) -> None:
        self._world = world
        self._rules: list[_Rule] = []
        self._late_answers: list[_Rule] = []
        self._global: _Window | None = None
        self._channel_limit: tuple[int, float] | None = None
        self._channel_windows: dict[str, _Window] = {}
        self._buckets: dict[str, _Window] = {}
        self._dm_opens: _Window | None = None
        self.one_way_latency = 0.0
        self.hits: list[Hit] = []

    def refuse_dms(self, user: FakeUser) -> None:
        self._world.refused_dms.add(user.id)

    def no_mutual_guild(self, user: FakeUser) -> None:
        """The user shares no server with the bot (an account-only install): DMs answer 403 50278."""
        self._world.no_mutual_guild.add(user.id)

    def dm_open_limit(self, count: int | None = 5, *, per: float = 1.0) -> None:
        """Opening more than ``count`` DM channels in ``per`` seconds answers 403 40003 ("You are opening
        direct messages too fast", opcodes-and-status-codes.mdx:237; resources/user.mdx:325 "If you open a
        significant amount of DMs too quickly, your bot may be rate limited"); None turns it off."""
        self._dm_opens = None if count is None else _Window(count, per)

    def latency(self, seconds: float) -> None:
        """Emulated network delay each way: REST requests and answers, gateway frames to the bot."""
        self.one_way_latency = max(0.0, seconds)

    def fail(
        self,
        route: str,
        *,
        status: int = 500,
        times: int = 1,
        code: int = 0,
        message: str = "Internal Server Error",
    ) -> None:
        method, pattern = route_pattern(route)
        self._rules.append(
            _Rule(method, pattern, times, status=status, body={"message": message, "code": code})
        )

    def rate_limit(
        self,
        route: str,
        *,
        retry_after: float = 0.05,
        times: int = 1,
        is_global: bool = False,
        scope: str | None = None,
    ) -> None:
        """429 on the next matching request(s); ``scope`` "user" (default), "global" or "shared"."""
        scope = scope or ("global" if is_global else "user")
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}")
        method, pattern = route_pattern(route)
        self._rules.append(_Rule(method, pattern, times, status=429, retry_after=retry_after, scope=scope))

    def stall(self, route: str, *, seconds: float, times: int = 1) -> None:
        method, pattern = route_pattern(route)
        self._rules.append(_Rule(method, pattern, times, status=0, delay=seconds))

    def answer_late(self, route: str, *, seconds: float, times: int = 1) -> None:
        """Do what the request asks at once, but hold the answer back: the caller may die not knowing."""
        method, pattern = route_pattern(route)
        self._late_answers.append(_Rule(method, pattern, times, status=0, delay=seconds))

    def global_rate_limit(self, limit: int | None = 50, *, per: float = 1.0) -> None:
        """Answer 429 (global) beyond ``limit`` requests in any ``per`` seconds; None turns it off."""
        self._global = None if limit is None else _Window(limit, per)

    def channel_message_limit(self, count: int | None = 5, per: float = 5.0) -> None:
        """Answer 429 beyond ``count`` messages per channel in ``per`` seconds; None turns it off."""
        self._channel_limit = None if count is None else (count, per)
        self._channel_windows.clear()

    def clear(self) -> None:
        self._rules.clear()
        self._late_answers.clear()
        self._global = None
        self._channel_limit = None
        self._channel_windows.clear()
        self._dm_opens = None
        self.one_way_latency = 0.0

    async def before(self, method: str, path: str) -> FaultAnswer | None:
        """Called before a request is handled: a fault answer, or None to handle it normally."""
        for rule in self._rules:
            if not rule.matches(method, path):
                continue
            if rule.remaining > 0:
                rule.remaining -= 1
            if rule.delay:
                await asyncio.sleep(rule.delay)
                continue
            if rule.status == 429:
                return self._hit(method, path, _too_many(rule.retry_after or 0.05, scope=rule.scope))
            return self._hit(method, path, FaultAnswer(rule.status, dict(rule.body)))
        now = time.monotonic()
        if method == "POST" and path == OPEN_DM and self._dm_opens and self._dm_opens.retry_after(now) > 0:
            body = {"message": "You are opening direct messages too fast.", "code": OPENING_DMS_TOO_FAST}
            return self._hit(method, path, FaultAnswer(403, body))
        # interactions/receiving-and-responding.mdx:436-438: the interaction endpoints (callbacks and the
        # followup webhooks) "are not bound to the application's Global Rate Limit"; rate-limits.mdx:128.
        if self._global is not None and not _interaction_endpoint(path):
            wait = self._global.retry_after(now)
            if wait > 0:
                return self._hit(method, path, _too_many(wait, scope="global", limit=self._global.limit))
        window = self._message_window(method, path)
        if window is not None:
            wait = window.retry_after(now)
            if wait > 0:
                return self._hit(method, path, _too_many(wait, scope="user", limit=window.limit))
        else:
            self._bucket(method, path).retry_after(now)  # counted for the headers only, never refused
        return None

    async def after(self, method: str, path: str) -> None:
        """Called once a request was handled, before its answer goes out."""
        for rule in self._late_answers:
            if rule.matches(method, path):
                if rule.remaining > 0:
                    rule.remaining -= 1
                await asyncio.sleep(rule.delay)
                return

    def headers_for(self, method: str, path: str) -> dict[str, str]:
        """Rate-limit headers for an answer, as Discord puts on every one (rate-limits.mdx:30-43): the
        emulated per-channel message limit where one is set, else a roomy per-route bucket."""
        window = self._message_window(method, path, create=False)
        bucket = "messages"
        if window is None:
            window, bucket = self._bucket(method, path), _bucket_name(method, path)
        reset_after = window.per if not window.stamps else window.per - (time.monotonic() - window.stamps[0])
        return _limit_headers(window.limit, window.remaining(), max(reset_after, 0.001), bucket=bucket)

    def _bucket(self, method: str, path: str) -> _Window:
        return self._buckets.setdefault(_bucket_key(method, path), _Window(*DEFAULT_BUCKET))

    def _message_window(self, method: str, path: str, *, create: bool = True) -> _Window | None:
        if self._channel_limit is None or method != "POST":
            return None
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match is None:
            return None
        if create:
            return self._channel_windows.setdefault(match.group(1), _Window(*self._channel_limit))
        return self._channel_windows.get(match.group(1))

    def _hit(self, method: str, path: str, answer: FaultAnswer) -> FaultAnswer:
        self.hits.append(Hit(method, path, answer.status))
        return answer


def _interaction_endpoint(path: str) -> bool:
    return path.startswith(("/interactions/", "/webhooks/"))


def _bucket_key(method: str, path: str) -> str:
    """A route, counted apart for each top-level resource (a channel, a guild, a webhook or interaction
    with its token), as Discord's buckets are (rate-limits.mdx:14, :43 "non-inclusive of top-level
    resources in the path")."""
    major = re.match(r"/(?:channels|guilds)/\d+|/(?:webhooks|interactions)/\d+/[^/]+", path)
    return f"{_bucket_name(method, path)} {major.group(0) if major else ''}"


def _bucket_name(method: str, path: str) -> str:
    """The X-RateLimit-Bucket of a route: the same for every channel, guild or token it is used with."""
    route = re.sub(r"/(webhooks|interactions)/(\d+)/[^/]+", r"/\1/{id}/{token}", path)
    route = re.sub(r"/\d{6,}", "/{id}", route)
    return hashlib.sha256(f"{method} {route}".encode()).hexdigest()[:12]


def _limit_headers(limit: int, remaining: int, reset_after: float, *, bucket: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def _too_many(retry_after: float, *, scope: str, limit: int = 1) -> FaultAnswer:
    """A 429 as rate-limits.mdx:64-117 shows it for each scope: the user and shared examples carry the
    bucket headers (shared with requests still remaining, since it is not the caller's own limit), the
    global one X-RateLimit-Global; each a JSON body with message, retry_after and global."""
    retry_after = round(max(retry_after, 0.001), 3)
    is_global = scope == "global"
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        # discord.py treats a 429 without Via as a Cloudflare ban; Discord's own 429s carry it.
        "Via": "1.1 google",
        "X-RateLimit-Scope": scope,
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        remaining = limit if scope == "shared" else 0
        headers.update(_limit_headers(limit, remaining, retry_after, bucket="messages"))
    message = RESOURCE_RATE_LIMITED if scope == "shared" else RATE_LIMITED
    body = {"message": message, "retry_after": retry_after, "global": is_global, "code": 0}
    return FaultAnswer(429, body, headers)
