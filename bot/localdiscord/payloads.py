"""JSON payloads shaped as Discord sends them, built from the server's state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .model import Channel, FakeUser, Message, Role
from .state import DM_APP_PERMISSIONS, World

GUILD_MEMBERS_INTENT = 1 << 1
GUILD_INSTALL = "0"


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def user(u: FakeUser) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(u.id),
        "username": u.name.lower().replace(" ", "_"),
        "global_name": None if u.bot else u.name,
        "discriminator": "0",
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "collectibles": None,
        "primary_guild": None,
    }
    if u.bot:
        payload["bot"] = True
    return payload


def member(
    world: World, u: FakeUser, *, with_user: bool = True, with_permissions: bool = False
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "roles": [str(r) for r in world.role_ids(u)],
        "nick": None,
        "avatar": None,
        "banner": None,
        "premium_since": None,
        "joined_at": iso(u.joined_at),
        "pending": False,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }
    if with_user:
        payload["user"] = user(u)
    if with_permissions:
        payload["permissions"] = str(world.permissions(u))
    return payload


def role(r: Role) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(r.id),
        "name": r.name,
        "description": None,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": r.managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    return payload


def channel(world: World, c: Channel) -> dict[str, Any]:
    if c.is_dm:
        recipient = world.users[c.recipient_id] if c.recipient_id is not None else world.bot
        return {
            "id": str(c.id),
            "type": c.type,
            "last_message_id": None if c.last_message_id is None else str(c.last_message_id),
            "flags": 0,
            "recipients": [user(recipient)],
        }
    return {
        "id": str(c.id),
        "type": c.type,
        "guild_id": str(c.guild_id),
        "name": c.name,
        "position": c.position,
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "permission_overwrites": [],
        "last_message_id": None if c.last_message_id is None else str(c.last_message_id),
        "flags": 0,
    }


def guild_create(world: World, *, intents: int) -> dict[str, Any]:
    # Without the privileged members intent Discord lists only the bot itself.
    listed = world.members() if intents & GUILD_MEMBERS_INTENT else [world.bot]
    return {
        "id": str(world.guild_id),
        "name": world.guild_name,
        "icon": None,
        "splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(world.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": str(world.channel_id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "features": [],
        "roles": [role(r) for r in world.roles.values()],
        "emojis": [],
        "stickers": [],
        "channels": [channel(world, c) for c in world.guild_channels()],
        "threads": [],
        "members": [member(world, u) for u in listed],
        "member_count": len(world.members()) + 1,
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "lazy": True,
        "joined_at": iso(world.bot.joined_at),
        "max_members": 500000,
        "premium_progress_bar_enabled": False,
        "application_id": None,
        "vanity_url_code": None,
    }


def ready(
    world: World,
    *,
    session_id: str,
    resume_gateway_url: str,
    shard: list[int] | None,
    with_guild: bool = True,
) -> dict[str, Any]:
    """READY lists only the guilds of the session's shard (a shard without the guild gets none)."""
    payload: dict[str, Any] = {
        "v": 10,
        "user": {**user(world.bot), "verified": True, "mfa_enabled": False, "email": None},
        "guilds": [{"id": str(world.guild_id), "unavailable": True}] if with_guild else [],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "application": {"id": str(world.application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["local"],
        "user_settings": {},
        "auth": {},
        "_trace": ['["local-gateway",{"micros":0}]'],
    }
    if shard is not None:
        payload["shard"] = shard
    return payload


def application(world: World) -> dict[str, Any]:
    owner = FakeUser(id=world.owner_id, name="Owner")
    return {
        "id": str(world.application_id),
        "name": world.bot.name,
        "icon": None,
        "description": "Tracks fixed-price contracts and milestones.",
        "summary": "",
        "type": None,
        "bot": user(world.bot),
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user(owner),
        "team": None,
        "flags": 0,
        "hook": True,
        "is_monetized": False,
        "integration_types_config": {"0": {}},
        "install_params": None,
        "interactions_endpoint_url": None,
        "redirect_uris": [],
        "tags": [],
    }


def message(world: World, m: Message, *, for_gateway: bool = False) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(m.id),
        "type": m.type,
        "channel_id": str(m.channel_id),
        "author": user(m.author),
        "content": m.content,
        "timestamp": iso(m.created_at),
        "edited_timestamp": iso(m.edited_at),
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": list(m.attachments),
        "embeds": list(m.embeds),
        "components": list(m.components),
        "pinned": False,
        "flags": m.flags,
    }
    if m.nonce is not None:
        payload["nonce"] = m.nonce
    if m.webhook_id is not None:
        payload["webhook_id"] = str(m.webhook_id)
    if m.application_id is not None:
        payload["application_id"] = str(m.application_id)
    if m.interaction_metadata is not None:
        payload["interaction_metadata"] = m.interaction_metadata
    if for_gateway and m.guild_id is not None:
        payload["guild_id"] = str(m.guild_id)
        if m.webhook_id is None:
            payload["member"] = member(world, m.author, with_user=False)
    return payload


def dm_app_permissions() -> str:
    return str(DM_APP_PERMISSIONS)
