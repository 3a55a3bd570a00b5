"""Forgiving topic lookup for misspelt searches ("escorw", "reveiw"), used when full-text search finds nothing.

Each word of the query is compared with the words of every topic's title, keywords and name; a topic
scores by its closest word (rapidfuzz's ratio: a dozen short topics need no index). Words are compared
without case or accents, so "deposito" finds "Depósito" and "revision" finds "revisión", as people type
on a phone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.fuzz import ratio

from bot.faq.builtin import FaqTopic

# Below this ratio two words share too little to call one a typo of the other ("fund" vs "find" is 0.75).
MIN_SIMILARITY = 0.75
# Words this short match almost anything by accident ("a", "of", "is").
MIN_WORD_LENGTH = 3
# A hit on the title says more about what a topic is about than a hit on a keyword list.
TITLE_BONUS = 0.05

_WORD = re.compile(r"\w+")


def fuzzy_match(query: str, topics: Iterable[FaqTopic], limit: int = 5) -> list[FaqTopic]:
    """Topics whose title, keywords or name come closest to the query's words, best first."""
    query_words = [word for word in _words(query) if len(word) >= MIN_WORD_LENGTH]
    if not query_words or limit <= 0:
        return []
    scored: list[tuple[float, int, FaqTopic]] = []
    for position, topic in enumerate(topics):
        score = _score(query_words, topic)
        if score > 0:
            scored.append((score, position, topic))
    # Ties keep the topics' own order, so the list reads like `/faq list`.
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [topic for _, _, topic in scored[:limit]]


def _score(query_words: list[str], topic: FaqTopic) -> float:
    """Sum, over the query's words, of each one's closest match in the topic (close enough ones only).

    Summing lets "refnd reqest" rank the topic that matches both words above one that matches either.
    """
    title_words = set(_words(topic.title))
    topic_words = title_words | set(_words(" ".join(topic.keywords))) | set(_words(topic.key))
    total = 0.0
    for query_word in query_words:
        best = max(
            (
                ratio(query_word, word) / 100 + (TITLE_BONUS if word in title_words else 0.0)
                for word in topic_words
            ),
            default=0.0,
        )
        if best >= MIN_SIMILARITY:
            total += best
    return total


def _words(text: str) -> list[str]:
    return _WORD.findall(_folded(text))


def _folded(text: str) -> str:
    """Lower case without accents: "Depósito" and "deposito" are the same word to someone searching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
