"""The help FAQ as a server sees it: built-in topics, masked or replaced by that server's own entries.

Reading needs only the server (or None in a DM, where only the built-in topics exist). Admin changes
(`set`, `remove`, `reset`) each run in one transaction that updates the entry, the search index and the
change log together, so search never disagrees with what `/faq show` answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.faq import FaqTopic, builtin_topics, fuzzy_match, validate_body, validate_title, validate_topic_key
from bot.services.work import Store
from storage.connection import Connection
from storage.faq import (
    BUILTIN_GUILD,
    FaqChangeRecord,
    FaqEntries,
    FaqEntryRecord,
    FaqSearchIndex,
    IndexedTopic,
)

# A server's own topics on top of the built-in ones; `/faq list` must still fit one embed.
MAX_SERVER_TOPICS = 40
MAX_QUERY_LENGTH = 100
# More words than this is a pasted paragraph, not a search; the first ones carry the meaning.
MAX_QUERY_WORDS = 12
SEARCH_LIMIT = 5
CHOICES_LIMIT = 25  # Discord shows at most 25 autocomplete choices

# Letters and digits only: quotes, `*`, `:`, `^` and parentheses mean nothing in a topic's text, and the
# index tokenizer splits on them anyway. (Storage quotes each word too, so AND, OR, NOT stay plain words.)
_SEARCH_WORD = re.compile(r"[^\W_]+")

ChoiceScope = Literal["visible", "editable", "changed"]


@dataclass(frozen=True)
class FaqSearchResult:
    query: str
    topics: list[FaqTopic]
    # True when no topic contains the words and these are the topics with the closest-spelt words.
    fuzzy: bool


@dataclass(frozen=True)
class FaqEdit:
    """What an admin change did: `topic` is the text the server now shows (or showed, for a removal)."""

    action: Literal["set", "remove", "reset"]
    topic: FaqTopic
    # The key is one of the built-in topics: `set` replaced its text, `remove` hid it, `reset` restored it.
    builtin_key: bool
    created: bool = False


class FaqService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def load_builtin(self) -> int:
        """Index the shipped topics for search (at start, so new wording is searchable at once)."""
        topics = builtin_topics()
        async with self._store.db.write() as conn:
            await FaqSearchIndex(conn).replace_builtin(_indexed(topic) for topic in topics.values())
        return len(topics)

    async def topics(self, guild_id: int | None) -> list[FaqTopic]:
        """The topics shown in this server (built-in order first, then its own), or the built-in ones in a DM."""
        async with self._store.db.read() as conn:
            return list((await _visible(conn, guild_id)).values())

    async def show(self, guild_id: int | None, text: str) -> FaqTopic:
        """One topic by key (as autocomplete sends it) or by its exact title, ignoring case."""
        async with self._store.db.read() as conn:
            visible = await _visible(conn, guild_id)
        found = _resolve(visible, text)
        if found is not None:
            return found
        typed = text.strip()[:MAX_QUERY_LENGTH]
        close = fuzzy_match(typed, visible.values(), limit=3)
        hint = f" Did you mean {', '.join(f'`{topic.key}`' for topic in close)}?" if close else ""
        raise NotFound(f"There is no FAQ topic `{typed}` here.{hint} `/faq list` shows them all.")

    async def choices(
        self, guild_id: int | None, current: str, scope: ChoiceScope = "visible"
    ) -> list[FaqTopic]:
        """Topics for autocomplete whose key or title contains what was typed.

        `visible`: what members can open. `editable`: also the built-in topics the server hid, so an admin
        can write its own text for them. `changed`: built-in topics the server replaced or hid (for reset).
        """
        async with self._store.db.read() as conn:
            visible = await _visible(conn, guild_id)
            entries = await _entries(conn, guild_id)
        builtins = builtin_topics()
        pool: list[FaqTopic]
        if scope == "visible":
            pool = list(visible.values())
        elif scope == "changed":
            pool = [topic for key, topic in builtins.items() if key in entries]
        else:
            pool = [visible.get(key, topic) for key, topic in builtins.items()]
            pool += [topic for key, topic in visible.items() if key not in builtins]
        typed = current.strip().casefold()
        matching = [topic for topic in pool if typed in topic.key or typed in topic.title.casefold()]
        return matching[:CHOICES_LIMIT]

    async def search(self, guild_id: int | None, query: str) -> FaqSearchResult:
        """Full-text search over title, keywords and body, ranked; closest spellings when nothing matches."""
        text = query.strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"Keep the search to {MAX_QUERY_LENGTH} characters, e.g. `escrow refund`.")
        words = search_words(text)
        if not words:
            raise InvalidInput("Type a word or two to search for, for example `escrow` or `review period`.")
        index_guild = BUILTIN_GUILD if guild_id is None else guild_id
        async with self._store.db.read() as conn:
            visible = await _visible(conn, guild_id)
            index = FaqSearchIndex(conn)
            # Every word first; when no topic has them all, any of them, still ranked by bm25.
            keys = await index.search(index_guild, words, SEARCH_LIMIT, every_word=True)
            if not keys and len(words) > 1:
                keys = await index.search(index_guild, words, SEARCH_LIMIT, every_word=False)
        found = [visible[key] for key in keys if key in visible]
        if found:
            return FaqSearchResult(text, found, fuzzy=False)
        return FaqSearchResult(text, fuzzy_match(" ".join(words), visible.values(), SEARCH_LIMIT), fuzzy=True)

    async def for_edit(self, guild_id: int, topic: str) -> tuple[str, FaqTopic | None]:
        """The key an admin's `topic` means (InvalidInput for a bad new key) and the text members see for
        it now (a hidden built-in topic: its built-in text), to prefill the form; None for a new topic."""
        async with self._store.db.read() as conn:
            visible = await _visible(conn, guild_id)
        key = _key_for_edit(visible, topic)
        return key, visible.get(key) or builtin_topics().get(key)

    async def set(self, guild_id: int, user_id: int, topic: str, title: str, body: str) -> FaqEdit:
        """Write this server's text for a topic: a new topic, or its own version of a built-in one."""
        builtins = builtin_topics()
        async with self._store.db.write() as conn:
            entries = FaqEntries(conn)
            key = _key_for_edit(await _visible(conn, guild_id), topic)
            clean_title = validate_title(title)
            clean_body = validate_body(body)
            builtin = builtins.get(key)
            existing = await entries.get(guild_id, key)
            if builtin is None and existing is None:
                own_count = await entries.count_visible(guild_id, excluding=builtins)
                if own_count >= MAX_SERVER_TOPICS:
                    raise NotAllowed(
                        f"This server already has {MAX_SERVER_TOPICS} topics of its own. "
                        "Remove one with `/faq-admin remove` first."
                    )
            # An override keeps the built-in keywords so searches that found the topic still do.
            keywords = builtin.keywords if builtin else ()
            now = self._store.clock.now()
            await entries.save(
                guild_id,
                key,
                title=clean_title,
                keywords=keywords,
                body=clean_body,
                hidden=False,
                by_user=user_id,
                now=now,
            )
            shown = FaqTopic(key, clean_title, keywords, clean_body, sources=(), builtin=False)
            await FaqSearchIndex(conn).put(guild_id, _indexed(shown))
            await entries.record_change(guild_id, key, "set", user_id, now)
        return FaqEdit("set", shown, builtin_key=builtin is not None, created=existing is None)

    async def remove(self, guild_id: int, user_id: int, topic: str) -> FaqEdit:
        """Hide a built-in topic in this server, or delete one of the server's own."""
        async with self._store.db.write() as conn:
            entries = FaqEntries(conn)
            visible = await _visible(conn, guild_id)
            shown = _resolve(visible, topic)
            if shown is None:
                raise NotFound(
                    f"There is no FAQ topic `{topic.strip()[:MAX_QUERY_LENGTH]}` shown here. "
                    "`/faq list` shows them all."
                )
            builtin = builtin_topics().get(shown.key)
            now = self._store.clock.now()
            if builtin is None:
                await entries.delete(guild_id, shown.key)
            else:
                # The row only marks the topic hidden; it keeps the built-in text so it stays valid data.
                await entries.save(
                    guild_id,
                    builtin.key,
                    title=builtin.title,
                    keywords=builtin.keywords,
                    body=builtin.body,
                    hidden=True,
                    by_user=user_id,
                    now=now,
                )
            await FaqSearchIndex(conn).remove(guild_id, shown.key)
            await entries.record_change(guild_id, shown.key, "remove", user_id, now)
        return FaqEdit("remove", shown, builtin_key=builtin is not None)

    async def reset(self, guild_id: int, user_id: int, topic: str) -> FaqEdit:
        """Bring back the built-in text of a topic this server replaced or hid."""
        builtins = builtin_topics()
        async with self._store.db.write() as conn:
            entries = FaqEntries(conn)
            key = _key_for_edit(await _visible(conn, guild_id), topic)
            builtin = builtins.get(key)
            if builtin is None:
                raise NotAllowed(
                    f"`{key}` is not a built-in topic, so there is no built-in text to go back to. "
                    f"`/faq-admin remove {key}` deletes it."
                )
            if not await entries.delete(guild_id, key):
                raise NotAllowed(f"`{key}` already shows the built-in text.")
            await FaqSearchIndex(conn).remove(guild_id, key)
            await entries.record_change(guild_id, key, "reset", user_id, self._store.clock.now())
        return FaqEdit("reset", builtin, builtin_key=True)

    async def changes(self, guild_id: int) -> list[FaqChangeRecord]:
        """Who changed which topic of this server, and when, oldest first."""
        async with self._store.db.read() as conn:
            return await FaqEntries(conn).changes(guild_id)


