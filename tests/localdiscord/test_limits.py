"""Discord's documented limits, as the local server enforces them: a request over a limit gets Discord's
error (status, code and the shape of the body), and every answer carries the rate-limit headers.

Requests go over plain HTTP, exactly as a client would send them, so what is checked is the server's answer.
The doc line each rule follows is cited where the rule is written (bot/localdiscord/validation.py,
errors.py, faults.py, interactions.py).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from discord import app_commands

from bot.localdiscord import LocalDiscord, running_bot
from tests.localdiscord.sample_bot import SampleBot

AUTH = {"Authorization": "Bot local-bot-token"}
LIMIT_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-RateLimit-Reset-After",
    "X-RateLimit-Bucket",
)


@pytest.fixture
async def http(server: LocalDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=server.api_base + "/", headers=AUTH) as session:
        yield session


async def _post(http: aiohttp.ClientSession, path: str, body: dict[str, Any]) -> tuple[int, Any, Any]:
    async with http.post(path.lstrip("/"), json=body) as response:
        return response.status, await response.json(), response.headers


async def _send(server: LocalDiscord, http: aiohttp.ClientSession, body: dict[str, Any]) -> tuple[int, Any]:
    status, answer, _ = await _post(http, f"channels/{server.channel_id}/messages", body)
    return status, answer


def _error_at(answer: dict[str, Any], path: str) -> dict[str, Any]:
    """The first error under the dotted ``path`` of a 50035 answer's ``errors`` tree."""
    assert answer["code"] == 50035 and answer["message"] == "Invalid Form Body", answer
    node = answer["errors"]
    for part in path.split("."):
        assert part in node, f"no error at {path}: {json.dumps(answer['errors'])}"
        node = node[part]
    error: dict[str, Any] = node["_errors"][0]
    return error


def _embed(**fields: Any) -> dict[str, Any]:
    return {"type": "rich", **fields}


