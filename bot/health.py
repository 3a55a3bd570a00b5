"""/healthz and /metrics for one bot process, on a port of its own (METRICS_PORT, 127.0.0.1 by default).

/healthz answers 200 with JSON when the process is useful (every shard it serves is connected and the
database answers) and 503 with the same JSON when not, so a load balancer or a probe can act on the code
and a person can read why. /metrics is Prometheus' text format (bot/metrics.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.metrics import Metrics

DATABASE_ANSWER_WITHIN = 2.0  # seconds; a database slower than this counts as unreachable for a probe


@dataclass(frozen=True)
class Probes:
    shards: Callable[[], dict[int, bool]]  # shard id -> its gateway connection is open
    database: Callable[[], Awaitable[None]]  # raises when the database does not answer
    scheduler_role: Callable[[], str]  # "leader" (sends reminders), "standby" or "off"


class HealthServer:
    def __init__(self, metrics: Metrics, probes: Probes, *, host: str, port: int) -> None:
        self._metrics = metrics
        self._probes = probes
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = port  # the bound port once started (port 0 asks the system for a free one)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        sockets = self._runner.addresses
        self.port = sockets[0][1] if sockets else self._port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        shards = self._probes.shards()
        database_error = None
        try:
            await asyncio.wait_for(self._probes.database(), timeout=DATABASE_ANSWER_WITHIN)
        except Exception as error:
            database_error = str(error) or type(error).__name__
        connected = bool(shards) and all(shards.values())
        body = {
            "ok": connected and database_error is None,
            "gateway": {"connected": connected, "shards": {str(k): v for k, v in sorted(shards.items())}},
            "database": {"reachable": database_error is None, "error": database_error},
            "scheduler": {"role": self._probes.scheduler_role()},
        }
        return web.json_response(body, status=200 if body["ok"] else 503)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        response = web.Response(body=self._metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response