def search_words(text: str) -> list[str]:
    """The words of a search, lowercase, without punctuation; the first few of a long paste."""
    return [word.casefold() for word in _SEARCH_WORD.findall(text)][:MAX_QUERY_WORDS]


async def _entries(conn: Connection, guild_id: int | None) -> dict[str, FaqEntryRecord]:
    if guild_id is None:
        return {}
    return {entry.topic: entry for entry in await FaqEntries(conn).of_guild(guild_id)}


async def _visible(conn: Connection, guild_id: int | None) -> dict[str, FaqTopic]:
    """Topic key to what the server shows for it, in the order `/faq list` uses."""
    entries = await _entries(conn, guild_id)
    builtins = builtin_topics()
    visible: dict[str, FaqTopic] = {}
    for key, builtin in builtins.items():
        entry = entries.get(key)
        if entry is None:
            visible[key] = builtin
        elif not entry.hidden:
            visible[key] = _own(entry)
    for key, entry in entries.items():
        if key not in builtins and not entry.hidden:
            visible[key] = _own(entry)
    return visible


def _own(entry: FaqEntryRecord) -> FaqTopic:
    # The server's text comes without sources: the built-in links may not back what its admins wrote.
    return FaqTopic(entry.topic, entry.title, entry.keywords, entry.body, sources=(), builtin=False)


def _resolve(visible: Mapping[str, FaqTopic], text: str) -> FaqTopic | None:
    typed = text.strip()
    by_key = visible.get(typed.lower())
    if by_key is not None:
        return by_key
    wanted = typed.casefold()
    return next((topic for topic in visible.values() if topic.title.casefold() == wanted), None)


def _key_for_edit(visible: Mapping[str, FaqTopic], text: str) -> str:
    """The key an admin means: a shown topic's exact title is accepted too, else it must be a valid key."""
    shown = _resolve(visible, text)
    return shown.key if shown is not None else validate_topic_key(text)


def _indexed(topic: FaqTopic) -> IndexedTopic:
    return IndexedTopic(topic.key, topic.title, topic.keywords, topic.body)
