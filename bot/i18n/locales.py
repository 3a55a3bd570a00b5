"""Which language a Discord locale reads, and the names babel knows it by."""

from __future__ import annotations

ENGLISH = "en-US"
# Locales with a complete catalog: the language a reply is written in is one of these or English.
TRANSLATED = ("pt-BR", "es-ES")
# Discord's Latin American Spanish reads the Spanish catalog rather than English.
_READS_AS = {"es-419": "es-ES"}


def language_of(locale: str | None) -> str:
    """The catalog a user with this Discord locale (`pt-BR`, `es-419`, `de`) reads: one of TRANSLATED or English."""
    if not locale:
        return ENGLISH
    language = _READS_AS.get(locale, locale)
    return language if language in TRANSLATED else ENGLISH


def babel_name(locale: str | None) -> str:
    """Babel's name for a Discord locale (`pt-BR` → `pt_BR`); English for none."""
    return (locale or ENGLISH).replace("-", "_")
