"""Failures a test can ask the local Discord to produce, consulted before every REST request.

- ``refuse_dms(user)``: the user's DMs are closed, as Discord answers ``403 {"code": 50007}``.
- ``fail(route, status=500)``: the next matching request(s) get a 5xx (or any status) answer.
- ``rate_limit(route, retry_after=...)``: the next matching request(s) get a 429 with Discord's body and
  headers; ``global_rate_limit(limit, per=1.0)`` and ``channel_message_limit(count, per)`` emulate the real
  limits (about 50 requests/s per bot; 5 messages per 5 s per channel).
- ``stall(route, seconds)``: the next matching request(s) answer only after a delay.
Gateway drops are on the server (``LocalDiscord.drop_gateway``), since they concern the socket.

A route is written as ``"POST /channels/*/messages"``; ``*`` (or ``{name}``) matches one path segment
and the method may be ``*``. ``times=-1`` keeps a rule forever; ``hits`` records every fault answered.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .model import FakeUser
from .state import World

RATE_LIMITED = "You are being rate limited."


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
    is_global: bool = False
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
            return self.per - (now - self.stamps[0])
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
        self.hits: list[Hit] = []

    def refuse_dms(self, user: FakeUser) -> None:
        self._world.refused_dms.add(user.id)

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
        self, route: str, *, retry_after: float = 0.05, times: int = 1, is_global: bool = False
    ) -> None:
        method, pattern = route_pattern(route)
        self._rules.append(
            _Rule(method, pattern, times, status=429, retry_after=retry_after, is_global=is_global)
        )

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
                return self._hit(method, path, _too_many(rule.retry_after or 0.05, is_global=rule.is_global))
            return self._hit(method, path, FaultAnswer(rule.status, dict(rule.body)))
        now = time.monotonic()
        # Interaction callbacks are exempt from the global limit on Discord.
        if self._global is not None and not path.startswith("/interactions/"):
            wait = self._global.retry_after(now)
            if wait > 0:
                return self._hit(method, path, _too_many(wait, is_global=True, limit=self._global.limit))
        window = self._message_window(method, path)
        if window is not None:
            wait = window.retry_after(now)
            if wait > 0:
                return self._hit(method, path, _too_many(wait, is_global=False, limit=window.limit))
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
        """Rate-limit headers for a successful answer, present only while a limit is emulated."""
        window = self._message_window(method, path, create=False)
        if window is None:
            return {}
        reset_after = window.per if not window.stamps else window.per - (time.monotonic() - window.stamps[0])
        return _limit_headers(window.limit, window.remaining(), reset_after, bucket="messages")

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


def _limit_headers(limit: int, remaining: int, reset_after: float, *, bucket: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def _too_many(retry_after: float, *, is_global: bool, limit: int = 1) -> FaultAnswer:
    retry_after = round(max(retry_after, 0.001), 3)
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        # discord.py treats a 429 without Via as a Cloudflare ban; Discord's own 429s carry it.
        "Via": "1.1 google",
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(_limit_headers(limit, 0, retry_after, bucket="messages"))
    body = {"message": RATE_LIMITED, "retry_after": retry_after, "global": is_global, "code": 0}
    return FaultAnswer(429, body, headers)