async def test_embed_totals_count_every_embed_of_the_message(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    # Two embeds of 3,001 characters each: each within its own limits, 6,002 together.
    half = _embed(description="d" * 3001)
    status, answer = await _send(server, http, {"embeds": [half, half]})
    assert status == 400
    assert _error_at(answer, "embeds")["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    status, _ = await _send(server, http, {"embeds": [half, _embed(description="d" * 2999)]})
    assert status == 200


async def test_whitespace_around_embed_text_is_not_counted(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    padded = "  " + "t" * 256 + "\n\n"
    status, _ = await _send(server, http, {"embeds": [_embed(title=padded)]})
    assert status == 200
    status, answer = await _send(server, http, {"embeds": [_embed(title="t" * 257)]})
    assert status == 400
    assert _error_at(answer, "embeds.0.title") == {
        "code": "BASE_TYPE_MAX_LENGTH",
        "message": "Must be 256 or fewer in length.",
    }
    # 6,000 characters of text plus padding: padding does not push the total over.
    text = [_embed(description=" " + "d" * 4000 + " "), _embed(description="\t" + "d" * 2000 + "\n")]
    status, _ = await _send(server, http, {"embeds": text})
    assert status == 200


@pytest.mark.parametrize(
    ("embed", "path", "limit"),
    [
        (_embed(description="d" * 4097), "embeds.0.description", 4096),
        (_embed(fields=[{"name": f"f{i}", "value": "v"} for i in range(26)]), "embeds.0.fields", 25),
        (_embed(fields=[{"name": "n" * 257, "value": "v"}]), "embeds.0.fields.0.name", 256),
        (_embed(fields=[{"name": "n", "value": "v" * 1025}]), "embeds.0.fields.0.value", 1024),
        (_embed(footer={"text": "f" * 2049}), "embeds.0.footer.text", 2048),
        (_embed(author={"name": "a" * 257}), "embeds.0.author.name", 256),
    ],
)
async def test_each_embed_part_has_its_limit(
    server: LocalDiscord, http: aiohttp.ClientSession, embed: dict[str, Any], path: str, limit: int
) -> None:
    status, answer = await _send(server, http, {"embeds": [embed]})
    assert status == 400
    assert _error_at(answer, path)["message"] == f"Must be {limit} or fewer in length."


async def test_content_embeds_and_nonce_limits(server: LocalDiscord, http: aiohttp.ClientSession) -> None:
    status, answer = await _send(server, http, {"content": "c" * 2001})
    assert status == 400 and _error_at(answer, "content")["code"] == "BASE_TYPE_MAX_LENGTH"
    status, answer = await _send(server, http, {"embeds": [_embed(title="t")] * 11})
    assert status == 400 and _error_at(answer, "embeds")["code"] == "BASE_TYPE_MAX_LENGTH"
    status, answer = await _send(server, http, {"content": "hi", "nonce": "n" * 26})
    assert status == 400
    assert _error_at(answer, "nonce")["message"] == "Must be 25 or fewer in length."
    status, _ = await _send(server, http, {"content": "hi", "nonce": "n" * 25})
    assert status == 200


def _button(**fields: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, **fields}


def _row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


async def test_component_limits(server: LocalDiscord, http: aiohttp.ClientSession) -> None:
    status, answer = await _send(server, http, {"content": "x", "components": [_row(_button(custom_id="a"))]})
    assert status == 400
    assert _error_at(answer, "components.0.components.0.label")["code"] == "BASE_TYPE_REQUIRED"
    emoji_only = _button(custom_id="a", emoji={"name": "✅"})
    status, _ = await _send(server, http, {"content": "x", "components": [_row(emoji_only)]})
    assert status == 200
    six = [_button(custom_id=f"b{i}", label="B") for i in range(6)]
    status, answer = await _send(server, http, {"content": "x", "components": [_row(*six)]})
    assert status == 400 and _error_at(answer, "components.0.components")["code"] == "BASE_TYPE_MAX_LENGTH"
    rows = [_row(_button(custom_id=f"r{i}", label="R")) for i in range(6)]
    status, answer = await _send(server, http, {"content": "x", "components": rows})
    assert status == 400 and _error_at(answer, "components")["message"] == "Must be 5 or fewer in length."
    long_id = _button(custom_id="i" * 101, label="L")
    status, answer = await _send(server, http, {"content": "x", "components": [_row(long_id)]})
    assert status == 400 and _error_at(answer, "components.custom_id")["code"] == "BASE_TYPE_MAX_LENGTH"


async def test_a_file_over_the_upload_limit_is_refused(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    def form(size: int) -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("payload_json", json.dumps({"content": "export"}), content_type="application/json")
        data.add_field("files[0]", b"x" * size, filename="export.json", content_type="application/json")
        return data

    path = f"channels/{server.channel_id}/messages"
    async with http.post(path, data=form(10 * 1024 * 1024 + 1)) as response:
        assert response.status == 413
        assert await response.json() == {"code": 40005, "message": "Request entity too large"}
    async with http.post(path, data=form(10 * 1024 * 1024)) as response:
        assert response.status == 200


async def test_every_answer_carries_rate_limit_headers(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    status, _, headers = await _post(http, f"channels/{server.channel_id}/messages", {"content": "hi"})
    assert status == 200 and all(name in headers for name in LIMIT_HEADERS), dict(headers)
    first_remaining = int(headers["X-RateLimit-Remaining"])
    status, _, headers = await _post(http, f"channels/{server.channel_id}/messages", {"content": ""})
    assert status == 400 and all(name in headers for name in LIMIT_HEADERS), dict(headers)
    assert int(headers["X-RateLimit-Remaining"]) == first_remaining - 1
    async with http.get("users/@me") as response:
        assert all(name in response.headers for name in LIMIT_HEADERS)


async def test_a_shared_scope_429_has_discords_shape(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    server.faults.rate_limit("POST /channels/*/messages", scope="shared", retry_after=1336.57)
    status, answer, headers = await _post(http, f"channels/{server.channel_id}/messages", {"content": "hi"})
    assert status == 429
    assert answer == {
        "message": "The resource is being rate limited.",
        "retry_after": 1336.57,
        "global": False,
        "code": 0,
    }
    assert headers["X-RateLimit-Scope"] == "shared" and headers["Retry-After"] == "1337"
    assert "X-RateLimit-Global" not in headers


async def test_dm_refusals_carry_their_own_codes(server: LocalDiscord, http: aiohttp.ClientSession) -> None:
    closed, stranger = server.add_user("closed"), server.add_user("stranger", in_guild=False)
    server.faults.refuse_dms(closed)
    server.faults.no_mutual_guild(stranger)
    answers = {}
    for user in (closed, stranger):
        status, channel, _ = await _post(http, "users/@me/channels", {"recipient_id": str(user.id)})
        assert status == 200
        answers[user.name] = await _post(http, f"channels/{channel['id']}/messages", {"content": "hi"})
    assert answers["closed"][:2] == (403, {"message": "Cannot send messages to this user", "code": 50007})
    assert answers["stranger"][:2] == (
        403,
        {"message": "Cannot send messages to this user due to having no mutual guilds", "code": 50278},
    )


async def test_opening_dms_too_fast_is_refused_with_40003(
    server: LocalDiscord, http: aiohttp.ClientSession
) -> None:
    server.faults.dm_open_limit(2, per=60)
    people = [server.add_user(f"p{i}") for i in range(3)]
    answers = [await _post(http, "users/@me/channels", {"recipient_id": str(p.id)}) for p in people]
    assert [status for status, _, _ in answers] == [200, 200, 403]
    assert answers[2][1] == {"message": "You are opening direct messages too fast.", "code": 40003}


async def test_interaction_endpoints_are_exempt_from_the_global_limit(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    result = await server.command(alice, "contract list")
    server.faults.global_rate_limit(1, per=60)
    async with aiohttp.ClientSession(base_url=server.api_base + "/") as http:
        for _ in range(3):
            webhook = f"webhooks/{server.application_id}/{result.token}"
            status, _, _ = await _post(http, webhook, {"content": "one more"})
            assert status == 200
        async with http.post(
            f"channels/{server.channel_id}/messages", json={"content": "x"}, headers=AUTH
        ) as r:
            assert r.status == 200  # the one request the bot may make
        async with http.post(
            f"channels/{server.channel_id}/messages", json={"content": "x"}, headers=AUTH
        ) as r:
            assert r.status == 429 and r.headers["X-RateLimit-Scope"] == "global"


@pytest.fixture
async def user_installed_bot(server: LocalDiscord) -> AsyncIterator[SampleBot]:
    sample = SampleBot()
    sample.tree.allowed_installs = app_commands.AppInstallationType(guild=True, user=True)
    async with running_bot(server, sample) as running:
        yield running


async def test_a_user_installed_app_gets_five_followups(
    server: LocalDiscord, user_installed_bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    server.desk.installed_in_guild = False  # the server never added the app: alice installed it herself
    server.desk.user_installs.add(alice.id)
    result = await server.command(alice, "contract list")
    async with aiohttp.ClientSession(base_url=server.api_base + "/") as http:
        webhook = f"webhooks/{server.application_id}/{result.token}"
        statuses = [(await _post(http, webhook, {"content": f"page {n}"}))[0] for n in range(5)]
        assert statuses == [200] * 5
        status, answer, _ = await _post(http, webhook, {"content": "page 6"})
    assert status == 400
    assert answer == {
        "message": "This interaction has hit the maximum number of follow up messages",
        "code": 40094,
    }
