"""The `.po` catalogs shipped in the package, read at run time with babel (no compile step to forget).

Two domains: `messages` (replies, embeds, buttons, DMs: extracted from the code by `pybabel extract`) and
`commands` (the command tree's names and descriptions, written from the tree itself).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.locales import ENGLISH, babel_name

MESSAGES = "messages"
COMMANDS = "commands"


def catalog_of(language: str, domain: str = MESSAGES) -> Catalog:
    """The catalog of a translated language, as babel parses it."""
    path = resources.files("bot.i18n") / "locales" / babel_name(language) / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as po:
        return read_po(po, locale=babel_name(language), domain=domain)


@cache
def translations(language: str, domain: str = MESSAGES) -> gettext.NullTranslations:
    """gettext translations for a language; English (the source) translates nothing."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog_of(language, domain))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
