"""The help FAQ as a server sees it: built-in topics, masked or replaced by that server's own entries.

Reading needs only the server (or None in a DM, where only the built-in topics exist) and the reader's
language (`en-US`, `pt-BR` or `es-ES`: by default the language of the reply being written). A member reads
the server's text for their language, else its text for all languages, else the built-in topic in their
language; a hidden topic is an entry too, so hiding it for one language or for all works the same way.

Admin changes (`set`, `remove`, `reset`) are for one language or for all (the default), and each runs in one
transaction that updates the entry, the search index and the change log together, so search never
disagrees with what `/faq show` answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.domain.errors import Command, InvalidInput, NotAllowed, NotFound
from bot.faq import FaqTopic, builtin_topics, fuzzy_match, validate_body, validate_title, validate_topic_key
from bot.faq.builtin import ENGLISH as BUILTIN_ENGLISH
from bot.faq.builtin import TRANSLATED_LOCALES
from bot.i18n.locales import ENGLISH, TRANSLATED, language_of
from bot.i18n.speaking import N_, current_locale
from bot.services.work import Store
from storage.connection import Connection
from storage.faq import (
    ALL_LANGUAGES,
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
# The languages a reader can read the FAQ in (a Discord locale maps to one with `language_of`).
LANGUAGES: tuple[str, ...] = (ENGLISH, *TRANSLATED)

# Letters and digits only: quotes, `*`, `:`, `^` and parentheses mean nothing in a topic's text, and the
# index tokenizer splits on them anyway. (Storage quotes each word too, so AND, OR, NOT stay plain words.)
_SEARCH_WORD = re.compile(r"[^\W_]+")

ChoiceScope = Literal["visible", "editable", "changed"]

__all__ = [
    "ALL_LANGUAGES",
    "LANGUAGES",
    "ChoiceScope",
    "FaqEdit",
    "FaqSearchResult",
    "FaqService",
    "builtin_in",
    "reader_language",
    "search_words",
]


@dataclass(frozen=True)
class FaqSearchResult:
    query: str
    topics: list[FaqTopic]
    # True when no topic contains the words and these are the topics with the closest-spelt words.
    fuzzy: bool


@dataclass(frozen=True)
class FaqEdit:
    """What an admin change did, for `language` (one, or ALL_LANGUAGES).

    `topic` is the text the server now shows for it (or showed, for a removal); for a reset of one
    language, what readers of that language now see, None when the topic stays hidden for them.
    """

    action: Literal["set", "remove", "reset"]
    topic: FaqTopic | None
    key: str
    language: str
    # The key is one of the built-in topics: `set` replaced its text, `remove` hid it, `reset` restored it.
    builtin_key: bool
    created: bool = False


def reader_language(language: str | None = None) -> str:
    """The language a reader reads the FAQ in: the one given, or that of the reply being written."""
    return language_of(language if language is not None else current_locale())


def builtin_in(language: str) -> Mapping[str, FaqTopic]:
    """The built-in topics as a reader of this language reads them (English where they are not translated)."""
    return builtin_topics(language if language in TRANSLATED_LOCALES else BUILTIN_ENGLISH)


class FaqService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def load_builtin(self) -> int:
        """Index the shipped topics for search, in every language (at start, so new wording is searchable
        at once). Returns how many topics there are (in each language)."""
        indexed = [
            (language, _indexed(topic)) for language in LANGUAGES for topic in builtin_in(language).values()
        ]
        async with self._store.db.write() as conn:
            await FaqSearchIndex(conn).replace_builtin(indexed)
        return len(builtin_in(ENGLISH))

    async def topics(self, guild_id: int | None, *, language: str | None = None) -> list[FaqTopic]:
        """The topics shown in this server (built-in order first, then its own), or the built-in ones in a DM."""
        reader = reader_language(language)
        async with self._store.db.read() as conn:
            return list(_visible(await _entries(conn, guild_id), reader).values())

    async def show(self, guild_id: int | None, text: str, *, language: str | None = None) -> FaqTopic:
        """One topic by key (as autocomplete sends it) or by its exact title, ignoring case."""
        reader = reader_language(language)
        async with self._store.db.read() as conn:
            visible = _visible(await _entries(conn, guild_id), reader)
        found = _resolve(visible, text)
        if found is not None:
            return found
        typed = text.strip()[:MAX_QUERY_LENGTH]
        close = fuzzy_match(typed, visible.values(), limit=3)
        if close:
            raise NotFound(
                N_("There is no FAQ topic `{topic}` here. Did you mean {close}? {list} shows them all."),
                topic=typed,
                close=_Keys(topic.key for topic in close),
                list=Command("faq list"),
            )
        raise NotFound(
            N_("There is no FAQ topic `{topic}` here. {list} shows them all."),
            topic=typed,
            list=Command("faq list"),
        )

    async def choices(
        self,
        guild_id: int | None,
        current: str,
        scope: ChoiceScope = "visible",
        *,
        language: str | None = None,
    ) -> list[FaqTopic]:
        """Topics for autocomplete whose key or title contains what was typed, as the reader reads them.

        `visible`: what members can open. `editable`: also the built-in topics the server hid and its own
        topics in other languages, so an admin can write its text for them. `changed`: built-in topics the
        server replaced or hid in some language (for reset).
        """
        reader = reader_language(language)
        async with self._store.db.read() as conn:
            entries = await _entries(conn, guild_id)
        visible = _visible(entries, reader)
        builtins = builtin_in(reader)
        changed = {key for key, _language in entries}
        pool: list[FaqTopic]
        if scope == "visible":
            pool = list(visible.values())
        elif scope == "changed":
            pool = [topic for key, topic in builtins.items() if key in changed]
        else:
            pool = [visible.get(key, topic) for key, topic in builtins.items()]
            pool += [topic for key, topic in visible.items() if key not in builtins]
            pool += [_any_text(entries, key) for key in sorted(changed - set(builtins) - set(visible))]
        typed = current.strip().casefold()
        matching = [topic for topic in pool if typed in topic.key or typed in topic.title.casefold()]
        return matching[:CHOICES_LIMIT]

    async def search(
        self, guild_id: int | None, query: str, *, language: str | None = None
    ) -> FaqSearchResult:
        """Full-text search over title, keywords and body in the reader's language, ranked; closest
        spellings when nothing matches."""
        reader = reader_language(language)
        text = query.strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidInput(
                N_("Keep the search to {limit} characters, e.g. `escrow refund`."), limit=MAX_QUERY_LENGTH
            )
        words = search_words(text)
        if not words:
            raise InvalidInput(
                N_("Type a word or two to search for, for example `escrow` or `review period`.")
            )
        index_guild = BUILTIN_GUILD if guild_id is None else guild_id
        async with self._store.db.read() as conn:
            visible = _visible(await _entries(conn, guild_id), reader)
            index = FaqSearchIndex(conn)
            # Every word first; when no topic has them all, any of them, still ranked by bm25.
            keys = await index.search(index_guild, reader, words, SEARCH_LIMIT, every_word=True)
            if not keys and len(words) > 1:
                keys = await index.search(index_guild, reader, words, SEARCH_LIMIT, every_word=False)
        found = [visible[key] for key in keys if key in visible]
        if found:
            return FaqSearchResult(text, found, fuzzy=False)
        return FaqSearchResult(text, fuzzy_match(" ".join(words), visible.values(), SEARCH_LIMIT), fuzzy=True)

    async def for_edit(
        self, guild_id: int, topic: str, for_language: str = ALL_LANGUAGES, *, language: str | None = None
    ) -> tuple[str, FaqTopic | None]:
        """The key an admin's `topic` means (InvalidInput for a bad new key) and the text to prefill the form
        with for `for_language`: the server's text for it, else what its readers see now (a hidden built-in
        topic: its built-in text); for all languages, the server's text for all, else the admin's reading.
        None for a new topic."""
        reader = reader_language(language)
        async with self._store.db.read() as conn:
            entries = await _entries(conn, guild_id)
        key = _key_for_edit(entries, reader, topic)
        own = entries.get((key, _checked(for_language)))
        if own is not None:
            return key, _own(own)
        seen_by = reader if for_language == ALL_LANGUAGES else for_language
        return key, _visible(entries, seen_by).get(key) or builtin_in(seen_by).get(key)

    async def set(
        self,
        guild_id: int,
        user_id: int,
        topic: str,
        title: str,
        body: str,
        for_language: str = ALL_LANGUAGES,
        *,
        language: str | None = None,
    ) -> FaqEdit:
        """Write this server's text for a topic, for one language or for all: a new topic, or its own
        version of a built-in one."""
        reader = reader_language(language)
        target = _checked(for_language)
        builtins = builtin_in(ENGLISH)
        async with self._store.db.write() as conn:
            store = FaqEntries(conn)
            all_entries = await _entries(conn, guild_id)
            key = _key_for_edit(all_entries, reader, topic)
            clean_title = validate_title(title)
            clean_body = validate_body(body)
            is_builtin = key in builtins
            existing = all_entries.get((key, target))
            if not is_builtin and not any(entry_key == key for entry_key, _language in all_entries):
                own_count = await store.count_visible(guild_id, excluding=builtins)
                if own_count >= MAX_SERVER_TOPICS:
                    raise NotAllowed(
                        N_(
                            "This server already has {limit} topics of its own. Remove one with {remove} first."
                        ),
                        limit=MAX_SERVER_TOPICS,
                        remove=Command("faq-admin remove"),
                    )
            # An override keeps the built-in keywords (of its language, or of every language for all of
            # them) so searches that found the topic still do.
            keywords = _builtin_keywords(key, target) if is_builtin else ()
            now = self._store.clock.now()
            await store.save(
                guild_id,
                key,
                target,
                title=clean_title,
                keywords=keywords,
                body=clean_body,
                hidden=False,
                by_user=user_id,
                now=now,
            )
            shown = FaqTopic(key, clean_title, keywords, clean_body, sources=(), builtin=False)
            await FaqSearchIndex(conn).put(guild_id, target, _indexed(shown))
            await store.record_change(guild_id, key, "set", user_id, now, target)
        return FaqEdit("set", shown, key, target, builtin_key=is_builtin, created=existing is None)

    async def remove(
        self,
        guild_id: int,
        user_id: int,
        topic: str,
        for_language: str = ALL_LANGUAGES,
        *,
        language: str | None = None,
    ) -> FaqEdit:
        """Hide a topic in this server for one language or for all: a built-in topic stays hidden until
        reset; the server's own text is deleted (hidden instead where its text for all languages would
        still show to readers of that one language)."""
        reader = reader_language(language)
        target = _checked(for_language)
        async with self._store.db.write() as conn:
            store = FaqEntries(conn)
            index = FaqSearchIndex(conn)
            entries = await _entries(conn, guild_id)
            readers = LANGUAGES if target == ALL_LANGUAGES else (target,)
            # What the named topic is: as the admin reads it, else as the readers in question do.
            shown = next(
                (
                    found
                    for seen_by in (reader, *readers)
                    if (found := _resolve(_visible(entries, seen_by), topic)) is not None
                ),
                None,
            )
            if shown is None or not any(shown.key in _visible(entries, seen_by) for seen_by in readers):
                raise NotFound(
                    N_("There is no FAQ topic `{topic}` shown here. {list} shows them all."),
                    topic=topic.strip()[:MAX_QUERY_LENGTH],
                    list=Command("faq list"),
                )
            key = shown.key
            builtin = builtin_in(ENGLISH).get(key)
            now = self._store.clock.now()
            everywhere = entries.get((key, ALL_LANGUAGES))
            if target == ALL_LANGUAGES:
                await store.delete(guild_id, key)
                await index.remove(guild_id, key)
                if builtin is not None:
                    # The row only marks the topic hidden; it keeps the built-in text so it stays valid data.
                    await _save_hidden(store, guild_id, key, ALL_LANGUAGES, builtin, user_id, now)
            else:
                await index.remove(guild_id, key, target)
                # A hidden row only where something would still show through to these readers.
                below = builtin_in(target)[key] if builtin is not None else None
                if below is None and everywhere is not None and not everywhere.hidden:
                    below = _own(everywhere)
                if below is not None:
                    await _save_hidden(store, guild_id, key, target, below, user_id, now)
                else:
                    await store.delete(guild_id, key, target)
            await store.record_change(guild_id, key, "remove", user_id, now, target)
        return FaqEdit("remove", shown, key, target, builtin_key=builtin is not None)

    async def reset(
        self,
        guild_id: int,
        user_id: int,
        topic: str,
        for_language: str = ALL_LANGUAGES,
        *,
        language: str | None = None,
    ) -> FaqEdit:
        """Bring back the built-in text of a topic this server replaced or hid: for all languages (every
        text of the server's for it goes), or for one (its text for that language goes; readers of it
        then see the server's text for all languages, if it has one)."""
        reader = reader_language(language)
        target = _checked(for_language)
        async with self._store.db.write() as conn:
            store = FaqEntries(conn)
            entries = await _entries(conn, guild_id)
            key = _key_for_edit(entries, reader, topic)
            if key not in builtin_in(ENGLISH):
                raise NotAllowed(
                    N_(
                        "`{topic}` is not a built-in topic, so there is no built-in text to go back to. "
                        "{remove} deletes it."
                    ),
                    topic=key,
                    remove=Command("faq-admin remove"),
                )
            if target == ALL_LANGUAGES:
                deleted = await store.delete(guild_id, key)
            else:
                deleted = await store.delete(guild_id, key, target)
            if not deleted:
                if target != ALL_LANGUAGES and (key, ALL_LANGUAGES) in entries:
                    raise NotAllowed(
                        N_(
                            "`{topic}` has no text of this server's for that language alone: its readers see "
                            "the server's text for all languages. Reset it for all languages to bring back "
                            "the built-in text."
                        ),
                        topic=key,
                    )
                raise NotAllowed(N_("`{topic}` already shows the built-in text."), topic=key)
            await FaqSearchIndex(conn).remove(guild_id, key, None if target == ALL_LANGUAGES else target)
            await store.record_change(guild_id, key, "reset", user_id, self._store.clock.now(), target)
            entries = await _entries(conn, guild_id)
        seen_by = reader if target == ALL_LANGUAGES else target
        return FaqEdit("reset", _visible(entries, seen_by).get(key), key, target, builtin_key=True)

    async def changes(self, guild_id: int) -> list[FaqChangeRecord]:
        """Who changed which topic of this server, in which language, and when, oldest first."""
        async with self._store.db.read() as conn:
            return await FaqEntries(conn).changes(guild_id)


class _Keys(tuple[str, ...]):
    """Topic keys a message suggests, shown as code: `a`, `b`."""

    def __str__(self) -> str:
        return ", ".join(f"`{key}`" for key in self)


def search_words(text: str) -> list[str]:
    """The words of a search, lowercase, without punctuation; the first few of a long paste."""
    return [word.casefold() for word in _SEARCH_WORD.findall(text)][:MAX_QUERY_WORDS]


def _checked(language: str) -> str:
    if language != ALL_LANGUAGES and language not in LANGUAGES:
        raise ValueError(f"no FAQ language {language!r}")
    return language


Entries = dict[tuple[str, str], FaqEntryRecord]


async def _entries(conn: Connection, guild_id: int | None) -> Entries:
    """The server's entries by (topic, language); none in a DM."""
    if guild_id is None:
        return {}
    return {(entry.topic, entry.language): entry for entry in await FaqEntries(conn).of_guild(guild_id)}


def _visible(entries: Entries, language: str) -> dict[str, FaqTopic]:
    """Topic key to what a reader of `language` sees for it in the server, in the order `/faq list` uses."""
    builtins = builtin_in(language)
    visible: dict[str, FaqTopic] = {}
    for key, builtin in builtins.items():
        entry = entries.get((key, language)) or entries.get((key, ALL_LANGUAGES))
        if entry is None:
            visible[key] = builtin
        elif not entry.hidden:
            visible[key] = _own(entry)
    for key in sorted({key for key, _language in entries} - set(builtins)):
        entry = entries.get((key, language)) or entries.get((key, ALL_LANGUAGES))
        if entry is not None and not entry.hidden:
            visible[key] = _own(entry)
    return visible


def _any_text(entries: Entries, key: str) -> FaqTopic:
    """One of the server's texts for a topic (for an admin's autocomplete): for all languages first."""
    found = [entry for (topic, language), entry in entries.items() if topic == key]
    found.sort(key=lambda entry: (entry.language != ALL_LANGUAGES, entry.language))
    return _own(found[0])


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


def _key_for_edit(entries: Entries, reader: str, text: str) -> str:
    """The key an admin means: a topic's exact title as the admin reads it is accepted too, as is the key
    of one of the server's topics in another language; else it must be a valid new key."""
    shown = _resolve(_visible(entries, reader), text)
    return shown.key if shown is not None else validate_topic_key(text)


def _builtin_keywords(key: str, language: str) -> tuple[str, ...]:
    languages: Iterable[str] = LANGUAGES if language == ALL_LANGUAGES else (language,)
    merged: dict[str, None] = {}
    for reading in languages:
        merged.update(dict.fromkeys(builtin_in(reading)[key].keywords))
    return tuple(merged)


async def _save_hidden(
    store: FaqEntries, guild_id: int, key: str, language: str, text: FaqTopic, user_id: int, now: datetime
) -> None:
    await store.save(
        guild_id,
        key,
        language,
        title=text.title,
        keywords=text.keywords,
        body=text.body,
        hidden=True,
        by_user=user_id,
        now=now,
    )


def _indexed(topic: FaqTopic) -> IndexedTopic:
    return IndexedTopic(topic.key, topic.title, topic.keywords, topic.body)
