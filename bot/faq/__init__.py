"""The server help FAQ: built-in topics shipped as Markdown files, their validation, and fuzzy lookup."""

from bot.faq.builtin import (
    BODY_MAX,
    TITLE_MAX,
    TOPIC_KEY_MAX,
    FaqDataError,
    FaqTopic,
    builtin_topics,
    fill_placeholders,
    validate_body,
    validate_title,
    validate_topic_key,
)
from bot.faq.fuzzy import fuzzy_match

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "TOPIC_KEY_MAX",
    "FaqDataError",
    "FaqTopic",
    "builtin_topics",
    "fill_placeholders",
    "fuzzy_match",
    "validate_body",
    "validate_title",
    "validate_topic_key",
]
